import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeDue, createWorkingCalendar, extendForPause, slaState, type WorkingCalendar } from '../../src/tickets/sla.js';

// Dates are UTC instants; the tests spell local times with an explicit offset so each expectation
// reads as Jakarta (WIB, +07:00) wall-clock time. Week of 2026-07-06 (Mon) .. 07-10 (Fri) has no
// Indonesian holidays.
const wib = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+07:00`);
const wita = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);

const cal = createWorkingCalendar();

afterEach(() => {
  vi.restoreAllMocks();
});

describe('addWorkingMinutes', () => {
  it('stays within the day when the minutes fit before closing', () => {
    expect(cal.addWorkingMinutes(wib('2026-07-08 09:00'), 90)).toEqual(wib('2026-07-08 10:30'));
  });

  it('counts from opening when starting before opening', () => {
    expect(cal.addWorkingMinutes(wib('2026-07-08 06:30'), 30)).toEqual(wib('2026-07-08 08:30'));
  });

  it('counts from the next morning when starting after closing', () => {
    expect(cal.addWorkingMinutes(wib('2026-07-08 18:00'), 60)).toEqual(wib('2026-07-09 09:00'));
  });

  it('treats exactly closing time as after hours', () => {
    expect(cal.addWorkingMinutes(wib('2026-07-08 16:00'), 60)).toEqual(wib('2026-07-09 09:00'));
  });

  it('lands on closing time itself when the minutes run out exactly then', () => {
    expect(cal.addWorkingMinutes(wib('2026-07-08 14:00'), 120)).toEqual(wib('2026-07-08 16:00'));
  });

  it('moves a zero-minute addition outside hours to the next opening', () => {
    expect(cal.addWorkingMinutes(wib('2026-07-10 17:00'), 0)).toEqual(wib('2026-07-13 08:00'));
  });

  it('skips the weekend: Friday 15:00 plus two hours is Monday 09:00', () => {
    const due = cal.addWorkingMinutes(wib('2026-07-10 15:00'), 120);
    expect(due.toISOString()).toBe('2026-07-13T02:00:00.000Z');
  });

  it('skips Independence Day from date-holidays: Friday 14 Aug 15:00 plus two hours is Tuesday 18 Aug 09:00', () => {
    expect(cal.isWorkingDay('2026-08-17')).toBe(false);
    const due = cal.addWorkingMinutes(wib('2026-08-14 15:00'), 120);
    expect(due.toISOString()).toBe('2026-08-18T02:00:00.000Z');
  });

  it('skips Christmas on a Friday and the weekend after it', () => {
    expect(cal.isWorkingDay('2026-12-25')).toBe(false);
    expect(cal.addWorkingMinutes(wib('2026-12-24 15:00'), 120)).toEqual(wib('2026-12-28 09:00'));
  });

  it('skips a date given in extraHolidays', () => {
    const withCuti = createWorkingCalendar({ extraHolidays: ['2026-07-09'] });
    expect(withCuti.isWorkingDay('2026-07-09')).toBe(false);
    expect(withCuti.addWorkingMinutes(wib('2026-07-08 15:00'), 120)).toEqual(wib('2026-07-10 09:00'));
    expect(cal.addWorkingMinutes(wib('2026-07-08 15:00'), 120)).toEqual(wib('2026-07-09 09:00'));
  });

  it('adds five working days in whole-day steps, not minute by minute', () => {
    // A zone with daylight saving goes through ICU for every local-time lookup, so they can be counted.
    const berlin = createWorkingCalendar({ timeZone: 'Europe/Berlin', country: 'DE' });
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    // Monday 6 July 2026 08:00 CEST (06:00 UTC) plus five working days: Friday 16:00 CEST.
    expect(berlin.addWorkingMinutes(new Date('2026-07-06T06:00:00Z'), 5 * 480)).toEqual(new Date('2026-07-10T14:00:00Z'));
    // A minute-by-minute walk would need thousands of local-time lookups; the lower bound proves
    // the spy really sees the calendar's lookups.
    expect(spy.mock.calls.length).toBeGreaterThan(0);
    expect(spy.mock.calls.length).toBeLessThan(100);
    spy.mockRestore();
  });

  it('does its working-time math without ICU lookups in a zone without daylight saving', () => {
    const jakarta = createWorkingCalendar();
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    expect(jakarta.addWorkingMinutes(wib('2026-07-06 08:00'), 5 * 480)).toEqual(wib('2026-07-10 16:00'));
    expect(jakarta.workingMinutesBetween(wib('2026-07-06 08:00'), wib('2026-07-10 16:00'))).toBe(5 * 480);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('rejects negative or non-finite minutes', () => {
    expect(() => cal.addWorkingMinutes(wib('2026-07-08 09:00'), -1)).toThrow(RangeError);
    expect(() => cal.addWorkingMinutes(wib('2026-07-08 09:00'), Number.NaN)).toThrow(RangeError);
    expect(() => cal.addWorkingMinutes(wib('2026-07-08 09:00'), Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('fails with a clear error instead of looping when no working day exists for years', () => {
    const days: string[] = [];
    for (let t = Date.UTC(2026, 6, 6); t < Date.UTC(2030, 0, 1); t += 86_400_000) {
      days.push(new Date(t).toISOString().slice(0, 10));
    }
    const blocked = createWorkingCalendar({ extraHolidays: days });
    expect(() => blocked.addWorkingMinutes(wib('2026-07-06 09:00'), 60)).toThrow(/No working day within/);
  });
});

describe('working days and times', () => {
  it('keys Islamic holidays by their calendar date, not by the sunset-before start date-holidays gives them', () => {
    // Idul Adha 2026 is Wednesday 27 May; date-holidays starts it at 18:00 on Tuesday 26 May.
    expect(cal.isWorkingDay('2026-05-27')).toBe(false);
    expect(cal.isWorkingDay('2026-05-26')).toBe(true);
    expect(cal.isWorkingTime(wib('2026-05-26 15:00'))).toBe(true);
  });

  it('reports working time only inside opening hours on working days', () => {
    expect(cal.isWorkingTime(wib('2026-07-08 08:00'))).toBe(true);
    expect(cal.isWorkingTime(wib('2026-07-08 15:59'))).toBe(true);
    expect(cal.isWorkingTime(wib('2026-07-08 07:59'))).toBe(false);
    expect(cal.isWorkingTime(wib('2026-07-08 16:00'))).toBe(false);
    expect(cal.isWorkingTime(wib('2026-07-11 10:00'))).toBe(false);
  });

  it('counts only public holidays as days off, not bank holidays', () => {
    const de = createWorkingCalendar({ country: 'DE', timeZone: 'Europe/Berlin' });
    expect(de.isWorkingDay('2026-12-24')).toBe(true); // Heiliger Abend, type 'bank'
    expect(de.isWorkingDay('2026-12-25')).toBe(false);
  });

  it('rejects a malformed local date', () => {
    expect(() => cal.isWorkingDay('2026-8-17')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
  });
});

describe('workingMinutesBetween', () => {
  it('counts nothing over a weekend', () => {
    expect(cal.workingMinutesBetween(wib('2026-07-10 15:00'), wib('2026-07-13 09:00'))).toBe(120);
    expect(cal.workingMinutesBetween(wib('2026-07-11 09:00'), wib('2026-07-12 15:00'))).toBe(0);
  });

  it('counts nothing on a public holiday', () => {
    expect(cal.workingMinutesBetween(wib('2026-08-14 15:00'), wib('2026-08-18 09:00'))).toBe(120);
  });

  it('is zero when to is not after from', () => {
    expect(cal.workingMinutesBetween(wib('2026-07-08 10:00'), wib('2026-07-08 10:00'))).toBe(0);
    expect(cal.workingMinutesBetween(wib('2026-07-08 11:00'), wib('2026-07-08 10:00'))).toBe(0);
  });

  it('counts full days between the ends', () => {
    expect(cal.workingMinutesBetween(wib('2026-07-06 15:00'), wib('2026-07-08 09:00'))).toBe(60 + 480 + 60);
  });

  it('agrees with addWorkingMinutes for sampled starts and amounts', () => {
    const starts = [
      wib('2026-07-08 09:00'),
      wib('2026-07-08 06:00'),
      wib('2026-07-08 16:00'),
      wib('2026-07-10 15:37'),
      wib('2026-07-11 12:00'), // Saturday
      wib('2026-08-14 15:00'), // before Independence Day
      wib('2026-08-17 10:00'), // on Independence Day
      wib('2026-12-24 13:15'), // before Christmas
      new Date('2026-07-08T03:12:45.500Z'), // not a whole minute
    ];
    const amounts = [0, 1, 59, 479, 480, 481, 2400, 10_000];
    for (const from of starts) {
      for (const m of amounts) {
        const due = cal.addWorkingMinutes(from, m);
        expect(cal.workingMinutesBetween(from, due), `${from.toISOString()} + ${m}`).toBe(m);
      }
    }
  });
});

describe('computeDue', () => {
  it('computes both due times in working time from the opening instant', () => {
    const due = computeDue(cal, wib('2026-07-06 15:00'), { firstResponseMinutes: 60, resolutionMinutes: 960 });
    expect(due.firstResponseDueAt).toEqual(wib('2026-07-06 16:00'));
    // 60 on Monday, 480 on Tuesday, 420 on Wednesday.
    expect(due.resolutionDueAt).toEqual(wib('2026-07-08 15:00'));
  });
});

describe('extendForPause', () => {
  const due = wib('2026-07-09 10:00');

  it('does not move the due time for a pause covering only a weekend', () => {
    const moved = extendForPause(cal, due, wib('2026-07-10 16:30'), wib('2026-07-13 07:30'));
    expect(moved).toEqual(due);
    expect(moved).not.toBe(due);
  });

  it('moves the due time by a paused working afternoon', () => {
    expect(extendForPause(cal, due, wib('2026-07-08 13:00'), wib('2026-07-08 15:00'))).toEqual(wib('2026-07-09 12:00'));
  });

  it('counts only the working part of a pause spanning a night', () => {
    // 15:00–16:00 and 08:00–09:00: two working hours, pushing 15:00 on Thursday to Friday 09:00.
    const later = wib('2026-07-09 15:00');
    expect(extendForPause(cal, later, wib('2026-07-08 15:00'), wib('2026-07-09 09:00'))).toEqual(wib('2026-07-10 09:00'));
  });
});

describe('slaState', () => {
  // Target 480 working minutes, due Monday 16:00; at_risk below 120 minutes left.
  const base = { dueAt: wib('2026-07-06 16:00'), doneAt: null, targetMinutes: 480 };

  it('is ok while plenty of working time remains', () => {
    expect(slaState(cal, { ...base, now: wib('2026-07-06 09:00') })).toBe('ok');
  });

  it('stays ok with exactly a quarter of the target left', () => {
    expect(slaState(cal, { ...base, now: wib('2026-07-06 14:00') })).toBe('ok');
  });

  it('is at risk with less than a quarter of the target left', () => {
    expect(slaState(cal, { ...base, now: wib('2026-07-06 14:30') })).toBe('at_risk');
  });

  it('is at risk, not breached, at the due instant itself', () => {
    expect(slaState(cal, { ...base, now: wib('2026-07-06 16:00') })).toBe('at_risk');
  });

  it('is breached once the due time has passed without completion', () => {
    expect(slaState(cal, { ...base, now: wib('2026-07-06 16:01') })).toBe('breached');
  });

  it('is met when done by the due time, and breached when done late', () => {
    const now = wib('2026-07-07 10:00');
    expect(slaState(cal, { ...base, now, doneAt: wib('2026-07-06 15:59') })).toBe('met');
    expect(slaState(cal, { ...base, now, doneAt: wib('2026-07-06 16:00') })).toBe('met');
    expect(slaState(cal, { ...base, now, doneAt: wib('2026-07-06 16:30') })).toBe('breached');
  });

  it('measures the time left in working minutes, not wall-clock hours', () => {
    // Friday 16:30 with a Monday 09:00 due: 64.5 wall-clock hours but one working hour left.
    const args = { dueAt: wib('2026-07-13 09:00'), doneAt: null, now: wib('2026-07-10 16:30'), targetMinutes: 480 };
    expect(slaState(cal, args)).toBe('at_risk');
  });

  it('honours a custom riskShare', () => {
    const now = wib('2026-07-06 12:30'); // 210 of 480 minutes left
    expect(slaState(cal, { ...base, now })).toBe('ok');
    expect(slaState(cal, { ...base, now, riskShare: 0.5 })).toBe('at_risk');
  });

  it('is ok without a due time, and met once done', () => {
    const now = wib('2026-07-06 12:30');
    expect(slaState(cal, { dueAt: null, doneAt: null, now, targetMinutes: 0 })).toBe('ok');
    expect(slaState(cal, { dueAt: null, doneAt: now, now, targetMinutes: 0 })).toBe('met');
  });
});

describe('time zones', () => {
  const makassar: WorkingCalendar = createWorkingCalendar({ timeZone: 'Asia/Makassar' });

  it('opens at 08:00 local time in the configured zone', () => {
    const instant = new Date('2026-07-08T00:00:00Z'); // 08:00 WITA, 07:00 WIB
    expect(makassar.isWorkingTime(instant)).toBe(true);
    expect(cal.isWorkingTime(instant)).toBe(false);
  });

  it('skips the weekend in local time: Friday 15:00 WITA plus two hours is Monday 09:00 WITA', () => {
    const due = makassar.addWorkingMinutes(wita('2026-07-10 15:00'), 120);
    expect(due.toISOString()).toBe('2026-07-13T01:00:00.000Z');
  });

  it('applies holidays to local dates in that zone', () => {
    expect(makassar.addWorkingMinutes(wita('2026-08-14 15:00'), 120)).toEqual(wita('2026-08-18 09:00'));
  });

  it('keeps working hours in local time across a daylight-saving change', () => {
    // Europe/Berlin moves to UTC+2 on Sunday 29 March 2026, so Monday 09:00 CEST is 07:00Z; reusing
    // Friday's UTC+1 offset would give 08:00Z.
    const berlin = createWorkingCalendar({ timeZone: 'Europe/Berlin', country: 'DE' });
    const due = berlin.addWorkingMinutes(new Date('2026-03-27T14:00:00Z'), 120); // Friday 15:00 CET
    expect(due.toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });

  it('finds the opening on the morning clocks go forward in a zone west of UTC', () => {
    // New York springs forward at 02:00 on Sunday 8 March 2026, so 05:00 EDT is 09:00Z; the offset
    // in force at "05:00 taken as UTC" is still EST, and trusting it would give 10:00Z.
    const ny = createWorkingCalendar({
      timeZone: 'America/New_York',
      country: 'US',
      workDays: [7],
      startHour: 5,
      endHour: 6,
    });
    const opening = ny.addWorkingMinutes(new Date('2026-03-07T12:00:00Z'), 0);
    expect(opening.toISOString()).toBe('2026-03-08T09:00:00.000Z');
    expect(ny.isWorkingTime(new Date('2026-03-08T09:00:00Z'))).toBe(true);
  });
});

describe('createWorkingCalendar options', () => {
  it('rejects a calendar with no working days', () => {
    expect(() => createWorkingCalendar({ workDays: [] })).toThrow(/workDays is empty/);
  });

  it('rejects weekdays outside 1..7', () => {
    expect(() => createWorkingCalendar({ workDays: [0, 1] })).toThrow(RangeError);
  });

  it('rejects opening hours that do not open before they close', () => {
    expect(() => createWorkingCalendar({ startHour: 16, endHour: 8 })).toThrow(RangeError);
    expect(() => createWorkingCalendar({ startHour: 8, endHour: 8 })).toThrow(RangeError);
  });

  it('rejects a malformed extra holiday', () => {
    expect(() => createWorkingCalendar({ extraHolidays: ['17-08-2026'] })).toThrow(/extraHolidays/);
  });

  it('rejects an unknown time zone or holiday country', () => {
    expect(() => createWorkingCalendar({ timeZone: 'Asia/Atlantis' })).toThrow(RangeError);
    expect(() => createWorkingCalendar({ country: 'XX' })).toThrow(/Unknown holiday country/);
  });

  it('supports custom hours and work days', () => {
    const sixDay = createWorkingCalendar({ startHour: 7.5, endHour: 12, workDays: [1, 2, 3, 4, 5, 6] });
    // Friday 11:30 + 60: 30 on Friday, 30 from Saturday's 07:30 opening.
    expect(sixDay.addWorkingMinutes(wib('2026-07-10 11:30'), 60)).toEqual(wib('2026-07-11 08:00'));
  });
});
