import type { Matcher } from './matcher.js';
import type { MatchResult } from './types.js';

/** One line of `npm run ask -- --jsonl`. */
export interface AskLine {
  question: string;
  /** The intent the desk would put first (answer it, or offer it first); null when it abstains. */
  intent: string | null;
  /** 0..1, higher is surer. */
  score: number;
  /** Candidates best first (the "Maksud Anda…?" choices when the desk asks). */
  suggestions: string[];
}

/**
 * `intent` is the desk's pick whenever it does not abstain: an answer, or the first "Maksud
 * Anda…?" choice. Abstaining is the only way to say "not in the FAQ", so out-of-scope questions
 * are measured by `intent === null` and in-scope ones by `intent === label`.
 */
export function topCandidate(result: MatchResult): string | null {
  if (result.decision === 'answer') return result.intent;
  return result.decision === 'suggest' ? (result.suggestions[0]?.id ?? null) : null;
}

function toAskLine(question: string, result: MatchResult): AskLine {
  return {
    question,
    intent: topCandidate(result),
    score: result.score,
    suggestions: result.suggestions.map((s) => s.id),
  };
}

export function askJsonl(matcher: Matcher, question: string): string {
  return JSON.stringify(toAskLine(question, matcher.match(question)));
}
