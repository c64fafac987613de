import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { WebChatLimits } from '../src/channels/web/hub.js';
import { percentile } from './stats.js';

/**
 * `sessions` web chat sessions at once over real HTTP against the desk as the production process
 * builds it when WEB_PORT is set: the real microsite server with the web chat's routes, the web
 * channel and its outbox dispatcher, on 127.0.0.1 (a free port) and a temporary SQLite file
 * (`chatDesk` of test/channels/web/support.ts, the same wiring as src/run.ts). The desk runs in a
 * child process, so its RSS is its own; the browsers are this process (Node's fetch).
 *
 * Each session does what the page's script does: GET /chat (cookie and CSRF token), opens the SSE
 * stream, then sends messages (FAQ questions, a greeting, thanks, and on every fourth session a
 * /tiket as the last), each POST waiting for the desk's answer to arrive on the stream before the
 * next. Two phases on the same open sessions: `burst`, no pause between messages (the ceiling: 200
 * senders at once), then `paced`, a person's pause before each message (an offered rate below the
 * ceiling, closer to a busy day). Time to answer: from the POST leaving to the answer's event read
 * off the stream; `postAcceptedMs` is the part until the POST's 202.
 *
 * All sessions come from one address, so the per-address limit (120 a minute by default) would
 * turn most POSTs into 429s, and the per-session one (20 a minute) would too at this pace: the run
 * sets both limits high and says so in its output; 429s are still counted apart.
 */

const ROLE_ENV = 'PBJ_WEB_BENCH_DESK';
const BENCH_LIMITS: Partial<WebChatLimits> = { perSession: 1_000_000, perIp: 1_000_000 };
const ANSWER_TIMEOUT_MS = 20_000;
const MIX = [
  'lupa pasword',
  'cara daftar akun penyedia',
  'halo',
  'bagaimana cara daftar akun penyedia?',
  'gagal upload dokumen penawaran',
  'lupa password akun spse',
  'terima kasih',
];

type ToDesk = { type: 'stats' } | { type: 'stop' };
interface DeskStats {
  type: 'stats';
  rss: number;
  heapUsed: number;
  streams: number;
}
type FromDesk = { type: 'ready'; url: string } | DeskStats;

/** The desk's side, in the child process: started, then answering stats requests until told to stop. */
async function deskSide(): Promise<void> {
  const { chatDesk, CHAT_ENV } = await import('../test/channels/web/support.js');
  const { removeTempDirs } = await import('../test/helpers.js');
  const desk = await chatDesk(CHAT_ENV, BENCH_LIMITS);
  const send = (m: FromDesk) => process.send!(m);
  process.on('message', (m: ToDesk) => {
    if (m.type === 'stats') {
      (globalThis as { gc?: () => void }).gc?.();
      const mem = process.memoryUsage();
      send({ type: 'stats', rss: mem.rss, heapUsed: mem.heapUsed, streams: desk.hub.streams() });
    } else
      void desk
        .close()
        .then(() => removeTempDirs())
        .finally(() => process.exit(0));
  });
  send({ type: 'ready', url: desk.url });
}

if (process.env[ROLE_ENV] === '1') await deskSide();

interface Desk {
  url: string;
  stats(): Promise<DeskStats>;
  stop(): Promise<void>;
}

function startDesk(): Promise<Desk> {
  // The same loader as this process (tsx), and gc() so the heap figure is what is still held.
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, [ROLE_ENV]: '1' },
    execArgv: [...process.execArgv, '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends FromDesk['type']>(type: T) =>
    new Promise<Extract<FromDesk, { type: T }>>((resolve, reject) => {
      const onMessage = (m: FromDesk) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as Extract<FromDesk, { type: T }>);
      };
      const onExit = (code: number | null) => reject(new Error(`the bench desk exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  return next('ready').then(({ url }) => ({
    url,
    stats() {
      const got = next('stats');
      child.send({ type: 'stats' } satisfies ToDesk);
      return got;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'stop' } satisfies ToDesk);
      }),
  }));
}

/** Events of one SSE stream as they arrive; `answer(after)` resolves at the first desk message newer than `after`. */
interface Stream {
  status: number;
  answer(after: number, timeoutMs: number): Promise<boolean>;
  close(): void;
}

async function openStream(url: string, cookie: string): Promise<Stream> {
  const controller = new AbortController();
  const res = await fetch(`${url}/chat/api/events`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  // Ids of the desk's messages seen so far, and who waits for one newer than a given id.
  let newestOut = 0;
  let waiter: { after: number; done: (ok: boolean) => void } | undefined;
  const seen = (id: number, html: string) => {
    if (!html.includes('msg-out')) return;
    newestOut = Math.max(newestOut, id);
    if (waiter && newestOut > waiter.after) waiter.done(true);
  };
  if (res.ok && res.body)
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.replace(/^data: ?/, ''))
            .join('\n');
          if (data) {
            const event = JSON.parse(data) as { id: number; html: string };
            seen(event.id, event.html);
          }
        }
      }
    })().catch(() => undefined);
  return {
    status: res.status,
    answer: (after, timeoutMs) =>
      new Promise<boolean>((resolve) => {
        if (newestOut > after) return resolve(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        const done = (ok: boolean) => {
          clearTimeout(timer);
          waiter = undefined;
          resolve(ok);
        };
        waiter = { after, done };
      }),
    close: () => controller.abort(),
  };
}

interface Session {
  cookie: string;
  csrf: string;
  stream: Stream;
}

interface Tally {
  latencies: number[];
  /** From the POST leaving to its 202: the part of the answer time spent waiting for the server to take the message. */
  posts: number[];
  pageErrors: number;
  streamErrors: number;
  postErrors: Record<string, number>;
  rateLimited: number;
  timeouts: number;
  failures: number;
}

async function openSession(url: string, tally: Tally): Promise<Session | undefined> {
  try {
    const page = await fetch(`${url}/chat`);
    const html = await page.text();
    if (!page.ok) {
      tally.pageErrors++;
      if (page.status === 429) tally.rateLimited++;
      return undefined;
    }
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const stream = await openStream(url, cookie);
    if (stream.status !== 200) {
      tally.streamErrors++;
      if (stream.status === 429) tally.rateLimited++;
      stream.close();
      return undefined;
    }
    return { cookie, csrf, stream };
  } catch {
    tally.failures++;
    return undefined;
  }
}

async function converse(
  url: string,
  session: Session,
  index: number,
  messages: number,
  tally: Tally,
  thinkMs = 0,
): Promise<void> {
  for (let k = 0; k < messages; k++) {
    // A person reads the answer and types the next question: 0.5–1.5 × thinkMs, the first one too (they come in over time).
    if (thinkMs > 0) await new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
    const text =
      k === messages - 1 && index % 4 === 0
        ? `/tiket Bench: tidak bisa masuk SPSE sejak pagi (sesi ${index})`
        : MIX[(index + k) % MIX.length]!;
    const sentAt = performance.now();
    try {
      const res = await fetch(`${url}/chat/api/messages`, {
        method: 'POST',
        headers: { cookie: session.cookie, 'content-type': 'application/json', 'x-csrf-token': session.csrf },
        body: JSON.stringify({ clientId: `bench-${index}-${k}-${Date.now().toString(36)}`, text }),
      });
      const body = (await res.json()) as { message?: { id: number } };
      tally.posts.push(performance.now() - sentAt);
      if (res.status !== 202 || !body.message) {
        tally.postErrors[res.status] = (tally.postErrors[res.status] ?? 0) + 1;
        if (res.status === 429) tally.rateLimited++;
        continue;
      }
      if (await session.stream.answer(body.message.id, ANSWER_TIMEOUT_MS)) tally.latencies.push(performance.now() - sentAt);
      else tally.timeouts++;
    } catch {
      tally.failures++;
    }
  }
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const ms = (v: number) => Math.round(v * 10) / 10;

const newTally = (): Tally => ({
  latencies: [],
  posts: [],
  pageErrors: 0,
  streamErrors: 0,
  postErrors: {},
  rateLimited: 0,
  timeouts: 0,
  failures: 0,
});

/** One phase's figures: throughput, time to answer, and what went wrong. */
function figures(tally: Tally, sent: number, elapsed: number): Record<string, unknown> {
  return {
    sent,
    answered: tally.latencies.length,
    durationMs: Math.round(elapsed),
    messagesPerSecond: Math.round((tally.latencies.length / elapsed) * 1000 * 10) / 10,
    answerMs: {
      p50: ms(percentile(tally.latencies, 50)),
      p95: ms(percentile(tally.latencies, 95)),
      p99: ms(percentile(tally.latencies, 99)),
      max: ms(percentile(tally.latencies, 100)),
    },
    postAcceptedMs: { p50: ms(percentile(tally.posts, 50)), p95: ms(percentile(tally.posts, 95)) },
    errors: {
      post: tally.postErrors,
      rateLimited: tally.rateLimited,
      unansweredIn20s: tally.timeouts,
      network: tally.failures,
    },
  };
}

/**
 * Two phases on the same open sessions: `burst`, every session sending `messages` back to back (the
 * desk's ceiling: 200 senders with no pause), then `paced`, `pacedMessages` each with a person's
 * pause of about `thinkMs` before each (an offered rate of sessions / thinkMs, below the ceiling).
 */
export async function benchWeb(
  opts: { sessions?: number; messages?: number; pacedMessages?: number; thinkMs?: number } = {},
): Promise<Record<string, unknown>> {
  const sessions = opts.sessions ?? 200;
  const messages = opts.messages ?? 5;
  const pacedMessages = opts.pacedMessages ?? 2;
  const thinkMs = opts.thinkMs ?? 8_000;
  const desk = await startDesk();
  try {
    // Warm-up: one session's round trip, so the first figures are not the JIT's.
    const warm = await openSession(desk.url, newTally());
    if (warm) {
      await converse(desk.url, warm, 1, 2, newTally());
      warm.stream.close();
    }
    const before = await desk.stats();

    const opening = newTally();
    const openStart = performance.now();
    const opened = (await Promise.all(Array.from({ length: sessions }, () => openSession(desk.url, opening)))).filter(
      (s): s is Session => s !== undefined,
    );
    const openMs = performance.now() - openStart;
    const open = await desk.stats();

    const burst = newTally();
    const burstStart = performance.now();
    await Promise.all(opened.map((s, i) => converse(desk.url, s, i, messages, burst)));
    const burstMs = performance.now() - burstStart;
    const afterBurst = await desk.stats();

    const paced = newTally();
    const pacedStart = performance.now();
    await Promise.all(opened.map((s, i) => converse(desk.url, s, i, pacedMessages, paced, thinkMs)));
    const pacedMs = performance.now() - pacedStart;
    const after = await desk.stats();
    for (const s of opened) s.stream.close();

    return {
      sessions,
      limits: { ...BENCH_LIMITS, note: 'per-session and per-address limits raised for the run: every session is 127.0.0.1' },
      sessionsOpened: opened.length,
      streamsAtDesk: open.streams,
      openAllMs: Math.round(openMs),
      openErrors: {
        page: opening.pageErrors,
        stream: opening.streamErrors,
        rateLimited: opening.rateLimited,
        network: opening.failures,
      },
      burst: { messagesPerSession: messages, ...figures(burst, opened.length * messages, burstMs) },
      paced: {
        messagesPerSession: pacedMessages,
        thinkMs,
        offeredPerSecond: Math.round((opened.length / thinkMs) * 1000),
        ...figures(paced, opened.length * pacedMessages, pacedMs),
      },
      deskRssMiB: {
        before: mib(before.rss),
        sessionsOpen: mib(open.rss),
        afterBurst: mib(afterBurst.rss),
        after: mib(after.rss),
      },
      rssPerSessionKiB: Math.round((open.rss - before.rss) / 1024 / Math.max(1, opened.length)),
      heapPerSessionKiB: Math.round((open.heapUsed - before.heapUsed) / 1024 / Math.max(1, opened.length)),
      heapAfterMiB: mib(after.heapUsed),
      loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
    };
  } finally {
    await desk.stop();
  }
}
