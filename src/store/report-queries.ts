import type Database from 'better-sqlite3';
import type { Db } from './db.js';

/**
 * The period report's figures, counted by SQLite in one pass over the period's tickets instead of
 * loading every ticket as a record (at 100k tickets that load alone took most of a second). Only
 * the first-response pairs come back row by row: their working minutes need the calendar.
 */
export interface PeriodFigures {
  opened: number;
  /** Category and status counts in the order each first appears among the tickets (by id). */
  byCategory: Array<[string, number]>;
  byStatus: Array<[string, number]>;
  responded: number;
  firstResponseOnTime: number;
  firstResponseMeasured: number;
  resolved: number;
  resolutionOnTime: number;
  resolutionMeasured: number;
  breachedOpen: number;
  lkpp: number;
  telkom: number;
  ratings: number;
  ratingSum: number;
}

export interface ReportQueries {
  /** Tickets opened in [from, to], judged at `now`. */
  periodFigures(from: Date, to: Date, now: Date): PeriodFigures;
  /** [opened, first responded] in ms since the epoch, of the period's answered tickets. */
  firstResponses(from: Date, to: Date): Array<[number, number]>;
}

/*
 * The same rules as the record-by-record report: on time = done and (no target or done by it);
 * measured = done, or a target that has passed; resolved = resolved_at set or closed, judged by
 * resolved_at, else closed_at; breached open = open, not waiting on the user, and past a target
 * it has not met. Times are integer ms (timestamp_ms columns), so the comparisons are integers.
 */
const FIGURES = `
  select
    count(*) as opened,
    count(first_responded_at) as responded,
    coalesce(sum(first_responded_at is not null
      and (first_response_due_at is null or first_responded_at <= first_response_due_at)), 0) as firstResponseOnTime,
    coalesce(sum(first_responded_at is not null
      or (first_response_due_at is not null and :now > first_response_due_at)), 0) as firstResponseMeasured,
    coalesce(sum(resolved_at is not null or status = 'closed'), 0) as resolved,
    coalesce(sum((resolved_at is not null or status = 'closed')
      and coalesce(resolved_at, closed_at) is not null
      and (resolution_due_at is null or coalesce(resolved_at, closed_at) <= resolution_due_at)), 0) as resolutionOnTime,
    coalesce(sum(coalesce(resolved_at, closed_at) is not null
      or (resolution_due_at is not null and :now > resolution_due_at)), 0) as resolutionMeasured,
    coalesce(sum(status in ('new', 'in_progress', 'escalated')
      and ((first_responded_at is null and first_response_due_at is not null and :now > first_response_due_at)
        or (resolution_due_at is not null and :now > resolution_due_at))), 0) as breachedOpen,
    coalesce(sum(external_party = 'LKPP'), 0) as lkpp,
    coalesce(sum(external_party = 'Telkom'), 0) as telkom,
    count(rating) as ratings,
    coalesce(sum(rating), 0) as ratingSum
  from tickets
  where created_at >= :from and created_at <= :to`;

const grouped = (column: 'category' | 'status') => `
  select ${column} as key, count(*) as n
  from tickets
  where created_at >= :from and created_at <= :to
  group by ${column}
  order by min(id)`;

const FIRST_RESPONSES = `
  select created_at, first_responded_at
  from tickets
  where created_at >= :from and created_at <= :to and first_responded_at is not null`;

export function createReportQueries(db: Db): ReportQueries {
  // drizzle() keeps its better-sqlite3 connection on the database object; the aggregate is plain SQL.
  const sqlite = (db as Db & { $client: Database.Database }).$client;
  const figures = sqlite.prepare<{ from: number; to: number; now: number }, Omit<PeriodFigures, 'byCategory' | 'byStatus'>>(
    FIGURES,
  );
  const byCategory = sqlite.prepare<{ from: number; to: number }, { key: string; n: number }>(grouped('category'));
  const byStatus = sqlite.prepare<{ from: number; to: number }, { key: string; n: number }>(grouped('status'));
  const firstResponses = sqlite.prepare<{ from: number; to: number }, [number, number]>(FIRST_RESPONSES).raw(true);
  const pairs = (rows: Array<{ key: string; n: number }>): Array<[string, number]> => rows.map((r) => [r.key, r.n]);
  return {
    periodFigures(from, to, now) {
      const range = { from: from.getTime(), to: to.getTime() };
      return {
        ...figures.get({ ...range, now: now.getTime() })!,
        byCategory: pairs(byCategory.all(range)),
        byStatus: pairs(byStatus.all(range)),
      };
    },
    firstResponses: (from, to) => firstResponses.all({ from: from.getTime(), to: to.getTime() }) as Array<[number, number]>,
  };
}
