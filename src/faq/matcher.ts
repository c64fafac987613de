import { createFuzzyIndex, LruCache, type FuzzySearch } from './fuzzy-index.js';
import { createNormaliser, createTokenNormaliser, rootCandidates, tokenise, type Normaliser } from './normalise.js';
import type { Intent, Lexicon, MatchResult, ScoredIntent } from './types.js';

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
  /** Exponent share of query coverage in an example's score, in [0, 1); the rest is example coverage. */
  queryCoverageWeight: number;
  /** Share of the best example's own query coverage; the rest is the whole intent's coverage. */
  exampleCoverageShare: number;
  /**
   * What a question naming another system (lexicon `otherSystems`) and no domain word gets at
   * most: `abstain`, or `suggest` (choices, never a confident answer).
   */
  otherSystemCap: 'abstain' | 'suggest';
  /** Question tokens whose lookup is remembered (least recently used forgotten first); 0: none. */
  lookupCacheSize: number;
  /**
   * Whole questions whose result is remembered (least recently used forgotten first); 0: none.
   * match() is a pure function of the question's text, so a remembered result is the result.
   * Helpdesk traffic repeats itself ("cara daftar akun", "lupa password"): a hit skips the
   * normaliser, the lookups and the scoring altogether. Questions longer than
   * `QUESTION_CACHE_MAX_LENGTH` characters are not remembered, which bounds the memory.
   */
  questionCacheSize: number;
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
  lookupCacheSize: 4096,
  questionCacheSize: 4096,
});

export interface MatcherInput {
  intents: readonly Intent[];
  lexicon: Lexicon;
  options?: Partial<MatcherOptions>;
}

export interface Matcher {
  match(question: string): MatchResult;
}

/** Longest question (in characters) whose result the question cache remembers. */
const QUESTION_CACHE_MAX_LENGTH = 500;

export function createMatcher(input: MatcherInput): Matcher {
  const options: MatcherOptions = { ...DEFAULT_MATCHER_OPTIONS, ...input.options };
  // The scorer's bounds divide by 1 − queryCoverageWeight.
  if (!(options.queryCoverageWeight >= 0 && options.queryCoverageWeight < 1)) {
    throw new RangeError(`queryCoverageWeight must be in [0, 1), got ${options.queryCoverageWeight}`);
  }
  const normalise = createNormaliser(input.lexicon);
  // The same normaliser from tokens: match() tokenises once for the English test and for this.
  const normaliseTokens = createTokenNormaliser(input.lexicon);
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
  const cache = new LruCache<string, Hits>(options.lookupCacheSize);
  const cachedLookup = (token: string) => {
    let hits = cache.get(token);
    if (hits === undefined) {
      hits = lookup(index, token, options);
      cache.set(token, hits);
    }
    return hits;
  };
  const scorer = createScorer(index, options);
  const english = createEnglishReader(input.lexicon, normalise);
  const compute = (question: string): MatchResult => {
    const raw = tokenise(question);
    const isEnglish = english.is(raw);
    const normalised = normaliseTokens(raw);
    const tokens = isEnglish ? english.strip(normalised) : normalised;
    const mark = (result: MatchResult): MatchResult => (isEnglish ? { ...result, english: true } : result);
    // "ok", "tlg", "min": words that all vanish as stopwords are an acknowledgement, not a gap.
    if (tokens.length === 0 && raw.some((word) => /[a-z]/.test(word))) return mark({ ...ABSTAIN, smallTalk: true });
    const verdict = screen(tokens);
    if (verdict === 'filler') return mark({ ...ABSTAIN, smallTalk: true });
    const cap = verdict === 'other-system' ? options.otherSystemCap : null;
    // Nothing to score when the screen already decided.
    if (cap === 'abstain') return mark(ABSTAIN);
    return mark(decide(scorer(recognise(index, withoutGreetings(tokens), options, cachedLookup)), options, cap));
  };
  const answers = new LruCache<string, MatchResult>(options.questionCacheSize);
  return {
    match: (question) => {
      const known = answers.get(question);
      if (known !== undefined) return known;
      // Frozen, cached or not: a remembered result is handed to every caller asking the same.
      const result = freeze(compute(question));
      if (question.length <= QUESTION_CACHE_MAX_LENGTH) answers.set(question, result);
      return result;
    },
  };
}

/** A result and its suggestions made read-only. */
function freeze(result: MatchResult): MatchResult {
  for (const suggestion of result.suggestions) Object.freeze(suggestion);
  Object.freeze(result.suggestions);
  if (result.nearest) Object.freeze(result.nearest);
  return Object.freeze(result);
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
  const othersByFirst = new Map<string, string[][]>();
  for (const entry of lexicon.otherSystems ?? []) {
    const words = normalise(entry);
    const first = words[0];
    if (first === undefined) continue;
    othersByFirst.set(first, [...(othersByFirst.get(first) ?? []), words]);
  }
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
    // A phrase is named when its words are forms of consecutive tokens. Only the phrases whose
    // first word is a form of some token are tried (by first word, not the whole list each time).
    for (let start = 0; start < forms.length; start++) {
      for (const first of forms[start] as string[]) {
        for (const phrase of othersByFirst.get(first) ?? []) {
          if (phrase.every((word, k) => forms[start + k]?.includes(word) ?? false)) return 'other-system';
        }
      }
    }
    return null;
  };
}

/**
 * The catalogue as numbers. Vocabulary words are numbered (`wordIds`), and everything the scorer
 * walks per question is a typed array indexed by those numbers: profiling the string-keyed version
 * showed half of a question's time in Map look-ups of words while scoring examples.
 *
 * Examples and keywords ("docs") are numbered in intent order, so an intent's docs are one range:
 * `intentDocStart[i] .. intentDocStart[i + 1]`; a doc's words are
 * `docWords[docStart[d] .. docStart[d + 1]]`, in the order of the doc's text.
 */
interface Index {
  ids: string[];
  wordIds: Map<string, number>;
  /** Per word: its IDF. */
  idf: Float64Array;
  docStart: Int32Array;
  docWords: Int32Array;
  /** Per doc: the sum of the IDF of its words, the denominator of example coverage. */
  docMass: Float64Array;
  intentDocStart: Int32Array;
  /**
   * Per word: the intents whose coverage it counts for and how far (1 for the intent's own words,
   * answerWeight for words of its answer only): `creditIntent/creditValue[creditStart[w] ..
   * creditStart[w + 1]]`.
   */
  creditStart: Int32Array;
  creditIntent: Int32Array;
  creditValue: Float64Array;
  /**
   * Per credit: the most of an example's IDF mass the word makes up among the intent's examples
   * (0 when no example has it). Summed over the words a question reaches, weighted by how well it
   * reaches them, it bounds the example coverage of every example of the intent.
   */
  creditShare: Float64Array;
  /** IDF of a word no intent uses: the weight of the unknown. */
  unknownIdf: number;
  fuzzy: FuzzySearch;
  /** Spelling searched by fuse → the vocabulary words it stands for. */
  spellings: Map<string, number[]>;
  /** Candidate root → vocabulary words that may derive from it. */
  roots: Map<string, number[]>;
}

function buildIndex(intents: readonly Intent[], lexicon: Lexicon, normalise: Normaliser, options: MatcherOptions): Index {
  const docs: { intent: number; words: string[] }[] = [];
  const intentWords: Set<string>[] = [];
  const intentDocStart = new Int32Array(intents.length + 1);
  intents.forEach((intent, i) => {
    intentDocStart[i] = docs.length;
    const all = new Set<string>(normalise(intent.title));
    for (const text of [...intent.examples, ...intent.keywords]) {
      const words = [...new Set(normalise(text))];
      words.forEach((word) => all.add(word));
      if (words.length > 0) docs.push({ intent: i, words });
    }
    intentWords.push(all);
  });
  intentDocStart[intents.length] = docs.length;
  const answerWords = intents.map((intent, i) => {
    if (options.answerWeight <= 0) return new Set<string>();
    const own = intentWords[i] as Set<string>;
    return new Set(normalise(intent.answer.replace(/https?:\/\/\S+/g, ' ')).filter((word) => !own.has(word)));
  });

  // IDF counts intents, not examples: an intent with many examples saying "akun" should not make
  // "akun" look rarer or commoner than it is across topics.
  const intentCount = Math.max(1, intents.length);
  const idfOf = (df: number) => Math.log(1 + (intentCount - df + 0.5) / (df + 0.5));
  const df = new Map<string, number>();
  intentWords.forEach((set) => set.forEach((word) => df.set(word, (df.get(word) ?? 0) + 1)));
  // Words only the answers use are domain words all the same ("aanwijzing", "etalase"): known, so
  // they do not weigh as the unknown topic of an out-of-scope question, but they belong to no
  // example. Measured: leave-one-out top-1 on the examples 0.755 → 0.795, dev set unchanged.
  const answerDf = new Map<string, number>();
  answerWords.forEach((set) => set.forEach((word) => answerDf.set(word, (answerDf.get(word) ?? 0) + 1)));
  const vocabularyWords = [...df.keys(), ...[...answerDf.keys()].filter((word) => !df.has(word))];
  const wordIds = new Map(vocabularyWords.map((word, w) => [word, w]));
  const idf = Float64Array.from(vocabularyWords, (word) => idfOf(df.get(word) ?? (answerDf.get(word) as number)));

  const docStart = new Int32Array(docs.length + 1);
  const docWords = new Int32Array(docs.reduce((sum, doc) => sum + doc.words.length, 0));
  const docMass = new Float64Array(docs.length);
  let at = 0;
  docs.forEach((doc, d) => {
    docStart[d] = at;
    // Summed in the doc's word order, as every version of the scorer did: the same float sums.
    let mass = 0;
    for (const word of doc.words) {
      const w = wordIds.get(word) as number;
      docWords[at++] = w;
      mass += idf[w] as number;
    }
    docMass[d] = mass;
  });
  docStart[docs.length] = at;
  // Per intent and word: the largest share of an example's mass the word carries in that intent.
  const shareKey = (intent: number, w: number) => intent * vocabularyWords.length + w;
  const shares = new Map<number, number>();
  docs.forEach((doc, d) => {
    const mass = docMass[d] as number;
    if (mass <= 0) return;
    for (let p = docStart[d] as number; p < (docStart[d + 1] as number); p++) {
      const key = shareKey(doc.intent, docWords[p] as number);
      shares.set(key, Math.max(shares.get(key) ?? 0, (idf[docWords[p] as number] as number) / mass));
    }
  });

  // An intent's own words and its answer's words are disjoint (answerWords leaves the own out).
  const credited: { intent: number; credit: number }[][] = vocabularyWords.map(() => []);
  intentWords.forEach((words, i) =>
    words.forEach((word) => credited[wordIds.get(word) as number]?.push({ intent: i, credit: 1 })),
  );
  answerWords.forEach((words, i) =>
    words.forEach((word) => credited[wordIds.get(word) as number]?.push({ intent: i, credit: options.answerWeight })),
  );
  const creditStart = new Int32Array(vocabularyWords.length + 1);
  const creditIntent = new Int32Array(credited.reduce((sum, list) => sum + list.length, 0));
  const creditValue = new Float64Array(creditIntent.length);
  const creditShare = new Float64Array(creditIntent.length);
  at = 0;
  credited.forEach((list, w) => {
    creditStart[w] = at;
    for (const { intent, credit } of list) {
      creditIntent[at] = intent;
      creditShare[at] = shares.get(shareKey(intent, w)) ?? 0;
      creditValue[at++] = credit;
    }
  });
  creditStart[vocabularyWords.length] = at;

  // What the fuzzy lookup searches: the vocabulary, plus the informal spellings of the lexicon,
  // so that a typo of a slang word ("regstrasi") still reaches its standard word ("daftar").
  const spellings = new Map<string, number[]>(vocabularyWords.map((word, w) => [word, [w]]));
  for (const informal of Object.keys(lexicon.slang)) {
    if (spellings.has(informal) || informal.includes(' ')) continue;
    const targets = normalise(informal).flatMap((word) => wordIds.get(word) ?? []);
    if (targets.length > 0) spellings.set(informal, targets);
  }
  const roots = new Map<string, number[]>();
  vocabularyWords.forEach((word, w) => {
    for (const root of rootCandidates(word)) {
      const list = roots.get(root);
      if (list) list.push(w);
      else roots.set(root, [w]);
    }
  });
  return {
    ids: intents.map((intent) => intent.id),
    wordIds,
    idf,
    docStart,
    docWords,
    docMass,
    intentDocStart,
    creditStart,
    creditIntent,
    creditValue,
    creditShare,
    unknownIdf: idfOf(0),
    roots,
    spellings,
    fuzzy: createFuzzyIndex(
      [...spellings.keys()].map((word) => `_${word}_`),
      {
        includeScore: true,
        ignoreLocation: true,
        ignoreFieldNorm: true,
        isCaseSensitive: true,
        shouldSort: false,
        threshold: options.fuzzyThreshold,
      },
    ),
  };
}

/**
 * Vocabulary words a question token stands for, with a similarity in 0..1: parallel arrays, in the
 * order the words were first found (the token itself, then by root, then fuzzy), because
 * `recognise` takes the first of equally similar hits.
 */
interface Hits {
  words: Int32Array;
  similarities: Float64Array;
}

function lookup(index: Index, token: string, options: MatcherOptions): Hits {
  const hits = new Map<number, number>();
  const self = index.wordIds.get(token);
  if (self !== undefined) hits.set(self, 1);
  const better = (word: number, similarity: number) => {
    if ((hits.get(word) ?? 0) < similarity) hits.set(word, similarity);
  };
  if (options.rootSimilarity > 0) {
    for (const root of rootCandidates(token))
      for (const word of index.roots.get(root) ?? []) better(word, options.rootSimilarity);
  }
  // Short tokens only match exactly: one error in three letters is a different word.
  // A word the content uses is taken as written; the fuzzy lookup is for words it does not know.
  // Measured: same dev-set figures, several times faster.
  if (token.length >= options.fuzzyMinLength && self === undefined) {
    for (const result of index.fuzzy(`_${token}_`)) {
      const similarity = Math.max(0, 1 - options.fuzzyPenalty * (result.score ?? 1));
      for (const word of index.spellings.get(result.item.slice(1, -1)) ?? []) better(word, similarity);
    }
  }
  return { words: Int32Array.from(hits.keys()), similarities: Float64Array.from(hits.values()) };
}

/** The question as the index sees it: what each token stands for, and how much it weighs. */
interface Recognised {
  lookups: Hits[];
  weights: Float64Array;
  mass: number;
  /** Factor on the uncovered part of the question (1 for ordinary questions). */
  uncoveredScale: number;
}

type Lookup = (token: string) => Hits;

function recognise(index: Index, tokens: string[], options: MatcherOptions, lookupToken: Lookup): Recognised {
  const query = [...new Set(tokens)];
  const lookups = query.map(lookupToken);
  // A token weighs as the word it was recognised as. An unrecognised one weighs more than the
  // rarest known word: it is most often the topic of an out-of-scope question ("resep rendang").
  const weights = new Float64Array(query.length);
  let mass = 0;
  lookups.forEach((hits, t) => {
    const exact = index.wordIds.get(query[t] as string);
    let weight = index.unknownIdf * options.unknownWeight;
    if (exact !== undefined) weight = index.idf[exact] as number;
    else {
      let best = 0;
      for (let k = 0; k < hits.words.length; k++) {
        const similarity = hits.similarities[k] as number;
        if (similarity > best) {
          best = similarity;
          weight = index.idf[hits.words[k] as number] as number;
        }
      }
    }
    weights[t] = weight;
    mass += weight;
  });
  return { lookups, weights, mass, uncoveredScale: Math.min(1, options.longQuestion / Math.max(1, query.length)) };
}

/**
 * IDF-weighted share of the question covered, from `best[from + t]` (0..1): how far the question's
 * token t counts, the best of its similarity times the credit of the word, over its hits.
 */
function coverage(question: Recognised, best: Float64Array, from = 0): number {
  let covered = 0;
  const weights = question.weights;
  for (let t = 0; t < weights.length; t++) covered += (weights[t] as number) * (best[from + t] as number);
  return covered / (covered + question.uncoveredScale * (question.mass - covered));
}

/**
 * Scores are rounded to four decimals: a bound this close to the third may still tie with it.
 * A hair more than 1e-4, for the float noise of the bounds themselves (a power, a quotient).
 */
const ROUNDING_MARGIN = 1e-4 + 1e-9;

/**
 * Scores the intents that can reach the top three (all `decide` reads), without scoring the rest.
 *
 * An example's score is a weighted geometric mean of its query coverage and its example coverage:
 * both directions must be good for a high score, and query coverage, which separates in-scope
 * from out-of-scope, weighs more. Its query coverage mixes its own coverage of the question with
 * its intent's, and its own is never above its intent's (its words are words of the intent,
 * credited fully), so an intent scores at most `intentCoverage ^ queryCoverageWeight` (example
 * coverage ≤ 1). Intents are scored in order of that bound until the bound falls below the floor:
 * the third best score found, or, when higher, the least score that could still be offered as a
 * choice or narrow the lead of the best (see `raise`). Within an intent, an example whose example
 * coverage alone keeps it under the floor or under the intent's best so far is not scored.
 * Every skip keeps a margin for the rounding of scores: the decision is the one of scoring every
 * example of every intent sharing a word with the question (test/faq/matcher-identity.test.ts).
 *
 * Per question, the scorer's working state lives in buffers made once per matcher and grown when
 * a question needs more (match() is synchronous, so one question at a time uses them). A word or
 * an intent is "reached" by this question when its stamp equals the question's number, so nothing
 * needs clearing between questions:
 * - `reachedSlot[w]`: the reached word's row in `perToken` (its similarity to each question token)
 *   and `wordBest` (the best of those);
 * - `intentSlot[i]`: the intent's row in `byIntent` (per question token, its best credit).
 */
function createScorer(index: Index, options: MatcherOptions): (question: Recognised) => ScoredIntent[] {
  const wordStamp = new Int32Array(index.idf.length);
  const reachedSlot = new Int32Array(index.idf.length);
  const intentStamp = new Int32Array(index.ids.length);
  const intentSlot = new Int32Array(index.ids.length);
  let stamp = 0;
  let perToken: Float64Array<ArrayBuffer> = new Float64Array(64);
  let wordBest: Float64Array<ArrayBuffer> = new Float64Array(16);
  let byIntent: Float64Array<ArrayBuffer> = new Float64Array(64);
  let intentCoverage: Float64Array<ArrayBuffer> = new Float64Array(16);
  let intentBound: Float64Array<ArrayBuffer> = new Float64Array(16);
  let exampleBound: Float64Array<ArrayBuffer> = new Float64Array(16);
  let heap = new Int32Array(16);
  const reachedWords = new Int32Array(index.idf.length);
  const reachedIntents: number[] = [];
  // The candidates `decide` reads: the choices, and the second for the lead.
  const top = Math.max(2, options.maxSuggestions);
  const boundExponent = options.queryCoverageWeight / (1 - options.queryCoverageWeight);

  const scoreQuestion = (question: Recognised): ScoredIntent[] => {
    const count = question.lookups.length;
    if (count === 0) return [];
    stamp += 1;
    let reached = 0;
    reachedIntents.length = 0;
    for (let t = 0; t < count; t++) {
      const hits = question.lookups[t] as Hits;
      for (let k = 0; k < hits.words.length; k++) {
        const w = hits.words[k] as number;
        const similarity = hits.similarities[k] as number;
        if (wordStamp[w] !== stamp) {
          wordStamp[w] = stamp;
          reachedSlot[w] = reached;
          reachedWords[reached] = w;
          if ((reached + 1) * count > perToken.length) perToken = grown(perToken, (reached + 1) * count);
          for (let t2 = reached * count; t2 < (reached + 1) * count; t2++) perToken[t2] = 0;
          reached += 1;
        }
        const cell = (reachedSlot[w] as number) * count + t;
        if (similarity > (perToken[cell] as number)) perToken[cell] = similarity;
        // A question token that reached a word credits every intent the word speaks for.
        for (let c = index.creditStart[w] as number; c < (index.creditStart[w + 1] as number); c++) {
          const i = index.creditIntent[c] as number;
          if (intentStamp[i] !== stamp) {
            intentStamp[i] = stamp;
            const row = reachedIntents.length;
            intentSlot[i] = row;
            reachedIntents.push(i);
            if ((row + 1) * count > byIntent.length) byIntent = grown(byIntent, (row + 1) * count);
            // A loop, not fill(): a builtin call costs more than clearing a handful of numbers.
            for (let t2 = row * count; t2 < (row + 1) * count; t2++) byIntent[t2] = 0;
          }
          const at = (intentSlot[i] as number) * count + t;
          byIntent[at] = Math.max(byIntent[at] as number, similarity * (index.creditValue[c] as number));
        }
      }
    }
    // Per reached word, its best similarity to any question token: what it says of an example.
    if (reached > wordBest.length) wordBest = grown(wordBest, reached);
    for (let r = 0; r < reached; r++) {
      let best = 0;
      for (let t = 0; t < count; t++) if ((perToken[r * count + t] as number) > best) best = perToken[r * count + t] as number;
      wordBest[r] = best;
    }

    // The intents in order of their bound, best first. Only the first few are ever scored, so they
    // come out of a heap (built in linear time) rather than a sort of every intent reached: with
    // thousands of intents sharing a common word, the sort was a fifth of the scorer's time.
    const intents = reachedIntents.length;
    if (intents > intentCoverage.length) {
      intentCoverage = grown(intentCoverage, intents);
      intentBound = grown(intentBound, intents);
      exampleBound = grown(exampleBound, intents);
      heap = new Int32Array(intentCoverage.length);
    }
    // Per intent, a bound of its examples' example coverage: the shares of the words reached.
    for (let row = 0; row < intents; row++) exampleBound[row] = 0;
    for (let r = 0; r < reached; r++) {
      const w = reachedWords[r] as number;
      for (let c = index.creditStart[w] as number; c < (index.creditStart[w + 1] as number); c++) {
        const row = intentSlot[index.creditIntent[c] as number] as number;
        exampleBound[row] = (exampleBound[row] as number) + (index.creditShare[c] as number) * (wordBest[r] as number);
      }
    }
    // An example of an intent scores at most ofIntent ^ w × exampleBound ^ (1 − w) (w the query
    // coverage weight; its query coverage is at most its intent's, its example coverage at most
    // the bound above): intents are scored in the order of that bound. Kept as its (1 / (1 − w))-th
    // power, ofIntent ^ (w / (1 − w)) × exampleBound, the same order with one power per distinct
    // coverage instead of two per intent (intents reached by the same words share their coverage;
    // profiled: the powers were three quarters of a common-word question's time).
    let lastCoverage = -1;
    let lastPower = 0;
    for (let row = 0; row < intents; row++) {
      const ofIntent = coverage(question, byIntent, row * count);
      intentCoverage[row] = ofIntent;
      if (ofIntent !== lastCoverage) {
        lastCoverage = ofIntent;
        lastPower = Math.pow(ofIntent, boundExponent);
      }
      intentBound[row] = lastPower * Math.min(1, exampleBound[row] as number);
      heap[row] = row;
    }
    const order = createHeap(heap, intents, intentBound);
    const found: { i: number; value: number }[] = [];
    // The best `top` values found so far, highest first.
    const leaders: number[] = [];
    // What an intent must reach to change the decision: the top `top` (the choices, and the second
    // for the lead), and of those only a score that is offered (suggestThreshold) or that could
    // narrow the lead below `gap`. An intent below both is left out: the best stays the best, the
    // lead stays wide enough, no choice changes. Less the rounding of scores to four decimals.
    let floor = -Infinity;
    // The floor in the units of `intentBound`.
    let boundFloor = -Infinity;
    const raise = () => {
      const third = leaders.length === top ? (leaders[top - 1] as number) : -Infinity;
      const relevant = leaders.length > 0 ? Math.min(options.suggestThreshold, (leaders[0] as number) - options.gap) : -Infinity;
      floor = Math.max(third, relevant) - ROUNDING_MARGIN;
      boundFloor = floor > 0 ? Math.pow(floor, 1 / (1 - options.queryCoverageWeight)) : -Infinity;
    };
    // An example scores at most bound × exampleCoverage ^ (1 − queryCoverageWeight), its query
    // coverage being at most its intent's: an example coverage below this cannot bring the
    // intent's score to `level`. Lowered by a millionth so float rounding never skips a winner.
    const exponent = 1 / (1 - options.queryCoverageWeight);
    const coverageFloorOf = (level: number, bound: number) => (level > 0 ? Math.pow(level / bound, exponent) * (1 - 1e-6) : 0);
    const byToken = new Float64Array(count);
    for (let row = order.pop(); row >= 0; row = order.pop()) {
      const i = reachedIntents[row] as number;
      if ((intentBound[row] as number) < boundFloor) break;
      const ofIntent = intentCoverage[row] as number;
      const bound = Math.pow(ofIntent, options.queryCoverageWeight);
      let bestValue = 0;
      // Examples that cannot reach the floor or beat the intent's best so far are skipped before
      // their two powers (profiled: a third of the scorer's time).
      let coverageFloor = coverageFloorOf(floor, bound);
      for (let d = index.intentDocStart[i] as number; d < (index.intentDocStart[i + 1] as number); d++) {
        // A loop, not fill(): a builtin call costs more than clearing a handful of numbers.
        for (let t = 0; t < count; t++) byToken[t] = 0;
        let saidMass = 0;
        let says = false;
        for (let p = index.docStart[d] as number; p < (index.docStart[d + 1] as number); p++) {
          const w = index.docWords[p] as number;
          if (wordStamp[w] !== stamp) continue;
          says = true;
          const row = (reachedSlot[w] as number) * count;
          for (let t = 0; t < count; t++) {
            const s = perToken[row + t] as number;
            if (s > (byToken[t] as number)) byToken[t] = s;
          }
          saidMass += (index.idf[w] as number) * (wordBest[reachedSlot[w] as number] as number);
        }
        if (!says) continue;
        const mass = index.docMass[d] as number;
        const exampleCoverage = mass > 0 ? saidMass / mass : 0;
        if (exampleCoverage < coverageFloor) continue;
        const queryCoverage =
          options.exampleCoverageShare * coverage(question, byToken) + (1 - options.exampleCoverageShare) * ofIntent;
        const value =
          Math.pow(queryCoverage, options.queryCoverageWeight) * Math.pow(exampleCoverage, 1 - options.queryCoverageWeight);
        if (value > bestValue) {
          bestValue = value;
          coverageFloor = coverageFloorOf(Math.max(bestValue, floor), bound);
        }
      }
      // Below the floor its score may be short of its true one (examples were skipped), and it
      // does not matter: it is left out.
      if (bestValue > 0 && bestValue >= floor) {
        found.push({ i, value: bestValue });
        let at = leaders.length;
        while (at > 0 && (leaders[at - 1] as number) < bestValue) at -= 1;
        if (at < top) {
          leaders.splice(at, 0, bestValue);
          if (leaders.length > top) leaders.pop();
        }
        raise();
      }
    }
    return found
      .map(({ i, value }) => ({ id: index.ids[i] as string, score: round(value) }))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  };
  return scoreQuestion;
}

/**
 * A max-heap of the rows `heap[0 .. size)` by `key[row]`, equal keys by row, lower first: popped
 * in the order of a stable sort by descending key. `pop()` is -1 once it is empty.
 */
function createHeap(heap: Int32Array, size: number, key: Float64Array): { pop(): number } {
  // Whether row a comes out before row b.
  const before = (a: number, b: number) => (key[a] as number) > (key[b] as number) || (key[a] === key[b] && a < b);
  const sink = (from: number) => {
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= size) return;
      const right = left + 1;
      const child = right < size && before(heap[right] as number, heap[left] as number) ? right : left;
      if (!before(heap[child] as number, heap[at] as number)) return;
      const swap = heap[at] as number;
      heap[at] = heap[child] as number;
      heap[child] = swap;
      at = child;
    }
  };
  for (let at = (size >> 1) - 1; at >= 0; at--) sink(at);
  return {
    pop: () => {
      if (size === 0) return -1;
      const first = heap[0] as number;
      size -= 1;
      heap[0] = heap[size] as number;
      sink(0);
      return first;
    },
  };
}

/** A copy of `buffer` with room for at least `length` numbers (doubling, so growth is rare). */
function grown(buffer: Float64Array<ArrayBuffer>, length: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(Math.max(length, buffer.length * 2));
  next.set(buffer);
  return next;
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
