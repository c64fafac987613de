import { texts } from '../core/catalogue.js';
import { DAY_MS, formatDateTime } from '../core/time.js';
import type { FaqRepo } from '../store/faq.js';
import type { TicketsRepo } from '../store/tickets.js';
import type { Ticket } from '../tickets/ticket.js';
import type { Categories } from '../tickets/categories.js';
import { isOpen } from '../tickets/lifecycle.js';
import type { WorkingCalendar } from '../tickets/sla.js';

export interface ReportFigures {
  from: Date;
  to: Date;
  opened: number;
  byCategory: Record<string, number>;
  byStatus: Record<string, number>;
  responded: number;
  firstResponseOnTime: number;
  /** Tickets whose first response can be judged: answered, or unanswered past the target. */
  firstResponseMeasured: number;
  medianFirstResponseMinutes: number | null;
  resolved: number;
  resolutionOnTime: number;
  resolutionMeasured: number;
  breachedOpen: number;
  escalations: { LKPP: number; Telkom: number };
  ratings: number;
  meanRating: number | null;
  faq: { unmatched: number; helpful: number; notHelpful: number };
}

function median(values: number[] | Float64Array): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const onTime = (done: Date | null, due: Date | null) => done !== null && (due === null || done.getTime() <= due.getTime());
/** Judged when done, or when the target has passed undone; a ticket not yet due is neither. */
const measurable = (done: Date | null, due: Date | null, now: Date) => done !== null || (due !== null && now > due);

/** What the report reads: the period's figures counted by the store and the FAQ's figures for it. */
export interface ReportSources {
  tickets: Pick<TicketsRepo, 'periodFigures' | 'firstResponses'>;
  faq: Pick<FaqRepo, 'periodStats'>;
}

/**
 * The period's figures, from tickets opened in it; SLA timing in working minutes of the calendar.
 * The counts come from one aggregate query; only the first-response times are read row by row,
 * for their working minutes.
 */
export function computeReport(store: ReportSources, calendar: WorkingCalendar, days: number, now: Date): ReportFigures {
  const from = new Date(now.getTime() - days * DAY_MS);
  const f = store.tickets.periodFigures(from, now, now);
  const { openedAt, respondedAt } = store.tickets.firstResponses(from, now);
  // A year holds ~100k answered tickets: two Date objects moved along instead of 200k new ones,
  // and a typed array, whose sort is numeric without a comparator.
  const minutes = new Float64Array(openedAt.length);
  const opened = new Date(0);
  const responded = new Date(0);
  for (let i = 0; i < minutes.length; i++) {
    opened.setTime(openedAt[i]!);
    responded.setTime(respondedAt[i]!);
    minutes[i] = Math.round(calendar.workingMinutesBetween(opened, responded));
  }
  return {
    from,
    to: now,
    opened: f.opened,
    byCategory: Object.fromEntries(f.byCategory),
    byStatus: Object.fromEntries(f.byStatus),
    responded: f.responded,
    firstResponseOnTime: f.firstResponseOnTime,
    firstResponseMeasured: f.firstResponseMeasured,
    medianFirstResponseMinutes: median(minutes),
    resolved: f.resolved,
    resolutionOnTime: f.resolutionOnTime,
    resolutionMeasured: f.resolutionMeasured,
    breachedOpen: f.breachedOpen,
    escalations: { LKPP: f.lkpp, Telkom: f.telkom },
    ratings: f.ratings,
    meanRating: f.ratings ? f.ratingSum / f.ratings : null,
    faq: store.faq.periodStats(from, now),
  };
}

/**
 * The same figures computed record by record from every ticket of the period, as the report was
 * before its counts moved into SQL: kept as the reference the aggregate is tested against (and
 * the growth bench's "old" column). Not for the desk: at 100k tickets it takes seconds.
 */
export function computeReportFromRecords(
  store: { tickets: Pick<TicketsRepo, 'createdBetween'>; faq: Pick<FaqRepo, 'periodStats'> },
  calendar: WorkingCalendar,
  days: number,
  now: Date,
): ReportFigures {
  const from = new Date(now.getTime() - days * DAY_MS);
  const list: Ticket[] = store.tickets.createdBetween(from, now);
  const count = (key: (t: Ticket) => string) =>
    list.reduce<Record<string, number>>((acc, t) => ((acc[key(t)] = (acc[key(t)] ?? 0) + 1), acc), {});
  const responded = list.filter((t) => t.firstRespondedAt);
  const resolved = list.filter((t) => t.resolvedAt || t.status === 'closed');
  const rated = list.filter((t) => t.rating !== null);
  const overdue = (t: Ticket) =>
    t.status !== 'waiting_user' &&
    ((!t.firstRespondedAt && t.firstResponseDueAt !== null && now > t.firstResponseDueAt) ||
      (t.resolutionDueAt !== null && now > t.resolutionDueAt));
  return {
    from,
    to: now,
    opened: list.length,
    byCategory: count((t) => t.category),
    byStatus: count((t) => t.status),
    responded: responded.length,
    firstResponseOnTime: list.filter((t) => onTime(t.firstRespondedAt, t.firstResponseDueAt)).length,
    firstResponseMeasured: list.filter((t) => measurable(t.firstRespondedAt, t.firstResponseDueAt, now)).length,
    medianFirstResponseMinutes: median(
      responded.map((t) => Math.round(calendar.workingMinutesBetween(t.createdAt, t.firstRespondedAt!))),
    ),
    resolved: resolved.length,
    resolutionOnTime: resolved.filter((t) => onTime(t.resolvedAt ?? t.closedAt, t.resolutionDueAt)).length,
    resolutionMeasured: list.filter((t) => measurable(t.resolvedAt ?? t.closedAt, t.resolutionDueAt, now)).length,
    breachedOpen: list.filter((t) => isOpen(t.status) && overdue(t)).length,
    escalations: {
      LKPP: list.filter((t) => t.externalParty === 'LKPP').length,
      Telkom: list.filter((t) => t.externalParty === 'Telkom').length,
    },
    ratings: rated.length,
    meanRating: rated.length ? rated.reduce((s, t) => s + t.rating!, 0) / rated.length : null,
    faq: store.faq.periodStats(from, now),
  };
}

export function renderReport(f: ReportFigures, days: number, categories: Categories, timeZone: string): string {
  const r = texts.report;
  const lines = [
    r.title(days, formatDateTime(f.from, timeZone), formatDateTime(f.to, timeZone)),
    '',
    r.opened(f.opened),
    ...(f.opened > 0
      ? [
          r.byCategory,
          ...Object.entries(f.byCategory).map(([id, n]) => r.item(categories.byId(id)?.label ?? id, n)),
          r.byStatus,
          ...Object.entries(f.byStatus).map(([s, n]) => r.item(texts.tickets.status[s as Ticket['status']] ?? s, n)),
        ]
      : []),
    r.firstResponse({
      responded: f.responded,
      total: f.opened,
      onTime: f.firstResponseOnTime,
      measured: f.firstResponseMeasured,
      medianMinutes: f.medianFirstResponseMinutes,
    }),
    r.resolution({ resolved: f.resolved, onTime: f.resolutionOnTime, measured: f.resolutionMeasured }),
    r.breachedOpen(f.breachedOpen),
    r.escalations(f.escalations.LKPP, f.escalations.Telkom),
    r.satisfaction({ n: f.ratings, mean: f.meanRating }),
    r.faq(f.faq),
  ];
  return lines.join('\n');
}
