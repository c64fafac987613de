import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadLexicon } from '../../src/faq/loader.js';
import { collapseRepeats, createNormaliser, createTokenNormaliser, rootCandidates, tokenise } from '../../src/faq/normalise.js';
import type { Lexicon } from '../../src/faq/types.js';

const lexicon: Lexicon = {
  phrases: { 'kata sandi': 'password', 'lupa kata sandi': 'lupapassword', 'e katalog': 'ekatalog', 'kt sandi': 'password' },
  slang: { gmn: 'bagaimana', sy: 'saya', pw: 'password', pass: 'password', gabisa: 'tidak bisa', kt: 'kata', maf: 'maaf' },
  stopwords: ['saya', 'yang', 'di', 'kak', 'dong'],
};
const normalise = createNormaliser(lexicon);

describe('tokenise', () => {
  it('lower-cases and removes accents, punctuation and emoji', () => {
    expect(tokenise('Café, SPSE!! 😀🙏 ok?')).toEqual(['cafe', 'spse', 'ok']);
  });

  it('keeps digits and splits on hyphens and dots', () => {
    expect(tokenise('SPSE 4.5 e-katalog')).toEqual(['spse', '4', '5', 'e', 'katalog']);
  });

  it('treats plain ASCII and accented text alike (the ASCII shortcut skips only the accent step)', () => {
    expect(tokenise('Verifikasi\tAKUN\n')).toEqual(['verifikasi', 'akun']);
    expect(tokenise('Vérifikasi AKÚN')).toEqual(['verifikasi', 'akun']);
  });
});

describe('createTokenNormaliser', () => {
  it('normalises tokens as createNormaliser normalises the text, the first time and when remembered', () => {
    const fromTokens = createTokenNormaliser(lexicon);
    for (const text of ['gmn sy lupa pw nya kak??', 'kt sandi gabisa', 'masuk2 e-katalog', 'haloooo maaaf']) {
      const expected = normalise(text);
      expect(fromTokens(tokenise(text)), text).toEqual(expected);
      expect(fromTokens(tokenise(text)), `${text} (again)`).toEqual(expected);
    }
    expect(fromTokens(tokenise('gmn sy lupa pw nya kak??'))).toEqual(['bagaimana', 'lupa', 'password', 'nya']);
  });
});

describe('collapseRepeats', () => {
  it('shortens stretched words to their normal spelling', () => {
    expect(collapseRepeats('haloooo')).toBe('halo');
    expect(collapseRepeats('tolonggg')).toBe('tolong');
    expect(collapseRepeats('bisaa')).toBe('bisa');
  });

  it('keeps the real doubled letters of Indonesian words', () => {
    expect(collapseRepeats('maaf')).toBe('maaf');
    expect(collapseRepeats('tunggu')).toBe('tunggu');
    expect(collapseRepeats('maaaaf')).toBe('maaf');
  });

  it('leaves numbers alone', () => {
    expect(collapseRepeats('2000')).toBe('2000');
  });
});

describe('createNormaliser', () => {
  it('maps slang, drops stop words and keeps the words that carry the intent', () => {
    expect(normalise('gmn sy lupa pw dong kak??')).toEqual(['bagaimana', 'lupa', 'password']);
  });

  it('maps a multi-word phrase to one token and prefers the longest phrase', () => {
    expect(normalise('kata sandi')).toEqual(['password']);
    expect(normalise('Lupa kata sandi')).toEqual(['lupapassword']);
  });

  it('applies phrases after slang too, so an abbreviated phrase still meets its token', () => {
    expect(normalise('kt sandi')).toEqual(['password']);
  });

  it('expands a slang word into several tokens', () => {
    expect(normalise('gabisa login')).toEqual(['tidak', 'bisa', 'login']);
  });

  it('looks slang up before collapsing letters so doubled slang survives', () => {
    expect(normalise('pass')).toEqual(['password']);
    expect(normalise('maaaf')).toEqual(['maaf']);
  });

  it('joins hyphenated forms through the phrase map and merges reduplication', () => {
    expect(normalise('daftar e-katalog')).toEqual(['daftar', 'ekatalog']);
    expect(normalise('akun-akun')).toEqual(['akun']);
  });

  it('drops laughter', () => {
    expect(normalise('wkwkwk hahaha akun')).toEqual(['akun']);
  });

  it('returns no tokens for emoji, punctuation or whitespace only', () => {
    expect(normalise('  🙏😀 ?! ')).toEqual([]);
    expect(normalise('')).toEqual([]);
  });
});

describe('rootCandidates', () => {
  it('undoes common prefixes and suffixes, including the swallowed first letter', () => {
    expect(rootCandidates('mengirim')).toContain('kirim');
    expect(rootCandidates('penawaran')).toContain('tawar');
    expect(rootCandidates('menyanggah')).toContain('sanggah');
    expect(rootCandidates('akunnya')).toContain('akun');
    expect(rootCandidates('didaftarkan')).toContain('daftar');
  });

  it('does not produce roots shorter than four letters', () => {
    expect(rootCandidates('diisi').every((root) => root.length >= 4)).toBe(true);
    expect(rootCandidates('tanya')).toEqual(['tanya']);
  });
});

describe('reduplication written with a 2', () => {
  it('reads "masuk2" as "masuk", through the slang map too', () => {
    expect(normalise('email gak masuk2')).toEqual(normalise('email gak masuk'));
    expect(normalise('pw2')).toEqual(['pw2']);
    expect(createNormaliser({ ...lexicon, slang: { ...lexicon.slang, syarat: 'persyaratan' } })('syarat2')).toEqual([
      'persyaratan',
    ]);
  });
});

describe('the shipped lexicon', () => {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const shipped = createNormaliser(loadLexicon(path.join(repo, 'intents', '_lexicon.yaml')));

  it('reads informal chat the same way as standard Indonesian', () => {
    expect(shipped('gmn sy lupa pw nya kak??')).toEqual(shipped('Bagaimana saya lupa password'));
    expect(shipped('akun gk bs login')).toEqual(shipped('akun tidak bisa login'));
    expect(shipped('daftar lelang e-katalog')).toEqual(shipped('daftar tender ekatalog'));
  });

  it('treats chat greetings and thanks as their standard words', () => {
    expect(shipped('makasih min')).toEqual(shipped('terima kasih'));
    expect(shipped('hallooo')).toEqual(shipped('halo'));
  });
});
