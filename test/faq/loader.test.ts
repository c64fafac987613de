import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ContentError, loadFaqContent } from '../../src/faq/loader.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const good = path.join(fixtures, 'intents');
const bad = (name: string) => path.join(fixtures, 'intents-bad', name);

/** Runs the loader on a bad fixture and returns the ContentError it must throw. */
function contentErrorOf(dir: string): ContentError {
  try {
    loadFaqContent(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return error as ContentError;
  }
  throw new Error(`expected ${dir} to be rejected`);
}

describe('loadFaqContent on valid content', () => {
  const content = loadFaqContent(good);
  const byId = new Map(content.intents.map((intent) => [intent.id, intent]));

  it('loads every intent file from the group folders', () => {
    expect([...byId.keys()].sort()).toEqual(['jadwal-tender', 'kirim-penawaran', 'lupa-password', 'lupa-user-id', 'salam']);
  });

  it('skips README.md and files whose name starts with an underscore', () => {
    expect(byId.has('not-loaded')).toBe(false);
    expect(content.intents.every((intent) => !intent.sourcePath.endsWith('README.md'))).toBe(true);
  });

  it('takes the group from the folder and remembers the source path', () => {
    const intent = byId.get('jadwal-tender');
    expect(intent?.group).toBe('tender');
    expect(intent?.sourcePath).toBe(path.join(good, 'tender', 'jadwal-tender.md'));
  });

  it('fills {{kontak.x}} placeholders, with or without inner spaces, from _contacts.yaml', () => {
    const answer = byId.get('lupa-password')?.answer ?? '';
    expect(answer).toContain('Telepon 0536-000000');
    expect(answer).toContain('buka https://helpdesk.example.test.');
    expect(answer).not.toContain('{{');
    expect(byId.get('lupa-user-id')?.answer).toContain('(kode 144)');
  });

  it('keeps dates as YYYY-MM-DD text whether or not the YAML quotes them', () => {
    expect(byId.get('lupa-password')?.updated).toBe('2025-01-31');
    expect(byId.get('lupa-user-id')?.updated).toBe('2025-02-01');
  });

  it('defaults keywords and links to empty lists and keeps the optional action', () => {
    const userId = byId.get('lupa-user-id');
    expect(userId?.keywords).toEqual([]);
    expect(userId?.links).toEqual([]);
    expect(userId?.action).toBeUndefined();
    expect(byId.get('salam')?.action).toBe('menu');
    expect(byId.get('lupa-password')?.links).toEqual([{ label: 'Akun INAPROC', url: 'https://akun.inaproc.id' }]);
  });

  it('reads the lexicon and the contacts next to the intents', () => {
    expect(content.lexicon.slang.gmn).toBe('bagaimana');
    expect(content.lexicon.phrases['kata sandi']).toBe('password');
    expect(content.lexicon.stopwords).toContain('dong');
    expect(content.lexicon.greetings).toEqual([]);
    expect(content.contacts).toEqual({ telepon: '0536-000000', portal: 'https://helpdesk.example.test', kode: '144' });
  });
});

describe('loadFaqContent on bad content', () => {
  it('names the file and the field when a required field is missing', () => {
    const error = contentErrorOf(bad('missing-owner'));
    expect(error.path).toBe(path.join(bad('missing-owner'), 'akun', 'tanpa-owner.md'));
    expect(error.field).toBe('owner');
    expect(error.message).toContain('tanpa-owner.md');
    expect(error.message).toContain('owner');
  });

  it('rejects a date that is not YYYY-MM-DD', () => {
    const error = contentErrorOf(bad('bad-date'));
    expect(error.field).toBe('updated');
    expect(error.message).toContain('tanggal-salah.md');
  });

  it('rejects an id that differs from the file name', () => {
    const error = contentErrorOf(bad('id-mismatch'));
    expect(error.field).toBe('id');
    expect(error.message).toMatch(/beda-nama.*nama-file/);
  });

  it('rejects the same id in two groups and names both files', () => {
    const error = contentErrorOf(bad('duplicate-id'));
    expect(error.field).toBe('id');
    expect(error.path).toBe(path.join(bad('duplicate-id'), 'tender', 'kembar.md'));
    expect(error.message).toContain(path.join('akun', 'kembar.md'));
  });

  it('rejects a {{kontak.x}} placeholder that _contacts.yaml does not define', () => {
    const error = contentErrorOf(bad('unknown-placeholder'));
    expect(error.field).toBe('kontak.fax');
    expect(error.message).toContain('placeholder-asing.md');
  });

  it('rejects an intent without an answer body', () => {
    expect(contentErrorOf(bad('empty-body')).field).toBe('body');
  });

  it('rejects a blank example and points at its position', () => {
    expect(contentErrorOf(bad('bad-example')).field).toBe('examples.1');
  });

  it('rejects a malformed lexicon, naming _lexicon.yaml', () => {
    const error = contentErrorOf(bad('bad-lexicon'));
    expect(error.path).toBe(path.join(bad('bad-lexicon'), '_lexicon.yaml'));
    expect(error.field).toBe('stopwords');
  });

  it('rejects a slang key with a space, which could never match, and says to use phrases', () => {
    const error = contentErrorOf(bad('bad-slang-key'));
    expect(error.field).toBe('slang.kena blokir');
    expect(error.message).toContain('phrases');
  });

  it('rejects front matter that is not valid YAML', () => {
    const error = contentErrorOf(bad('bad-yaml'));
    expect(error.field).toBe('front matter');
    expect(error.message).toContain('yaml-rusak.md');
  });

  it('rejects an intent file outside a group folder', () => {
    expect(contentErrorOf(bad('no-group')).field).toBe('group');
  });
});
