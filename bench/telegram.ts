import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Transformer } from 'grammy';
import { createApp } from '../src/app.js';
import { createConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/logger.js';
import { inboundCount, startEmulator, startTelegramPlatform } from '../test/channels/telegram/platform.js';
import { percentile } from './stats.js';

/**
 * The Telegram channel under load, on loopback only. "Telegram" — the Bot API emulator
 * (telegram-test-api) and the simulated users — runs in a worker thread, so it does not share the
 * bot's event loop; the bot is the real thing: the grammY adapter long-polling the emulator
 * (runner, per-chat order), the real app on a temp SQLite file and the outbox dispatcher.
 *
 * Each of `users` users sends `perUser` messages (FAQ questions in their own words, and /status),
 * one after the other, waiting for each answer as a person would; the users run concurrently.
 * Reported: messages handled per second, the time from a user's send to the bot's answer
 * appearing in the emulator (p50/p95/p99), and whether every message got exactly one answer.
 */

const TOKEN = '123456789:AAbenchTokenForTheEmulatorOnly_0123';
const ROLE = 'telegram-bench-emulator';
/** Every one of these gets exactly one answer (an FAQ answer, "Maksud Anda…?", or the ticket list). */
const MESSAGES = [
  'lupa password akun spse',
  '/status',
  'gmn cara daftar akun penyedia',
  'jadwal tender kapan ya',
  'gagal upload dokumen penawaran',
  'spse tidak bisa diakses',
  '/status',
  'cara ikut tender',
];
/** Longest wait for one answer before the message counts as unanswered. */
const ANSWER_TIMEOUT_MS = 15_000;
const FIRST_USER_ID = 700_000;

interface WorkerInput {
  role: typeof ROLE;
  users: number;
  perUser: number;
  /** What the users send, in turn (the FAQ questions above unless given). */
  messages?: string[];
}
type ToWorker = { type: 'go' } | { type: 'count' } | { type: 'stop' };
type FromWorker =
  | { type: 'ready'; apiRoot: string }
  | { type: 'done'; latencies: number[]; unanswered: number; seconds: number }
  | { type: 'counts'; counts: number[] }
  | { type: 'stopped' };

/** The worker's side: the emulator and the users. */
async function telegramSide({ users, perUser, messages = MESSAGES }: WorkerInput): Promise<void> {
  const port = parentPort!;
  const { server, apiRoot } = await startEmulator(3_600);
  // Every message the bot sends lands in the emulator's store; note when, per chat.
  const arrivals = new Map<string, number[]>();
  const waiters = new Map<string, { count: number; resolve: () => void }>();
  type Stored = { message: { chat_id: number | string } };
  server.on('AddedBotMessage', () => {
    const last = (server.storage.botMessages as unknown as Stored[]).at(-1);
    if (!last) return;
    const chat = String(last.message.chat_id);
    const list = arrivals.get(chat) ?? [];
    list.push(performance.now());
    arrivals.set(chat, list);
    const w = waiters.get(chat);
    if (w && list.length >= w.count) {
      waiters.delete(chat);
      w.resolve();
    }
  });
  function answered(chat: string, count: number): Promise<boolean> {
    if ((arrivals.get(chat)?.length ?? 0) >= count) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiters.delete(chat);
        resolve(false);
      }, ANSWER_TIMEOUT_MS);
      waiters.set(chat, { count, resolve: () => (clearTimeout(timer), resolve(true)) });
    });
  }

  const latencies: number[] = [];
  let unanswered = 0;
  async function user(i: number): Promise<void> {
    const id = FIRST_USER_ID + i;
    const client = server.getClient(TOKEN, { userId: id, chatId: id, firstName: `Pengguna${i}` });
    for (let k = 0; k < perUser; k++) {
      const text = messages[(i + k) % messages.length]!;
      const msg = text.startsWith('/') ? client.makeCommand(text) : client.makeMessage(text);
      const sentAt = performance.now();
      await client.sendMessage(msg as Parameters<typeof client.sendMessage>[0]);
      if (await answered(String(id), k + 1)) latencies.push(arrivals.get(String(id))![k]! - sentAt);
      else unanswered++;
    }
  }
  const counts = () => Array.from({ length: users }, (_, i) => arrivals.get(String(FIRST_USER_ID + i))?.length ?? 0);

  port.on('message', (m: ToWorker) => {
    const reply = (r: FromWorker) => port.postMessage(r);
    if (m.type === 'go') {
      const start = performance.now();
      void Promise.all(Array.from({ length: users }, (_, i) => user(i))).then(() =>
        reply({ type: 'done', latencies, unanswered, seconds: (performance.now() - start) / 1000 }),
      );
    } else if (m.type === 'count') reply({ type: 'counts', counts: counts() });
    else void server.stop().then(() => (reply({ type: 'stopped' }), port.close()));
  });
  port.postMessage({ type: 'ready', apiRoot } satisfies FromWorker);
}

/** Stops the emulator's worker (waiting a little for it to close) and removes the bench's folder. */
async function stopTelegramSide(telegram: ReturnType<typeof spawnTelegram>, dir: string): Promise<void> {
  telegram.worker.postMessage({ type: 'stop' } satisfies ToWorker);
  await Promise.race([telegram.next('stopped'), new Promise((r) => setTimeout(r, 5_000))]).catch(() => undefined);
  await telegram.worker.terminate();
  rmSync(dir, { recursive: true, force: true });
}

function spawnTelegram(input: Omit<WorkerInput, 'role'>): {
  worker: Worker;
  next: <T extends FromWorker['type']>(type: T) => Promise<Extract<FromWorker, { type: T }>>;
} {
  // The worker runs this same file under tsx, as the main thread does.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { role: ROLE, ...input } satisfies WorkerInput });
  const inbox: FromWorker[] = [];
  const waiting: Array<{ type: string; resolve: (m: FromWorker) => void; reject: (e: Error) => void }> = [];
  const deliver = () => {
    for (const w of [...waiting]) {
      const i = inbox.findIndex((m) => m.type === w.type);
      if (i >= 0) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(inbox.splice(i, 1)[0]!);
      }
    }
  };
  worker.on('message', (m: FromWorker) => (inbox.push(m), deliver()));
  worker.on('error', (err) => waiting.splice(0).forEach((w) => w.reject(err)));
  return {
    worker,
    next: (type) =>
      new Promise((resolve, reject) => {
        waiting.push({ type, resolve: resolve as (m: FromWorker) => void, reject });
        deliver();
      }),
  };
}

export async function benchTelegram(users = 200, perUser = 5): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-tg-'));
  const telegram = spawnTelegram({ users, perUser });
  try {
    const { apiRoot } = await telegram.next('ready');
    const config = createConfig({ DATABASE_PATH: join(dir, 'bench.db'), TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot });
    const app = createApp({ config, clock: systemClock, log: silentLogger });
    const idlePollDelayMs = 10;
    const platform = await startTelegramPlatform({ app, clock: systemClock, log: silentLogger, idlePollDelayMs });
    try {
      telegram.worker.postMessage({ type: 'go' } satisfies ToWorker);
      const done = await telegram.next('done');
      // Let anything still queued go out, then count: a doubled answer would show up now.
      await platform.dispatcher.drain();
      await new Promise((r) => setTimeout(r, 300));
      telegram.worker.postMessage({ type: 'count' } satisfies ToWorker);
      const { counts } = await telegram.next('counts');
      const messages = users * perUser;
      const handled = inboundCount(app);
      return {
        users,
        messagesPerUser: perUser,
        messages,
        handled,
        answers: counts.reduce((a, b) => a + b, 0),
        unanswered: done.unanswered,
        chatsWithExtraAnswers: counts.filter((c) => c > perUser).length,
        exactlyOneAnswerEach: done.unanswered === 0 && counts.every((c) => c === perUser) && handled === messages,
        messagesPerSecond: Math.round(messages / done.seconds),
        p50Ms: +percentile(done.latencies, 50).toFixed(1),
        p95Ms: +percentile(done.latencies, 95).toFixed(1),
        p99Ms: +percentile(done.latencies, 99).toFixed(1),
        maxMs: +percentile(done.latencies, 100).toFixed(1),
        idlePollDelayMs,
        rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      };
    } finally {
      await platform.stop();
      app.close();
    }
  } finally {
    await stopTelegramSide(telegram, dir);
  }
}

const STAFF_GROUP = '-1009876543210';
/** Tickets opened by the measured vendors: each gets exactly one answer, its confirmation. */
const TICKETS = [
  '/tiket Tidak bisa login ke SPSE sejak pagi',
  '/tiket Dokumen penawaran gagal diunggah',
  '/tiket Akun penyedia belum diverifikasi',
  '/tiket Jadwal tender berubah tanpa pemberitahuan',
];

/**
 * The staff group as Telegram does it when it is busy, answered on the bot's side: a forum (its
 * topics), every other call to it refused with 429 retry_after 4 s. Nothing reaches the emulator.
 */
function rateLimitedStaffGroup(retryAfterSeconds: number): Transformer {
  let calls = 0;
  let nextThread = 1;
  return async (prev, method, payload, signal) => {
    const p = (payload ?? {}) as Record<string, unknown>;
    if (String(p.chat_id) !== STAFF_GROUP) return prev(method, payload, signal);
    const answer = (result: unknown) => ({ ok: true, result }) as never;
    if (method === 'getChat') return answer({ id: Number(STAFF_GROUP), type: 'supergroup', title: 'Staf', is_forum: true });
    if (calls++ % 2 === 0) {
      return {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${retryAfterSeconds}`,
        parameters: { retry_after: retryAfterSeconds },
      } as never;
    }
    if (method === 'createForumTopic') return answer({ message_thread_id: nextThread++, name: p.name, icon_color: 0 });
    if (method.startsWith('send') || method === 'copyMessage')
      return answer({ message_id: 1_000_000 + calls, date: 1, chat: { id: Number(STAFF_GROUP), type: 'supergroup' } });
    return answer(true);
  };
}

/**
 * A slow staff group must not hold back vendors. The staff group is a forum and refuses every
 * other call with 429 retry_after 4 s; `backlog` earlier tickets, solved, have topics in it, and
 * are closed by the housekeeping just as the vendors start: each closure notice goes to its
 * vendor and closes the ticket's topic in the staff group. Meanwhile each of `users` vendors opens
 * `perUser` tickets (confirmation to the vendor, notice to the staff group). Reported: the
 * vendors' confirmation latency; the staff group's notices go out as it lets them.
 */
export async function benchTelegramStaffLimited(
  users = 20,
  perUser = 3,
  backlog = 40,
  /** The behaviour before issue 12 item 6: the staff group's short 429s waited out inside the call. */
  groupWaitsInCall = false,
): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-tg-'));
  const telegram = spawnTelegram({ users, perUser, messages: TICKETS });
  try {
    const { apiRoot } = await telegram.next('ready');
    const config = createConfig({
      DATABASE_PATH: join(dir, 'bench.db'),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_STAFF_CHAT_ID: STAFF_GROUP,
    });
    const app = createApp({ config, clock: systemClock, log: silentLogger });
    // The backlog: solved tickets of other vendors, each with its topic in the staff group.
    const now = systemClock.now();
    for (let i = 0; i < backlog; i++) {
      const id = String(FIRST_USER_ID + 100_000 + i);
      app.desk.receive({
        channel: 'telegram',
        externalId: `seed:${i}`,
        chatId: id,
        userId: id,
        text: `/tiket Masalah lama nomor ${i}`,
        attachments: [],
        receivedAt: now,
      });
    }
    const sqlite = app.store.handle.sqlite;
    const old = now.getTime() - 30 * 86_400_000;
    sqlite.prepare("update tickets set status = 'resolved', resolved_at = ?").run(old);
    for (const t of app.store.tickets.resolvedBefore(now)) app.store.telegramTopics.set(t.id, STAFF_GROUP, 50_000 + t.id, now);
    // What the seeding queued is not part of the run.
    sqlite.prepare("update outbox set status = 'sent'").run();
    const platform = await startTelegramPlatform({
      app,
      clock: systemClock,
      log: silentLogger,
      idlePollDelayMs: 10,
      adapter: { apiTransformers: [rateLimitedStaffGroup(4)], groupWaitsInCall },
    });
    try {
      app.housekeeping();
      platform.dispatcher.kick();
      telegram.worker.postMessage({ type: 'go' } satisfies ToWorker);
      const done = await telegram.next('done');
      telegram.worker.postMessage({ type: 'count' } satisfies ToWorker);
      const { counts } = await telegram.next('counts');
      return {
        scenario: 'staff group rate-limited (every other call 429, retry_after 4 s)',
        staffGroupWaitsInCall: groupWaitsInCall,
        users,
        ticketsPerUser: perUser,
        backlogClosed: backlog,
        confirmations: done.latencies.length,
        unanswered: done.unanswered,
        exactlyOneAnswerEach: done.unanswered === 0 && counts.every((c) => c === perUser),
        staffNoticesSent:
          Number(
            (
              sqlite.prepare("select count(*) n from outbox where chat_id = ? and status = 'sent'").get(STAFF_GROUP) as {
                n: number;
              }
            ).n,
          ) - backlog,
        p50Ms: +percentile(done.latencies, 50).toFixed(1),
        p95Ms: +percentile(done.latencies, 95).toFixed(1),
        maxMs: +percentile(done.latencies, 100).toFixed(1),
      };
    } finally {
      await platform.stop();
      app.close();
    }
  } finally {
    await stopTelegramSide(telegram, dir);
  }
}

if (!isMainThread && (workerData as Partial<WorkerInput> | undefined)?.role === ROLE) {
  void telegramSide(workerData as WorkerInput);
} else if (isMainThread && import.meta.url === `file://${process.argv[1]}`) {
  // `npx tsx bench/telegram.ts [users] [perUser]` runs this benchmark alone.
  const args = process.argv.slice(2);
  if (args[0] === 'staff-limited') {
    // `npx tsx bench/telegram.ts staff-limited [users] [perUser] [backlog]`
    // `... staff-limited [users] [perUser] [backlog]`: the old behaviour (waits in the call), then the new.
    const [users, perUser, backlog] = args.slice(1).map(Number);
    for (const old of [true, false]) {
      const result = await benchTelegramStaffLimited(users || 20, perUser || 3, backlog || 40, old);
      console.log(JSON.stringify({ bench: 'telegram-staff-limited', node: process.version, ...result }));
    }
  } else {
    const [users, perUser] = args.map(Number);
    console.log(
      JSON.stringify({ bench: 'telegram', node: process.version, ...(await benchTelegram(users || 200, perUser || 5)) }),
    );
  }
}
