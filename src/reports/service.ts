import type { Config } from '../config.js';
import { createNormaliser, type Normaliser } from '../faq/normalise.js';
import type { Lexicon } from '../faq/types.js';
import { topGapGroups } from '../staff/gaps.js';
import type { FaqRepo } from '../store/faq.js';
import type { IncidentsRepo } from '../store/incidents.js';
import type { PeriodReportRepo } from '../store/period-report.js';
import type { SurveyRepo } from '../store/survey.js';
import { loadSurveyContent, type SurveyContent } from '../survey/content.js';
import { periodOf, type PeriodKind } from '../survey/period.js';
import { periodReport as surveyPeriodReport } from '../survey/service.js';
import type { Categories } from '../tickets/categories.js';
import type { WorkingCalendar } from '../tickets/sla.js';
import { computePeriodReport, type PeriodInput, type PeriodReport } from './compute.js';
import { previousOf, type ReportPeriod } from './period.js';

/** Unanswered questions read for one period's gap groups. */
const GAP_QUESTIONS_LIMIT = 5_000;
const GAP_GROUPS = 5;

export interface PeriodReportDeps {
  periodReport: PeriodReportRepo;
  faq: Pick<FaqRepo, 'unmatchedBetween' | 'periodStats'>;
  survey?: Pick<SurveyRepo, 'answersOf'> | undefined;
  incidents?: Pick<IncidentsRepo, 'inPeriod'> | undefined;
  surveyContent?: SurveyContent | undefined;
  surveyPeriod: PeriodKind;
  surveyPopulation?: number | undefined;
  categories: Categories;
  calendar: WorkingCalendar;
  normalise: Normaliser;
  timeZone: string;
  workStartHour: number;
  workEndHour: number;
}

function read(deps: PeriodReportDeps, period: ReportPeriod): PeriodInput {
  const tickets = deps.periodReport.ticketsTouching(period.from, period.to);
  const events = deps.periodReport.statusEvents(tickets.filter((t) => t.externalParty !== null).map((t) => t.id));
  const questions = deps.faq.unmatchedBetween(period.from, new Date(period.to.getTime() - 1), GAP_QUESTIONS_LIMIT);
  // The survey of the period the report starts in, when the questionnaire exists and answers came.
  const surveyKey = periodOf(period.from, deps.surveyPeriod, deps.timeZone);
  const survey =
    deps.survey && deps.surveyContent
      ? surveyPeriodReport(deps.survey, deps.surveyContent, surveyKey, deps.surveyPopulation)
      : undefined;
  return {
    period,
    tickets,
    events,
    ratings: deps.periodReport.ratingsBetween(period.from, period.to),
    gaps: topGapGroups(questions, deps.normalise, GAP_GROUPS),
    unanswered: deps.faq.periodStats(period.from, new Date(period.to.getTime() - 1)).unmatched,
    survey,
    incidents: deps.incidents?.inPeriod(period.from, period.to),
  };
}

/** The report of a period and the one before, read through the store's narrow repos. */
export function buildPeriodReport(deps: PeriodReportDeps, period: ReportPeriod, now: Date): PeriodReport {
  return computePeriodReport(read(deps, period), read(deps, previousOf(period, deps.timeZone)), {
    categories: deps.categories.list.map((c) => ({ id: c.id, label: c.label, owner: c.owner })),
    calendar: deps.calendar,
    workingDayMinutes: Math.max(1, (deps.workEndHour - deps.workStartHour) * 60),
    timeZone: deps.timeZone,
    now,
  });
}

/** What the report needs from a composed app (the CLI's, or the running desk's). */
export function reportDeps(app: {
  store: {
    periodReport: PeriodReportRepo;
    faq: PeriodReportDeps['faq'];
    survey: Pick<SurveyRepo, 'answersOf'>;
    incidents?: Pick<IncidentsRepo, 'inPeriod'>;
  };
  categories: Categories;
  calendar: WorkingCalendar;
  faq: { lexicon: Lexicon };
  config: Pick<Config, 'intentsDir' | 'survey' | 'timeZone' | 'tickets'>;
  /** The questionnaire when already loaded (null: none); read from the intents folder otherwise. */
  surveyContent?: SurveyContent | null;
}): PeriodReportDeps {
  const { config } = app;
  return {
    periodReport: app.store.periodReport,
    faq: app.store.faq,
    survey: app.store.survey,
    incidents: app.store.incidents,
    surveyContent: app.surveyContent === undefined ? loadSurveyContent(config.intentsDir) : (app.surveyContent ?? undefined),
    surveyPeriod: config.survey.period,
    surveyPopulation: config.survey.population,
    categories: app.categories,
    calendar: app.calendar,
    normalise: createNormaliser(app.faq.lexicon),
    timeZone: config.timeZone,
    workStartHour: config.tickets.workStartHour,
    workEndHour: config.tickets.workEndHour,
  };
}
