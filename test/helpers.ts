import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createConfig, type Config } from '../src/config.js';
import { SendError } from '../src/core/errors.js';
import type { ChannelName, InboundMessage, OutboundMessage } from '../src/core/channel.js';
import type { ChannelSender } from '../src/core/channel.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-test-'));
  dirs.push(dir);
  return dir;
}

export function tempDbPath(): string {
  return join(tempDir(), 'desk.db');
}

export function testConfig(env: Record<string, string> = {}): Config {
  return createConfig({ DATABASE_PATH: tempDbPath(), ...env });
}

let seq = 0;
export function inbound(text: string, over: Partial<InboundMessage> = {}): InboundMessage {
  seq += 1;
  return {
    channel: 'console',
    externalId: `test-${seq}`,
    chatId: 'chat-1',
    userId: 'user-1',
    text,
    attachments: [],
    receivedAt: new Date('2026-01-05T02:00:00Z'),
    ...over,
  };
}

/** A channel that records what it was asked to send and fails on command. */
export interface RecordingSender extends ChannelSender {
  sent: OutboundMessage[];
  /** Errors to throw on the next sends, in order (undefined = succeed). */
  failures: Array<SendError | Error | undefined>;
}

export function recordingSender(channel: ChannelName = 'console'): RecordingSender {
  const sender: RecordingSender = {
    channel,
    sent: [],
    failures: [],
    async send(msg) {
      const failure = sender.failures.shift();
      if (failure) throw failure;
      sender.sent.push(msg);
      return { ref: String(sender.sent.length) };
    },
  };
  return sender;
}

/** A desk on a temp database with a manual clock; `say` sends a message and returns what was queued. */
export interface Harness {
  app: import('../src/app.js').App;
  clock: import('../src/core/clock.js').ManualClock;
  say(text: string, over?: Partial<InboundMessage>): OutboundRow[];
  /** Every outbox row queued since the last call (from any source: replies, notices, staff). */
  drainQueued(): OutboundRow[];
  reopen(): Harness;
  close(): void;
}

export type OutboundRow = import('../src/store/outbox.js').OutboxRow;

export async function createHarness(
  env: Record<string, string> = {},
  start = new Date('2026-03-02T02:00:00Z'),
  dbPath = tempDbPath(),
): Promise<Harness> {
  const { createApp } = await import('../src/app.js');
  const { createManualClock } = await import('../src/core/clock.js');
  const { silentLogger } = await import('../src/logger.js');
  const clock = createManualClock(start);
  const build = (): Harness => {
    const app = createApp({ config: createConfig({ DATABASE_PATH: dbPath, ...env }), clock, log: silentLogger });
    let lastSeen = app.store.handle.sqlite.prepare('select coalesce(max(id), 0) as id from outbox').get() as { id: number };
    const drainQueued = () => {
      const rows = app.store.handle.sqlite.prepare('select id from outbox where id > ? order by id').all(lastSeen.id) as Array<{
        id: number;
      }>;
      if (rows.length > 0) lastSeen = { id: rows[rows.length - 1]!.id };
      return rows.map((r) => app.store.outbox.byId(r.id)!);
    };
    return {
      app,
      clock,
      say(text, over = {}) {
        app.desk.receive(inbound(text, { receivedAt: clock.now(), ...over }));
        return drainQueued();
      },
      drainQueued,
      reopen() {
        app.close();
        return build();
      },
      close: () => app.close(),
    };
  };
  return build();
}
