import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../src/tickets/sla.js';

const MINUTE = 60_000;

describe('working minutes in a zone without daylight saving', () => {
  it.each(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'])(
    'agrees minute by minute with the calendar’s own opening hours in %s',
    (timeZone) => {
      const cal = createWorkingCalendar({ timeZone, startHour: 7.5, endHour: 16, extraHolidays: ['2026-03-04'] });
      let seed = 11;
      const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
      // Spans up to 5 days around a weekend, a public holiday (Nyepi 2026-03-19) and an extra day off.
      const base = Date.UTC(2026, 2, 1);
      for (let i = 0; i < 60; i++) {
        const from = base + Math.floor(rand() * 25 * 1440) * MINUTE;
        const to = from + Math.floor(rand() * 5 * 1440) * MINUTE;
        let counted = 0;
        for (let t = from; t < to; t += MINUTE) if (cal.isWorkingTime(new Date(t))) counted++;
        expect(cal.workingMinutesBetween(new Date(from), new Date(to))).toBe(counted);
      }
      // Spans longer than a month, across the blocks the day counts are kept in.
      for (const days of [33, 70]) {
        const from = base + 7 * 60 * MINUTE + 17 * MINUTE;
        const to = from + days * 1440 * MINUTE + 95 * MINUTE;
        let counted = 0;
        for (let t = from; t < to; t += MINUTE) if (cal.isWorkingTime(new Date(t))) counted++;
        expect(cal.workingMinutesBetween(new Date(from), new Date(to))).toBe(counted);
      }
    },
  );

  it('keeps fractions of a minute at the edges', () => {
    const cal = createWorkingCalendar();
    // Monday 2026-03-02 08:00:30 WIB to 08:02:00 WIB.
    expect(cal.workingMinutesBetween(new Date('2026-03-02T01:00:30Z'), new Date('2026-03-02T01:02:00Z'))).toBe(1.5);
  });
});
