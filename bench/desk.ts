import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { createConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/logger.js';
import type { ChannelSender } from '../src/core/channel.js';
import { createDispatcher } from '../src/outbox/dispatcher.js';
import { percentile } from './stats.js';

/**
 * Whole-desk throughput on a real SQLite file: each message is recorded, routed, its answer
 * queued in the outbox and delivered by the dispatcher to a channel that does nothing.
 */
export async function benchDesk(messages = 5_000): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-'));
  try {
    const app = createApp({
      config: createConfig({ DATABASE_PATH: join(dir, 'bench.db') }),
      clock: systemClock,
      log: silentLogger,
    });
    let delivered = 0;
    const sender: ChannelSender = { channel: 'console', send: async () => (delivered++, {}) };
    const dispatcher = createDispatcher({ outbox: app.store.outbox, sender, clock: systemClock, log: silentLogger });
    const latencies: number[] = [];
    const texts = ['halo', '/menu', 'cara daftar akun penyedia', 'lupa password spse', 'terima kasih'];
    const start = performance.now();
    // CPU time as well as wall time: on a shared machine it moves far less with the load.
    const cpuStart = process.cpuUsage();
    for (let i = 0; i < messages; i++) {
      const t = performance.now();
      app.desk.receive({
        channel: 'console',
        externalId: `bench-${i}`,
        chatId: `chat-${i % 200}`,
        userId: `user-${i % 200}`,
        text: texts[i % texts.length]!,
        attachments: [],
        receivedAt: new Date(),
      });
      await dispatcher.drain();
      latencies.push(performance.now() - t);
    }
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    app.close();
    return {
      messages,
      delivered,
      messagesPerSecond: Math.round(messages / seconds),
      p50Ms: +percentile(latencies, 50).toFixed(3),
      p95Ms: +percentile(latencies, 95).toFixed(3),
      p99Ms: +percentile(latencies, 99).toFixed(3),
      cpuUsPerMessage: Math.round((cpu.user + cpu.system) / messages),
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
