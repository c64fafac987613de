import { describe, expect, it } from 'vitest';
import { computeReport } from '../../src/staff/report.js';
import type { Actor } from '../../src/tickets/service.js';
import { createHarness } from '../helpers.js';

const staff: Actor = { kind: 'staff', id: '1' };
const HOUR = 3_600_000;

describe('period report', () => {
  it('judges SLA only on tickets that are done or past their target', async () => {
    // Monday 09:00 WIB; spse-akun: first response within 60 working minutes.
    const h = await createHarness();
    h.say('/tiket tidak bisa login akun spse', { chatId: 'a', userId: 'a' }); // #1: answered in time
    h.clock.advance(HOUR / 2);
    h.app.desk.apply(() => h.app.tickets.reply(1, staff, 'dicek', h.clock.now()));
    h.say('/tiket tidak bisa login akun spse lagi', { chatId: 'b', userId: 'b' }); // #2: not yet due
    let f = computeReport(h.app.store, h.app.calendar, 7, h.clock.now());
    expect([f.firstResponseOnTime, f.firstResponseMeasured]).toEqual([1, 1]);
    h.clock.advance(2 * HOUR); // #2 is now late, unanswered
    f = computeReport(h.app.store, h.app.calendar, 7, h.clock.now());
    expect([f.firstResponseOnTime, f.firstResponseMeasured, f.breachedOpen]).toEqual([1, 2, 1]);
    expect(f.medianFirstResponseMinutes).toBe(30);
    h.close();
  });
});
