import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startBotApiEmulator, type BotApiEmulator, type Fault } from '../test/support/bot-api-emulator.js';
import { percentile } from './stats.js';

/**
 * The real desk process (`node --import tsx src/main.ts`) against an offset-honouring Bot API
 * emulator on 127.0.0.1, under faults: kill -9 mid-stream and a restart; 502s, 429s with
 * retry_after and accepted-then-502 answers on sends; a staff group that refuses the bot. Each of
 * `users` vendors opens a ticket with one message. Reported per scenario: vendors left without
 * their confirmation (lost), messages that reached a chat twice (duplicated), tickets opened
 * twice, staff notices delivered, and the time from a vendor's message to its confirmation.
 */

const TOKEN = '123456789:AAbenchTokenForTheEmulatorOnly_0123';
const STAFF_GROUP = '-1009';
const STAFF_ID = '9001';
const FIRST_USER = 800_000;
const TIMEOUT_MS = 90_000;
const tsx = createRequire(import.meta.url).resolve('tsx');

function startDesk(em: BotApiEmulator, databasePath: string): ChildProcess {
  return spawn(process.execPath, ['--import', tsx, 'src/main.ts'], {
    env: {
      PATH: process.env.PATH,
      DATABASE_PATH: databasePath,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: em.apiRoot,
      TELEGRAM_STAFF_CHAT_ID: STAFF_GROUP,
      STAFF_TELEGRAM_IDS: STAFF_ID,
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => child.once('exit', () => resolve()));

async function until(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

interface Scenario {
  name: string;
  fault?: (method: string, payload: Record<string, unknown>) => Fault | undefined;
  /** kill -9 the desk once this many confirmations reached vendors, then start it again. */
  killAfter?: number;
}

async function run(scenario: Scenario, users: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-faults-'));
  const databasePath = join(dir, 'desk.db');
  const em = await startBotApiEmulator(scenario.fault ? { fault: scenario.fault } : {});
  let desk = startDesk(em, databasePath);
  let kills = 0;
  try {
    const pushedAt = new Map<string, number>();
    for (let i = 0; i < users; i++) {
      const id = FIRST_USER + i;
      pushedAt.set(String(id), Date.now());
      em.push({
        message: {
          message_id: 1,
          date: Math.floor(Date.now() / 1000),
          chat: { id, type: 'private', first_name: `Vendor ${i}` },
          from: { id, is_bot: false, first_name: `Vendor ${i}` },
          text: `/tiket tidak bisa login ke akun spse nomor ${i}`,
        },
      });
    }
    const confirmations = () => em.delivered.filter((d) => pushedAt.has(d.chatId) && /#\d+/.test(d.text));
    if (scenario.killAfter !== undefined) {
      await until(() => confirmations().length >= scenario.killAfter!, TIMEOUT_MS);
      desk.kill('SIGKILL');
      await exited(desk);
      kills++;
      desk = startDesk(em, databasePath);
    }
    const confirmed = () => new Set(confirmations().map((d) => d.chatId));
    await until(() => confirmed().size === users, TIMEOUT_MS);
    // Let stragglers (retries, notices) arrive before counting duplicates.
    await new Promise((r) => setTimeout(r, 3_000));
    desk.kill('SIGTERM');
    await exited(desk);

    const seen = new Map<string, number>();
    for (const d of em.delivered) seen.set(`${d.chatId}\n${d.text}`, (seen.get(`${d.chatId}\n${d.text}`) ?? 0) + 1);
    const duplicated = [...seen.values()].filter((n) => n > 1).reduce((a, n) => a + n - 1, 0);
    const firstConfirmation = new Map<string, number>();
    for (const d of confirmations()) if (!firstConfirmation.has(d.chatId)) firstConfirmation.set(d.chatId, d.at);
    const latencies = [...firstConfirmation].map(([chat, at]) => at - pushedAt.get(chat)!);
    const db = new Database(databasePath, { readonly: true });
    const tickets = (db.prepare('select count(*) as n from tickets').get() as { n: number }).n;
    const failedRows = (db.prepare("select count(*) as n from outbox where status = 'failed'").get() as { n: number }).n;
    db.close();
    const staffNotices = em.delivered.filter((d) => d.chatId === STAFF_GROUP || d.chatId === STAFF_ID).length;
    return {
      scenario: scenario.name,
      users,
      kills,
      lost: users - firstConfirmation.size,
      duplicated,
      tickets,
      doubledTickets: Math.max(0, tickets - users),
      staffNotices,
      failedOutboxRows: failedRows,
      p50Ms: Math.round(percentile(latencies, 50)),
      p95Ms: Math.round(percentile(latencies, 95)),
    };
  } finally {
    if (desk.exitCode === null && desk.signalCode === null) {
      desk.kill('SIGKILL');
      await exited(desk);
    }
    await em.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

let calls = 0;
/** Every n-th send to a vendor fails with the given fault (deterministic, so runs compare). */
const everyNth =
  (n: number, fault: Fault) =>
  (method: string, payload: Record<string, unknown>): Fault | undefined =>
    method === 'sendMessage' && Number(payload.chat_id) >= FIRST_USER && ++calls % n === 0 ? fault : undefined;

export async function benchFaults(users = 40): Promise<Record<string, unknown>> {
  const scenarios: Scenario[] = [
    { name: 'kill -9 mid-stream, restart', killAfter: Math.floor(users / 3) },
    { name: '502 on every 3rd send', fault: everyNth(3, { status: 502, description: 'Bad Gateway' }) },
    {
      name: '429 retry_after 1 s on every 3rd send',
      fault: everyNth(3, { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 }),
    },
    {
      name: 'accepted then 502 on every 5th send',
      fault: everyNth(5, { status: 502, description: 'Bad Gateway', accepted: true }),
    },
    {
      name: 'staff group refuses the bot (403)',
      fault: (method, payload) =>
        method === 'sendMessage' && String(payload.chat_id) === STAFF_GROUP
          ? { status: 403, description: 'Forbidden: bot was kicked from the supergroup chat' }
          : undefined,
    },
  ];
  const results = [];
  for (const scenario of scenarios) results.push(await run(scenario, users));
  return { scenarios: results };
}
