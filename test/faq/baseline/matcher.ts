// FROZEN: src/faq/matcher.ts as of commit 5577554, before the matcher speed work of issue 13 (part 5).
// The reference the identity test (test/faq/matcher-identity.test.ts) compares the shipped
// matcher with, and the `previous` peer of bench/matcher.ts. Do not edit: it is the yardstick.

import { createFuzzyIndex, createFuzzyScan, LruCache, type FuzzySearch } from './fuzzy-index.js';
import { createNormaliser, rootCandidates, tokenise, type Normaliser } from './normalise.js';
import type { Intent, Lexicon, MatchResult, ScoredIntent } from '../../../src/faq/types.js';

/**
 * The FAQ matcher: question → answer / suggest / abstain. Pure: the index is built once in
 * createMatcher, match() does no I/O and reads no clock.
 *
 * How a question is scored against an intent:
 *
 * 1. Question and examples are normalised by the same function (normalise.ts); greeting words
 *    are set aside when the question says something else too.
 * 2. Each question token is looked up in the vocabulary of the normalised examples and keywords:
 *    exactly, by shared candidate root ("mengirim" ~ "kirim", "akunnya" ~ "akun"), and, for words
 *    the content does not use, with fuse.js for typos ("verfikasi", or "regstrasi" through the
 *    lexicon's own informal spellings). Words are indexed as `_word_` so that fuse's substring
 *    search behaves like a word match: "sim" does not hit "simpan", nor "id" "tidak".
 * 3. Each example is scored with IDF-weighted coverage in both directions: how much of the
 *    question the example explains (query coverage) and how much of the example the question
 *    says (example coverage). Query coverage is what rejects "harga emas" or "cara daftar kuliah":
 *    an unknown word weighs more than the rarest known one, so the score collapses.
 * 4. An intent scores as its best example, with the question's coverage by the whole intent
 *    (all its examples, keywords and title) blended in, so that a question mixing the words of
 *    two examples of one intent is not punished.
 *
 * Why not fuse.js over whole examples: measured on the dev set with the same normaliser, plain
 * fuse (best example per intent) ranks the right intent first for 0.89 of in-scope questions and
 * cannot separate out-of-scope ones (the best single threshold gives 0.77 on both measures);
 * fuse's token search: 0.90 and 0.81. This design: 0.98 and 0.98 (AUC 1.00).
 * The defaults below sit in the middle of a plateau: moving any one of them by a step changes
 * one or two questions out of ~260 labelled ones (dev set plus questions written for tuning).
 */
export interface MatcherOptions {
  /** Minimum top score to answer without asking. */
  answerThreshold: number;
  /** Minimum top score to offer "Maksud Anda…?" choices; below it the desk abstains. */
  suggestThreshold: number;
  /** Minimum lead of the top intent over the second to answer without asking. */
  gap: number;
  /** Choices offered when suggesting. */
  maxSuggestions: number;
  /** fuse.js threshold of the word lookup (errors per character of `_word_`). */
  fuzzyThreshold: number;
  /** Tokens shorter than this only match exactly. */
  fuzzyMinLength: number;
  /** Similarity of a fuzzy hit is 1 − penalty × fuse score. */
  fuzzyPenalty: number;
  /** Similarity of two words that share a candidate root ("mengirim" ~ "kirim"); 0 turns it off. */
  rootSimilarity: number;
  /** Weight of a word no intent knows, as a multiple of the IDF of a word used by no intent. */
  unknownWeight: number;
  /**
   * Questions longer than this many tokens have their uncovered part scaled by length/this, so a
   * long message that says a lot around its point (greetings, names, context) is not drowned.
   */
  longQuestion: number;
  /**
   * How far a question word found only in an intent's answer text counts towards that intent
   * (0 ignores answer texts altogether). Weak on purpose: answers say more than the question.
   */
  answerWeight: number;
  /** Exponent share of query coverage in an example's score; the rest is example coverage. */
  queryCoverageWeight: number;
  /** Share of the best example's own query coverage; the rest is the whole intent's coverage. */
  exampleCoverageShare: number;
  /**
   * What a question naming another system (lexicon `otherSystems`) and no domain word gets at
   * most: `abstain`, or `suggest` (choices, never a confident answer).
   */
  otherSystemCap: 'abstain' | 'suggest';
  /**
   * How the fuzzy lookup finds its words: `index` runs fuse only on the words a 4-gram index says
   * can match (fuzzy-index.ts), `scan` runs fuse over the whole vocabulary. Same hits, same
   * scores, same order; `scan` is kept as the reference the tests and the bench compare with.
   */
  fuzzyLookup: 'index' | 'scan';
  /** Question tokens whose lookup is remembered (least recently used forgotten first); 0: none. */
  lookupCacheSize: number;
  /**
   * How intents are scored: `pruned` scores them in order of an upper bound of their score (their
   * whole-intent coverage) and stops once no unscored intent can reach the top three, which is all
   * `decide` reads; `full` scores every intent sharing a word with the question. Same top three,
   * same decision; `full` is the reference the identity test compares with.
   */
  scoring: 'pruned' | 'full';
}

export const DEFAULT_MATCHER_OPTIONS: Readonly<MatcherOptions> = Object.freeze({
  answerThreshold: 0.6,
  suggestThreshold: 0.48,
  gap: 0.05,
  maxSuggestions: 3,
  fuzzyThreshold: 0.13,
  fuzzyMinLength: 6,
  fuzzyPenalty: 2,
  rootSimilarity: 0.9,
  unknownWeight: 1.5,
  longQuestion: 5,
  answerWeight: 0.15,
  queryCoverageWeight: 0.65,
  exampleCoverageShare: 0.4,
  otherSystemCap: 'abstain',
  fuzzyLookup: 'index',
  lookupCacheSize: 4096,
  scoring: 'pruned',
});

export interface MatcherInput {
  intents: readonly Intent[];
  lexicon: Lexicon;
  options?: Partial<MatcherOptions>;
}

export interface Matcher {
  match(question: string): MatchResult;
}

interface Doc {
  intent: number;
  words: readonly string[];
  /** Sum of the IDF of `words`: the denominator of example coverage. */
  mass: number;
}

interface Word {
  idf: number;
  docs: number[];
}

export function createMatcher(input: MatcherInput): Matcher {
  const options: MatcherOptions = { ...DEFAULT_MATCHER_OPTIONS, ...input.options };
  const normalise = createNormaliser(input.lexicon);
  const greetings = new Set((input.lexicon.greetings ?? []).flatMap((word) => normalise(word)));
  // A greeting plus anything else is about the anything else. Measured: without this,
  // "selamat siang, cara perpanjang sim" went to the greeting intent and "apa kabar dunia" was
  // offered it; with it, nothing that was right went wrong.
  const withoutGreetings = (tokens: string[]) => {
    const rest = tokens.filter((token) => !greetings.has(token));
    return rest.length > 0 ? rest : tokens;
  };
  // Examples get the same treatment, so that "tolong sambungkan ke admin" is an example of what
  // it asks for and a bare "tolong" does not lean on it.
  const index = buildIndex(input.intents, input.lexicon, (text) => withoutGreetings(normalise(text)), options);
  const screen = createScreen(input.lexicon, normalise, greetings, options.lookupCacheSize);
  // The lookup of a token depends on nothing but the token: remembered, and shared read-only.
  const cache = new LruCache<string, Map<string, number>>(options.lookupCacheSize);
  const cachedLookup = (token: string) => {
    let hits = cache.get(token);
    if (hits === undefined) {
      hits = lookup(index, token, options);
      cache.set(token, hits);
    }
    return hits;
  };
  const english = createEnglishReader(input.lexicon, normalise);
  return {
    match: (question) => {
      const raw = tokenise(question);
      const isEnglish = english.is(raw);
      const tokens = isEnglish ? english.strip(normalise(question)) : normalise(question);
      const mark = (result: MatchResult): MatchResult => (isEnglish ? { ...result, english: true } : result);
      // "ok", "tlg", "min": words that all vanish as stopwords are an acknowledgement, not a gap.
      if (tokens.length === 0 && raw.some((word) => /[a-z]/.test(word))) return mark({ ...ABSTAIN, smallTalk: true });
      const verdict = screen(tokens);
      if (verdict === 'filler') return mark({ ...ABSTAIN, smallTalk: true });
      const cap = verdict === 'other-system' ? options.otherSystemCap : null;
      // Nothing to score when the screen already decided.
      if (cap === 'abstain') return mark(ABSTAIN);
      return mark(decide(score(index, withoutGreetings(tokens), options, cachedLookup), options, cap));
    },
  };
}

/**
 * English questions ("How do I register as a vendor on SPSE?", "i forgot my password"): at least
 * two of the message's words, and half of them, are common English words of the lexicon. Those
 * words are then dropped before scoring (they say nothing about the topic); the content words go
 * through the lexicon as usual ("forgot" → "lupa", "vendor" → "penyedia").
 */
function createEnglishReader(lexicon: Lexicon, normalise: Normaliser) {
  const raw = new Set(lexicon.english ?? []);
  const normalised = new Set((lexicon.english ?? []).flatMap((word) => normalise(word)));
  return {
    is: (tokens: readonly string[]) => {
      if (raw.size === 0) return false;
      const count = tokens.filter((token) => raw.has(token)).length;
      return count >= 2 && count * 2 >= tokens.length;
    },
    strip: (tokens: string[]) => tokens.filter((token) => !normalised.has(token)),
  };
}

/** What the screen finds in a question; null when it is an ordinary question. */
type Verdict = 'filler' | 'other-system' | null;

/** The most a question may get whatever its score: nothing, choices only, or (null) anything. */
type Cap = 'abstain' | 'suggest' | null;

/**
 * Screens a normalised question for what the index cannot see: that it is no question at all
 * (only fillers and greetings, "lanjut", "iya kak"), or that it is about another system
 * ("lupa password gmail", "akun bank terkunci"). Both share words with the FAQ ("tindak lanjut",
 * "password", "akun terkunci"), and the shared words are all the scorer sees, so such questions
 * scored 0.55–0.78 before: confident wrong answers or misleading choices.
 * Measured on the QA-pass questions (test/fixtures/faq-qa.jsonl): out-of-scope abstention
 * 0.18 → 1.00 and confident wrong answers 3 → 0; capping other systems at `suggest` instead of
 * abstaining gives 0.27 there and 0.93 (not 0.98) on the paraphrase set. No in-scope question of
 * the dev or paraphrase sets and no intent example changes decision.
 */
function createScreen(
  lexicon: Lexicon,
  normalise: Normaliser,
  greetings: ReadonlySet<string>,
  cacheSize: number,
): (tokens: string[]) => Verdict {
  const fillers = new Set((lexicon.fillers ?? []).flatMap((word) => normalise(word)));
  const others = (lexicon.otherSystems ?? []).map((entry) => normalise(entry)).filter((words) => words.length > 0);
  const domain = new Set((lexicon.domainWords ?? []).flatMap((word) => normalise(word)));
  const cache = new LruCache<string, string[]>(cacheSize);
  const formsOf = (token: string) => {
    let forms = cache.get(token);
    if (forms === undefined) {
      forms = [token, ...rootCandidates(token).filter((root) => root.length < token.length)];
      cache.set(token, forms);
    }
    return forms;
  };
  return (tokens) => {
    if (tokens.length === 0) return null;
    if (fillers.size > 0 && tokens.every((token) => fillers.has(token) || greetings.has(token))) {
      // Greetings alone are the greeting intent; a filler among them makes the whole a filler.
      return tokens.some((token) => fillers.has(token)) ? 'filler' : null;
    }
    // "instagramnya" is "instagram", "perpajakan" is "pajak": a word counts through its candidate
    // roots, worked out once per token here rather than once per lexicon entry.
    const forms = tokens.map(formsOf);
    if (forms.some((f) => f.some((word) => domain.has(word)))) return null;
    const names = (phrase: string[]) =>
      forms.some((_, start) => phrase.every((word, k) => forms[start + k]?.includes(word) ?? false));
    return others.some(names) ? 'other-system' : null;
  };
}

interface Index {
  ids: string[];
  docs: Doc[];
  words: Map<string, Word>;
  /** Per intent: every word of its examples, title and keywords. */
  intentWords: Set<string>[];
  /** Per intent: its examples and keywords (indices into docs). */
  intentDocs: number[][];
  /** Per intent: the words of its answer that its examples do not use. */
  answerWords: Set<string>[];
  /** Word → the intents whose coverage it counts for, and how far (1, or answerWeight). */
  credits: Map<string, { intents: number[]; credits: number[] }>;
  /** IDF of a word no intent uses: the weight of the unknown. */
  unknownIdf: number;
  fuzzy: FuzzySearch;
  /** Spelling searched by fuse → the vocabulary words it stands for. */
  spellings: Map<string, string[]>;
  /** Candidate root → vocabulary words that may derive from it. */
  roots: Map<string, string[]>;
}

function buildIndex(intents: readonly Intent[], lexicon: Lexicon, normalise: Normaliser, options: MatcherOptions): Index {
  const docs: Doc[] = [];
  const intentWords: Set<string>[] = [];
  intents.forEach((intent, i) => {
    const all = new Set<string>(normalise(intent.title));
    for (const text of [...intent.examples, ...intent.keywords]) {
      const words = [...new Set(normalise(text))];
      words.forEach((word) => all.add(word));
      if (words.length > 0) docs.push({ intent: i, words, mass: 0 });
    }
    intentWords.push(all);
  });
  const answerWords = intents.map((intent, i) => {
    if (options.answerWeight <= 0) return new Set<string>();
    const own = intentWords[i] as Set<string>;
    return new Set(normalise(intent.answer.replace(/https?:\/\/\S+/g, ' ')).filter((word) => !own.has(word)));
  });

  // IDF counts intents, not examples: an intent with many examples saying "akun" should not make
  // "akun" look rarer or commoner than it is across topics.
  const intentCount = Math.max(1, intents.length);
  const idf = (df: number) => Math.log(1 + (intentCount - df + 0.5) / (df + 0.5));
  const words = new Map<string, Word>();
  const df = new Map<string, number>();
  intentWords.forEach((set) => set.forEach((word) => df.set(word, (df.get(word) ?? 0) + 1)));
  for (const [word, count] of df) words.set(word, { idf: idf(count), docs: [] });
  // Words only the answers use are domain words all the same ("aanwijzing", "etalase"): known, so
  // they do not weigh as the unknown topic of an out-of-scope question, but they belong to no
  // example. Measured: leave-one-out top-1 on the examples 0.755 → 0.795, dev set unchanged.
  const answerDf = new Map<string, number>();
  answerWords.forEach((set) => set.forEach((word) => answerDf.set(word, (answerDf.get(word) ?? 0) + 1)));
  for (const [word, count] of answerDf) if (!words.has(word)) words.set(word, { idf: idf(count), docs: [] });
  docs.forEach((doc, d) => {
    for (const word of doc.words) words.get(word)?.docs.push(d);
    doc.mass = doc.words.reduce((sum, word) => sum + (words.get(word)?.idf ?? 0), 0);
  });

  // What the fuzzy scan searches: the vocabulary, plus the informal spellings of the lexicon,
  // so that a typo of a slang word ("regstrasi") still reaches its standard word ("daftar").
  const spellings = new Map<string, string[]>([...words.keys()].map((word) => [word, [word]]));
  for (const informal of Object.keys(lexicon.slang)) {
    if (spellings.has(informal) || informal.includes(' ')) continue;
    const targets = normalise(informal).filter((word) => words.has(word));
    if (targets.length > 0) spellings.set(informal, targets);
  }
  const vocabulary = [...spellings.keys()].map((word) => `_${word}_`);
  const roots = new Map<string, string[]>();
  for (const word of words.keys()) {
    for (const root of rootCandidates(word)) {
      const list = roots.get(root);
      if (list) list.push(word);
      else roots.set(root, [word]);
    }
  }
  return {
    ids: intents.map((intent) => intent.id),
    docs,
    words,
    intentWords,
    intentDocs: intentDocsOf(docs, intents.length),
    answerWords,
    credits: creditsOf(intentWords, answerWords, options),
    unknownIdf: idf(0),
    roots,
    spellings,
    fuzzy: (options.fuzzyLookup === 'scan' ? createFuzzyScan : createFuzzyIndex)(vocabulary, {
      includeScore: true,
      ignoreLocation: true,
      ignoreFieldNorm: true,
      isCaseSensitive: true,
      shouldSort: false,
      threshold: options.fuzzyThreshold,
    }),
  };
}

function intentDocsOf(docs: readonly Doc[], intents: number): number[][] {
  const out: number[][] = Array.from({ length: intents }, () => []);
  docs.forEach((doc, d) => out[doc.intent]?.push(d));
  return out;
}

/** Vocabulary words a question token stands for, with a similarity in 0..1. */
function lookup(index: Index, token: string, options: MatcherOptions): Map<string, number> {
  const hits = new Map<string, number>();
  const known = index.words.has(token);
  if (known) hits.set(token, 1);
  const better = (word: string, similarity: number) => {
    if ((hits.get(word) ?? 0) < similarity) hits.set(word, similarity);
  };
  if (options.rootSimilarity > 0) {
    for (const root of rootCandidates(token))
      for (const word of index.roots.get(root) ?? []) better(word, options.rootSimilarity);
  }
  // Short tokens only match exactly: one error in three letters is a different word.
  // A word the content uses is taken as written; the fuzzy lookup is for words it does not know.
  // Measured: same dev-set figures, several times faster.
  if (token.length < options.fuzzyMinLength || known) return hits;
  for (const result of index.fuzzy(`_${token}_`)) {
    const similarity = Math.max(0, 1 - options.fuzzyPenalty * (result.score ?? 1));
    for (const word of index.spellings.get(result.item.slice(1, -1)) ?? []) better(word, similarity);
  }
  return hits;
}

/** The question as the index sees it: what each token stands for, and how much it weighs. */
interface Recognised {
  lookups: Map<string, number>[];
  weights: number[];
  mass: number;
  /** Factor on the uncovered part of the question (1 for ordinary questions). */
  uncoveredScale: number;
}

type Lookup = (token: string) => Map<string, number>;

function recognise(index: Index, tokens: string[], options: MatcherOptions, lookupToken: Lookup): Recognised {
  const query = [...new Set(tokens)];
  const lookups = query.map(lookupToken);
  // A token weighs as the word it was recognised as. An unrecognised one weighs more than the
  // rarest known word: it is most often the topic of an out-of-scope question ("resep rendang").
  const weights = lookups.map((hits, t) => {
    const exact = index.words.get(query[t] as string);
    if (exact) return exact.idf;
    let best = 0;
    let weight = index.unknownIdf * options.unknownWeight;
    for (const [word, similarity] of hits) {
      if (similarity > best) {
        best = similarity;
        weight = index.words.get(word)?.idf ?? weight;
      }
    }
    return weight;
  });
  return {
    lookups,
    weights,
    mass: weights.reduce((a, b) => a + b, 0),
    uncoveredScale: Math.min(1, options.longQuestion / Math.max(1, query.length)),
  };
}

function creditsOf(
  intentWords: Set<string>[],
  answerWords: Set<string>[],
  options: MatcherOptions,
): Map<string, { intents: number[]; credits: number[] }> {
  const credits = new Map<string, { intents: number[]; credits: number[] }>();
  const add = (word: string, intent: number, credit: number) => {
    const entry = credits.get(word);
    if (entry) {
      entry.intents.push(intent);
      entry.credits.push(credit);
    } else credits.set(word, { intents: [intent], credits: [credit] });
  };
  // An intent's own words and its answer's words are disjoint (answerWords leaves the own out).
  intentWords.forEach((words, i) => words.forEach((word) => add(word, i, 1)));
  answerWords.forEach((words, i) => words.forEach((word) => add(word, i, options.answerWeight)));
  return credits;
}

/**
 * IDF-weighted share of the question covered, from `best[t]` (0..1): how far the question's token
 * t counts, the best of its similarity times the credit of the word, over its hits.
 */
function coverage(question: Recognised, best: Float64Array): number {
  let covered = 0;
  for (let t = 0; t < best.length; t++) covered += (question.weights[t] ?? 0) * (best[t] as number);
  return covered / (covered + question.uncoveredScale * (question.mass - covered));
}

/** What a question says of one example: its words in order of first hit, and per token the best. */
interface Said {
  words: string[];
  /** IDF of each of `words`. */
  idfs: number[];
  similarities: number[];
  /** Per question token: its best similarity to a word of the example (0: none). */
  byToken: Float64Array;
}

function score(index: Index, tokens: string[], options: MatcherOptions, lookupToken: Lookup): ScoredIntent[] {
  return options.scoring === 'full'
    ? scoreAll(index, tokens, options, lookupToken)
    : scorePruned(index, tokens, options, lookupToken);
}

/** Scores are rounded to four decimals: a bound this close to the third may still tie with it. */
const ROUNDING_MARGIN = 1e-4;

/**
 * The scores of `scoreAll` for the intents that can reach the top three, without scoring the rest.
 * An example's query coverage mixes its own coverage of the question with its intent's, and its own
 * is never above its intent's (its words are words of the intent, credited fully), so an intent
 * scores at most `intentCoverage ^ queryCoverageWeight` (example coverage ≤ 1). Intents are scored
 * in order of that bound until the bound falls below the third best score found.
 */
/** A question token that reached `word` with `similarity` credits every intent the word speaks for. */
function creditIntents(
  byIntent: Map<number, Float64Array>,
  credited: { intents: number[]; credits: number[] },
  token: number,
  similarity: number,
  tokenCount: number,
): void {
  for (let k = 0; k < credited.intents.length; k++) {
    const i = credited.intents[k] as number;
    let best = byIntent.get(i);
    if (best === undefined) {
      best = new Float64Array(tokenCount);
      byIntent.set(i, best);
    }
    best[token] = Math.max(best[token] as number, similarity * (credited.credits[k] as number));
  }
}

function scorePruned(index: Index, tokens: string[], options: MatcherOptions, lookupToken: Lookup): ScoredIntent[] {
  const question = recognise(index, tokens, options, lookupToken);
  const count = question.lookups.length;
  if (count === 0) return [];
  // Per vocabulary word the question reaches: its similarity to each question token.
  const reached = new Map<string, Float64Array>();
  const byIntent = new Map<number, Float64Array>();
  for (let t = 0; t < count; t++) {
    for (const [word, similarity] of question.lookups[t] as Map<string, number>) {
      let perToken = reached.get(word);
      if (perToken === undefined) {
        perToken = new Float64Array(count);
        reached.set(word, perToken);
      }
      perToken[t] = Math.max(perToken[t] as number, similarity);
      const credited = index.credits.get(word);
      if (credited !== undefined) creditIntents(byIntent, credited, t, similarity, count);
    }
  }
  const bounds: { intent: number; coverage: number; bound: number }[] = [];
  for (const [i, best] of byIntent) {
    const ofIntent = coverage(question, best);
    bounds.push({ intent: i, coverage: ofIntent, bound: Math.pow(ofIntent, options.queryCoverageWeight) });
  }
  bounds.sort((a, b) => b.bound - a.bound);
  // The candidates `decide` reads: the choices, and the second for the lead.
  const top = Math.max(2, options.maxSuggestions);
  const found: { i: number; value: number }[] = [];
  // The best `top` values found so far, highest first: the last is the floor a bound must reach.
  const leaders: number[] = [];
  let floor = -Infinity;
  const byToken = new Float64Array(count);
  for (const { intent: i, coverage: ofIntent, bound } of bounds) {
    if (bound < floor - ROUNDING_MARGIN) break;
    let bestValue = 0;
    for (const d of index.intentDocs[i] as number[]) {
      const doc = index.docs[d] as Doc;
      byToken.fill(0);
      let saidMass = 0;
      let says = false;
      for (const word of doc.words) {
        const perToken = reached.get(word);
        if (perToken === undefined) continue;
        says = true;
        let similarity = 0;
        for (let t = 0; t < count; t++) {
          const s = perToken[t] as number;
          if (s > similarity) similarity = s;
          if (s > (byToken[t] as number)) byToken[t] = s;
        }
        saidMass += (index.words.get(word)?.idf ?? 0) * similarity;
      }
      if (!says) continue;
      const exampleCoverage = doc.mass > 0 ? saidMass / doc.mass : 0;
      const queryCoverage =
        options.exampleCoverageShare * coverage(question, byToken) + (1 - options.exampleCoverageShare) * ofIntent;
      const value =
        Math.pow(queryCoverage, options.queryCoverageWeight) * Math.pow(exampleCoverage, 1 - options.queryCoverageWeight);
      if (value > bestValue) bestValue = value;
    }
    if (bestValue > 0) {
      found.push({ i, value: bestValue });
      let at = leaders.length;
      while (at > 0 && (leaders[at - 1] as number) < bestValue) at -= 1;
      if (at < top) {
        leaders.splice(at, 0, bestValue);
        if (leaders.length > top) leaders.pop();
      }
      if (leaders.length === top) floor = leaders[top - 1] as number;
    }
  }
  return found
    .map(({ i, value }) => ({ id: index.ids[i] as string, score: round(value) }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

/** Every intent sharing a word with the question, scored. */
function scoreAll(index: Index, tokens: string[], options: MatcherOptions, lookupToken: Lookup): ScoredIntent[] {
  const question = recognise(index, tokens, options, lookupToken);
  const count = question.lookups.length;
  if (count === 0) return [];

  // Only examples sharing a (fuzzy) word with the question can score; for each, the best
  // similarity with which the question says each of its words. Per intent, the best credit of
  // each question token, for the coverage by the whole intent.
  // Examples by number, in the order first met (the order of a Map keyed by example).
  const saidOf: Said[] = new Array<Said>(index.docs.length);
  const candidates: number[] = [];
  const byIntent = new Map<number, Float64Array>();
  for (let t = 0; t < count; t++) {
    for (const [word, similarity] of question.lookups[t] as Map<string, number>) {
      const entry = index.words.get(word);
      const docs = entry?.docs ?? [];
      for (let n = 0; n < docs.length; n++) {
        const d = docs[n] as number;
        let said = saidOf[d];
        if (said === undefined) {
          said = { words: [], idfs: [], similarities: [], byToken: new Float64Array(count) };
          saidOf[d] = said;
          candidates.push(d);
        }
        const k = said.words.indexOf(word);
        if (k < 0) {
          said.words.push(word);
          said.idfs.push(entry?.idf ?? 0);
          said.similarities.push(similarity);
        } else said.similarities[k] = Math.max(said.similarities[k] as number, similarity);
        said.byToken[t] = Math.max(said.byToken[t] as number, similarity);
      }
      const credited = index.credits.get(word);
      if (credited !== undefined) creditIntents(byIntent, credited, t, similarity, count);
    }
  }

  const intentCoverage = new Map<number, number>();
  const best = new Map<number, number>();
  for (const d of candidates) {
    const doc = index.docs[d] as Doc;
    const said = saidOf[d] as Said;
    let saidMass = 0;
    for (let k = 0; k < said.words.length; k++) saidMass += (said.idfs[k] as number) * (said.similarities[k] as number);
    const exampleCoverage = doc.mass > 0 ? saidMass / doc.mass : 0;
    let ofIntent = intentCoverage.get(doc.intent);
    if (ofIntent === undefined) {
      ofIntent = coverage(question, byIntent.get(doc.intent) ?? new Float64Array(count));
      intentCoverage.set(doc.intent, ofIntent);
    }
    const queryCoverage =
      options.exampleCoverageShare * coverage(question, said.byToken) + (1 - options.exampleCoverageShare) * ofIntent;
    // A weighted geometric mean: both directions must be good for a high score, and query
    // coverage, which separates in-scope from out-of-scope, weighs more.
    const value =
      Math.pow(queryCoverage, options.queryCoverageWeight) * Math.pow(exampleCoverage, 1 - options.queryCoverageWeight);
    if (value > (best.get(doc.intent) ?? 0)) best.set(doc.intent, value);
  }
  return [...best]
    .map(([i, value]) => ({ id: index.ids[i] as string, score: round(value) }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

const ABSTAIN: MatchResult = Object.freeze({ decision: 'abstain', intent: null, score: 0, suggestions: [] });

function decide(ranked: ScoredIntent[], options: MatcherOptions, cap: Cap = null): MatchResult {
  const top = ranked[0];
  if (!top || top.score < options.suggestThreshold) {
    // No choices on abstain: weak guesses would only make the user pick a wrong answer. The
    // nearest topic is kept for the FAQ-gap report only.
    return { ...ABSTAIN, score: top?.score ?? 0, ...(top ? { nearest: top } : {}) };
  }
  const second = ranked[1]?.score ?? 0;
  const suggestions = ranked.filter((candidate) => candidate.score >= options.suggestThreshold).slice(0, options.maxSuggestions);
  if (cap === null && top.score >= options.answerThreshold && top.score - second >= options.gap) {
    return { decision: 'answer', intent: top.id, score: top.score, suggestions };
  }
  return { decision: 'suggest', intent: null, score: top.score, suggestions };
}

/** Scores are shown and compared; four decimals keep ties and JSON output stable. */
function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
