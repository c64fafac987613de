import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { syntheticCatalogue, mulberry32 } from '../../bench/matcher.js';
import { parseLabelledJsonl } from '../../src/faq/evaluate.js';
import { createFuzzyIndex, createFuzzyScan, LruCache } from '../../src/faq/fuzzy-index.js';
import { loadFaqContent } from '../../src/faq/loader.js';
import { createMatcher, type MatcherInput } from '../../src/faq/matcher.js';
import { createNormaliser } from '../../src/faq/normalise.js';
import { createMatcher as createBaselineMatcher } from './baseline/matcher.js';

/**
 * The speed work must not change a single answer. The shipped matcher (typed-array scorer, token
 * and question caches, indexed fuzzy lookup, pruned scoring) is compared with the reference: the
 * matcher as it was before that work, frozen in test/faq/baseline/ (commit 5577554), run the slow
 * and obvious way (fuse over the whole vocabulary, no cache, every intent scored). Compared on
 * every labelled question of the repository, the intents' own examples and keywords, the bench's
 * question set, typo'd variants of them, a synthetic catalogue, and the shared dev set where it is
 * present. A last test shows the comparison notices a small change of the scoring.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const content = loadFaqContent(path.join(repoRoot, 'intents'));
const devSetPath = path.resolve(repoRoot, '..', 'shared', 'eval', 'faq-dev.jsonl');

function questionsOf(file: string): string[] {
  return existsSync(file) ? parseLabelledJsonl(readFileSync(file, 'utf8'), file).map((item) => item.q) : [];
}

/**
 * Each word of four letters or more with a letter deleted, two swapped, one doubled or replaced
 * (all four, or one of them picked at random when `all` is false).
 */
function typoVariants(question: string, random: () => number, all = true): string[] {
  const words = question.split(/\s+/);
  const out: string[] = [];
  words.forEach((word, w) => {
    if (!/^[a-z]{4,}$/i.test(word)) return;
    const at = 1 + Math.floor(random() * (word.length - 2));
    const letter = 'aeiknrstu'[Math.floor(random() * 9)] as string;
    const edits = [
      word.slice(0, at) + word.slice(at + 1),
      word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2),
      word.slice(0, at) + (word[at] ?? '') + word.slice(at),
      word.slice(0, at) + letter + word.slice(at + 1),
    ];
    const chosen = all ? edits : [edits[Math.floor(random() * edits.length)] as string];
    for (const edit of chosen) out.push([...words.slice(0, w), edit, ...words.slice(w + 1)].join(' '));
  });
  return out;
}

const random = mulberry32(20251201);
const labelled = [
  ...questionsOf(path.join(repoRoot, 'test', 'fixtures', 'faq-paraphrases.jsonl')),
  ...questionsOf(path.join(repoRoot, 'bench', 'data', 'questions.jsonl')),
  ...questionsOf(path.join(repoRoot, 'test', 'fixtures', 'faq-qa.jsonl')),
  ...content.intents.flatMap((intent) => [...intent.examples, ...intent.keywords]),
];
// Every other question's typo variant: enough to cover each kind of edit, at half the suite time.
const typos = labelled.filter((_, i) => i % 2 === 0).flatMap((question) => typoVariants(question, random, false));
const dev = questionsOf(devSetPath);
const devTypos = dev.flatMap((question) => typoVariants(question, random, false));

/** The matcher before the speed work, run the slow and obvious way. */
function reference(input: Pick<MatcherInput, 'intents' | 'lexicon'>) {
  return createBaselineMatcher({ ...input, options: { fuzzyLookup: 'scan', lookupCacheSize: 0, scoring: 'full' } });
}

describe('the shipped matcher gives the answers of the matcher before the speed work', () => {
  const expectedOf = reference(content);
  const shipped = createMatcher(content);
  const uncached = createMatcher({ ...content, options: { lookupCacheSize: 0, questionCacheSize: 0 } });
  const small = createMatcher({ ...content, options: { lookupCacheSize: 8, questionCacheSize: 8 } });

  it.each([
    ['labelled questions, bench questions and intent examples', labelled],
    ['their typo variants', typos],
    ['the shared dev set (when present) and its typo variants', [...dev, ...devTypos]],
  ])(
    'on %s',
    (_name, questions) => {
      if (questions.length === 0) return; // the dev set is optional
      const expected = questions.map((question) => expectedOf.match(question));
      // Twice: the second pass is answered from the caches, while the small caches keep evicting.
      // One comparison per pass (a diff names the question's index): thousands of single expects
      // cost more than the matching.
      for (const pass of [1, 2]) {
        expect(
          questions.map((question) => shipped.match(question)),
          `pass ${pass}`,
        ).toEqual(expected);
        expect(
          questions.map((question) => small.match(question)),
          `small caches, pass ${pass}`,
        ).toEqual(expected);
      }
      expect(questions.map((question) => uncached.match(question))).toEqual(expected);
      process.stdout.write(`matcher identity: ${questions.length} questions compared\n`);
    },
    120_000,
  );

  it('covers a few thousand questions', () => {
    expect(labelled.length).toBeGreaterThan(1500);
    expect(typos.length).toBeGreaterThan(1200);
  });

  it('notices when the scoring changes a little (the comparison can fail)', () => {
    // A tenth less credit for a shared root, and the fuzzy hits' penalty a tenth higher: small
    // changes a broken index or scorer could make. Some answers must differ from the reference's.
    for (const options of [{ rootSimilarity: 0.81 }, { fuzzyPenalty: 2.2 }]) {
      const changed = createMatcher({ ...content, options });
      const differs = labelled.some(
        (question) => JSON.stringify(changed.match(question)) !== JSON.stringify(expectedOf.match(question)),
      );
      expect(differs, JSON.stringify(options)).toBe(true);
    }
  }, 120_000);
});

describe('the question cache', () => {
  const matcher = createMatcher(content);

  it('hands out the same read-only result for the same question', () => {
    const first = matcher.match('gmn cara daftar akun penyedia kak');
    expect(matcher.match('gmn cara daftar akun penyedia kak')).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.suggestions)).toBe(true);
    expect(first.suggestions.every((suggestion) => Object.isFrozen(suggestion))).toBe(true);
  });

  it('forgets nothing it should not: another question gets its own result', () => {
    const account = matcher.match('lupa password spse');
    const offTopic = matcher.match('resep rendang padang');
    expect(account.intent).not.toBeNull();
    expect(offTopic.decision).toBe('abstain');
    expect(matcher.match('lupa password spse')).toEqual(account);
  });
});

describe('the same on a synthetic catalogue of 300 intents (words shared by hundreds of examples)', () => {
  const catalogue = syntheticCatalogue(300, 20250131 + 300);
  const input = { intents: catalogue.intents, lexicon: content.lexicon };
  const expectedOf = reference(input);
  const shipped = createMatcher(input);
  const uncached = createMatcher({ ...input, options: { lookupCacheSize: 0, questionCacheSize: 0 } });
  const questions = [...catalogue.queries, ...catalogue.queries.flatMap((q) => typoVariants(q, random, false))];

  it('gives identical results for its queries and their typo variants', () => {
    const expected = questions.map((question) => expectedOf.match(question));
    expect(questions.map((question) => shipped.match(question))).toEqual(expected);
    expect(questions.map((question) => uncached.match(question))).toEqual(expected);
    process.stdout.write(`matcher identity: ${questions.length} synthetic questions compared\n`);
    expect(questions.length).toBeGreaterThan(1000);
  }, 120_000);
});

describe('createFuzzyIndex', () => {
  const options = {
    includeScore: true,
    ignoreLocation: true,
    ignoreFieldNorm: true,
    isCaseSensitive: true,
    shouldSort: false,
  };

  it('finds what fuse finds over the shipped vocabulary, for every word and its typos', () => {
    const normalise = createNormaliser(content.lexicon);
    const words = [
      ...new Set(content.intents.flatMap((i) => [i.title, i.answer, ...i.examples, ...i.keywords]).flatMap(normalise)),
    ];
    const vocabulary = words.map((word) => `_${word}_`);
    const patterns = [...words, ...words.flatMap((word) => typoVariants(word, random))]
      .filter((word) => word.length >= 6)
      .map((word) => `_${word}_`);
    let hits = 0;
    // The matcher's threshold on every pattern, a looser one (two errors from 11 letters) on a third.
    for (const [threshold, every] of [
      [0.13, 1],
      [0.2, 3],
    ] as const) {
      const scan = createFuzzyScan(vocabulary, { ...options, threshold });
      const index = createFuzzyIndex(vocabulary, { ...options, threshold });
      patterns.forEach((pattern, p) => {
        if (p % every !== 0) return;
        const expected = scan(pattern).map(strip);
        expect(index(pattern).map(strip), pattern).toEqual(expected);
        hits += expected.length;
      });
    }
    expect(patterns.length).toBeGreaterThan(1000);
    expect(hits).toBeGreaterThan(patterns.length);
    // A full fuse scan per pattern grows with the vocabulary squared: some 25 s alone on the shared
    // two-core machine, so the suite's 30 s would cut it off under the load of a full run.
  }, 120_000);

  it('finds what fuse finds among many near-identical words of a small alphabet', () => {
    const rand = mulberry32(7);
    const word = (length: number) => Array.from({ length }, () => 'abcd'[Math.floor(rand() * 4)]).join('');
    const words = [...new Set(Array.from({ length: 400 }, () => word(3 + Math.floor(rand() * 26))))];
    const vocabulary = words.map((w) => `_${w}_`);
    const patterns = Array.from({ length: 300 }, () => {
      const base = words[Math.floor(rand() * words.length)] as string;
      const typo = typoVariants(base, rand);
      return `_${rand() < 0.3 ? base : (typo[Math.floor(rand() * typo.length)] ?? base)}_`;
    });
    for (const threshold of [0.13, 0.25]) {
      const scan = createFuzzyScan(vocabulary, { ...options, threshold });
      const index = createFuzzyIndex(vocabulary, { ...options, threshold });
      for (const pattern of patterns) expect(index(pattern).map(strip), pattern).toEqual(scan(pattern).map(strip));
    }
  });
});

describe('LruCache', () => {
  it('forgets the least recently used entry beyond its capacity, and nothing at capacity 0', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect([cache.get('a'), cache.get('c'), cache.size]).toEqual([1, 3, 2]);
    const none = new LruCache<string, number>(0);
    none.set('a', 1);
    expect(none.get('a')).toBeUndefined();
  });

  it('keeps what a plain delete-and-insert Map LRU keeps, over random gets and sets', () => {
    const rand = mulberry32(11);
    for (const capacity of [1, 2, 5]) {
      const cache = new LruCache<number, number>(capacity);
      // The reference: a Map in use order, least recent first.
      const model = new Map<number, number>();
      for (let step = 0; step < 2000; step++) {
        const key = Math.floor(rand() * 8);
        if (rand() < 0.5) {
          const value = model.get(key);
          if (value !== undefined) {
            model.delete(key);
            model.set(key, value);
          }
          expect(cache.get(key), `capacity ${capacity}, step ${step}`).toBe(value);
        } else {
          model.delete(key);
          model.set(key, step);
          if (model.size > capacity) model.delete(model.keys().next().value as number);
          cache.set(key, step);
        }
        expect(cache.size).toBe(model.size);
      }
    }
  });
});

function strip(result: { item: string; score?: number }) {
  return { item: result.item, score: result.score };
}
