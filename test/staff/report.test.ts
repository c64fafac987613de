import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { computeReport, computeReportFromRecords } from '../../src/staff/report.js';
import type { Actor } from '../../src/tickets/service.js';
import { TICKET_STATUSES } from '../../src/tickets/ticket.js';
import { createHarness, inbound, type Harness } from '../helpers.js';
import { insertVariedTickets } from '../support/varied-tickets.js';

const staff: Actor = { kind: 'staff', id: '1' };
const HOUR = 3_600_000;
const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12';
const ADMIN = { channel: 'telegram' as const, chatId: '1001', userId: '1001', displayName: 'Sari' };
const STAFF_ENV = { STAFF_TELEGRAM_IDS: '1001,1002', TELEGRAM_BOT_TOKEN: TOKEN };

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

  it('counts in SQL exactly what the record-by-record report counts, on a varied population', async () => {
    const h = await createHarness();
    const now = h.clock.now().getTime();
    const sqlite = h.app.store.handle.sqlite;
    insertVariedTickets(sqlite, {
      count: 600,
      now,
      spanDays: 40,
      seed: 7,
      categories: ['spse-akun', 'spse-teknis', 'lainnya'],
      statuses: TICKET_STATUSES,
    });
    for (const days of [1, 7, 30, 365]) {
      const at = h.clock.now();
      const sql = computeReport(h.app.store, h.app.calendar, days, at);
      const records = computeReportFromRecords(h.app.store, h.app.calendar, days, at);
      expect(sql).toEqual(records);
      // Same order too: the rendered report lists categories and statuses as they first appear.
      expect(Object.keys(sql.byCategory)).toEqual(Object.keys(records.byCategory));
      expect(Object.keys(sql.byStatus)).toEqual(Object.keys(records.byStatus));
    }
    expect(computeReport(h.app.store, h.app.calendar, 30, h.clock.now()).opened).toBeGreaterThan(300);
    h.close();
  });
});

describe('/laporan outside the asking message’s transaction', () => {
  async function withTicket(): Promise<Harness> {
    const h = await createHarness(STAFF_ENV);
    h.say('/tiket tidak bisa login ke akun spse', { chatId: 'v', userId: 'v' });
    h.drainQueued();
    return h;
  }

  it('commits the message first and sends the report once the job has run', async () => {
    const h = await withTicket();
    const result = h.app.desk.receive(inbound('/laporan 7', ADMIN));
    expect(result.queued).toEqual([]);
    expect(h.drainQueued()).toEqual([]);
    const ids = await result.deferred!;
    const rows = h.drainQueued();
    expect(rows.map((r) => r.id)).toEqual(ids);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'telegram', chatId: '1001' });
    expect(rows[0]!.text).toContain(texts.report.opened(1));
    h.close();
  });

  it('apologises politely when the report cannot be made, and sends nothing else', async () => {
    const h = await withTicket();
    h.app.store.faq.periodStats = () => {
      throw new Error('database is locked');
    };
    const { deferred } = h.app.desk.receive(inbound('/laporan 30', ADMIN));
    await deferred;
    expect(h.drainQueued().map((r) => r.text)).toEqual([texts.errors.internal]);
    h.close();
  });

  it('sends one report for a message delivered twice', async () => {
    const h = await withTicket();
    const msg = inbound('/laporan 30', { ...ADMIN, externalId: 'tg-77' });
    const first = h.app.desk.receive(msg);
    const second = h.app.desk.receive({ ...msg });
    await first.deferred;
    expect(second).toEqual({ duplicate: true, queued: [] });
    expect(h.drainQueued()).toHaveLength(1);
    h.close();
  });
});
