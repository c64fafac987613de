/**
 * The periodic report's figures (issue 15), computed from what the store read: tickets alive in
 * the period, their status changes, the ratings given, the FAQ's unanswered questions, and the
 * IKM survey when one ran. Pure: the clock and the calendar come from the caller. The JSON this
 * returns is the single source the PDF, XLSX and CSV are drawn from.
 */
import type { IncidentSummary } from '../incidents/incident.js';
import type { GapGroup } from '../staff/gaps.js';
import type { ReportStatusEvent, ReportTicketRow } from '../store/period-report.js';
import type { SurveyReport } from '../survey/report.js';
import type { WorkingCalendar } from '../tickets/sla.js';
import type { TicketStatus } from '../tickets/ticket.js';
import { texts } from '../core/catalogue.js';
import { addDays, localMidnight, type ReportPeriod } from './period.js';

export const OWNERS = ['biro', 'lkpp', 'telkom', 'pokja'] as const;
export type Owner = (typeof OWNERS)[number];
export const PARTIES = ['LKPP', 'Telkom'] as const;
export type Party = (typeof PARTIES)[number];

export interface CategoryInfo {
  id: string;
  label: string;
  owner: Owner;
}

export interface Counts {
  opened: number;
  resolved: number;
  closed: number;
  /** Open at the end of the period. */
  stillOpen: number;
}

export interface SlaFigures {
  met: number;
  breached: number;
  /** Working hours, of the tickets done. */
  medianHours: number | null;
  p90Hours: number | null;
}

export interface EscalationRow {
  ticket: number;
  party: Party;
  externalRef: string | null;
  category: string;
  forwardedAt: string;
  /** When it came back into the bureau's hands; null while still waiting. */
  returnedAt: string | null;
  /** Working days with the party (until returned, or until the end of the period). */
  workingDays: number;
  waiting: boolean;
  status: TicketStatus;
}

export interface PeriodFigures {
  period: { key: string; firstDay: string; lastDay: string };
  totals: Counts;
  byCategory: Array<{ category: string; label: string } & Counts>;
  byOwner: Array<{ owner: Owner } & Counts>;
  byChannel: Array<{ channel: string } & Counts>;
  sla: {
    firstResponse: SlaFigures;
    resolution: SlaFigures;
    /** Share of resolution met among tickets due (0–100, one decimal), null when none was due. */
    onTimePercent: number | null;
    byCategory: Array<{ category: string; label: string; firstResponse: SlaFigures; resolution: SlaFigures }>;
  };
  escalations: {
    rows: EscalationRow[];
    totals: Array<{
      party: Party;
      count: number;
      waiting: number;
      meanWorkingDays: number | null;
      /** Working hours with the party inside the period. */
      workingHours: number;
      /** Of all the working time users' tickets were open in the period, the share with this party (0–100). */
      sharePercent: number | null;
    }>;
  };
  recurring: {
    categories: Array<{ category: string; label: string; count: number }>;
    gaps: Array<{ terms: string[]; count: number; examples: string[] }>;
    unanswered: number;
  };
  satisfaction: {
    ratings: number;
    mean: number | null;
    distribution: Record<'1' | '2' | '3' | '4', number>;
    survey: {
      period: string;
      respondents: number;
      ikm: number | null;
      grade: string | null;
      gradeLabel: string | null;
      quadrantI: Array<{ code: string; name: string; performance: number; importance: number }>;
      /** The whole survey report (`ikm report --json`), which the IPA diagram is drawn from. */
      report: SurveyReport;
    } | null;
  };
  /** Tickets opened per local week (Monday first) by owner. */
  weekly: Array<{ weekStart: string } & Record<Owner, number>>;
  /** Incidents (SPSE/e-katalog down for everyone) alive in the period, oldest first. */
  incidents: Array<{
    incident: string;
    title: string;
    system: string;
    owner: string;
    status: string;
    startedAt: string;
    endedAt: string | null;
    /** From start to end, or to the period's end while unresolved (clock hours, one decimal). */
    durationHours: number;
    affectedUsers: number;
    tickets: number;
  }>;
}

export interface TicketRowOut {
  ticket: number;
  category: string;
  owner: Owner;
  channel: string;
  status: TicketStatus;
  createdAt: string;
  firstRespondedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  externalParty: string | null;
  externalRef: string | null;
  rating: number | null;
}

export interface PeriodReport extends PeriodFigures {
  /** The generated paragraph in Indonesian at the top of the report. */
  summary: string;
  generatedAt: string;
  timeZone: string;
  previous: PeriodFigures;
  tickets: TicketRowOut[];
}

export interface PeriodInput {
  period: ReportPeriod;
  tickets: readonly ReportTicketRow[];
  events: readonly ReportStatusEvent[];
  ratings: ReadonlyArray<{ ticketId: number; rating: number }>;
  gaps: readonly GapGroup[];
  unanswered: number;
  survey?: SurveyReport | undefined;
  incidents?: readonly IncidentSummary[] | undefined;
}

export interface ComputeContext {
  categories: readonly CategoryInfo[];
  calendar: WorkingCalendar;
  /** Working minutes of one working day (for "hari kerja"). */
  workingDayMinutes: number;
  timeZone: string;
  now: Date;
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The 90th percentile by nearest rank: the value at rank ⌈0.9·n⌉. */
export function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.ceil(0.9 * s.length) - 1]!;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const within = (d: Date | null, p: ReportPeriod) => d !== null && d >= p.from && d < p.to;
const finishedAt = (t: ReportTicketRow) => {
  const times = [t.resolvedAt, t.closedAt].filter((d): d is Date => d !== null);
  return times.length ? new Date(Math.min(...times.map((d) => d.getTime()))) : null;
};

/** Whose hands a ticket is in: the party it was escalated to, else its category's owner. */
export function ownerOf(t: Pick<ReportTicketRow, 'externalParty' | 'category'>, categories: readonly CategoryInfo[]): Owner {
  const party = t.externalParty?.toLowerCase();
  if (party === 'lkpp' || party === 'telkom') return party;
  return categories.find((c) => c.id === t.category)?.owner ?? 'biro';
}

function counts(list: readonly ReportTicketRow[], p: ReportPeriod): Counts {
  return {
    opened: list.filter((t) => within(t.createdAt, p)).length,
    resolved: list.filter((t) => within(t.resolvedAt, p)).length,
    closed: list.filter((t) => within(t.closedAt, p)).length,
    stillOpen: list.filter((t) => t.createdAt < p.to && !(finishedAt(t) && finishedAt(t)! < p.to)).length,
  };
}

function groupBy<K extends string>(list: readonly ReportTicketRow[], key: (t: ReportTicketRow) => K): Map<K, ReportTicketRow[]> {
  const out = new Map<K, ReportTicketRow[]>();
  for (const t of list) out.set(key(t), [...(out.get(key(t)) ?? []), t]);
  return out;
}

/**
 * SLA of the tickets opened in the period, judged among those that were due: done (met when by
 * the due time), or not done with the due time before the end of the period (breached).
 */
function sla(
  cohort: readonly ReportTicketRow[],
  which: 'firstResponse' | 'resolution',
  asOf: Date,
  ctx: ComputeContext,
): SlaFigures {
  let met = 0;
  let breached = 0;
  const hours: number[] = [];
  for (const t of cohort) {
    const done = which === 'firstResponse' ? t.firstRespondedAt : finishedAt(t);
    const due = which === 'firstResponse' ? t.firstResponseDueAt : t.resolutionDueAt;
    if (done) {
      if (due === null || done <= due) met++;
      else breached++;
      hours.push(ctx.calendar.workingMinutesBetween(t.createdAt, done) / 60);
    } else if (due !== null && due < asOf) breached++;
  }
  const m = median(hours);
  const p = p90(hours);
  return { met, breached, medianHours: m === null ? null : round(m, 2), p90Hours: p === null ? null : round(p, 2) };
}

/**
 * Intervals a ticket spent escalated: from a move to `escalated` to its return to the bureau (back
 * in progress, resolved or closed); escalated again later starts a new one. A question to the user
 * in between (`waiting_user`) does not end it.
 */
export function escalationSpans(
  events: readonly ReportStatusEvent[],
): Array<{ ticketId: number; forwardedAt: Date; returnedAt: Date | null }> {
  const out: Array<{ ticketId: number; forwardedAt: Date; returnedAt: Date | null }> = [];
  const open = new Map<number, { ticketId: number; forwardedAt: Date; returnedAt: Date | null }>();
  for (const e of events) {
    const span = open.get(e.ticketId);
    if (!span && e.toStatus === 'escalated') {
      const fresh = { ticketId: e.ticketId, forwardedAt: e.at, returnedAt: null };
      open.set(e.ticketId, fresh);
      out.push(fresh);
    } else if (span && (e.toStatus === 'in_progress' || e.toStatus === 'resolved' || e.toStatus === 'closed')) {
      span.returnedAt = e.at;
      open.delete(e.ticketId);
    }
  }
  return out;
}

function clip(from: Date, to: Date, p: ReportPeriod, asOf: Date): [Date, Date] | null {
  const a = from > p.from ? from : p.from;
  const end = asOf < p.to ? asOf : p.to;
  const b = to < end ? to : end;
  return b > a ? [a, b] : null;
}

function figures(input: PeriodInput, ctx: ComputeContext): PeriodFigures {
  const { period: p } = input;
  const asOf = ctx.now < p.to ? ctx.now : p.to;
  const list = input.tickets.filter((t) => t.createdAt < p.to);
  const cohort = list.filter((t) => within(t.createdAt, p));
  const label = (id: string) => ctx.categories.find((c) => c.id === id)?.label ?? id;
  const byCat = groupBy(list, (t) => t.category);
  const catOrder = [
    ...ctx.categories.map((c) => c.id),
    ...[...byCat.keys()].filter((k) => !ctx.categories.some((c) => c.id === k)),
  ];
  const byCategory = catOrder
    .filter((id) => byCat.has(id))
    .map((id) => ({ category: id, label: label(id), ...counts(byCat.get(id)!, p) }));
  const byOwnerMap = groupBy(list, (t) => ownerOf(t, ctx.categories));
  const byChannelMap = groupBy(list, (t) => t.channel);

  const firstResponse = sla(cohort, 'firstResponse', asOf, ctx);
  const resolution = sla(cohort, 'resolution', asOf, ctx);
  const cohortByCat = groupBy(cohort, (t) => t.category);

  // Escalations alive in the period.
  const spans = escalationSpans(input.events);
  const byId = new Map(list.map((t) => [t.id, t]));
  const rows: EscalationRow[] = [];
  let openMinutes = 0;
  const partyMinutes: Record<Party, number> = { LKPP: 0, Telkom: 0 };
  for (const t of list) {
    const span = clip(t.createdAt, finishedAt(t) ?? asOf, p, asOf);
    if (span) openMinutes += ctx.calendar.workingMinutesBetween(span[0], span[1]);
  }
  for (const s of spans) {
    const t = byId.get(s.ticketId);
    if (!t || s.forwardedAt >= p.to || (s.returnedAt !== null && s.returnedAt < p.from)) continue;
    const party: Party | undefined = t.externalParty === 'LKPP' ? 'LKPP' : t.externalParty === 'Telkom' ? 'Telkom' : undefined;
    if (!party) continue;
    const until = s.returnedAt && s.returnedAt < asOf ? s.returnedAt : asOf;
    const inPeriod = clip(s.forwardedAt, until, p, asOf);
    if (inPeriod) partyMinutes[party] += ctx.calendar.workingMinutesBetween(inPeriod[0], inPeriod[1]);
    rows.push({
      ticket: t.id,
      party,
      externalRef: t.externalRef,
      category: t.category,
      forwardedAt: s.forwardedAt.toISOString(),
      returnedAt: s.returnedAt && s.returnedAt < p.to ? s.returnedAt.toISOString() : null,
      workingDays: round(ctx.calendar.workingMinutesBetween(s.forwardedAt, until) / ctx.workingDayMinutes, 2),
      waiting: !(s.returnedAt && s.returnedAt < p.to),
      status: t.status,
    });
  }
  rows.sort((a, b) => a.forwardedAt.localeCompare(b.forwardedAt) || a.ticket - b.ticket);
  const totals = PARTIES.map((party) => {
    const mine = rows.filter((r) => r.party === party);
    return {
      party,
      count: mine.length,
      waiting: mine.filter((r) => r.waiting).length,
      meanWorkingDays: mine.length ? round(mine.reduce((s, r) => s + r.workingDays, 0) / mine.length, 2) : null,
      workingHours: round(partyMinutes[party] / 60, 2),
      sharePercent: openMinutes > 0 ? round((100 * partyMinutes[party]) / openMinutes, 1) : null,
    };
  });

  const ratingValues = input.ratings.map((r) => r.rating).filter((r) => r >= 1 && r <= 4);
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0 };
  for (const r of ratingValues) distribution[String(r) as '1']++;

  // Weeks (Monday first, local) that overlap the period.
  const weekly: PeriodFigures['weekly'] = [];
  const mondayOf = (date: string) => {
    const dow = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
    return addDays(date, -dow);
  };
  for (let w = mondayOf(p.firstDay); w <= p.lastDay; w = addDays(w, 7)) {
    const start = localMidnight(w, ctx.timeZone);
    const end = localMidnight(addDays(w, 7), ctx.timeZone);
    const row = { weekStart: w, biro: 0, lkpp: 0, telkom: 0, pokja: 0 };
    for (const t of cohort) if (t.createdAt >= start && t.createdAt < end) row[ownerOf(t, ctx.categories)]++;
    weekly.push(row);
  }

  const done = resolution.met + resolution.breached;
  const survey = input.survey && input.survey.respondents > 0 ? input.survey : undefined;
  return {
    period: { key: p.key, firstDay: p.firstDay, lastDay: p.lastDay },
    totals: counts(list, p),
    byCategory,
    byOwner: OWNERS.filter((o) => byOwnerMap.has(o)).map((owner) => ({ owner, ...counts(byOwnerMap.get(owner)!, p) })),
    byChannel: [...byChannelMap.keys()].sort().map((channel) => ({ channel, ...counts(byChannelMap.get(channel)!, p) })),
    sla: {
      firstResponse,
      resolution,
      onTimePercent: done ? round((100 * resolution.met) / done, 1) : null,
      byCategory: catOrder
        .filter((id) => cohortByCat.has(id))
        .map((id) => ({
          category: id,
          label: label(id),
          firstResponse: sla(cohortByCat.get(id)!, 'firstResponse', asOf, ctx),
          resolution: sla(cohortByCat.get(id)!, 'resolution', asOf, ctx),
        })),
    },
    escalations: { rows, totals },
    recurring: {
      categories: [...cohortByCat]
        .map(([id, ts]) => ({ category: id, label: label(id), count: ts.length }))
        .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category))
        .slice(0, 5),
      gaps: input.gaps.map((g) => ({ terms: g.terms, count: g.count, examples: g.examples })),
      unanswered: input.unanswered,
    },
    satisfaction: {
      ratings: ratingValues.length,
      mean: ratingValues.length ? round(ratingValues.reduce((s, r) => s + r, 0) / ratingValues.length, 2) : null,
      distribution,
      survey: survey
        ? {
            period: survey.period,
            respondents: survey.respondents,
            ikm: survey.ikm,
            grade: survey.grade,
            gradeLabel: survey.gradeLabel,
            quadrantI: survey.ipa.items
              .filter((i) => i.quadrant === 'concentrate')
              .map((i) => ({ code: i.code, name: i.name, performance: i.performance, importance: i.importance })),
            report: survey,
          }
        : null,
    },
    weekly,
    incidents: [...(input.incidents ?? [])]
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.id - b.id)
      .map((i) => ({
        incident: `I-${i.id}`,
        title: i.title,
        system: i.system,
        owner: i.owner,
        status: i.status,
        startedAt: i.startedAt.toISOString(),
        endedAt: iso(i.endedAt),
        durationHours: round(i.durationMinutes / 60),
        affectedUsers: i.affectedUsers,
        tickets: i.tickets,
      })),
  };
}

/** The report of a period, with the previous period's figures beside it and the raw ticket rows. */
export function computePeriodReport(current: PeriodInput, previous: PeriodInput, ctx: ComputeContext): PeriodReport {
  const p = current.period;
  const now = figures(current, ctx);
  const before = figures(previous, ctx);
  const party = (name: Party) => now.escalations.totals.find((t) => t.party === name)!;
  return {
    generatedAt: ctx.now.toISOString(),
    timeZone: ctx.timeZone,
    summary: texts.periodReport.summary({
      firstDay: p.firstDay,
      lastDay: p.lastDay,
      opened: now.totals.opened,
      previousOpened: before.totals.opened,
      resolved: now.totals.resolved,
      stillOpen: now.totals.stillOpen,
      onTimePercent: now.sla.onTimePercent,
      lkpp: { count: party('LKPP').count, meanDays: party('LKPP').meanWorkingDays },
      telkom: { count: party('Telkom').count, meanDays: party('Telkom').meanWorkingDays },
      meanRating: now.satisfaction.mean,
    }),
    ...now,
    previous: before,
    tickets: current.tickets
      .filter((t) => t.createdAt < p.to)
      .map((t) => ({
        ticket: t.id,
        category: t.category,
        owner: ownerOf(t, ctx.categories),
        channel: t.channel,
        status: t.status,
        createdAt: t.createdAt.toISOString(),
        firstRespondedAt: iso(t.firstRespondedAt),
        resolvedAt: iso(t.resolvedAt),
        closedAt: iso(t.closedAt),
        externalParty: t.externalParty,
        externalRef: t.externalRef,
        rating: t.rating,
      })),
  };
}
