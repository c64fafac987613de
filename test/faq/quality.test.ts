import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../src/app.js';
import { checkIntents } from '../../src/faq/check.js';
import {
  evaluateMatcher,
  leaveOneOut,
  parseLabelledJsonl,
  type Evaluation,
  type LabelledQuestion,
} from '../../src/faq/evaluate.js';
import { createMatcher, type Matcher } from '../../src/faq/matcher.js';
import { createNormaliser } from '../../src/faq/normalise.js';
import type { Intent, MatchResult } from '../../src/faq/types.js';
import { testContent } from '../helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = (name: string) => path.join(repoRoot, 'test', 'fixtures', name);

/**
 * The shared dev set: beside the repository in CI (shared/ laid next to the clone), absent in a
 * plain clone. It measures; the gates that must hold anywhere are on the sets in test/fixtures.
 */
const devSetPath = path.resolve(repoRoot, '..', 'shared', 'eval', 'faq-dev.jsonl');
const devSetPresent = existsSync(devSetPath);

/** The shipped content and its matcher, loaded once for every gate below (and every other test). */
let shipped: Content;
beforeAll(async () => {
  shipped = await testContent(path.join(repoRoot, 'intents'));
  if (!devSetPresent)
    process.stdout.write(`shared dev set: SKIPPED, not found at ${devSetPath} (scored where present, as in CI)\n`);
});

function labelled(file: string): LabelledQuestion[] {
  return parseLabelledJsonl(readFileSync(file, 'utf8'), file);
}

function misses(evaluation: Evaluation): string {
  return evaluation.confusions
    .map((c) => `  ${c.decision} "${c.q}": expected ${c.expected ?? 'abstain'}, got ${c.got ?? 'nothing'} (${c.score})`)
    .join('\n');
}

/** Leave-one-out gate (issue 11 asks for 0.90). */
const LOO_GATE = 0.9;

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

/** One line of figures, for the log of a run (the dev set is reported, not only gated). */
function figures(name: string, e: Evaluation): string {
  return (
    `${name}: ${e.inScope} in scope, ${e.outOfScope} out of scope; top-1 ${percent(e.inScopeTop1Accuracy)}, ` +
    `top-3 ${percent(e.inScopeTop3Accuracy)}, ` +
    `answered right ${percent(e.inScopeAnsweredAccuracy)}, answered wrong ${percent(e.inScopeWrongAnswerRate)}, ` +
    `out-of-scope abstained ${percent(e.outOfScopeAbstention)}, out-of-scope answered ${percent(e.outOfScopeAnswerRate)}\n`
  );
}

describe('the shipped intents', () => {
  it('have no errors check-intents finds', () => {
    const { faq } = shipped;
    const errors = checkIntents(faq, createNormaliser(faq.lexicon)).filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.message)).toEqual([]);
  });

  it('are each measured by at least 3 in-scope questions of the repository sets, whose labels all exist', () => {
    const ids = shipped.faq.intents.map((i) => i.id);
    const questions = [...labelled(fixture('faq-paraphrases.jsonl')), ...labelled(fixture('faq-qa.jsonl'))];
    const count = new Map(ids.map((id) => [id, 0]));
    for (const { intent } of questions) if (intent !== null) count.set(intent, (count.get(intent) ?? 0) + 1);
    const unknown = [...count.keys()].filter((id) => !ids.includes(id));
    expect(unknown, 'labels naming no shipped intent').toEqual([]);
    const thin = [...count].filter(([, n]) => n < 3).map(([id, n]) => `${id}: ${n}`);
    expect(thin, 'intents with fewer than 3 questions in test/fixtures/faq-*.jsonl').toEqual([]);
  });
});

describe('the shipped lexicon', () => {
  it('reads "hp" as a mobile phone and drops the chat fillers "jg", "bnyk", "pdhl"', () => {
    const normalise = createNormaliser(shipped.faq.lexicon);
    expect(normalise('hp')).toEqual(normalise('ponsel'));
    expect(normalise('hp')).not.toEqual(normalise('telepon'));
    expect(normalise('pdhl sdh bnyk dokumen jg')).toEqual(normalise('padahal sudah banyak dokumen juga'));
    expect(normalise('jg bnyk pdhl')).toEqual([]);
  });
});

/**
 * Leave-one-out over the intents' own examples: each example, left out of its intent, must still
 * find it. It measures how well the content generalises (how varied the examples are), not the
 * matcher alone; the weakest intents show in the misses.
 */
describe('FAQ quality, leave-one-out over the intents’ own examples', () => {
  it('puts the example’s own intent first for at least 90% of the examples', () => {
    const { faq } = shipped;
    const result = leaveOneOut(faq.intents, (intents) => createMatcher({ intents, lexicon: faq.lexicon }));
    process.stdout.write(`leave-one-out: ${percent(result.top1)} of ${result.examples} examples\n`);
    expect(result.examples).toBeGreaterThan(300);
    const misses = result.misses.map((m) => `  ${m.intent} <- "${m.example}" got ${m.got ?? 'nothing'}`).join('\n');
    expect(result.top1, misses).toBeGreaterThanOrEqual(LOO_GATE);
  }, 120_000);
});

/**
 * Questions written for this repository (not taken from the dev set or the intents): short and
 * long chat messages, typos, and out-of-scope questions that share words with the FAQ ("lupa
 * password wifi", "akun facebook diblokir"). The main gate: it lives in the repository, so it
 * holds in any clone, and it checks that the matcher generalises beyond the intents' examples.
 * Slightly lower bars than the dev set's: it is harder on purpose.
 */
describe('FAQ quality on the repository paraphrase set', () => {
  let evaluation: Evaluation;

  beforeAll(() => {
    evaluation = evaluateMatcher(shipped.matcher, labelled(fixture('faq-paraphrases.jsonl')));
    process.stdout.write(figures('paraphrase set', evaluation));
  });

  it('has enough in-scope and out-of-scope questions to measure (an empty set scores 100%)', () => {
    expect(evaluation.inScope).toBeGreaterThanOrEqual(100);
    expect(evaluation.outOfScope).toBeGreaterThanOrEqual(50);
  });

  it('puts the right intent first for at least 95% of its in-scope questions', () => {
    expect(evaluation.inScopeTop1Accuracy, misses(evaluation)).toBeGreaterThanOrEqual(0.95);
  });

  it('has the right intent among the first three candidates for at least 99% of its in-scope questions', () => {
    expect(evaluation.inScopeTop3Accuracy, misses(evaluation)).toBeGreaterThanOrEqual(0.99);
  });

  it('answers at least 80% of its in-scope questions outright and correctly', () => {
    expect(evaluation.inScopeAnsweredAccuracy, misses(evaluation)).toBeGreaterThanOrEqual(0.8);
  });

  it('abstains on at least 95% of its out-of-scope questions', () => {
    expect(evaluation.outOfScopeAbstention, misses(evaluation)).toBeGreaterThanOrEqual(0.95);
  });

  it('never answers an out-of-scope question outright', () => {
    expect(evaluation.outOfScopeAnswerRate, misses(evaluation)).toBe(0);
  });

  it('gives a confident wrong answer to at most 3% of all its questions', () => {
    const wrong =
      evaluation.inScopeWrongAnswerRate * evaluation.inScope + evaluation.outOfScopeAnswerRate * evaluation.outOfScope;
    expect(wrong / (evaluation.inScope + evaluation.outOfScope), misses(evaluation)).toBeLessThanOrEqual(0.03);
  });
});

/**
 * The questions of a QA pass on the desk (confident wrong answers, misleading choices, misses):
 * out-of-scope questions about other systems that share the FAQ's words ("lupa password gmail",
 * "akun bank terkunci"), bare fillers ("lanjut"), and in-scope questions in words the intents did
 * not use. Kept verbatim so that a regression on any of them shows.
 */
describe('FAQ quality on the QA-pass questions', () => {
  let evaluation: Evaluation;

  beforeAll(() => {
    evaluation = evaluateMatcher(shipped.matcher, labelled(fixture('faq-qa.jsonl')));
    process.stdout.write(figures('QA-pass set', evaluation));
  });

  it('has both in-scope and out-of-scope questions to measure', () => {
    expect(evaluation.inScope).toBeGreaterThan(0);
    expect(evaluation.outOfScope).toBeGreaterThan(0);
  });

  it('gives no confident wrong answer', () => {
    expect(evaluation.inScopeWrongAnswerRate, misses(evaluation)).toBe(0);
    expect(evaluation.outOfScopeAnswerRate, misses(evaluation)).toBe(0);
  });

  it('puts the right intent first for at least 80% of its in-scope questions', () => {
    expect(evaluation.inScopeTop1Accuracy, misses(evaluation)).toBeGreaterThanOrEqual(0.8);
  });

  it('abstains on at least 80% of its out-of-scope questions', () => {
    expect(evaluation.outOfScopeAbstention, misses(evaluation)).toBeGreaterThanOrEqual(0.8);
  });
});

/**
 * The shared dev set, scored and held to its bars where it is beside the repository (CI); a clone
 * without it skips this block, visibly, and still has the gates above.
 */
describe.skipIf(!devSetPresent)(
  devSetPresent
    ? `FAQ quality on the shared dev set (${devSetPath})`
    : `FAQ quality on the shared dev set: SKIPPED, ${devSetPath} is not beside the repository`,
  () => {
    let evaluation: Evaluation;

    beforeAll(() => {
      evaluation = evaluateMatcher(shipped.matcher, labelled(devSetPath));
      process.stdout.write(figures('shared dev set', evaluation));
    });

    it('measures, and is not content: no example or keyword of an intent is one of its questions word for word', () => {
      const same = (s: string) =>
        s
          .toLowerCase()
          .replace(/[^\p{L}\p{N}]+/gu, ' ')
          .trim();
      const asked = new Set(labelled(devSetPath).map((q) => same(q.q)));
      const copied = shipped.faq.intents.flatMap((i) =>
        [...i.examples, ...i.keywords].filter((e) => asked.has(same(e))).map((e) => `${i.id}: "${e}"`),
      );
      expect(copied).toEqual([]);
    });

    it('has both in-scope and out-of-scope questions to measure', () => {
      expect(evaluation.inScope).toBeGreaterThan(0);
      expect(evaluation.outOfScope).toBeGreaterThan(0);
    });

    it('puts the right intent first for at least 95% of in-scope questions', () => {
      expect(evaluation.inScopeTop1Accuracy, misses(evaluation)).toBeGreaterThanOrEqual(0.95);
    });

    it('has the right intent among the first three candidates for at least 98% of in-scope questions', () => {
      expect(evaluation.inScopeTop3Accuracy, misses(evaluation)).toBeGreaterThanOrEqual(0.98);
    });

    it('abstains on at least 95% of out-of-scope questions', () => {
      expect(evaluation.outOfScopeAbstention, misses(evaluation)).toBeGreaterThanOrEqual(0.95);
    });

    it('answers at least 85% of in-scope questions outright and correctly', () => {
      expect(evaluation.inScopeAnsweredAccuracy, misses(evaluation)).toBeGreaterThanOrEqual(0.85);
    });

    it('never answers an out-of-scope question outright', () => {
      expect(evaluation.outOfScopeAnswerRate, misses(evaluation)).toBe(0);
    });
  },
);

describe('evaluateMatcher', () => {
  /** A matcher that returns canned results, so the arithmetic can be checked by hand. */
  function cannedMatcher(results: Record<string, MatchResult>): Matcher {
    return { match: (q) => results[q] ?? { decision: 'abstain', intent: null, score: 0, suggestions: [] } };
  }
  const answer = (id: string): MatchResult => ({ decision: 'answer', intent: id, score: 0.9, suggestions: [{ id, score: 0.9 }] });
  const suggest = (...ids: string[]): MatchResult => ({
    decision: 'suggest',
    intent: null,
    score: 0.5,
    suggestions: ids.map((id) => ({ id, score: 0.5 })),
  });

  const matcher = cannedMatcher({
    right: answer('a'),
    wrong: answer('b'),
    suggestedFirst: suggest('a', 'b'),
    suggestedSecond: suggest('b', 'a'),
    oosSuggest: suggest('a'),
    oosAnswer: answer('a'),
  });
  const evaluation = evaluateMatcher(matcher, [
    { q: 'right', intent: 'a' },
    { q: 'wrong', intent: 'a' },
    { q: 'suggestedFirst', intent: 'a' },
    { q: 'suggestedSecond', intent: 'a' },
    { q: 'abstained', intent: 'a' },
    { q: 'oosAbstain', intent: null },
    { q: 'oosSuggest', intent: null },
    { q: 'oosAnswer', intent: null },
  ]);

  it('counts a correct answer or a correct first suggestion as top-1', () => {
    expect(evaluation.inScopeTop1Accuracy).toBeCloseTo(2 / 5);
  });

  it('counts the label among the answer and the choices as top-3', () => {
    expect(evaluation.inScopeTop3Accuracy).toBeCloseTo(3 / 5);
  });

  it('counts only correct outright answers as answered accuracy, and wrong ones apart', () => {
    expect(evaluation.inScopeAnsweredAccuracy).toBeCloseTo(1 / 5);
    expect(evaluation.inScopeWrongAnswerRate).toBeCloseTo(1 / 5);
  });

  it('counts only an abstention as abstaining on an out-of-scope question', () => {
    expect(evaluation.outOfScopeAbstention).toBeCloseTo(1 / 3);
    expect(evaluation.outOfScopeAnswerRate).toBeCloseTo(1 / 3);
  });

  it('lists every miss and tallies the decisions', () => {
    expect(evaluation.confusions.map((c) => c.q)).toEqual([
      'wrong',
      'suggestedFirst',
      'suggestedSecond',
      'abstained',
      'oosSuggest',
      'oosAnswer',
    ]);
    expect(evaluation.decisions).toEqual({ answer: 3, suggest: 3, abstain: 2 });
  });

  it('scores leave-one-out by rebuilding the matcher without each example in turn', () => {
    const intent = (id: string, examples: string[]): Intent => ({
      id,
      title: id,
      group: 'g',
      examples,
      keywords: [],
      links: [],
      owner: 'biro',
      updated: '2026-12-01',
      answer: id,
      sourcePath: id,
    });
    // A matcher that only knows its examples verbatim: every left-out example is a miss, except
    // where another example of the same intent says the same.
    const build = (intents: readonly Intent[]): Matcher => ({
      match: (q) => {
        const hit = intents.find((i) => i.examples.includes(q));
        return hit ? answer(hit.id) : { decision: 'abstain', intent: null, score: 0, suggestions: [] };
      },
    });
    const result = leaveOneOut([intent('a', ['x', 'x', 'y']), intent('b', ['z']), intent('c', ['w', 'v'])], build);
    expect(result.examples).toBe(5);
    expect(result.top1).toBeCloseTo(2 / 5);
    expect(result.misses.map((m) => m.example)).toEqual(['y', 'w', 'v']);
  });

  it('names the line of a malformed JSONL record', () => {
    expect(() => parseLabelledJsonl('{"q":"a","intent":null}\n{"q":1}', 'dev.jsonl')).toThrow('dev.jsonl:2');
  });
});
