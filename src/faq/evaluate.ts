import { topCandidate } from './ask.js';
import type { Matcher } from './matcher.js';
import type { Intent, MatchDecision, MatchResult } from './types.js';

/** A labelled question: `intent` is the expected id, or null when the desk should abstain. */
export interface LabelledQuestion {
  q: string;
  intent: string | null;
}

export interface Confusion {
  q: string;
  expected: string | null;
  decision: MatchDecision;
  /** The matcher's top candidate: the answered intent, else the first suggestion, else null. */
  got: string | null;
  score: number;
}

export interface Evaluation {
  inScope: number;
  outOfScope: number;
  /**
   * In-scope questions whose top candidate is the label. The top candidate is the answered
   * intent, or the first "Maksud Anda…?" choice when the matcher suggests; an abstention has
   * none. This is what a user experiences as "the right answer was first in line".
   */
  inScopeTop1Accuracy: number;
  /**
   * In-scope questions whose label is among the first three candidates: the answered intent and
   * the "Maksud Anda…?" choices, in order. What a user finds with one more tap at most.
   */
  inScopeTop3Accuracy: number;
  /**
   * In-scope questions answered outright with the right intent: the `intent` field of the
   * `ask --jsonl` line equals the label. The strict figure; never above inScopeTop1Accuracy.
   */
  inScopeAnsweredAccuracy: number;
  /** In-scope questions answered outright with a wrong intent: the costliest failure. */
  inScopeWrongAnswerRate: number;
  /** Out-of-scope questions on which the matcher abstains (intent null and no choices). */
  outOfScopeAbstention: number;
  /** Out-of-scope questions answered outright: a confident wrong answer. */
  outOfScopeAnswerRate: number;
  decisions: Record<MatchDecision, number>;
  /** Every item that is not counted as correct by its own measure, for reading and tuning. */
  confusions: Confusion[];
}

export function evaluateMatcher(matcher: Matcher, items: readonly LabelledQuestion[]): Evaluation {
  const decisions: Record<MatchDecision, number> = { answer: 0, suggest: 0, abstain: 0 };
  const confusions: Confusion[] = [];
  let inScope = 0;
  let top1 = 0;
  let top3 = 0;
  let answeredRight = 0;
  let answeredWrong = 0;
  let outOfScope = 0;
  let abstained = 0;
  let oosAnswered = 0;

  for (const item of items) {
    const result = matcher.match(item.q);
    decisions[result.decision] += 1;
    const got = topCandidate(result);
    const confusion: Confusion = { q: item.q, expected: item.intent, decision: result.decision, got, score: result.score };
    if (item.intent === null) {
      outOfScope += 1;
      if (result.decision === 'abstain') abstained += 1;
      else confusions.push(confusion);
      if (result.decision === 'answer') oosAnswered += 1;
      continue;
    }
    inScope += 1;
    if (got === item.intent) top1 += 1;
    if (firstThree(result).includes(item.intent)) top3 += 1;
    if (result.decision === 'answer') {
      if (result.intent === item.intent) answeredRight += 1;
      else answeredWrong += 1;
    }
    if (result.decision !== 'answer' || result.intent !== item.intent) confusions.push(confusion);
  }

  return {
    inScope,
    outOfScope,
    inScopeTop1Accuracy: ratio(top1, inScope),
    inScopeTop3Accuracy: ratio(top3, inScope),
    inScopeAnsweredAccuracy: ratio(answeredRight, inScope),
    inScopeWrongAnswerRate: ratio(answeredWrong, inScope),
    outOfScopeAbstention: ratio(abstained, outOfScope),
    outOfScopeAnswerRate: ratio(oosAnswered, outOfScope),
    decisions,
    confusions,
  };
}

/** The first three candidates a user sees: the answer (if any), then the choices, without repeats. */
function firstThree(result: MatchResult): string[] {
  if (result.decision === 'abstain') return [];
  const ids = result.decision === 'answer' && result.intent ? [result.intent] : [];
  for (const s of result.suggestions) if (!ids.includes(s.id)) ids.push(s.id);
  return ids.slice(0, 3);
}

/** Parses JSON Lines of `{"q": "...", "intent": "id" | null}`, naming the bad line if any. */
export function parseLabelledJsonl(text: string, source = 'input'): LabelledQuestion[] {
  const items: LabelledQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${i + 1}: not JSON`);
    }
    const record = value as { q?: unknown; intent?: unknown };
    if (typeof record.q !== 'string' || !(typeof record.intent === 'string' || record.intent === null)) {
      throw new Error(`${source}:${i + 1}: expected {"q": string, "intent": string | null}`);
    }
    items.push({ q: record.q, intent: record.intent });
  });
  return items;
}

/** An empty set scores 1: nothing was missed. */
function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

export interface LeaveOneOut {
  /** Examples scored (each intent keeps at least one example). */
  examples: number;
  /** Share of examples whose top candidate is their own intent when they are left out of it. */
  top1: number;
  misses: { intent: string; example: string; got: string | null }[];
}

/**
 * Leave-one-out over the intents' own examples: each example is taken out of its intent, the
 * matcher is built again without it, and the example is asked as a question. A measure of how far
 * the content generalises beyond its own sentences (an example the others do not cover is a
 * question the desk would miss). Intents with a single example are skipped: leaving it out leaves
 * nothing to match.
 */
export function leaveOneOut(intents: readonly Intent[], build: (intents: readonly Intent[]) => Matcher): LeaveOneOut {
  const misses: LeaveOneOut['misses'] = [];
  let examples = 0;
  intents.forEach((intent, i) => {
    if (intent.examples.length < 2) return;
    intent.examples.forEach((example, k) => {
      const without = intents.map((other, j) =>
        j === i ? { ...other, examples: other.examples.filter((_, e) => e !== k) } : other,
      );
      const got = topCandidate(build(without).match(example));
      examples += 1;
      if (got !== intent.id) misses.push({ intent: intent.id, example, got });
    });
  });
  return { examples, top1: ratio(examples - misses.length, examples), misses };
}
