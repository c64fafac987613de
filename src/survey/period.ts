/**
 * Survey periods (SURVEY_PERIOD): `2024` for a year, `2024-Q2` for a quarter, `2024-05` for a
 * month. Pure: the date and time zone come from the caller.
 */
export const PERIOD_KINDS = ['year', 'quarter', 'month'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The local calendar date of an instant in a time zone, as [year, month 1–12]. */
function localYearMonth(at: Date, timeZone: string): [number, number] {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return [get('year'), get('month')];
}

/** The period an instant falls in, by local time. */
export function periodOf(at: Date, kind: PeriodKind, timeZone: string): string {
  const [y, m] = localYearMonth(at, timeZone);
  return periodOfYearMonth(y, m, kind);
}

/** The period a calendar date (YYYY-MM-DD, as in an imported file) falls in. */
export function periodOfDate(date: string, kind: PeriodKind): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return periodOfYearMonth(y, m, kind);
}

function periodOfYearMonth(y: number, m: number, kind: PeriodKind): string {
  if (kind === 'year') return String(y);
  if (kind === 'quarter') return `${y}-Q${Math.ceil(m / 3)}`;
  return `${y}-${String(m).padStart(2, '0')}`;
}

/** The kind of a period key, or undefined when it is not one. */
export function periodKindOf(period: string): PeriodKind | undefined {
  if (YEAR.test(period)) return 'year';
  if (QUARTER.test(period)) return 'quarter';
  if (MONTH.test(period)) return 'month';
  return undefined;
}

/** The period before: 2024 → 2023, 2024-Q1 → 2023-Q4, 2024-01 → 2023-12. Undefined for a malformed key. */
export function previousPeriod(period: string): string | undefined {
  let m = YEAR.exec(period);
  if (m) return String(Number(m[1]) - 1);
  m = QUARTER.exec(period);
  if (m) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
  }
  m = MONTH.exec(period);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`;
  }
  return undefined;
}

/** A real calendar date written YYYY-MM-DD. */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}
