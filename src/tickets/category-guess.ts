import { rootCandidates, type Normaliser } from '../faq/normalise.js';
import type { Intent, MatchResult } from '../faq/types.js';
import type { Category } from './categories.js';

/**
 * Guesses a ticket's category from its description ("/tiket tidak bisa login ke spse, muncul
 * tulisan sesi anda telah berakhir"). Pure: the FAQ's reading of the text and the content come in.
 *
 * Two kinds of evidence, added up per category:
 *
 * - the category's own `keywords` (`_categories.yaml`, written by content staff): each keyword
 *   found in the text counts its number of words ("sesi berakhir" counts 2, "login" 1). Text and
 *   keywords go through the FAQ normaliser, so "gk bisa masuk", "verif" or "e-katalog" meet
 *   "tidak bisa login", "verifikasi" and "ekatalog"; words meet through their candidate roots too
 *   ("diverifikasi" ~ "verifikasi", "penawarannya" ~ "penawaran").
 * - the FAQ matcher's candidates (the answer, the "Maksud Anda…?" choices, the nearest topic on
 *   an abstention): each adds `faqWeight × score` to the category of its intent's group, or to
 *   the intent's own `ticketCategory`, best candidate per category only. A description is not a
 *   question, so even a weak FAQ reading says something about the topic.
 *
 * The highest total wins (ties: the order of `_categories.yaml`); nothing found: undefined, and
 * the ticket goes under the default category.
 */
export interface CategoryGuessInput {
  categories: readonly Category[];
  intents: readonly Pick<Intent, 'id' | 'group' | 'ticketCategory'>[];
  normalise: Normaliser;
  /** The FAQ's reading of a text. */
  match: (text: string) => MatchResult;
  options?: Partial<CategoryGuessOptions>;
}

export interface CategoryGuessOptions {
  /** What a FAQ candidate of score 1 is worth, in keyword words. */
  faqWeight: number;
  /** FAQ candidates below this score are ignored. */
  minFaqScore: number;
  /** A total below this guesses nothing. */
  minTotal: number;
}

export const DEFAULT_CATEGORY_GUESS_OPTIONS: Readonly<CategoryGuessOptions> = Object.freeze({
  faqWeight: 2,
  minFaqScore: 0.3,
  minTotal: 0.6,
});

export interface CategoryScore {
  id: string;
  score: number;
}

export interface CategoryGuesser {
  /** The best category id for a description, or undefined when nothing points anywhere. */
  guess(text: string): string | undefined;
  /** Every category with evidence, best first (for tests and tuning). */
  scores(text: string): CategoryScore[];
}

interface Keyword {
  category: number;
  /** Per word of the keyword: its candidate roots. */
  words: ReadonlySet<string>[];
}

export function createCategoryGuesser(input: CategoryGuessInput): CategoryGuesser {
  const options = { ...DEFAULT_CATEGORY_GUESS_OPTIONS, ...input.options };
  const { categories, normalise } = input;
  const keywords: Keyword[] = [];
  categories.forEach((category, c) => {
    for (const keyword of category.keywords) {
      const words = normalise(keyword).map((word) => new Set(rootCandidates(word)));
      if (words.length > 0) keywords.push({ category: c, words });
    }
  });
  const indexOf = new Map(categories.map((category, c) => [category.id, c]));
  const categoryOfIntent = new Map<string, number>();
  for (const intent of input.intents) {
    const own = intent.ticketCategory === undefined ? undefined : indexOf.get(intent.ticketCategory);
    const byGroup = categories.findIndex((category) => category.groups.includes(intent.group));
    const c = own ?? (byGroup >= 0 ? byGroup : undefined);
    if (c !== undefined) categoryOfIntent.set(intent.id, c);
  }

  const scores = (text: string): CategoryScore[] => {
    const totals = new Float64Array(categories.length);
    const tokens = normalise(text).map((token) => rootCandidates(token));
    const says = (roots: ReadonlySet<string>) => tokens.some((forms) => forms.some((form) => roots.has(form)));
    for (const keyword of keywords) {
      if (keyword.words.every(says)) totals[keyword.category] = (totals[keyword.category] as number) + keyword.words.length;
    }
    const result = input.match(text);
    const candidates = [
      ...(result.decision === 'answer' && result.intent ? [{ id: result.intent, score: result.score }] : []),
      ...result.suggestions,
      ...(result.nearest ? [result.nearest] : []),
    ];
    const faq = new Float64Array(categories.length);
    for (const candidate of candidates) {
      const c = categoryOfIntent.get(candidate.id);
      // The default category is where no guess goes anyway: a mere FAQ candidate for it ("buat
      // tiket", a greeting) would only hide the weaker evidence for a real one. A confident answer
      // ("berlangganan pengumuman") counts.
      const confident = result.decision === 'answer' && candidate.id === result.intent;
      if (c === undefined || candidate.score < options.minFaqScore || (categories[c]?.default && !confident)) continue;
      faq[c] = Math.max(faq[c] as number, candidate.score);
    }
    return categories
      .map((category, c) => ({ id: category.id, score: (totals[c] as number) + options.faqWeight * (faq[c] as number), c }))
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || a.c - b.c)
      .map(({ id, score }) => ({ id, score: Math.round(score * 1000) / 1000 }));
  };

  return {
    scores,
    guess(text) {
      const best = scores(text)[0];
      return best && best.score >= options.minTotal ? best.id : undefined;
    },
  };
}
