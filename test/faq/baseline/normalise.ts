// FROZEN: src/faq/normalise.ts as of commit 5577554, before the matcher speed work of issue 13 (part 5).
// The reference the identity test (test/faq/matcher-identity.test.ts) compares the shipped
// matcher with, and the `previous` peer of bench/matcher.ts. Do not edit: it is the yardstick.

import type { Lexicon } from '../../../src/faq/types.js';

/**
 * The Indonesian chat normaliser. Questions and intent examples go through the same function, so
 * whatever it does to one side it does to the other; its job is to make "gmn sy lupa pw nya kak??"
 * and "bagaimana jika lupa password" meet on the same tokens.
 *
 * Stemming is deliberately not part of it: a dictionary-free stemmer has to guess ("mengirim" is
 * meng+kirim, "mengambil" meng+ambil) and a wrong guess here would be baked into every token.
 * Instead `rootCandidates` lists every plausible root and the matcher relates two words when
 * their lists meet. Measured on questions written apart from the examples: top-1 0.934 → 0.984
 * and out-of-scope separation (AUC) 0.988 → 1.000; neutral on the dev set.
 */
export type Normaliser = (text: string) => string[];

/** "masuk2", "syarat2", "berkali2": a word of three letters or more written with a trailing 2. */
const REDUPLICATION = /^([a-z]{3,})2$/;

/** Laughter and filler such as "wkwkwk", "hahaha", "hehe": never an intent. */
const LAUGHTER = /^(?:w?k){2,}w?$|^(?:ha|he|hi|hu|xi){2,}h?$/;

export function createNormaliser(lexicon: Lexicon): Normaliser {
  const slang = new Map(Object.entries(lexicon.slang));
  const stopwords = new Set(lexicon.stopwords.flatMap((word) => tokenise(word)));
  const phrases = compilePhrases(lexicon.phrases);

  const mapSlang = (token: string): string[] => {
    // Look the raw token up first so that deliberate doubles in the lexicon ("pass") survive.
    const direct = slang.get(token);
    if (direct !== undefined) return tokenise(direct);
    const collapsed = collapseRepeats(token);
    const mapped = slang.get(collapsed);
    if (mapped !== undefined) return tokenise(mapped);
    // Chat writes reduplication with a 2: "masuk2" is "masuk-masuk", which reads as "masuk".
    const single = REDUPLICATION.exec(collapsed)?.[1];
    if (single !== undefined) return mapSlang(single);
    return [collapsed];
  };

  return (text: string): string[] => {
    const raw = dedupeRuns(tokenise(text).filter((token) => !LAUGHTER.test(token)));
    // Phrases run before and after slang so that "kata sandi" and "kt sandi" both meet "password".
    const mapped = applyPhrases(applyPhrases(raw, phrases).flatMap(mapSlang), phrases);
    return dedupeRuns(mapped.filter((token) => !stopwords.has(token)));
  };
}

/**
 * Lower case, accents and emoji removed, everything but letters and digits becomes a space.
 * Hyphens split too, so "e-katalog" becomes "e katalog" (joined again by the phrase map) and the
 * reduplication "kata-kata" becomes "kata kata" (merged by `dedupeRuns`).
 */
export function tokenise(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((token) => token !== '');
}

/**
 * "haloooo" → "halo", "tolonggg" → "tolong", "maaaaf" → "maaf". Runs of three or more letters
 * shrink to two (Indonesian has real doubles: maaf, saat, tunggu), then a doubled final letter
 * shrinks to one, because Indonesian words practically never end in one ("haii", "bisaa").
 */
export function collapseRepeats(token: string): string {
  if (/^\d+$/.test(token)) return token;
  const shrunk = token.replace(/([a-z])\1{2,}/g, '$1$1');
  return shrunk.length > 2 ? shrunk.replace(/([a-z])\1$/, '$1') : shrunk;
}

interface CompiledPhrase {
  words: string[];
  replacement: string[];
}

/** Phrases by first word; longest first, so "lupa kata sandi" wins over "kata sandi". */
type PhraseIndex = Map<string, CompiledPhrase[]>;

function compilePhrases(map: Record<string, string>): PhraseIndex {
  const index: PhraseIndex = new Map();
  for (const [phrase, replacement] of Object.entries(map)) {
    const words = tokenise(phrase);
    const first = words[0];
    if (first === undefined) continue;
    const list = index.get(first) ?? [];
    list.push({ words, replacement: tokenise(replacement) });
    index.set(first, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  return index;
}

function applyPhrases(tokens: string[], phrases: PhraseIndex): string[] {
  if (phrases.size === 0) return tokens;
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const candidates = phrases.get(tokens[i] as string) ?? [];
    const hit = candidates.find((phrase) => phrase.words.every((word, k) => tokens[i + k] === word));
    if (hit) {
      out.push(...hit.replacement);
      i += hit.words.length;
    } else {
      out.push(tokens[i] as string);
      i += 1;
    }
  }
  return out;
}

/** "akun akun" → "akun": reduplication and stutter carry no extra meaning for matching. */
function dedupeRuns(tokens: string[]): string[] {
  return tokens.filter((token, i) => token !== tokens[i - 1]);
}

/**
 * Possible roots of an Indonesian word, for matching "mengirim" with "kirim" and "penawaran" with
 * "menawar". Without a dictionary the affixes cannot be undone with certainty ("mengirim" is
 * meng+kirim, "mengambil" meng+ambil), so every plausible root is generated and two words are
 * related when their candidate sets meet. Roots shorter than four letters are not generated:
 * they meet too many unrelated words.
 */
export function rootCandidates(word: string): string[] {
  const out = new Set<string>([word]);
  const bases = [word];
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= MIN_ROOT) bases.push(word.slice(0, -suffix.length));
  }
  for (const base of bases) {
    out.add(base);
    for (const [prefix, restores] of PREFIXES) {
      if (!base.startsWith(prefix)) continue;
      const rest = base.slice(prefix.length);
      for (const restore of restores) if (rest.length + restore.length >= MIN_ROOT) out.add(restore + rest);
    }
  }
  return [...out];
}

const MIN_ROOT = 4;
/** -lah/-kah are left out: "masalah" → "masa" and "langkah" → "lang" cost more than they give. */
const SUFFIXES = ['kannya', 'annya', 'inya', 'nya', 'kan', 'an', 'i'];
/** Prefix → the letters its nasal may have swallowed ('' = none): meN+tulis → menulis. */
const PREFIXES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['memper', ['']],
  ['diper', ['']],
  ['meng', ['', 'k']],
  ['peng', ['', 'k']],
  ['meny', ['s']],
  ['peny', ['s']],
  ['mem', ['', 'p']],
  ['pem', ['', 'p']],
  ['men', ['', 't']],
  ['pen', ['', 't']],
  ['ber', ['']],
  ['ter', ['']],
  ['per', ['']],
  ['me', ['']],
  ['pe', ['']],
  ['be', ['']],
  ['di', ['']],
  ['ke', ['']],
  ['se', ['']],
];
