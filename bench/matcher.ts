import Fuse from 'fuse.js';
import { percentile } from './stats.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseLabelledJsonl } from '../src/faq/evaluate.js';
import { loadFaqContent } from '../src/faq/loader.js';
import { createMatcher, type MatcherOptions } from '../src/faq/matcher.js';
import { createNormaliser } from '../src/faq/normalise.js';
import type { Intent, Lexicon } from '../src/faq/types.js';
import { createMatcher as createPreviousMatcher } from '../test/faq/baseline/matcher.js';

/**
 * Matcher throughput and latency: on the shipped intents, queried with the repository's question
 * set (bench/data/questions.jsonl: the intents' examples, typo'd and in chat dress, and off-topic
 * questions; FAQ_EVAL_PATH=file.jsonl to use another labelled set), and on synthetic catalogues of
 * growing size, to show how the cost grows with the number of intents.
 *
 * Each catalogue is measured these ways in the same run, side by side:
 * - `new`: the matcher as shipped (typed-array scorer, question and token caches);
 * - `new, token cache`: the same without the question cache (every question normalised and scored);
 * - `new, no cache`: without any cache, the cost of a stream of questions never seen before;
 * - `previous`: the matcher before this speed work (commit 5577554, frozen in test/faq/baseline/:
 *   indexed fuzzy lookup, token cache, pruned scoring), as shipped then;
 * - `old`: that matcher's reference mode, as before issue 13 (fuse over the whole vocabulary for
 *   every unknown long word, no cache, every intent scored);
 * - `plain fuse`: a naive peer, plain fuse.js over all examples taking its top hit.
 *
 * The stream cycles through its questions, so after the first round `new` answers from its
 * question cache: that is the figure for a desk whose users ask the same things, and `new, no
 * cache` the one for questions never seen.
 *
 *   npx tsx bench/matcher.ts      # prints a table and the JSON summary
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SYNTHETIC_SIZES = [100, 300, 1000, 3000];
const EXAMPLES_PER_INTENT = 8;
/** Enough matches per catalogue for a stable p99, within a few seconds per catalogue. */
const MIN_SAMPLES = 1000;
const MIN_MILLIS = 1000;
const MAX_MILLIS = 4000;
const CPU_SAMPLE_EVERY = 16;

export interface LatencyFigures {
  intents: number;
  examples: number;
  /** Distinct normalised words of the examples, titles and keywords. */
  vocabulary: number;
  buildMs: number;
  queries: number;
  samples: number;
  questionsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Questions per second of CPU time (the process's, GC threads included). */
  cpuQuestionsPerSecond: number;
  /** 99th percentile of the CPU time of a question, over every CPU_SAMPLE_EVERY-th question. */
  cpuP99Ms: number;
}

export async function benchMatcher(): Promise<Record<string, unknown>> {
  const content = loadFaqContent(path.join(repoRoot, 'intents'));
  const questionsPath = process.env.FAQ_EVAL_PATH ?? path.join(repoRoot, 'bench', 'data', 'questions.jsonl');
  const shippedQueries = parseLabelledJsonl(readFileSync(questionsPath, 'utf8'), questionsPath).map((item) => item.q);

  // A throwaway round first, so that the first variant measured does not pay for compiling the code.
  measureAll(content.intents, content.lexicon, shippedQueries, 300);
  const shipped = measureAll(content.intents, content.lexicon, shippedQueries);
  const synthetic = SYNTHETIC_SIZES.map((size) => {
    const catalogue = syntheticCatalogue(size, 20250131 + size);
    return measureAll(catalogue.intents, content.lexicon, catalogue.queries);
  });
  return {
    node: process.version,
    shipped: { ...shipped, queryStream: path.relative(repoRoot, questionsPath) },
    synthetic,
  };
}

/** The ways each catalogue is measured, by name (see the header). */
const VARIANTS = ['new', 'new, token cache', 'new, no cache', 'previous', 'old', 'plain fuse'] as const;
type Variant = (typeof VARIANTS)[number];

function build(variant: Variant, intents: Intent[], lexicon: Lexicon): (question: string) => unknown {
  const shipped = (options: Partial<MatcherOptions>) => {
    const matcher = createMatcher({ intents, lexicon, options });
    return (question: string) => matcher.match(question);
  };
  const previous = (options: Parameters<typeof createPreviousMatcher>[0]['options']) => {
    const matcher = createPreviousMatcher({ intents, lexicon, options });
    return (question: string) => matcher.match(question);
  };
  switch (variant) {
    case 'new':
      return shipped({});
    case 'new, token cache':
      return shipped({ questionCacheSize: 0 });
    case 'new, no cache':
      return shipped({ questionCacheSize: 0, lookupCacheSize: 0 });
    case 'previous':
      return previous({});
    case 'old':
      return previous({ fuzzyLookup: 'scan', lookupCacheSize: 0, scoring: 'full' });
    case 'plain fuse':
      return plainFuse(intents);
  }
}

function measureAll(
  intents: Intent[],
  lexicon: Lexicon,
  queries: string[],
  maxMillis = MAX_MILLIS,
): Record<Variant, LatencyFigures> {
  const entries = VARIANTS.map(
    (variant) => [variant, measure(intents, lexicon, queries, () => build(variant, intents, lexicon), maxMillis)] as const,
  );
  return Object.fromEntries(entries) as Record<Variant, LatencyFigures>;
}

/** The naive peer: fuse.js over every example as written, the top hit's intent. */
function plainFuse(intents: Intent[]): (question: string) => unknown {
  const examples = intents.flatMap((intent) => intent.examples.map((text) => ({ text, intent: intent.id })));
  const fuse = new Fuse(examples, { keys: ['text'], includeScore: true, ignoreLocation: true, threshold: 0.4 });
  return (question) => fuse.search(question, { limit: 1 })[0]?.item.intent ?? null;
}

function measure(
  intents: Intent[],
  lexicon: Lexicon,
  queries: string[],
  build: () => (question: string) => unknown,
  maxMillis = MAX_MILLIS,
): LatencyFigures {
  const buildStart = performance.now();
  const match = build();
  const buildMs = performance.now() - buildStart;
  const normalise = createNormaliser(lexicon);
  const vocabulary = new Set(
    intents.flatMap((intent) => [intent.title, ...intent.examples, ...intent.keywords]).flatMap(normalise),
  ).size;

  for (const question of queries.slice(0, 50)) match(question); // warm the JIT
  const samples: number[] = [];
  // On a shared machine wall time also counts other processes' turns (a p99 of a scheduler slice):
  // CPU time is measured beside it, of the whole loop and of every CPU_SAMPLE_EVERY-th question.
  // The per-question CPU figure includes two process.cpuUsage() calls (a few µs), outside the
  // wall-clock window.
  const cpuSamples: number[] = [];
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const elapsed = () => performance.now() - start;
  for (let i = 0; (samples.length < MIN_SAMPLES || elapsed() < MIN_MILLIS) && elapsed() < maxMillis; i++) {
    const question = queries[i % queries.length] as string;
    const sampled = i % CPU_SAMPLE_EVERY === 0;
    const c0 = sampled ? process.cpuUsage() : undefined;
    const t0 = performance.now();
    match(question);
    samples.push(performance.now() - t0);
    if (c0) {
      const used = process.cpuUsage(c0);
      cpuSamples.push((used.user + used.system) / 1000);
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  const total = samples.reduce((sum, value) => sum + value, 0);
  samples.sort((a, b) => a - b);
  return {
    intents: intents.length,
    examples: intents.reduce((sum, intent) => sum + intent.examples.length, 0),
    vocabulary,
    buildMs: round(buildMs),
    queries: queries.length,
    samples: samples.length,
    questionsPerSecond: Math.round((samples.length / total) * 1000),
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(percentile(samples, 99)),
    cpuQuestionsPerSecond: Math.round((samples.length / ((cpu.user + cpu.system) / 1000)) * 1000),
    cpuP99Ms: round(percentile(cpuSamples, 99)),
  };
}

/**
 * A deterministic catalogue: pseudo-Indonesian words with a Zipf-like frequency (a few words in
 * many intents, most in few, as in real content), `EXAMPLES_PER_INTENT` examples per intent drawn
 * from a per-intent topic vocabulary plus common words, and queries that are perturbed examples
 * (a word dropped, a typo) mixed with questions of unknown words.
 */
export function syntheticCatalogue(size: number, seed: number): { intents: Intent[]; queries: string[] } {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const syllables = [
    'ka',
    'ta',
    'pa',
    'ma',
    'na',
    'la',
    'sa',
    'ra',
    'ba',
    'da',
    'ga',
    'ja',
    'ki',
    'ti',
    'pi',
    'mi',
    'ni',
    'li',
    'si',
    'ri',
    'ku',
    'tu',
    'pu',
    'mu',
    'nu',
    'lu',
    'su',
    'ru',
    'ke',
    'te',
    'pe',
    'me',
    'ne',
    'le',
    'se',
    're',
    'an',
    'ang',
    'ar',
    'al',
  ];
  const word = () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(syllables)).join('');
  const common = Array.from({ length: 60 }, word);
  const zipf = (list: readonly string[]) => list[Math.floor(list.length * Math.pow(random(), 2.5))] as string;

  const intents: Intent[] = [];
  const queries: string[] = [];
  for (let i = 0; i < size; i++) {
    const topic = Array.from({ length: 6 }, word);
    const examples = Array.from({ length: EXAMPLES_PER_INTENT }, () => {
      const length = 2 + Math.floor(random() * 4);
      return Array.from({ length }, () => (random() < 0.6 ? pick(topic) : zipf(common))).join(' ');
    });
    intents.push({
      id: `synthetic-${i}`,
      title: topic.slice(0, 3).join(' '),
      group: 'synthetic',
      examples,
      keywords: topic.slice(0, 2),
      links: [],
      owner: 'biro',
      updated: '2025-01-31',
      answer: 'x',
      sourcePath: `synthetic/${i}.md`,
    });
    const base = pick(examples).split(' ');
    if (base.length > 2) base.splice(Math.floor(random() * base.length), 1);
    const typoAt = Math.floor(random() * base.length);
    const target = base[typoAt] as string;
    base[typoAt] = target.length > 4 ? target.slice(0, -2) + (target.at(-1) ?? '') : target;
    queries.push(base.join(' '));
    if (i % 4 === 0) queries.push(`${word()} ${word()} ${zipf(common)}`);
  }
  return { intents, queries };
}

/** A small seeded random source, so synthetic catalogues and typo variants repeat run to run. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const summary = await benchMatcher();
  const catalogues = [summary.shipped, ...(summary.synthetic as object[])] as Record<Variant, LatencyFigures>[];
  // One row per catalogue, the variants side by side: q/s and p99 of each.
  console.table(
    catalogues.map((figures, i) => {
      const base = figures.new;
      const row: Record<string, string | number> = {
        catalogue: i === 0 ? 'shipped' : 'synthetic',
        intents: base.intents,
        examples: base.examples,
        words: base.vocabulary,
        'build ms': base.buildMs,
      };
      for (const variant of VARIANTS) {
        row[`${variant} q/s`] = figures[variant].questionsPerSecond;
        row[`${variant} p99`] = figures[variant].p99Ms;
      }
      // The same by CPU time, for the shipped matcher and its peers (see measure()).
      for (const variant of ['new, token cache', 'new, no cache', 'previous'] as const) {
        row[`${variant} cpu q/s`] = figures[variant].cpuQuestionsPerSecond;
        row[`${variant} cpu p99`] = figures[variant].cpuP99Ms;
      }
      const times = (a: Variant, b: Variant) => Math.round(figures[a].questionsPerSecond / figures[b].questionsPerSecond);
      row['new ÷ fuse'] = times('new', 'plain fuse');
      row['no cache ÷ fuse'] = times('new, no cache', 'plain fuse');
      return row;
    }),
  );
  console.log(JSON.stringify(summary, null, 2));
}
