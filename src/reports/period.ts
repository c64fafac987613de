/**
 * Report periods: a month (`2026-11`), a quarter (`2026-Q3`), a year (`2026`) or two calendar
 * dates (inclusive), read as local dates of the bureau's time zone. Pure.
 */
import { isCalendarDate, previousPeriod } from '../survey/period.js';

export interface ReportPeriod {
  /** `2026-11`, `2026-Q3`, `2026`, or `2026-11-01..2026-11-30` for dates. */
  key: string;
  /** First and last local day, inclusive (YYYY-MM-DD). */
  firstDay: string;
  lastDay: string;
  /** [from, to): UTC instants of local midnights. */
  from: Date;
  to: Date;
}

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};

/** The zone's offset from UTC at an instant, in ms. */
export function offsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(at / 1000) * 1000;
}

/** The instant of a local date's midnight in the zone. */
export function localMidnight(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let at = guess - offsetMs(guess, timeZone);
  at = guess - offsetMs(at, timeZone);
  return new Date(at);
}

/** The local calendar date of an instant (YYYY-MM-DD). */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return ymd(y, m, d + days);
}

function fromDays(key: string, firstDay: string, lastDay: string, timeZone: string): ReportPeriod {
  return {
    key,
    firstDay,
    lastDay,
    from: localMidnight(firstDay, timeZone),
    to: localMidnight(addDays(lastDay, 1), timeZone),
  };
}

/** A named period (`2026-11`, `2026-Q3`, `2026`), or undefined when the key is not one. */
export function namedPeriod(key: string, timeZone: string): ReportPeriod | undefined {
  let m = MONTH.exec(key);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return fromDays(key, ymd(y, mo, 1), ymd(y, mo + 1, 0), timeZone);
  }
  m = QUARTER.exec(key);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return fromDays(key, ymd(y, q * 3 - 2, 1), ymd(y, q * 3 + 1, 0), timeZone);
  }
  m = YEAR.exec(key);
  if (m) return fromDays(key, `${m[1]}-01-01`, `${m[1]}-12-31`, timeZone);
  return undefined;
}

/** Two calendar dates, inclusive; undefined when either is not a date or they are reversed. */
export function datesPeriod(firstDay: string, lastDay: string, timeZone: string): ReportPeriod | undefined {
  if (!isCalendarDate(firstDay) || !isCalendarDate(lastDay) || lastDay < firstDay) return undefined;
  return fromDays(`${firstDay}..${lastDay}`, firstDay, lastDay, timeZone);
}

/** The period before: the previous month/quarter/year, or as many days just before for dates. */
export function previousOf(period: ReportPeriod, timeZone: string): ReportPeriod {
  const named = previousPeriod(period.key);
  if (named) return namedPeriod(named, timeZone)!;
  const days = Math.round((Date.parse(period.lastDay) - Date.parse(period.firstDay)) / 86_400_000) + 1;
  return datesPeriod(addDays(period.firstDay, -days), addDays(period.firstDay, -1), timeZone)!;
}

/** The month before the one an instant falls in (what the schedule sends). */
export function lastMonth(now: Date, timeZone: string): ReportPeriod {
  const [y, m] = localDate(now, timeZone).split('-').map(Number) as [number, number];
  const prev = m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
  return namedPeriod(prev, timeZone)!;
}
