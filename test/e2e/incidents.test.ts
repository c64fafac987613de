import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { openStore } from '../../src/store/index.js';
import { until } from '../channels/telegram/fake-api.js';
import { tempDbPath } from '../helpers.js';
import { E2E_TOKEN, emulatorDesk } from './support.js';

/**
 * Incidents end to end, as test/e2e/handoff.test.ts runs the desk: the Bot API emulator on
 * 127.0.0.1, the real app on a temp SQLite file, the real grammY adapter and outbox dispatcher.
 * Vendors and the staff member are emulator clients.
 */

const STAFF = { id: 9201, name: 'Sari' };
const VENDORS = Array.from({ length: 7 }, (_, i) => ({ id: 5201 + i, name: `Vendor ${i + 1}` }));
const DOWN = 'SPSE tidak bisa diakses';
const STAFF2 = { id: 9301, name: 'Rina' };
const VENDORS2 = Array.from({ length: 7 }, (_, i) => ({ id: 5301 + i, name: `Penyedia ${i + 1}` }));
const tsx = createRequire(import.meta.url).resolve('tsx');

const { person, start: startDesk, settled, apiRoot } = emulatorDesk();
const start = (dbPath: string) => startDesk(dbPath, { STAFF_TELEGRAM_IDS: String(STAFF.id), INCIDENT_SURGE_COUNT: '6' });

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('incidents over Telegram (emulator)', () => {
  it('notices staff once for a surge of 6, answers the 7th with the incident, and tells all 7 once when resolved', async () => {
    const bot = await start(tempDbPath());
    const staff = person(STAFF);
    const vendors = VENDORS.map((v) => person(v));

    // Six different vendors ask: each gets the FAQ's answer; staff get one notice, at the sixth.
    for (const v of vendors.slice(0, 6)) {
      await v.say(DOWN);
      await v.receive();
    }
    const [notice] = await staff.receive();
    expect(notice!.message.text).toBe(texts.incidents.surgeNotice({ count: 6, what: 'SPSE tidak bisa diakses', minutes: 15 }));
    expect(notice!.message.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual([texts.incidents.surgeButton]);
    // One of them asks again: still the same surge, no second notice.
    await vendors[0]!.say('spse masih down');
    await vendors[0]!.receive();
    await settled(bot.app, bot.platform);
    expect(staff.unread()).toEqual([]);

    await staff.say('/insiden buka SPSE tidak bisa diakses');
    const [opened] = await staff.receive();
    expect(opened!.message.text).toContain('Insiden I-1 dibuka');
    expect(opened!.message.text).toContain('Pengguna terdampak tercatat: 6');

    // The seventh is answered with the incident, not the generic answer.
    await vendors[6]!.say('website lpse kalteng down, tidak bisa diakses sejak pagi');
    const [status] = await vendors[6]!.receive();
    expect(status!.message.text).toContain('Gangguan yang sedang berlangsung');
    expect(status!.message.text).toContain('PT Telkom');
    // It also opens two tickets about it: both are linked to the incident.
    for (const description of ['SPSE tidak bisa diakses sejak jam 9, error 502', 'website lpse kalteng down']) {
      await vendors[6]!.say(`/tiket ${description}`);
      await vendors[6]!.receive();
    }
    await settled(bot.app, bot.platform);
    await staff.receive(2);
    expect(bot.app.store.incidents.ticketIds(1)).toHaveLength(2);

    await staff.say('/insiden I-1 selesai SPSE sudah dapat diakses kembali.');
    await staff.receive();
    await settled(bot.app, bot.platform);
    // One message each, the two tickets' owner included (both tickets named in it).
    for (const v of vendors) {
      const got = v.unread();
      expect(got).toHaveLength(1);
      expect(got[0]!.message.text).toContain('SPSE sudah dapat diakses kembali.');
    }
    expect(vendors[6]!.unread()[0]!.message.text).toContain('Tiket #1 dan #2 Anda');
  });

  it('tells every affected user exactly once across a kill -9 of the real process in the middle of the sends', async () => {
    const dbPath = tempDbPath();
    const env = {
      DATABASE_PATH: dbPath,
      TELEGRAM_BOT_TOKEN: E2E_TOKEN,
      TELEGRAM_API_ROOT: apiRoot(),
      STAFF_TELEGRAM_IDS: String(STAFF2.id),
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      // Slow enough that the kill lands between two sends of the resolution.
      TELEGRAM_MAX_PER_SECOND: '2',
      LOG_LEVEL: 'silent',
    };
    const desk = () => {
      const child = spawn(process.execPath, ['--import', tsx, 'src/main.ts'], {
        cwd: process.cwd(),
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
        stdio: ['ignore', 'ignore', 'ignore'],
      });
      children.push(child);
      return child;
    };
    const staff = person(STAFF2);
    const vendors = VENDORS2.map((v) => person(v));
    const first = desk();

    // The process starts (and migrates) before it polls: the first answer may take a while.
    await staff.say('/insiden buka SPSE tidak bisa diakses');
    await staff.receive(1, 30_000);
    for (const v of vendors) {
      await v.say(DOWN);
      const [status] = await v.receive();
      expect(status!.message.text).toContain('Gangguan yang sedang berlangsung');
    }
    await staff.say('/insiden I-1 selesai SPSE sudah normal kembali.');
    const resolvedTo = () => vendors.filter((v) => v.unread().some((m) => m.message.text.includes('SPSE sudah normal kembali.')));
    await until('two of the seven told', () => resolvedTo().length >= 2 || undefined);
    // Past the moment the second send is recorded, before the next is due.
    await new Promise((r) => setTimeout(r, 150));
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    expect(resolvedTo().length).toBeLessThan(vendors.length);

    desk();
    await until('all seven told', () => resolvedTo().length === vendors.length || undefined, 30_000);
    const store = openStore(dbPath);
    try {
      await until('the outbox to empty', () => store.outbox.countByStatus('telegram').pending === 0 || undefined, 30_000);
    } finally {
      store.close();
    }
    for (const v of vendors)
      expect(v.unread().filter((m) => m.message.text.includes('SPSE sudah normal kembali.'))).toHaveLength(1);
  }, 90_000);
});
