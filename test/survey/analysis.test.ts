import { describe, expect, it } from 'vitest';
import {
  UNSUR_CODES,
  csi,
  gradeOf,
  ikmIndex,
  ipa,
  krejcieMorgan,
  quadrantOf,
  round,
  trend,
  unsurScores,
  type ItemDef,
  type SurveyResponse,
  type UnsurScore,
} from '../../src/survey/analysis.js';

/*
 * FACTS.md (the project's domain notes) has no published worked example with respondent-level
 * data, so the examples below are small ones computed by hand; the expected figures are written
 * out in the comments. The sample-size values 100 → 80, 1000 → 278 and very large N → 384 are the
 * ones the issue and the domain notes give for Krejcie–Morgan.
 */

const nineItems: ItemDef[] = UNSUR_CODES.map((u) => ({ code: u, name: `Item ${u}`, unsur: u, importance: true }));
const respond = (scores: number[]): SurveyResponse => ({
  answers: scores.map((k, i) => ({ item: UNSUR_CODES[i]!, performance: k })),
});
const flat = (nrr: number): UnsurScore[] => UNSUR_CODES.map((code) => ({ code, name: code, nrr, answers: 1 }));

describe('NRR and IKM', () => {
  it('takes the NRR of each unsur as the mean of its answers and the IKM as their mean times 25', () => {
    // By hand: U1 (3+4+3)/3, U2 (3+4+2)/3 … the nine sums are 10,9,10,11,10,10,11,10,9 = 90,
    // so the mean NRR is 90/27 = 3.3333… and IKM = 83.333… → 83.33 (B, Baik).
    const scores = unsurScores(nineItems, [
      respond([3, 3, 3, 3, 3, 3, 3, 3, 3]),
      respond([4, 4, 4, 4, 4, 4, 4, 4, 4]),
      respond([3, 2, 3, 4, 3, 3, 4, 3, 2]),
    ]);
    expect(scores.map((s) => round(s.nrr!, 3))).toEqual([3.333, 3, 3.333, 3.667, 3.333, 3.333, 3.667, 3.333, 3]);
    const index = ikmIndex(scores);
    expect(index).toMatchObject({ ok: true, value: 83.33 });
    expect(gradeOf(83.33)).toEqual({ letter: 'B', label: 'Baik' });
  });

  it('pools every item of an unsur into its NRR, whatever their number', () => {
    const items: ItemDef[] = [...nineItems, { code: 'B3', name: 'Aksesibilitas', unsur: 'U8', importance: true }];
    const scores = unsurScores(items, [
      {
        answers: [
          { item: 'U8', performance: 4 },
          { item: 'B3', performance: 1 },
          { item: 'B3', performance: 1 },
        ],
      },
    ]);
    // (4 + 1 + 1) / 3 = 2
    expect(scores.find((s) => s.code === 'U8')!.nrr).toBe(2);
  });

  it('weighs every unsur by exactly 1/9: NRR 3.5325 everywhere gives 88.31 (A), where 0.111 would give 88.22 (B)', () => {
    const index = ikmIndex(flat(3.5325));
    expect(index).toMatchObject({ ok: true, value: 88.31 });
    expect(gradeOf(88.31).letter).toBe('A');
    // The shortcut the regulation's tables invite, for contrast: 9 × 3.5325 × 0.111 × 25.
    expect(round(9 * 3.5325 * 0.111 * 25, 2)).toBe(88.22);
    expect(gradeOf(88.22).letter).toBe('B');
  });

  it('rounds only at the end: NRR of 10/3 in every unsur is 83.33, not the 83.25 of NRR rounded to 3.33 first', () => {
    expect(ikmIndex(flat(10 / 3))).toMatchObject({ value: 83.33 });
    expect(ikmIndex(flat(3.33))).toMatchObject({ value: 83.25 });
  });

  it('computes no index while an unsur has no answers, and says which', () => {
    const scores = unsurScores(
      nineItems,
      [respond([4, 4, 4, 4, 4, 4, 4, 4, 4]).answers.slice(0, 7)].map((answers) => ({ answers })),
    );
    expect(ikmIndex(scores)).toEqual({ ok: false, missing: ['U8', 'U9'] });
  });

  it('grades on the bands of the regulation, at their edges', () => {
    const letter = (v: number) => gradeOf(v).letter;
    expect([100, 88.31, 88.305, 88.3, 76.61, 76.6, 65, 64.99, 25].map(letter)).toEqual([
      'A',
      'A',
      'A',
      'B',
      'B',
      'C',
      'C',
      'D',
      'D',
    ]);
    expect(gradeOf(70).label).toBe('Kurang Baik');
    expect(gradeOf(50).label).toBe('Tidak Baik');
  });
});

describe('Krejcie–Morgan sample size', () => {
  it('gives 80 for 100 users, 278 for 1000 and 384 for a million', () => {
    expect(krejcieMorgan(100)).toBe(80);
    expect(krejcieMorgan(1000)).toBe(278);
    expect(krejcieMorgan(1_000_000)).toBe(384);
  });

  it('rounds up, never down: 50 users give 44.34 → 45', () => {
    expect(krejcieMorgan(50)).toBe(45);
    expect(krejcieMorgan(1)).toBe(1);
  });

  it('refuses a population that is not a whole number of at least one', () => {
    expect(() => krejcieMorgan(0)).toThrow(RangeError);
    expect(() => krejcieMorgan(10.5)).toThrow(RangeError);
  });
});

describe('Importance–Performance Analysis', () => {
  const items: ItemDef[] = ['A', 'B', 'C', 'D'].map((code) => ({ code, name: `Item ${code}`, unsur: 'U2', importance: true }));
  const answer = (item: string, performance: number, importance: number) => ({ item, performance, importance });
  // By hand: X̄ A 2, B 3.5, C 3, D 1.5 → performance line 2.5; Ȳ A 4, B 3.5, C 2, D 1.5 → importance line 2.75.
  const responses: SurveyResponse[] = [
    { answers: [answer('A', 2, 4), answer('B', 4, 4), answer('C', 3, 2), answer('D', 1, 2)] },
    { answers: [answer('A', 2, 4), answer('B', 3, 3), answer('C', 3, 2), answer('D', 2, 1)] },
  ];

  it('puts the cross-hair at the mean of the item means and names each quadrant', () => {
    const result = ipa(items, responses)!;
    expect(result.performanceLine).toBe(2.5);
    expect(result.importanceLine).toBe(2.75);
    expect(Object.fromEntries(result.items.map((i) => [i.code, i.quadrant]))).toEqual({
      A: 'concentrate',
      B: 'keep_up',
      C: 'overkill',
      D: 'low_priority',
    });
  });

  it('gives Tki as the sum of performance over the sum of importance, in percent', () => {
    const tki = Object.fromEntries(ipa(items, responses)!.items.map((i) => [i.code, i.tki]));
    // A 4/8, B 7/7, C 6/4, D 3/3
    expect(tki).toEqual({ A: 50, B: 100, C: 150, D: 100 });
  });

  it('counts an item on a line as reaching it', () => {
    expect(quadrantOf(2.5, 2.75, 2.5, 2.75)).toBe('keep_up');
    expect(quadrantOf(2.49, 2.75, 2.5, 2.75)).toBe('concentrate');
    expect(quadrantOf(2.5, 2.74, 2.5, 2.75)).toBe('overkill');
  });

  it('uses only respondents who gave both scores, and leaves out items that do not ask importance', () => {
    const withGaps: SurveyResponse[] = [
      ...responses,
      {
        answers: [
          { item: 'A', performance: 4 },
          { item: 'B', importance: 1 },
        ],
      },
      { answers: [{ item: 'E', performance: 1, importance: 4 }] },
    ];
    const result = ipa([...items, { code: 'E', name: 'E', unsur: 'U1', importance: false }], withGaps)!;
    expect(result.items.map((i) => i.code)).toEqual(['A', 'B', 'C', 'D']);
    expect(result.items[0]!.performance).toBe(2);
    expect(result.items[0]!.pairs).toBe(2);
  });

  it('has no diagram without a single pair of scores', () => {
    expect(ipa(items, [{ answers: [{ item: 'A', performance: 3 }] }])).toBeNull();
  });

  it('weighs the CSI by importance: 28.5 / 11 / 4 = 0.648, cukup puas', () => {
    const result = csi(ipa(items, responses)!);
    expect(round(result.value, 3)).toBe(0.648);
    expect(result.band).toBe('cukup puas');
  });
});

describe('trend', () => {
  const line = { performanceLine: 2.5, importanceLine: 2.5 };
  const item = (code: string, quadrant: 'concentrate' | 'keep_up' | 'low_priority' | 'overkill') => ({
    code,
    name: code,
    performance: 0,
    importance: 0,
    quadrant,
    tki: 0,
    pairs: 1,
  });

  it('names the items that left quadrant I and those that entered it, and the change of the index', () => {
    const before = {
      ikm: 74.5,
      ipa: { ...line, items: [item('B3', 'concentrate'), item('B11', 'concentrate'), item('B12', 'keep_up')] },
    };
    const now = {
      ikm: 78.25,
      ipa: { ...line, items: [item('B3', 'keep_up'), item('B11', 'concentrate'), item('B12', 'concentrate')] },
    };
    expect(trend(now, before)).toEqual({
      ikmChange: 3.75,
      leftConcentrate: [{ code: 'B3', now: 'keep_up' }],
      enteredConcentrate: ['B12'],
    });
  });

  it('has no change of the index when either period has none', () => {
    expect(trend({ ikm: 80, ipa: null }, { ikm: null, ipa: null }).ikmChange).toBeNull();
  });
});
