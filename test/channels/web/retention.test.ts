import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { createWebRetention, ORPHAN_AGE_MS, RETENTION_SCHEDULE } from '../../../src/channels/web/retention.js';
import { createConfig } from '../../../src/config.js';
import { createManualClock, type ManualClock } from '../../../src/core/clock.js';
import type { Logger } from '../../../src/core/log.js';
import { createLogger, silentLogger } from '../../../src/logger.js';
import { inbound, tempDbPath, tempDir, testContent } from '../../helpers.js';

const DAY = 86_400_000;
const T0 = new Date('2026-01-05T02:00:00Z');
/** Session ids as the hub makes them: 32 hex digits. */
const sid = (n: number) => n.toString(16).padStart(32, '0');

const apps: App[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.close();
});

interface World {
  app: App;
  clock: ManualClock;
  uploads: string;
  dbPath: string;
  /** A web chat session as the hub leaves it: a message with an upload on disk, a contact with details. */
  session(id: string, opts?: { ticket?: 'open' | 'closed' }): { file: string };
  count(sql: string, ...params: unknown[]): number;
  retention(log?: Logger): ReturnType<typeof createWebRetention>;
}

async function world(): Promise<World> {
  const dbPath = tempDbPath();
  const clock = createManualClock(T0);
  const config = createConfig({
    DATABASE_PATH: dbPath,
    STAFF_TELEGRAM_IDS: '1001',
    TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12',
  });
  const app = createApp({ config, clock, log: silentLogger, content: await testContent() });
  apps.push(app);
  const uploads = tempDir();
  const { store } = app;
  return {
    app,
    clock,
    uploads,
    dbPath,
    session(id, opts = {}) {
      const now = clock.now();
      store.webChat.createSession(id, now);
      const dir = join(uploads, id);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `c-${id.slice(-4)}.png`);
      writeFileSync(file, 'png');
      store.webChat.addInbound(
        id,
        `c-${id.slice(-4)}`,
        { text: 'ini layar saya', files: [{ kind: 'photo', fileName: 'layar.png', path: file }] },
        now,
      );
      const who = { channel: 'web' as const, chatId: id, userId: id };
      store.contacts.saveDetails(
        { ...who, displayName: 'Rina Kartika', phone: '6281234567890' },
        { email: 'rina@cv-maju.co.id' },
        now,
      );
      if (opts.ticket) {
        app.desk.receive(inbound('/tiket akun penyedia terkunci setelah salah password', { ...who, receivedAt: now }));
        if (opts.ticket === 'closed')
          store.handle.sqlite
            .prepare("update tickets set status = 'closed', closed_at = ? where chat_id = ?")
            .run(now.getTime(), id);
      }
      return { file };
    },
    count(sql, ...params) {
      return (store.handle.sqlite.prepare(`select count(*) as n from ${sql}`).get(...params) as { n: number }).n;
    },
    retention(log = silentLogger) {
      return createWebRetention({
        repo: store.webRetention,
        uploadsDir: uploads,
        retentionDays: 180,
        clock,
        log,
        timeZone: 'Asia/Jakarta',
      });
    },
  };
}

describe('web chat retention', () => {
  it('deletes a session unseen for the period without an open ticket: its messages, row and uploads, and erases the contact details', async () => {
    const w = await world();
    const { file } = w.session(sid(1), { ticket: 'closed' });
    const contactId = w.app.store.contacts.find('web', sid(1))!.id;
    w.clock.advance(181 * DAY);
    const r = await w.retention().run();
    expect(r).toEqual({ dryRun: false, sessions: 1, messages: 1, contacts: 1, files: 1, orphans: 0, unused: 0 });
    expect(w.count('web_sessions')).toBe(0);
    expect(w.count('web_messages')).toBe(0);
    expect(w.count("inbound_messages where channel = 'web'")).toBe(0);
    expect(w.count("outbox where channel = 'web'")).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(w.uploads, sid(1)))).toBe(false);
    // The contact and its ticket stay for the reports, without the person's details.
    const contact = w.app.store.contacts.find('web', sid(1))!;
    expect(contact.id).toBe(contactId);
    expect([contact.displayName, contact.email, contact.phone]).toEqual([null, null, null]);
    expect(w.count('tickets where contact_id = ?', contactId)).toBe(1);
  });

  it('keeps a session whose ticket is still open, however long unseen, and deletes it once the ticket has been closed for the period', async () => {
    const w = await world();
    w.session(sid(2), { ticket: 'open' });
    w.clock.advance(400 * DAY);
    expect((await w.retention().run()).sessions).toBe(0);
    expect(w.count('web_sessions')).toBe(1);
    expect(w.app.store.contacts.find('web', sid(2))!.email).toBe('rina@cv-maju.co.id');
    w.app.store.handle.sqlite
      .prepare("update tickets set status = 'closed', closed_at = ? where chat_id = ?")
      .run(w.clock.now().getTime(), sid(2));
    w.clock.advance(179 * DAY);
    expect((await w.retention().run()).sessions).toBe(0);
    w.clock.advance(2 * DAY);
    expect((await w.retention().run()).sessions).toBe(1);
    expect(w.count('web_sessions')).toBe(0);
  });

  it('keeps a session seen within the period', async () => {
    const w = await world();
    w.session(sid(3));
    w.clock.advance(170 * DAY);
    w.app.store.webChat.touchSession(sid(3), w.clock.now());
    w.clock.advance(100 * DAY);
    expect(await w.retention().run()).toMatchObject({ sessions: 0, messages: 0, files: 0 });
    expect(w.count('web_messages')).toBe(1);
    expect(readdirSync(join(w.uploads, sid(3)))).toHaveLength(1);
  });

  it('deletes after a day a session in which nothing was said or left (a crawler, a link preview), and keeps one that was used', async () => {
    const w = await world();
    w.session(sid(7));
    for (const n of [8, 9]) w.app.store.webChat.createSession(sid(n), w.clock.now());
    // Only a contact form: the person left details, so it is a used session.
    w.app.store.contacts.saveDetails({ channel: 'web', chatId: sid(9), userId: sid(9), displayName: 'Budi' }, {}, w.clock.now());
    w.clock.advance(DAY / 2);
    expect((await w.retention().run()).unused).toBe(0);
    w.clock.advance(DAY);
    expect((await w.retention().run({ dryRun: true })).unused).toBe(1);
    expect(w.count('web_sessions')).toBe(3);
    expect((await w.retention().run()).unused).toBe(1);
    expect(w.count('web_sessions where id = ?', sid(8))).toBe(0);
    expect(w.count('web_sessions')).toBe(2);
  });

  it('changes nothing on a dry run, and counts what it would delete', async () => {
    const w = await world();
    const { file } = w.session(sid(4));
    const orphan = join(w.uploads, sid(4), 'old-retry.png');
    writeFileSync(orphan, 'png');
    w.clock.advance(200 * DAY);
    const old = new Date(w.clock.now().getTime() - 2 * DAY);
    utimesSync(orphan, old, old);
    const r = await w.retention().run({ dryRun: true });
    expect(r).toEqual({ dryRun: true, sessions: 1, messages: 1, contacts: 1, files: 2, orphans: 0, unused: 0 });
    expect(w.count('web_sessions')).toBe(1);
    expect(w.count('web_messages')).toBe(1);
    expect(existsSync(file) && existsSync(orphan)).toBe(true);
    expect(w.app.store.contacts.find('web', sid(4))!.displayName).toBe('Rina Kartika');
  });

  it('deletes upload files no message names once they are a day old, and empty folders of sessions that are gone', async () => {
    const w = await world();
    const { file } = w.session(sid(5));
    const stray = join(w.uploads, sid(5), 'retry-copy.png');
    const fresh = join(w.uploads, sid(5), 'being-stored.png');
    writeFileSync(stray, 'png');
    writeFileSync(fresh, 'png');
    // A folder left by a crash after its session's commit.
    const leftover = join(w.uploads, sid(6));
    mkdirSync(leftover);
    writeFileSync(join(leftover, 'x.png'), 'png');
    // Not an upload folder: left alone.
    writeFileSync(join(w.uploads, 'README.txt'), 'x');
    const old = new Date(w.clock.now().getTime() - ORPHAN_AGE_MS - 1_000);
    for (const p of [stray, join(leftover, 'x.png'), file]) utimesSync(p, old, old);
    const r = await w.retention().run();
    expect(r).toMatchObject({ sessions: 0, orphans: 2 });
    expect(existsSync(stray)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(join(w.uploads, 'README.txt'))).toBe(true);
  });

  it('stops between sessions when the desk is shutting down, leaving the rest for the next night', async () => {
    const w = await world();
    w.session(sid(9));
    w.session(sid(10));
    w.clock.advance(181 * DAY);
    let calls = 0;
    const r = await w.retention().run({ stopped: () => ++calls > 1 });
    expect(r.sessions).toBe(1);
    expect(w.count('web_sessions')).toBe(1);
    expect((await w.retention().run()).sessions).toBe(1);
  });

  it('leaves a session alone that was seen again between the scan and its deletion', async () => {
    const w = await world();
    w.session(sid(7));
    w.clock.advance(181 * DAY);
    const cutoff = new Date(w.clock.now().getTime() - 180 * DAY);
    expect(w.app.store.webRetention.expired(cutoff)).toEqual([sid(7)]);
    w.app.store.webChat.touchSession(sid(7), w.clock.now());
    expect(w.app.store.webRetention.prune(sid(7), cutoff)).toBeUndefined();
    expect(w.count('web_messages')).toBe(1);
  });

  it('logs the nightly sweep with counts only, never a name, e-mail, phone, text or file name', async () => {
    const w = await world();
    w.session(sid(8), { ticket: 'closed' });
    w.clock.advance(181 * DAY);
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    expect(await w.retention(createLogger('trace', stream)).sweep()).toMatchObject({ sessions: 1 });
    const logged = chunks.join('');
    expect(logged).toContain('web chat retention sweep');
    expect(logged).toContain('"sessions":1');
    for (const secret of ['Rina', 'rina@', '6281234567890', 'layar', 'terkunci', sid(8)]) expect(logged).not.toContain(secret);
  });

  it('schedules the sweep every night at 02:30 Jakarta time, and stops', async () => {
    const w = await world();
    const { Cron } = await import('croner');
    const next = new Cron(RETENTION_SCHEDULE, { timezone: 'Asia/Jakarta', paused: true }).nextRun(
      new Date('2026-01-05T12:00:00Z'),
    );
    // 02:30 WIB is 19:30 UTC the evening before.
    expect(next?.toISOString()).toBe('2026-01-05T19:30:00.000Z');
    const stop = w.retention().start();
    stop();
  });
});
