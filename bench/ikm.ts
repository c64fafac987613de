import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../src/app.js';
import { createConfig } from '../src/config.js';
import type { InboundMessage } from '../src/core/channel.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/logger.js';
import { percentile } from './stats.js';

/**
 * The desk's latency for other people while an admin's `/ikm` renders its two PNGs. Vendors'
 * messages arrive on a timer (one every `intervalMs`, as an adapter's I/O callbacks would hand
 * them over) for `windowMs`; the admin's `/ikm` arrives with the first of them. Each vendor
 * message's latency runs from the moment it was due to the moment its answer was in the outbox,
 * so a desk blocked by the render (in the message's transaction, or on the event loop) shows it.
 * The same stream without `/ikm` is the baseline. Also: how long `/ikm`'s own handling held the
 * process (`ikmReceiveMs`: its transaction, and the event loop) and when its pictures were queued.
 * Runs on any checkout with createApp and desk.receive, so an older one measures side by side.
 */

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12';
const ADMIN = { channel: 'telegram' as const, chatId: '1001', userId: '1001', privateChat: true };
const ITEMS = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9', 'B3', 'B11', 'B12', 'B27', 'B28', 'B31'];

let seq = 0;
function message(text: string, over: Partial<InboundMessage>): InboundMessage {
  seq++;
  return {
    channel: 'telegram',
    externalId: `bench-ikm-${seq}`,
    chatId: 'v',
    userId: 'v',
    text,
    attachments: [],
    receivedAt: new Date(),
    ...over,
  };
}

type Receive = { queued: number[]; deferred?: Promise<number[]> };

/** One window of vendor traffic, with `/ikm` at its start or not. */
async function window(app: App, withIkm: boolean, windowMs: number, intervalMs: number) {
  const latencies: number[] = [];
  const start = performance.now();
  let ikmReceiveMs: number | undefined;
  let ikmAnswer: Promise<number> | undefined;
  const vendorTexts = ['lupa password spse', 'cara daftar akun penyedia', 'halo', '/menu'];
  const arrivals = Math.floor(windowMs / intervalMs);
  await new Promise<void>((finished) => {
    let left = arrivals;
    for (let i = 0; i < arrivals; i++) {
      const due = start + i * intervalMs;
      setTimeout(
        () => {
          if (i === 0 && withIkm) {
            const t0 = performance.now();
            const result = app.desk.receive(message('/ikm 2026', ADMIN)) as Receive;
            ikmReceiveMs = performance.now() - t0;
            ikmAnswer = (result.deferred ?? Promise.resolve(result.queued)).then(() => performance.now() - t0);
          }
          const n = seq % 50;
          app.desk.receive(message(vendorTexts[i % vendorTexts.length]!, { chatId: `v${n}`, userId: `v${n}` }));
          latencies.push(performance.now() - due);
          if (--left === 0) finished();
        },
        Math.max(0, due - performance.now()),
      );
    }
  });
  const ikmAnswerMs = ikmAnswer ? await ikmAnswer : undefined;
  return {
    vendorMessages: latencies.length,
    vendorP50Ms: +percentile(latencies, 50).toFixed(1),
    vendorP95Ms: +percentile(latencies, 95).toFixed(1),
    vendorMaxMs: +Math.max(...latencies).toFixed(1),
    ...(ikmReceiveMs !== undefined ? { ikmReceiveMs: +ikmReceiveMs.toFixed(1) } : {}),
    ...(ikmAnswerMs !== undefined ? { ikmAnswerMs: +ikmAnswerMs.toFixed(1) } : {}),
  };
}

export async function benchIkm(opts: { respondents?: number; rounds?: number } = {}): Promise<Record<string, unknown>> {
  const { respondents = 300, rounds = 5 } = opts;
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-ikm-'));
  try {
    const config = createConfig({
      DATABASE_PATH: join(dir, 'ikm.db'),
      TELEGRAM_BOT_TOKEN: TOKEN,
      STAFF_TELEGRAM_IDS: ADMIN.userId,
    });
    const app = createApp({ config, clock: systemClock, log: silentLogger });
    app.store.survey.importFile(
      'bench.csv',
      'bench',
      Array.from({ length: respondents }, (_, i) => ({
        period: '2026',
        answeredOn: '2026-02-01',
        answers: ITEMS.map((item, k) => ({ item, performance: 1 + ((i + k) % 4), importance: 1 + ((i * 7 + k) % 4) })),
      })),
      new Date(),
    );
    // Warm-up: the first render loads the renderer and the fonts.
    await window(app, true, 200, 20);
    const baseline = [];
    const during = [];
    for (let r = 0; r < rounds; r++) {
      baseline.push(await window(app, false, 1_000, 10));
      during.push(await window(app, true, 1_000, 10));
    }
    app.close();
    const median = (rows: Array<Record<string, number | undefined>>, key: string) =>
      +percentile(
        rows.map((row) => row[key] ?? 0),
        50,
      ).toFixed(1);
    const summary = (rows: Array<Record<string, number | undefined>>) =>
      Object.fromEntries(Object.keys(rows[0]!).map((key) => [key, median(rows, key)]));
    return { respondents, rounds, vendorEveryMs: 10, baseline: summary(baseline), whileIkmRenders: summary(during) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
