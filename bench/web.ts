import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { createWebChatHub } from '../src/channels/web/hub.js';
import { createConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/logger.js';
import { startPlatforms } from '../src/platforms.js';
import { siteOf } from '../src/web/index.js';
import { startWebServer } from '../src/web/server.js';
import { percentile } from './stats.js';

interface Session {
  cookie: string;
  csrf: string;
  /** Resolves when an event with an id above `after` carries a desk message. */
  nextAnswer(after: number): Promise<number>;
  close(): void;
}

/** A browser's SSE stream, read over real HTTP: only what the bench needs (ids of desk messages). */
async function openSession(url: string): Promise<Session> {
  const page = await fetch(`${url}/chat`);
  const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const controller = new AbortController();
  const res = await fetch(`${url}/chat/api/events?after=0`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  let lastOut = 0;
  let waiters: Array<{ after: number; resolve: (id: number) => void }> = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = Number(/^id: ?(\d+)$/m.exec(block)?.[1] ?? 0);
        if (id > 0 && block.includes('msg-out')) {
          lastOut = Math.max(lastOut, id);
          waiters = waiters.filter((w) => (w.after < id ? (w.resolve(id), false) : true));
        }
      }
    }
  })().catch(() => undefined);
  return {
    cookie,
    csrf,
    nextAnswer: (after) =>
      lastOut > after ? Promise.resolve(lastOut) : new Promise((resolve) => waiters.push({ after, resolve })),
    close: () => controller.abort(),
  };
}

/**
 * The web chat under load: `sessions` browsers at once over real HTTP (page, SSE stream, POSTs),
 * each asking `perSession` questions one after the other and waiting for the desk's answer on its
 * stream. Figures: messages answered per second, time from POST to the answer on the stream
 * (p50, p95; and without each session's first message, which all 200 send at the same instant), the
 * desk process's memory. The clients run in the same process as the desk (one
 * machine), so the figures are a floor.
 */
export async function benchWeb(sessions = 200, perSession = 5): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-web-'));
  try {
    const config = createConfig({ DATABASE_PATH: join(dir, 'bench.db'), WEB_PORT: '0' });
    const app = createApp({ config, clock: systemClock, log: silentLogger });
    const site = siteOf(app, systemClock, silentLogger);
    const hub = createWebChatHub({
      chats: app.store.webChat,
      contactOf: (id) => app.store.contacts.find('web', id),
      saveDetails: (identity, details, now) => void app.store.contacts.saveDetails(identity, details, now),
      uploadsDir: join(dir, 'web-uploads'),
      mode: { links: site.links, timeZone: site.timeZone, chat: true },
      secure: false,
      clock: systemClock,
      log: silentLogger,
      // One address sends for all the sessions here: the per-address limit is lifted, the per-session one kept above the load.
      limits: { perIp: 1_000_000, perSession: perSession * 10 },
    });
    const server = await startWebServer({ site, log: silentLogger, host: '127.0.0.1', port: 0, plugins: [hub.plugin] });
    const platforms = await startPlatforms({ app, channels: ['web'], clock: systemClock, log: silentLogger, webChat: hub });
    const rssBefore = process.memoryUsage().rss;
    const open = await Promise.all(Array.from({ length: sessions }, () => openSession(server.url)));
    const questions = ['lupa pasword', 'cara daftar akun penyedia', 'halo', '/menu', 'jadwal tender diubah pokja'];
    const latencies: number[] = [];
    // After each session's first message (all 200 arrive at once, a queue for one event loop).
    const steady: number[] = [];
    let failed = 0;
    const start = performance.now();
    await Promise.all(
      open.map(async (s, i) => {
        let seen = 0;
        for (let k = 0; k < perSession; k++) {
          const t = performance.now();
          const r = await fetch(`${server.url}/chat/api/messages`, {
            method: 'POST',
            headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
            body: JSON.stringify({ text: questions[(i + k) % questions.length], clientId: `bench-${i}-${k}` }),
          });
          await r.arrayBuffer();
          if (r.status !== 202) {
            failed += 1;
            continue;
          }
          seen = await s.nextAnswer(seen);
          latencies.push(performance.now() - t);
          if (k > 0) steady.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const memory = process.memoryUsage();
    const streams = hub.streams();
    for (const s of open) s.close();
    await server.close();
    await platforms.stop();
    app.close();
    latencies.sort((a, b) => a - b);
    return {
      sessions,
      messages: latencies.length,
      failed,
      openStreams: streams,
      messagesPerSecond: Math.round(latencies.length / seconds),
      p50Ms: Math.round(percentile(latencies, 50)),
      p95Ms: Math.round(percentile(latencies, 95)),
      steadyP50Ms: Math.round(percentile(steady, 50)),
      steadyP95Ms: Math.round(percentile(steady, 95)),
      rssMb: Math.round(memory.rss / 1024 / 1024),
      rssGrowthMb: Math.round((memory.rss - rssBefore) / 1024 / 1024),
      heapUsedMb: Math.round(memory.heapUsed / 1024 / 1024),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
