import {
  csi,
  gradeOf,
  ikmIndex,
  ipa,
  krejcieMorgan,
  round,
  trend,
  unsurScores,
  type CsiBand,
  type GradeLetter,
  type ItemDef,
  type Quadrant,
  type SurveyResponse,
  type Trend,
  type UnsurCode,
} from './analysis.js';

/**
 * The survey report of one period, in the shape `ikm report --json` prints (numbers rounded:
 * two decimals for the index, three for means). Extra keys beyond the shape (gradeLabel,
 * missingUnsur, csiBand, trend) only add to it.
 */
export interface SurveyReport {
  period: string;
  respondents: number;
  /** Krejcie–Morgan minimum for the configured population; null when none is configured. */
  sampleNeeded: number | null;
  ikm: number | null;
  grade: GradeLetter | null;
  gradeLabel: string | null;
  /** Unsur without any answer: why there is no index. */
  missingUnsur: UnsurCode[];
  unsur: Array<{ code: UnsurCode; name: string; nrr: number | null }>;
  ipa: {
    performanceLine: number | null;
    importanceLine: number | null;
    items: Array<{ code: string; name: string; performance: number; importance: number; quadrant: Quadrant; tki: number }>;
  };
  csi: number | null;
  csiBand: CsiBand | null;
  trend: (Trend & { previousPeriod: string; previousIkm: number | null; previousRespondents: number }) | null;
}

export interface ReportInput {
  period: string;
  items: readonly ItemDef[];
  responses: readonly SurveyResponse[];
  population?: number | undefined;
  previous?: { period: string; responses: readonly SurveyResponse[] } | undefined;
}

function analyse(items: readonly ItemDef[], responses: readonly SurveyResponse[]) {
  const scores = unsurScores(items, responses);
  const index = ikmIndex(scores);
  return { scores, index, ipa: ipa(items, responses) };
}

export function buildReport({ period, items, responses, population, previous }: ReportInput): SurveyReport {
  const now = analyse(items, responses);
  const ikm = now.index.ok ? now.index.value : null;
  const grade = ikm === null ? null : gradeOf(ikm);
  const satisfaction = now.ipa ? csi(now.ipa) : null;
  let trendPart: SurveyReport['trend'] = null;
  if (previous && previous.responses.length > 0) {
    const before = analyse(items, previous.responses);
    const previousIkm = before.index.ok ? before.index.value : null;
    trendPart = {
      previousPeriod: previous.period,
      previousIkm,
      previousRespondents: previous.responses.length,
      ...trend({ ikm, ipa: now.ipa }, { ikm: previousIkm, ipa: before.ipa }),
    };
  }
  return {
    period,
    respondents: responses.length,
    sampleNeeded: population ? krejcieMorgan(population) : null,
    ikm,
    grade: grade?.letter ?? null,
    gradeLabel: grade?.label ?? null,
    missingUnsur: now.index.ok ? [] : now.index.missing,
    unsur: now.scores.map((s) => ({ code: s.code, name: s.name, nrr: s.nrr === null ? null : round(s.nrr, 3) })),
    ipa: {
      performanceLine: now.ipa ? round(now.ipa.performanceLine, 3) : null,
      importanceLine: now.ipa ? round(now.ipa.importanceLine, 3) : null,
      items: (now.ipa?.items ?? []).map((i) => ({
        code: i.code,
        name: i.name,
        performance: round(i.performance, 3),
        importance: round(i.importance, 3),
        quadrant: i.quadrant,
        tki: round(i.tki, 2),
      })),
    },
    csi: satisfaction ? round(satisfaction.value, 3) : null,
    csiBand: satisfaction?.band ?? null,
    trend: trendPart,
  };
}
