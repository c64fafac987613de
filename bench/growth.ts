import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { createApp, type App } from '../src/app.js';
import { createConfig } from '../src/config.js';
import type { ChannelSender, InboundMessage } from '../src/core/channel.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/logger.js';
import { createDispatcher } from '../src/outbox/dispatcher.js';
import { percentile } from './stats.js';

/**
 * The desk on a grown database: `tickets` tickets over the last 400 days with `eventsPerTicket`
 * history rows each, 20,000 contacts, three inbound messages and three sent outbox rows per
 * ticket — what a busy bureau has after a year or two. The rows are written with raw prepared
 * inserts in one transaction (seconds, not the hours the desk would take), then the real app
 * answers /status, /antrian, /lihat and /laporan 30 and 365, and takes a stream of messages.
 *
 * Per command: `receiveMs`, how long the asking message's own handling (its transaction) held
 * the process, and `answerMs`, until the answer was in the outbox (the same thing when the
 * answer is made inside the transaction; later when the work is deferred until after it).
 * Runs on any version of the desk that has createApp and desk.receive, so the same file measures
 * an older checkout side by side (see the README of this folder's growth figures).
 */

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12';
const ADMIN = { channel: 'telegram' as const, chatId: '1001', userId: '1001', displayName: 'Sari' };
const DAY = 86_400_000;
const CONTACTS = 20_000;
const CATEGORIES = ['spse-akun', 'spse-teknis', 'tender', 'lainnya'];

interface GrowthOptions {
  tickets?: number;
  eventsPerTicket?: number;
  /** Times each command is asked; medians are reported. */
  rounds?: number;
  /** Messages in the msg/s stream on the grown database. */
  messages?: number;
}

/** Deterministic, so every run (and every checkout) measures the same database. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32;
}

export function synthesise(sqlite: Database.Database, tickets: number, eventsPerTicket: number, now: number): void {
  const rand = lcg(13);
  const contact = sqlite.prepare(
    `insert into contacts (channel, user_id, chat_id, display_name, subscribed, created_at, last_seen_at)
     values ('console', ?, ?, ?, ?, ?, ?)`,
  );
  const ticket = sqlite.prepare(
    `insert into tickets (contact_id, channel, chat_id, category, description, status, external_party,
       first_response_due_at, resolution_due_at, first_responded_at, resolved_at, closed_at, rating,
       created_at, updated_at)
     values (?, 'console', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const event = sqlite.prepare(
    `insert into ticket_events (ticket_id, at, actor_kind, actor_id, kind, from_status, to_status, text)
     values (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const inbound = sqlite.prepare(
    `insert into inbound_messages (channel, external_id, chat_id, user_id, text, received_at, handled_at)
     values ('console', ?, ?, ?, ?, ?, ?)`,
  );
  const outbox = sqlite.prepare(
    `insert into outbox (channel, chat_id, text, status, attempts, next_attempt_at, created_at, sent_at, sent_ref)
     values ('console', ?, ?, 'sent', 1, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    const since = now - 400 * DAY;
    for (let c = 1; c <= CONTACTS; c++) contact.run(`v${c}`, `v${c}`, `Penyedia ${c}`, c % 3 === 0 ? 1 : 0, since, now);
    let externalId = 0;
    for (let i = 0; i < tickets; i++) {
      const c = (i % CONTACTS) + 1;
      const chat = `v${c}`;
      const created = since + Math.floor(((i + rand()) / tickets) * 400 * DAY);
      const age = now - created;
      const r = rand();
      // Old tickets are done; the last weeks keep a share open.
      const status =
        age > 30 * DAY || r < 0.7
          ? r < 0.9
            ? 'closed'
            : 'resolved'
          : (['new', 'in_progress', 'waiting_user', 'escalated'] as const)[Math.floor(rand() * 4)]!;
      const responded = status === 'new' ? null : created + Math.floor(rand() * 2 * DAY);
      const resolved = status === 'closed' || status === 'resolved' ? created + Math.floor(rand() * 6 * DAY) : null;
      const id = ticket.run(
        c,
        chat,
        CATEGORIES[i % CATEGORIES.length],
        'tidak bisa login ke akun spse setelah ganti password',
        status,
        rand() < 0.03 ? (rand() < 0.5 ? 'LKPP' : 'Telkom') : null,
        created + HOUR_MS,
        created + 3 * DAY,
        responded,
        resolved,
        status === 'closed' ? resolved! + DAY : null,
        status === 'closed' && rand() < 0.3 ? 1 + Math.floor(rand() * 4) : null,
        created,
        resolved ?? created,
      ).lastInsertRowid;
      for (let e = 0; e < eventsPerTicket; e++) {
        const at = created + e * 3_600_000;
        event.run(id, at, e % 2 ? 'staff' : 'user', e % 2 ? '1' : chat, e === 0 ? 'created' : 'reply', null, null, 'dicek ya');
      }
      for (let k = 0; k < 3; k++) {
        externalId++;
        inbound.run(`g-${externalId}`, chat, chat, 'lupa password akun spse', created + k, created + k);
        outbox.run(
          chat,
          'Terima kasih, tiket Anda sudah kami terima.',
          created + k,
          created + k,
          created + k + 5,
          `s${externalId}`,
        );
      }
    }
  })();
}
const HOUR_MS = 3_600_000;

let seq = 0;
function message(text: string, over: Partial<InboundMessage> = {}): InboundMessage {
  seq++;
  return {
    channel: 'console',
    externalId: `bench-growth-${seq}`,
    chatId: 'v1',
    userId: 'v1',
    text,
    attachments: [],
    receivedAt: new Date(),
    ...over,
  };
}

type Receive = { queued: number[]; deferred?: Promise<number[]> };

async function ask(app: App, text: string, over: Partial<InboundMessage>, rounds: number) {
  const receive: number[] = [];
  const answer: number[] = [];
  const cpu: number[] = [];
  let replies = 0;
  for (let i = 0; i < rounds; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const result = app.desk.receive(message(text, over)) as Receive;
    const t1 = performance.now();
    const later = result.deferred ? await result.deferred : [];
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    receive.push(t1 - t0);
    answer.push(result.deferred ? t2 - t0 : t1 - t0);
    replies = result.queued.length + later.length;
  }
  return {
    receiveMs: +percentile(receive, 50).toFixed(2),
    answerMs: +percentile(answer, 50).toFixed(2),
    // CPU time of the whole answer: on a shared machine wall time also counts other processes' turns.
    answerCpuMs: +percentile(cpu, 50).toFixed(2),
    replies,
  };
}

export async function benchGrowth(opts: GrowthOptions = {}): Promise<Record<string, unknown>> {
  const { tickets = 100_000, eventsPerTicket = 10, rounds = 3, messages = 3_000 } = opts;
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-growth-'));
  const path = join(dir, 'growth.db');
  try {
    const config = createConfig({ DATABASE_PATH: path, STAFF_TELEGRAM_IDS: ADMIN.userId, TELEGRAM_BOT_TOKEN: TOKEN });
    const seeded = createApp({ config, clock: systemClock, log: silentLogger });
    const t0 = performance.now();
    synthesise(seeded.store.handle.sqlite, tickets, eventsPerTicket, Date.now());
    const synthesiseSeconds = +((performance.now() - t0) / 1000).toFixed(1);
    seeded.close();

    // A fresh process's view of the grown file: the app opened on it, as after a restart.
    const app = createApp({ config, clock: systemClock, log: silentLogger });
    const counts = app.store.handle.sqlite
      .prepare(`select (select count(*) from tickets) as tickets, (select count(*) from ticket_events) as events`)
      .get() as { tickets: number; events: number };
    const open = app.store.handle.sqlite.prepare(`select max(id) as id from tickets where status = 'in_progress'`).get() as {
      id: number;
    };
    const commands: Record<string, unknown> = {};
    const staff = { ...ADMIN };
    commands['/status'] = await ask(app, '/status', {}, rounds * 5);
    commands['/antrian'] = await ask(app, '/antrian', staff, rounds * 5);
    commands['/lihat'] = await ask(app, `/lihat ${open.id}`, staff, rounds * 5);
    commands['/laporan 30'] = await ask(app, '/laporan 30', staff, rounds);
    commands['/laporan 365'] = await ask(app, '/laporan 365', staff, rounds);

    // The report's figures alone, both ways where this checkout has both (the record-by-record
    // one is the report as it was before its counts moved into SQL).
    const report = (await import('../src/staff/report.js')) as Record<string, unknown>;
    const figures: Record<string, number> = {};
    for (const [name, fn] of Object.entries(report)) {
      if (!/^computeReport/.test(name) || typeof fn !== 'function') continue;
      for (const days of [30, 365]) {
        const times: number[] = [];
        const cpu: number[] = [];
        for (let i = 0; i < rounds; i++) {
          const c0 = process.cpuUsage();
          const t = performance.now();
          (fn as (s: unknown, c: unknown, d: number, n: Date) => unknown)(app.store, app.calendar, days, new Date());
          times.push(performance.now() - t);
          const c = process.cpuUsage(c0);
          cpu.push((c.user + c.system) / 1000);
        }
        figures[`${name}_${days}Ms`] = +percentile(times, 50).toFixed(1);
        figures[`${name}_${days}CpuMs`] = +percentile(cpu, 50).toFixed(1);
      }
    }

    // Desk msg/s on the grown database: 200 chats, the bench's usual mix, delivered at once.
    let delivered = 0;
    const sender: ChannelSender = { channel: 'console', send: async () => (delivered++, {}) };
    const dispatcher = createDispatcher({ outbox: app.store.outbox, sender, clock: systemClock, log: silentLogger });
    const texts = ['halo', '/menu', 'cara daftar akun penyedia', 'lupa password spse', 'terima kasih'];
    const latencies: number[] = [];
    const deskCpu0 = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < messages; i++) {
      const t = performance.now();
      app.desk.receive(message(texts[i % texts.length]!, { chatId: `v${(i % 200) + 1}`, userId: `v${(i % 200) + 1}` }));
      await dispatcher.drain();
      latencies.push(performance.now() - t);
    }
    const seconds = (performance.now() - start) / 1000;
    const deskCpu = process.cpuUsage(deskCpu0);
    app.close();
    return {
      tickets: counts.tickets,
      events: counts.events,
      dbMiB: Math.round(statSync(path).size / 2 ** 20),
      synthesiseSeconds,
      commands,
      reportFigures: figures,
      desk: {
        messages,
        delivered,
        messagesPerSecond: Math.round(messages / seconds),
        messagesPerCpuSecond: Math.round(messages / ((deskCpu.user + deskCpu.system) / 1e6)),
        p50Ms: +percentile(latencies, 50).toFixed(3),
        p99Ms: +percentile(latencies, 99).toFixed(3),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
