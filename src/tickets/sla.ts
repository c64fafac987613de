/**
 * SLA arithmetic in working time (DESIGN.md §5): first-response and resolution targets are counted
 * in working minutes of the bureau's calendar, and time spent `waiting_user` does not count.
 *
 * Pure: no I/O and no wall clock; every instant is an argument. `Date` values are UTC instants;
 * "local" below always means wall-clock time in the calendar's `timeZone`.
 */
import Holidays from 'date-holidays';

export interface WorkingCalendarOptions {
  /** IANA zone; default 'Asia/Jakarta'. */
  timeZone?: string;
  /** Opening hour, local; default 8. Fractions allowed (7.5 = 07:30). */
  startHour?: number;
  /** Closing hour, local; default 16. Fractions allowed; at most 24. */
  endHour?: number;
  /** ISO weekdays 1=Mon..7=Sun; default Monday–Friday. */
  workDays?: number[];
  /** date-holidays country code; default 'ID'. Only type 'public' holidays are days off. */
  country?: string;
  /** 'YYYY-MM-DD' local dates that are also off (cuti bersama, regional days). */
  extraHolidays?: string[];
}

export interface WorkingCalendar {
  isWorkingTime(at: Date): boolean;
  isWorkingDay(localDate: string): boolean;
  /** The instant `minutes` working minutes after `from` (from outside hours counts from the next opening). */
  addWorkingMinutes(from: Date, minutes: number): Date;
  /** Working minutes in [from, to); 0 when to <= from. Fractional when the bounds are not whole minutes. */
  workingMinutesBetween(from: Date, to: Date): number;
}

export interface SlaTarget {
  firstResponseMinutes: number;
  resolutionMinutes: number;
}

export interface SlaDue {
  firstResponseDueAt: Date;
  resolutionDueAt: Date;
}

export type SlaState = 'ok' | 'at_risk' | 'breached' | 'met';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/**
 * Searching for the next working day gives up after this many calendar days, so a calendar whose
 * extra holidays swallow every working day fails loudly instead of spinning.
 */
const MAX_DAY_SEARCH = 3 * 366;
/**
 * Roughly 40 years of 8-hour days. Real targets are a few thousand minutes; anything this large is
 * almost certainly milliseconds passed as minutes, and would otherwise walk millions of days.
 */
const MAX_MINUTES = 5_000_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------------------------------------
// Holidays
// ---------------------------------------------------------------------------------------------

interface CountryHolidays {
  hd: Holidays;
  loadedYears: Set<number>;
  publicDates: Set<string>;
}

/**
 * Shared across calendars: building a date-holidays instance costs ~10 ms and its answers depend
 * only on (country, year), so memoising them keeps the module pure in effect while letting callers
 * create a calendar per request without paying for it each time.
 */
const holidayCache = new Map<string, CountryHolidays>();

function countryHolidays(country: string): CountryHolidays {
  const key = country.toUpperCase();
  let entry = holidayCache.get(key);
  if (!entry) {
    // An unknown country makes date-holidays silently report no holidays at all, which would
    // quietly turn every holiday into a working day; refuse it instead.
    if (!Object.hasOwn(new Holidays().getCountries(), key)) {
      throw new RangeError(`Unknown holiday country "${country}" (date-holidays has no data for it)`);
    }
    entry = { hd: new Holidays(key), loadedYears: new Set(), publicDates: new Set() };
    holidayCache.set(key, entry);
  }
  return entry;
}

function isPublicHoliday(ch: CountryHolidays, localDate: string, year: number): boolean {
  if (!ch.loadedYears.has(year)) {
    for (const h of ch.hd.getHolidays(year)) {
      // Key by the calendar date in `date`, never by `start`: Islamic holidays are stored as
      // "YYYY-MM-DD 00:00:00 -0600", i.e. they begin at the previous sunset, so `start` falls on
      // the eve in local time (and `isHoliday(instant)` answers for the next day after 18:00).
      if (h.type === 'public') ch.publicDates.add(h.date.slice(0, 10));
    }
    ch.loadedYears.add(year);
  }
  return ch.publicDates.has(localDate);
}

// ---------------------------------------------------------------------------------------------
// Local date/time helpers (no offset is assumed; everything goes through Intl)
// ---------------------------------------------------------------------------------------------

interface LocalDate {
  y: number;
  m: number;
  d: number;
}

function parseLocalDate(s: string): LocalDate | null {
  const match = LOCAL_DATE.exec(s);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  const probe = new Date(Date.UTC(y, m - 1, d));
  // Rejects 2026-02-30 and friends, which Date.UTC would otherwise roll into March.
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return { y, m, d };
}

function formatLocalDate({ y, m, d }: LocalDate): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function nextDate({ y, m, d }: LocalDate): LocalDate {
  const t = new Date(Date.UTC(y, m - 1, d) + MS_PER_DAY);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function compareDates(a: LocalDate, b: LocalDate): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

function isoWeekday({ y, m, d }: LocalDate): number {
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

function assertValidDate(value: Date, name: string): number {
  const t = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(t)) throw new TypeError(`${name} must be a valid Date`);
  return t;
}

function assertMinutes(value: number, name: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number of minutes >= 0 (got ${value})`);
  }
  if (value > MAX_MINUTES) {
    throw new RangeError(`${name} = ${value} minutes is implausibly large (max ${MAX_MINUTES}); milliseconds?`);
  }
}

function hourToMinuteOfDay(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0 || value > 24) {
    throw new RangeError(`${name} must be an hour between 0 and 24 (got ${value})`);
  }
  return Math.round(value * 60);
}

// ---------------------------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------------------------

/** The span in which a zone's offset is checked for being fixed (and then used as such). */
const FIXED_FROM = Date.UTC(2000, 0, 1);
const FIXED_UNTIL = Date.UTC(2100, 0, 1);

function partsFrom(formatter: Intl.DateTimeFormat, t: number): LocalDate & { minuteOfDay: number; second: number } {
  const p: Record<string, number> = {};
  for (const part of formatter.formatToParts(t)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return {
    y: p.year ?? 0,
    m: p.month ?? 0,
    d: p.day ?? 0,
    minuteOfDay: (p.hour ?? 0) * 60 + (p.minute ?? 0),
    second: p.second ?? 0,
  };
}

/**
 * The zone's offset when it is the same at the start and middle of every month from 2000 to 2100
 * (no daylight saving, no change of zone), else undefined. Working-time math asks for local
 * dates thousands of times per report; ICU's formatToParts dominated it.
 */
function fixedOffsetOf(formatter: Intl.DateTimeFormat): number | undefined {
  let offset: number | undefined;
  for (let y = 2000; y < 2100; y++) {
    for (let m = 0; m < 12; m++) {
      for (const day of [1, 15]) {
        const t = Date.UTC(y, m, day, 12);
        const p = partsFrom(formatter, t);
        const here = Date.UTC(p.y, p.m - 1, p.d, 0, p.minuteOfDay, p.second) - t;
        if (offset === undefined) offset = here;
        else if (here !== offset) return undefined;
      }
    }
  }
  return offset;
}

export function createWorkingCalendar(opts: WorkingCalendarOptions = {}): WorkingCalendar {
  const timeZone = opts.timeZone ?? 'Asia/Jakarta';
  // Throws RangeError for an unknown zone, so a typo fails at creation rather than on first use.
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    // h23, not hour12:false: some ICU builds render midnight as "24" with the latter.
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });

  const openMinute = hourToMinuteOfDay(opts.startHour ?? 8, 'startHour');
  const closeMinute = hourToMinuteOfDay(opts.endHour ?? 16, 'endHour');
  if (openMinute >= closeMinute) {
    throw new RangeError(`startHour (${opts.startHour ?? 8}) must be before endHour (${opts.endHour ?? 16})`);
  }

  const workDays = new Set(opts.workDays ?? [1, 2, 3, 4, 5]);
  if (workDays.size === 0) {
    throw new RangeError('workDays is empty: a calendar without working days can never reach a due time');
  }
  for (const wd of workDays) {
    if (!Number.isInteger(wd) || wd < 1 || wd > 7) {
      throw new RangeError(`workDays must hold ISO weekdays 1 (Mon) to 7 (Sun); got ${wd}`);
    }
  }

  const extraHolidays = new Set<string>();
  for (const s of opts.extraHolidays ?? []) {
    // A malformed date ('2026-8-17') would never match and silently leave the day working.
    if (!parseLocalDate(s)) throw new RangeError(`extraHolidays entry "${s}" is not a valid YYYY-MM-DD date`);
    extraHolidays.add(s);
  }

  const holidays = countryHolidays(opts.country ?? 'ID');

  const fixedOffset = fixedOffsetOf(formatter);

  function localParts(t: number): LocalDate & { minuteOfDay: number; second: number } {
    if (fixedOffset !== undefined && t >= FIXED_FROM && t < FIXED_UNTIL) {
      // A zone without daylight saving (all of Indonesia): plain arithmetic, no ICU call per instant.
      const local = new Date(t + fixedOffset);
      return {
        y: local.getUTCFullYear(),
        m: local.getUTCMonth() + 1,
        d: local.getUTCDate(),
        minuteOfDay: local.getUTCHours() * 60 + local.getUTCMinutes(),
        second: local.getUTCSeconds(),
      };
    }
    return partsFrom(formatter, t);
  }

  /** Local wall-clock minus UTC at instant t, in ms. */
  function offsetAt(t: number): number {
    const p = localParts(t);
    const wholeSecond = Math.floor(t / 1000) * 1000;
    return Date.UTC(p.y, p.m - 1, p.d, 0, p.minuteOfDay, p.second) - wholeSecond;
  }

  /** The UTC instant of a local date and minute of day. */
  function toInstant(date: LocalDate, minuteOfDay: number): number {
    const asUtc = Date.UTC(date.y, date.m - 1, date.d, 0, minuteOfDay);
    const first = asUtc - offsetAt(asUtc);
    // A second pass settles instants near a DST change, where the offset at the naive guess differs
    // from the offset at the answer. Zones without DST (all of Indonesia) agree on the first pass.
    return asUtc - offsetAt(first);
  }

  function localDateOf(t: number): LocalDate {
    const { y, m, d } = localParts(t);
    return { y, m, d };
  }

  function workingDay(date: LocalDate): boolean {
    if (!workDays.has(isoWeekday(date))) return false;
    const key = formatLocalDate(date);
    if (extraHolidays.has(key)) return false;
    return !isPublicHoliday(holidays, key, date.y);
  }

  /**
   * First working day strictly after `date`. With a `limit`, null once the search passes it;
   * without one, throws when none turns up within MAX_DAY_SEARCH days.
   */
  function nextWorkingDay(date: LocalDate): LocalDate;
  function nextWorkingDay(date: LocalDate, limit: LocalDate): LocalDate | null;
  function nextWorkingDay(date: LocalDate, limit?: LocalDate): LocalDate | null {
    let cur = date;
    for (let i = 0; i < MAX_DAY_SEARCH; i++) {
      cur = nextDate(cur);
      if (limit && compareDates(cur, limit) > 0) return null;
      if (workingDay(cur)) return cur;
    }
    throw new Error(
      `No working day within ${MAX_DAY_SEARCH} days after ${formatLocalDate(date)}; check workDays and extraHolidays`,
    );
  }

  function segment(date: LocalDate): { open: number; close: number } {
    return { open: toInstant(date, openMinute), close: toInstant(date, closeMinute) };
  }

  function isWorkingTime(at: Date): boolean {
    const t = assertValidDate(at, 'at');
    const date = localDateOf(t);
    if (!workingDay(date)) return false;
    const { open, close } = segment(date);
    return t >= open && t < close;
  }

  function isWorkingDay(localDate: string): boolean {
    const date = parseLocalDate(localDate);
    if (!date) throw new RangeError(`"${localDate}" is not a valid YYYY-MM-DD date`);
    return workingDay(date);
  }

  function addWorkingMinutes(from: Date, minutes: number): Date {
    let t = assertValidDate(from, 'from');
    assertMinutes(minutes, 'minutes');
    let remaining = minutes * MS_PER_MINUTE;
    let date = localDateOf(t);
    // Whole working days are consumed one segment at a time, so the loop runs once per calendar
    // day touched rather than once per minute.
    for (;;) {
      if (workingDay(date)) {
        const { open, close } = segment(date);
        if (t < close) {
          const start = Math.max(t, open);
          // `<=` so a due time that lands exactly on closing stays today (16:00) instead of
          // jumping to tomorrow's opening, which is the same working instant but reads worse.
          if (remaining <= close - start) return new Date(start + remaining);
          remaining -= close - start;
        }
      }
      date = nextWorkingDay(date);
      t = segment(date).open;
    }
  }

  /*
   * Working time in a zone without daylight saving, in O(1) per call: local days are plain
   * divisions of the instant shifted by the offset, and the working days before a day come from
   * prefix counts kept per block of days. The report asks this once per answered ticket (100k in
   * a busy bureau's year); walking day by day through the calendar dominated it.
   */
  const BLOCK_DAYS = 32;
  const dayLengthMs = (closeMinute - openMinute) * MS_PER_MINUTE;
  /** Per block: [0] working days in days before i of the block at [i], [BLOCK_DAYS] the total. */
  const blocks = new Map<number, Uint8Array>();
  function block(k: number): Uint8Array {
    let prefix = blocks.get(k);
    if (!prefix) {
      prefix = new Uint8Array(BLOCK_DAYS + 1);
      for (let i = 0; i < BLOCK_DAYS; i++) {
        const t = new Date((k * BLOCK_DAYS + i) * MS_PER_DAY);
        const working = workingDay({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
        prefix[i + 1] = prefix[i]! + (working ? 1 : 0);
      }
      blocks.set(k, prefix);
    }
    return prefix;
  }
  /** Working days in local days [from, to), to >= from (days since 1970-01-01 in the zone). */
  function workingDaysBetween(from: number, to: number): number {
    const kFrom = Math.floor(from / BLOCK_DAYS);
    const kTo = Math.floor(to / BLOCK_DAYS);
    const iFrom = from - kFrom * BLOCK_DAYS;
    const iTo = to - kTo * BLOCK_DAYS;
    if (kFrom === kTo) {
      const b = block(kFrom);
      return b[iTo]! - b[iFrom]!;
    }
    const first = block(kFrom);
    let n = first[BLOCK_DAYS]! - first[iFrom]!;
    for (let k = kFrom + 1; k < kTo; k++) n += block(k)[BLOCK_DAYS]!;
    return n + block(kTo)[iTo]!;
  }
  /** Working ms of instant t's own local day that lie before t. */
  function workedBefore(t: number, day: number, offset: number): number {
    const k = Math.floor(day / BLOCK_DAYS);
    const i = day - k * BLOCK_DAYS;
    const b = block(k);
    if (b[i + 1] === b[i]) return 0;
    const open = day * MS_PER_DAY - offset + openMinute * MS_PER_MINUTE;
    return Math.min(Math.max(t - open, 0), dayLengthMs);
  }
  function fixedWorkingMs(a: number, b: number, offset: number): number {
    const dayA = Math.floor((a + offset) / MS_PER_DAY);
    const dayB = Math.floor((b + offset) / MS_PER_DAY);
    return workingDaysBetween(dayA, dayB) * dayLengthMs + workedBefore(b, dayB, offset) - workedBefore(a, dayA, offset);
  }

  function workingMinutesBetween(from: Date, to: Date): number {
    const a = assertValidDate(from, 'from');
    const b = assertValidDate(to, 'to');
    if (b <= a) return 0;
    if (fixedOffset !== undefined && a >= FIXED_FROM && b < FIXED_UNTIL && b - a <= MAX_DAY_SEARCH * MS_PER_DAY) {
      return fixedWorkingMs(a, b, fixedOffset) / MS_PER_MINUTE;
    }
    const last = localDateOf(b);
    let date: LocalDate | null = localDateOf(a);
    if (!workingDay(date)) date = nextWorkingDay(date, last);
    let ms = 0;
    while (date) {
      const { open, close } = segment(date);
      const start = Math.max(a, open);
      const end = Math.min(b, close);
      if (end > start) ms += end - start;
      date = nextWorkingDay(date, last);
    }
    return ms / MS_PER_MINUTE;
  }

  return { isWorkingTime, isWorkingDay, addWorkingMinutes, workingMinutesBetween };
}

// ---------------------------------------------------------------------------------------------
// SLA
// ---------------------------------------------------------------------------------------------

export function computeDue(calendar: WorkingCalendar, openedAt: Date, target: SlaTarget): SlaDue {
  assertMinutes(target.firstResponseMinutes, 'firstResponseMinutes');
  assertMinutes(target.resolutionMinutes, 'resolutionMinutes');
  return {
    firstResponseDueAt: calendar.addWorkingMinutes(openedAt, target.firstResponseMinutes),
    resolutionDueAt: calendar.addWorkingMinutes(openedAt, target.resolutionMinutes),
  };
}

/**
 * When a ticket leaves `waiting_user`, its due times move later by the working time spent waiting
 * (time waiting on the user does not count). Only working minutes of the pause count, so a pause
 * over a weekend or a night moves nothing.
 */
export function extendForPause(calendar: WorkingCalendar, due: Date, pausedFrom: Date, pausedTo: Date): Date {
  const paused = calendar.workingMinutesBetween(pausedFrom, pausedTo);
  // Return a copy even when nothing moves, so callers can never mutate the stored due through it.
  if (paused === 0) return new Date(assertValidDate(due, 'due'));
  return calendar.addWorkingMinutes(due, paused);
}

/**
 * 'met' when done by the due time, 'breached' when done late or still open past it, 'at_risk' when
 * fewer than `riskShare` (default 0.25) of the target's working minutes remain, else 'ok'. The due
 * instant itself still counts as on time. A null `dueAt` means no target applies: never at risk or
 * breached.
 */
export function slaState(
  calendar: WorkingCalendar,
  args: { dueAt: Date | null; doneAt: Date | null; now: Date; targetMinutes: number; riskShare?: number },
): SlaState {
  const { dueAt, doneAt, now, targetMinutes } = args;
  const riskShare = args.riskShare ?? 0.25;
  if (!Number.isFinite(riskShare) || riskShare < 0 || riskShare > 1) {
    throw new RangeError(`riskShare must be between 0 and 1 (got ${riskShare})`);
  }
  if (!Number.isFinite(targetMinutes) || targetMinutes < 0) {
    throw new RangeError(`targetMinutes must be a finite number >= 0 (got ${targetMinutes})`);
  }
  const due = dueAt === null ? null : assertValidDate(dueAt, 'dueAt');
  if (doneAt !== null) {
    const done = assertValidDate(doneAt, 'doneAt');
    return due === null || done <= due ? 'met' : 'breached';
  }
  if (due === null) return 'ok';
  if (assertValidDate(now, 'now') > due) return 'breached';
  // Remaining time is working time: at 17:00 on Friday with a Monday 09:00 due, one working hour
  // remains, not 64 wall-clock hours.
  const remaining = calendar.workingMinutesBetween(now, new Date(due));
  return remaining < riskShare * targetMinutes ? 'at_risk' : 'ok';
}
