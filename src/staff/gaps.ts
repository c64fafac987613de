import { texts } from '../core/catalogue.js';
import { excerpt } from '../core/text.js';
import type { Normaliser } from '../faq/normalise.js';

/**
 * The FAQ's gaps: the questions it could not answer in a period, grouped by what they are about,
 * biggest group first, so the content writer sees what to write next. Pure: questions in, groups out.
 */
export interface GapQuestion {
  question: string;
  createdAt: Date;
}

export interface GapGroup {
  /** How many questions the group holds. */
  count: number;
  /** The words the group's questions share most (normalised), at most three: its heading. */
  terms: string[];
  /** Up to two different questions of the group, newest first, as the users wrote them. */
  examples: string[];
  /** When the newest of its questions was asked. */
  lastAt: Date;
}

/** Two questions belong together when their normalised words overlap this much (Jaccard). */
export const GAP_SIMILARITY = 0.5;
/** Members of a group a new question is compared with: enough to follow a topic, bounded in cost. */
const COMPARED_MEMBERS = 12;
const EXAMPLES = 2;
const TERMS = 3;

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

/** The tokens a question is compared by: the FAQ's own normaliser, or its plain words when that leaves none. */
function tokensOf(question: string, normalise: Normaliser): Set<string> {
  const tokens = normalise(question);
  if (tokens.length > 0) return new Set(tokens);
  return new Set(question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
}

interface Building {
  members: Array<Set<string>>;
  questions: GapQuestion[];
  counts: Map<string, number>;
}

/**
 * Groups questions by similarity: each joins the group holding its most similar question when that
 * is similar enough, else starts a group. Biggest group first; ties by the newest question.
 */
export function groupGaps(questions: readonly GapQuestion[], normalise: Normaliser): GapGroup[] {
  const groups: Building[] = [];
  // Newest first, so a group's first members (the ones compared with) are its recent phrasings.
  const ordered = [...questions].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  for (const q of ordered) {
    const tokens = tokensOf(q.question, normalise);
    let best: Building | undefined;
    let bestScore = 0;
    for (const g of groups) {
      for (const m of g.members) {
        const score = jaccard(tokens, m);
        if (score > bestScore) {
          bestScore = score;
          best = g;
        }
      }
    }
    const target = best && bestScore >= GAP_SIMILARITY ? best : undefined;
    const group = target ?? { members: [], questions: [], counts: new Map<string, number>() };
    if (!target) groups.push(group);
    if (group.members.length < COMPARED_MEMBERS) group.members.push(tokens);
    group.questions.push(q);
    for (const t of tokens) group.counts.set(t, (group.counts.get(t) ?? 0) + 1);
  }
  return groups
    .map((g): GapGroup => {
      const seen = new Set<string>();
      const examples: string[] = [];
      for (const q of g.questions) {
        const key = q.question.trim().toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        examples.push(q.question.trim());
        if (examples.length === EXAMPLES) break;
      }
      const terms = [...g.counts.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, TERMS)
        .map(([t]) => t);
      return { count: g.questions.length, terms, examples, lastAt: g.questions[0]!.createdAt };
    })
    .sort((a, b) => b.count - a.count || b.lastAt.getTime() - a.lastAt.getTime());
}

/** The biggest `n` groups: what `/laporan` shows (five). */
export function topGapGroups(questions: readonly GapQuestion[], normalise: Normaliser, n = 5): GapGroup[] {
  return groupGaps(questions, normalise).slice(0, n);
}

/** The lines of groups as staff read them, numbered; for `/celah`, the CLI and the report. */
export function renderGapGroups(groups: readonly GapGroup[]): string[] {
  return groups.flatMap((g, i) => [
    texts.staff.gaps.groupLine(i + 1, g.terms.join(' ') || '—', g.count),
    ...g.examples.map((e) => texts.staff.gaps.example(excerpt(e, 120))),
  ]);
}

/**
 * The report's section (`/laporan` shows the five biggest groups): its heading and the groups, or
 * nothing when the FAQ answered everything. For src/staff/report.ts to append to its text.
 */
export function renderTopGaps(questions: readonly GapQuestion[], normalise: Normaliser, n = 5): string[] {
  const top = topGapGroups(questions, normalise, n);
  return top.length === 0 ? [] : [texts.staff.gaps.reportHeader, ...renderGapGroups(top)];
}

/** The whole `/celah` answer: a heading with the total, the groups, and what to do next. */
export function renderGaps(groups: readonly GapGroup[], days: number, limit: number): string {
  const total = groups.reduce((n, g) => n + g.count, 0);
  if (total === 0) return texts.staff.gaps.none(days);
  const shown = groups.slice(0, limit);
  return [
    texts.staff.gaps.header(days, total, groups.length),
    '',
    ...renderGapGroups(shown),
    ...(groups.length > shown.length ? ['', texts.staff.gaps.more(groups.length - shown.length)] : []),
    '',
    texts.staff.gaps.footer,
  ].join('\n');
}
