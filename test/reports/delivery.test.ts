import { describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { texts } from '../../src/core/catalogue.js';
import { ConfigError } from '../../src/core/errors.js';
import { createHarness, tempDbPath, type OutboundRow } from '../helpers.js';
import { seed, wib } from './fixture.js';

const ADMIN_ENV = {
  TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ADMIN_TELEGRAM_IDS: '1001',
  STAFF_TELEGRAM_IDS: '1002',
};
const admin = { channel: 'telegram' as const, chatId: '1001', userId: '1001', privateChat: true };
const agent = { channel: 'telegram' as const, chatId: '1002', userId: '1002', privateChat: true };
const t = texts.periodReport.chat;
const textsOf = (rows: OutboundRow[]) => rows.map((r) => r.text);

describe('/laporanberkala in the chat', () => {
  it('is for admins only and explains the period it needs', async () => {
    const h = await createHarness(ADMIN_ENV, wib('2026-12-01 10:00'));
    expect(textsOf(h.say('/laporanberkala 2026-11', agent))).toEqual([texts.staff.adminOnly]);
    expect(textsOf(h.say('/laporanberkala', admin))).toEqual([t.usage]);
    expect(textsOf(h.say('/laporanberkala kemarin', admin))).toEqual([t.usage]);
    expect(textsOf(h.say('/laporanberkala 2027-01', admin))).toEqual([t.future]);
    expect(await h.app.reports.runPending()).toBe(0);
    h.close();
  });

  it('is also /laporan with a period, while /laporan with a number of days stays the text summary', async () => {
    const h = await createHarness(ADMIN_ENV, wib('2026-12-01 10:00'));
    seed(h.app.store);
    expect(textsOf(h.say('/laporan 2026-11', admin))).toEqual([t.preparing('2026-11-01', '2026-11-30')]);
    expect(textsOf(h.say('/laporan 2026-11-01 2026-11-15', admin))).toEqual([t.preparing('2026-11-01', '2026-11-15')]);
    expect(textsOf(h.say('/laporan 2026-11', agent))).toEqual([texts.staff.adminOnly]);
    expect(await h.app.reports.runPending()).toBe(2);
    expect(h.drainQueued().filter((r) => r.files?.length === 2)).toHaveLength(2);
    const summary = textsOf(h.say('/laporan 7', admin));
    expect(summary).toHaveLength(1);
    expect(summary[0]).toContain('7 hari');
    expect(await h.app.reports.runPending()).toBe(0);
    h.close();
  });

  it('answers at once and then sends the PDF and the XLSX as documents, once', async () => {
    const h = await createHarness(ADMIN_ENV, wib('2026-12-01 10:00'));
    seed(h.app.store);
    expect(textsOf(h.say('/laporanberkala 2026-11', admin))).toEqual([t.preparing('2026-11-01', '2026-11-30')]);
    expect(await h.app.reports.runPending()).toBe(1);
    const [row, ...more] = h.drainQueued();
    expect(more).toEqual([]);
    expect(row).toMatchObject({ channel: 'telegram', chatId: '1001' });
    const files = row!.files!;
    expect(files.map((f) => [f.kind, f.fileName])).toEqual([
      ['document', 'laporan-helpdesk-2026-11.pdf'],
      ['document', 'laporan-helpdesk-2026-11.xlsx'],
    ]);
    expect(files[0]!.caption).toContain('masuk 4 tiket');
    expect(Buffer.from(files[0]!.data!, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(Buffer.from(files[1]!.data!, 'base64').subarray(0, 2).toString()).toBe('PK');
    expect(await h.app.reports.runPending()).toBe(0);
    expect(h.drainQueued()).toEqual([]);
    h.close();
  });

  it('leaves /laporan 7 as the text summary', async () => {
    const h = await createHarness(ADMIN_ENV, wib('2026-12-01 10:00'));
    const [row] = h.say('/laporan 7', admin);
    expect(row!.text).toContain('Laporan helpdesk 7 hari terakhir');
    expect(row!.files ?? null).toBeNull();
    h.close();
  });
});

describe('REPORT_SCHEDULE', () => {
  const env = { ...ADMIN_ENV, REPORT_SCHEDULE: '0 8 1 * *' };

  it('sends last month’s report to every admin after the scheduled time, and never twice', async () => {
    const db = tempDbPath();
    let h = await createHarness(env, wib('2026-12-01 07:30'), db);
    seed(h.app.store);
    expect(h.app.reports.catchUp(h.clock.now())).toBe(0);
    h.clock.set(wib('2026-12-01 08:05'));
    const now = wib('2026-12-01 08:05');
    expect(h.app.reports.catchUp(now)).toBe(1);
    expect(h.app.reports.catchUp(now)).toBe(0);
    expect(await h.app.reports.runPending()).toBe(1);
    const sent = h.drainQueued();
    expect(sent.map((r) => [r.chatId, r.files?.[0]?.fileName])).toEqual([['1001', 'laporan-helpdesk-2026-11.pdf']]);
    // Restarted later the same month: recorded as sent, so nothing again.
    h = h.reopen();
    expect(h.app.reports.catchUp(wib('2026-12-15 09:00'))).toBe(0);
    expect(await h.app.reports.runPending()).toBe(0);
    h.close();
  });

  it('sends a run missed while the desk was down once it starts again', async () => {
    const h = await createHarness(env, wib('2026-12-03 09:00'));
    expect(h.app.reports.catchUp(h.clock.now())).toBe(1);
    expect(await h.app.reports.runPending()).toBe(1);
    expect(h.app.reports.catchUp(h.clock.now())).toBe(0);
    h.close();
  });

  it('refuses a pattern that is not cron syntax', () => {
    expect(() => createConfig({ REPORT_SCHEDULE: 'every month' })).toThrow(ConfigError);
    expect(createConfig({ REPORT_SCHEDULE: '0 8 1 * *' }).reportSchedule).toBe('0 8 1 * *');
  });
});
