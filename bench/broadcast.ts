import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createApp } from '../src/app.js';
import { createConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/logger.js';
import { startTelegramPlatform } from '../test/channels/telegram/platform.js';
import { startBotApiEmulator, type Delivered } from '../test/support/bot-api-emulator.js';
import { percentile } from './stats.js';

/**
 * An announcement to `subscribers` Telegram subscribers while a few vendors converse, against a
 * Bot API emulator that enforces Telegram's flood limits (30 sends a second in all, one a second
 * per private chat, 20 a minute per group: over one is a 429 with retry_after, counted). The
 * emulator and the vendors run in a worker thread; the bot is the real grammY adapter, app and
 * dispatcher. Reported: the broadcast's sustained rate as a share of the 30/s ceiling, the flood
 * 429s, and how long each vendor waited for an answer while the announcement drained.
 * `shareOfCeiling` is the announcement's own rate; the vendors' answers take their places in the
 * same budget, so `allSendsShareOfCeiling` is what the dispatcher got out of Telegram's ceiling.
 * The default run has 300 subscribers (about 12 s); `-- broadcast --subscribers=3000` drains for
 * over 100 s at 30/s, so it is asked for explicitly, never part of the default run.
 */

const TOKEN = '123456789:AAbenchTokenForTheEmulatorOnly_0123';
const ROLE = 'broadcast-bench-emulator';
const ADMIN = 690_001;
const FIRST_USER = 700_000;
const FIRST_SUBSCRIBER = 800_000;
const MARKER = 'BENCH-SIARAN';
const CEILING_PER_SECOND = 30;
const QUESTIONS = [
  'lupa password akun spse',
  'gmn cara daftar akun penyedia',
  'gagal upload dokumen penawaran',
  'cara ikut tender',
];

interface WorkerInput {
  role: typeof ROLE;
  subscribers: number;
  users: number;
  perUser: number;
  /** A person reads the answer and types the next question. */
  thinkMs: number;
}
type ToWorker = { type: 'go' } | { type: 'stop' };
type FromWorker =
  | { type: 'ready'; apiRoot: string }
  | {
      type: 'done';
      latencies: number[];
      unanswered: number;
      broadcastTimes: number[];
      allTimes: number[];
      floods: number;
      floodsBy: Record<string, number>;
      adminAnswers: number;
    }
  | { type: 'stopped' };

let updateSeq = 0;
function textUpdate(userId: number, text: string): Record<string, unknown> {
  updateSeq++;
  return {
    message: {
      message_id: updateSeq,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private', first_name: `Pengguna${userId}` },
      from: { id: userId, is_bot: false, first_name: `Pengguna${userId}` },
      text,
      ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}),
    },
  };
}

async function telegramSide({ subscribers, users, perUser, thinkMs }: WorkerInput): Promise<void> {
  const port = parentPort!;
  const broadcastTimes: number[] = [];
  const allTimes: number[] = [];
  const perChat = new Map<string, number[]>();
  const waiters = new Map<string, () => void>();
  const onDelivered = (d: Delivered) => {
    const now = performance.now();
    // The admin's preview quotes the announcement; only subscribers' copies are the broadcast.
    if (d.text.includes(MARKER) && d.chatId !== String(ADMIN)) broadcastTimes.push(now);
    allTimes.push(now);
    const list = perChat.get(d.chatId) ?? [];
    list.push(now);
    perChat.set(d.chatId, list);
    const w = waiters.get(d.chatId);
    if (w) {
      waiters.delete(d.chatId);
      w();
    }
    if (broadcastTimes.length === subscribers) allSent?.();
  };
  let allSent: (() => void) | undefined;
  const emulator = await startBotApiEmulator({
    limits: { perSecond: CEILING_PER_SECOND, perPrivateChatPerSecond: 1, perGroupPerMinute: 20 },
    onDelivered,
  });
  const answered = (chat: string, count: number, timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      const check = () => {
        if ((perChat.get(chat)?.length ?? 0) >= count) return (clearTimeout(timer), resolve(true));
        waiters.set(chat, check);
      };
      const timer = setTimeout(() => (waiters.delete(chat), resolve(false)), timeoutMs);
      check();
    });

  const latencies: number[] = [];
  let unanswered = 0;
  async function user(i: number): Promise<void> {
    const id = FIRST_USER + i;
    for (let k = 0; k < perUser; k++) {
      const sentAt = performance.now();
      emulator.push(textUpdate(id, QUESTIONS[(i + k) % QUESTIONS.length]!));
      if (await answered(String(id), k + 1, 30_000)) latencies.push(perChat.get(String(id))![k]! - sentAt);
      else unanswered++;
      await new Promise((r) => setTimeout(r, thinkMs));
    }
  }

  port.on('message', (m: ToWorker) => {
    const reply = (r: FromWorker) => port.postMessage(r);
    if (m.type === 'go') {
      const everyone = new Promise<void>((resolve) => (allSent = resolve));
      emulator.push(textUpdate(ADMIN, `/siaran ${MARKER} Layanan helpdesk tutup pukul 12.00 hari ini.`));
      // The vendors start as the announcement starts draining.
      void (async () => {
        // /siaran shows a preview first: the admin confirms it, as staff do ("kirim" or the button).
        await answered(String(ADMIN), 1, 30_000);
        emulator.push(textUpdate(ADMIN, 'kirim'));
        await new Promise((r) => setTimeout(r, 200));
        await Promise.all(Array.from({ length: users }, (_, i) => user(i)));
        const timeout = ((subscribers / CEILING_PER_SECOND) * 3 + 30) * 1_000;
        await Promise.race([everyone, new Promise((r) => setTimeout(r, timeout))]);
        reply({
          type: 'done',
          latencies,
          unanswered,
          broadcastTimes,
          allTimes,
          floods: emulator.floods,
          floodsBy: { ...emulator.floodsBy },
          adminAnswers: perChat.get(String(ADMIN))?.length ?? 0,
        });
      })();
    } else void emulator.close().then(() => (reply({ type: 'stopped' }), port.close()));
  });
  port.postMessage({ type: 'ready', apiRoot: emulator.apiRoot } satisfies FromWorker);
}

function spawn(input: Omit<WorkerInput, 'role'>) {
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { role: ROLE, ...input } satisfies WorkerInput });
  const next = <T extends FromWorker['type']>(type: T) =>
    new Promise<Extract<FromWorker, { type: T }>>((resolve, reject) => {
      const on = (m: FromWorker) => {
        if (m.type !== type) return;
        worker.off('message', on);
        resolve(m as Extract<FromWorker, { type: T }>);
      };
      worker.on('message', on);
      worker.once('error', reject);
    });
  return { worker, next };
}

export async function benchBroadcast(
  subscribers = 300,
  users = 5,
  perUser = 6,
  thinkMs = 1_500,
): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-bc-'));
  const telegram = spawn({ subscribers, users, perUser, thinkMs });
  try {
    const { apiRoot } = await telegram.next('ready');
    const config = createConfig({
      DATABASE_PATH: join(dir, 'bench.db'),
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      STAFF_TELEGRAM_IDS: String(ADMIN),
    });
    const app = createApp({ config, clock: systemClock, log: silentLogger });
    const sqlite = app.store.handle.sqlite;
    const now = Date.now();
    const contact = sqlite.prepare(
      `insert into contacts (channel, user_id, chat_id, subscribed, created_at, last_seen_at) values ('telegram', ?, ?, 1, ?, ?)`,
    );
    sqlite.transaction(() => {
      for (let i = 0; i < subscribers; i++) contact.run(String(FIRST_SUBSCRIBER + i), String(FIRST_SUBSCRIBER + i), now, now);
    })();
    const platform = await startTelegramPlatform({ app, clock: systemClock, log: silentLogger, idlePollDelayMs: 10 });
    try {
      telegram.worker.postMessage({ type: 'go' } satisfies ToWorker);
      const done = await telegram.next('done');
      const times = done.broadcastTimes;
      const seconds = times.length > 1 ? (times.at(-1)! - times[0]!) / 1000 : 0;
      const rate = seconds > 0 ? (times.length - 1) / seconds : 0;
      // Everything the bot sent while the announcement drained: the vendors' answers share the ceiling.
      const during = done.allTimes.filter((t) => t > times[0]! && t <= times.at(-1)!).length;
      const total = seconds > 0 ? during / seconds : 0;
      return {
        subscribers,
        users,
        messagesPerUser: perUser,
        announcementsDelivered: times.length,
        broadcastSeconds: +seconds.toFixed(1),
        sustainedPerSecond: +rate.toFixed(1),
        shareOfCeiling: `${((rate / CEILING_PER_SECOND) * 100).toFixed(1)} %`,
        allSendsPerSecond: +total.toFixed(1),
        allSendsShareOfCeiling: `${((total / CEILING_PER_SECOND) * 100).toFixed(1)} %`,
        flood429s: done.floods,
        flood429sBy: done.floodsBy,
        adminConfirmations: done.adminAnswers,
        vendorAnswers: done.latencies.length,
        vendorUnanswered: done.unanswered,
        vendorP50Ms: +percentile(done.latencies, 50).toFixed(1),
        vendorP95Ms: +percentile(done.latencies, 95).toFixed(1),
        vendorMaxMs: +percentile(done.latencies, 100).toFixed(1),
      };
    } finally {
      await platform.stop();
      app.close();
    }
  } finally {
    telegram.worker.postMessage({ type: 'stop' } satisfies ToWorker);
    await Promise.race([telegram.next('stopped'), new Promise((r) => setTimeout(r, 5_000))]).catch(() => undefined);
    await telegram.worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!isMainThread && (workerData as Partial<WorkerInput> | undefined)?.role === ROLE) {
  void telegramSide(workerData as WorkerInput);
} else if (isMainThread && import.meta.url === `file://${process.argv[1]}`) {
  // `npx tsx bench/broadcast.ts [subscribers]` runs this benchmark alone.
  const subscribers = Number(process.argv[2]) || 300;
  console.log(JSON.stringify({ bench: 'broadcast', node: process.version, ...(await benchBroadcast(subscribers)) }));
}
