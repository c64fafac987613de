/**
 * The IKM method of PermenPANRB No. 14/2017 and the Importance–Performance Analysis of Martilla &
 * James (1977), as pure functions over answers: no I/O, no clock. Every figure is computed on the
 * exact values and rounded only where it is reported.
 */

/** The nine elements (unsur) of the regulation, by stable code: answers are stored by code, never by position. */
export const UNSUR = [
  { code: 'U1', name: 'Persyaratan' },
  { code: 'U2', name: 'Sistem, mekanisme dan prosedur' },
  { code: 'U3', name: 'Waktu penyelesaian' },
  { code: 'U4', name: 'Biaya/tarif' },
  { code: 'U5', name: 'Produk spesifikasi jenis pelayanan' },
  { code: 'U6', name: 'Kompetensi pelaksana' },
  { code: 'U7', name: 'Perilaku pelaksana' },
  { code: 'U8', name: 'Sarana dan prasarana' },
  { code: 'U9', name: 'Penanganan pengaduan, saran dan masukan' },
] as const;
export type UnsurCode = (typeof UNSUR)[number]['code'];
export const UNSUR_CODES = UNSUR.map((u) => u.code) as UnsurCode[];

/** The scale: 1 (tidak sesuai) to 4 (sangat sesuai). */
export const SCALE_MIN = 1;
export const SCALE_MAX = 4;

/** One question of the survey, as the analysis needs it. */
export interface ItemDef {
  code: string;
  name: string;
  unsur: UnsurCode;
  /** Whether the item also asks how important it is (needed for IPA). */
  importance: boolean;
}

/** One respondent's answer to one item; either score may be missing (skipped). */
export interface ItemAnswer {
  item: string;
  performance?: number | undefined;
  importance?: number | undefined;
}

/** One respondent's answers. */
export interface SurveyResponse {
  answers: readonly ItemAnswer[];
}

/** Half away from zero at `digits` decimals, without binary drift (1.005 → 1.01). */
export function round(value: number, digits: number): number {
  const shifted = Number(`${Math.abs(value)}e${digits}`);
  return Math.sign(value) * Number(`${Math.round(shifted)}e-${digits}`);
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export interface UnsurScore {
  code: UnsurCode;
  name: string;
  /** Mean of every performance answer to the items of this unsur; null when it has none. */
  nrr: number | null;
  answers: number;
}

/** NRR per unsur: the mean of all performance answers to its items (an item belongs to exactly one unsur). */
export function unsurScores(items: readonly ItemDef[], responses: readonly SurveyResponse[]): UnsurScore[] {
  const unsurOf = new Map(items.map((i) => [i.code, i.unsur]));
  const scores = new Map<UnsurCode, number[]>(UNSUR_CODES.map((c) => [c, []]));
  for (const r of responses)
    for (const a of r.answers) {
      const unsur = unsurOf.get(a.item);
      if (unsur && a.performance !== undefined) scores.get(unsur)!.push(a.performance);
    }
  return UNSUR.map(({ code, name }) => {
    const xs = scores.get(code)!;
    return { code, name, nrr: xs.length > 0 ? mean(xs) : null, answers: xs.length };
  });
}

export type IkmResult = { ok: true; value: number; exact: number } | { ok: false; missing: UnsurCode[] };

/**
 * IKM = (mean of the nine NRR) × 25: the weight is exactly 1/9 (not 0.111), and the index is
 * rounded to two decimals only here, at the end. No index without an answer for every unsur.
 */
export function ikmIndex(scores: readonly UnsurScore[]): IkmResult {
  const missing = UNSUR_CODES.filter((code) => {
    const s = scores.find((x) => x.code === code);
    return !s || s.nrr === null;
  });
  if (missing.length > 0) return { ok: false, missing };
  const sum = scores.reduce((a, s) => a + (s.nrr ?? 0), 0);
  const exact = (sum * 25) / UNSUR_CODES.length;
  return { ok: true, value: round(exact, 2), exact };
}

export type GradeLetter = 'A' | 'B' | 'C' | 'D';
export interface Grade {
  letter: GradeLetter;
  label: string;
}
/** The regulation's bands on the converted value (25–100), lowest bound of each. */
export const GRADE_BANDS: ReadonlyArray<{ letter: GradeLetter; label: string; from: number; to: number }> = [
  { letter: 'A', label: 'Sangat Baik', from: 88.31, to: 100 },
  { letter: 'B', label: 'Baik', from: 76.61, to: 88.3 },
  { letter: 'C', label: 'Kurang Baik', from: 65, to: 76.6 },
  { letter: 'D', label: 'Tidak Baik', from: 25, to: 64.99 },
];

/** The grade of an index, judged on its value rounded to two decimals (88.305 → 88.31 → A). */
export function gradeOf(ikm: number): Grade {
  const v = round(ikm, 2);
  const band = GRADE_BANDS.find((b) => v >= b.from) ?? GRADE_BANDS[GRADE_BANDS.length - 1]!;
  return { letter: band.letter, label: band.label };
}

/**
 * Krejcie–Morgan minimum sample: s = X²NP(1−P) / (d²(N−1) + X²P(1−P)), X² = 3.841, P = 0.5,
 * d = 0.05, rounded up.
 */
export function krejcieMorgan(population: number): number {
  if (!Number.isInteger(population) || population < 1) throw new RangeError('population must be a whole number ≥ 1');
  const x2 = 3.841;
  const pq = 0.25;
  const d2 = 0.0025;
  const s = (x2 * population * pq) / (d2 * (population - 1) + x2 * pq);
  // A tiny tolerance so an exact whole number is not pushed up by binary rounding.
  return Math.ceil(s - 1e-9);
}

export const QUADRANTS = ['concentrate', 'keep_up', 'low_priority', 'overkill'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

export interface IpaItem {
  code: string;
  name: string;
  /** X̄: mean performance. */
  performance: number;
  /** Ȳ: mean importance. */
  importance: number;
  quadrant: Quadrant;
  /** Tingkat kesesuaian: Σ performance ÷ Σ importance × 100. */
  tki: number;
  /** Respondents who gave both scores. */
  pairs: number;
}

export interface IpaResult {
  /** The vertical cross-hair: the mean of the items' X̄. */
  performanceLine: number;
  /** The horizontal cross-hair: the mean of the items' Ȳ. */
  importanceLine: number;
  items: IpaItem[];
}

/** Importance on or above the line and performance below it is `concentrate` (Prioritas utama), and so on. */
export function quadrantOf(performance: number, importance: number, performanceLine: number, importanceLine: number): Quadrant {
  const important = importance >= importanceLine;
  const performing = performance >= performanceLine;
  if (important) return performing ? 'keep_up' : 'concentrate';
  return performing ? 'overkill' : 'low_priority';
}

/**
 * IPA over the items that ask importance. Each item's means are taken over the respondents who
 * gave it both scores, so X̄ ÷ Ȳ and Σ performance ÷ Σ importance are the same Tki. Items nobody
 * scored both ways are left out. Null when no item is left.
 */
export function ipa(items: readonly ItemDef[], responses: readonly SurveyResponse[]): IpaResult | null {
  const pairs = new Map<string, { k: number; h: number; n: number }>();
  const asked = new Map(items.filter((i) => i.importance).map((i) => [i.code, i]));
  for (const r of responses)
    for (const a of r.answers) {
      if (!asked.has(a.item) || a.performance === undefined || a.importance === undefined) continue;
      const p = pairs.get(a.item) ?? { k: 0, h: 0, n: 0 };
      p.k += a.performance;
      p.h += a.importance;
      p.n += 1;
      pairs.set(a.item, p);
    }
  const scored = [...asked.values()].flatMap((item) => {
    const p = pairs.get(item.code);
    return p && p.n > 0 ? [{ item, p }] : [];
  });
  if (scored.length === 0) return null;
  const performanceLine = mean(scored.map(({ p }) => p.k / p.n));
  const importanceLine = mean(scored.map(({ p }) => p.h / p.n));
  return {
    performanceLine,
    importanceLine,
    items: scored.map(({ item, p }) => {
      const performance = p.k / p.n;
      const importance = p.h / p.n;
      return {
        code: item.code,
        name: item.name,
        performance,
        importance,
        quadrant: quadrantOf(performance, importance, performanceLine, importanceLine),
        tki: (p.k / p.h) * 100,
        pairs: p.n,
      };
    }),
  };
}

export type CsiBand = 'sangat puas' | 'puas' | 'cukup puas' | 'kurang puas' | 'tidak puas';
export const CSI_BANDS: ReadonlyArray<{ band: CsiBand; from: number }> = [
  { band: 'sangat puas', from: 0.81 },
  { band: 'puas', from: 0.66 },
  { band: 'cukup puas', from: 0.51 },
  { band: 'kurang puas', from: 0.35 },
  { band: 'tidak puas', from: 0 },
];

/**
 * Customer Satisfaction Index over the IPA items: weight = Ȳ ÷ ΣȲ, CSI = Σ(weight × X̄) ÷ 4.
 * The band is judged on the value rounded to two decimals.
 */
export function csi(result: IpaResult): { value: number; band: CsiBand } {
  const total = result.items.reduce((a, i) => a + i.importance, 0);
  const value = result.items.reduce((a, i) => a + (i.importance / total) * i.performance, 0) / SCALE_MAX;
  const v = round(value, 2);
  return { value, band: (CSI_BANDS.find((b) => v >= b.from) ?? CSI_BANDS[CSI_BANDS.length - 1]!).band };
}

export interface Trend {
  /** This period's index minus the previous one; null when either has none. */
  ikmChange: number | null;
  /** Items in `concentrate` before that are in another quadrant now (or no longer scored). */
  leftConcentrate: Array<{ code: string; now: Quadrant | null }>;
  /** Items in `concentrate` now that were not before. */
  enteredConcentrate: string[];
}

/** What changed since the previous period: the index, and which items left or entered quadrant I. */
export function trend(
  now: { ikm: number | null; ipa: IpaResult | null },
  before: { ikm: number | null; ipa: IpaResult | null },
): Trend {
  const quadrants = (r: IpaResult | null) => new Map((r?.items ?? []).map((i) => [i.code, i.quadrant]));
  const q0 = quadrants(before.ipa);
  const q1 = quadrants(now.ipa);
  return {
    ikmChange: now.ikm !== null && before.ikm !== null ? round(now.ikm - before.ikm, 2) : null,
    leftConcentrate: [...q0]
      .filter(([, q]) => q === 'concentrate')
      .flatMap(([code]) => (q1.get(code) === 'concentrate' ? [] : [{ code, now: q1.get(code) ?? null }])),
    enteredConcentrate: [...q1].filter(([code, q]) => q === 'concentrate' && q0.get(code) !== 'concentrate').map(([c]) => c),
  };
}
