import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Content } from '../src/app.js';
import { createConfig, type Config } from '../src/config.js';
import { SendError } from '../src/core/errors.js';
import type { ChannelName, InboundMessage, OutboundMessage } from '../src/core/channel.js';
import type { ChannelSender } from '../src/core/channel.js';

const dirs: string[] = [];

/** Removes the folders tempDir() made; test/support/setup.ts runs it after every test. */
export function removeTempDirs(): void {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
}

/** A fresh temporary folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-test-'));
  dirs.push(dir);
  return dir;
}

export function tempDbPath(): string {
  return join(tempDir(), 'desk.db');
}

/** SQLite's private in-memory database: nothing on disk, gone at close. Use a file only to reopen it. */
export const MEMORY_DB = ':memory:';

/** A config on an in-memory database; pass DATABASE_PATH (tempDbPath()) when the test reopens it. */
export function testConfig(env: Record<string, string> = {}): Config {
  return createConfig({ DATABASE_PATH: MEMORY_DB, ...env });
}

const contents = new Map<string, Promise<Content>>();
/**
 * The content of an intents folder (the shipped `intents/` by default), loaded and validated once
 * and shared by every app the tests build: `createApp({ ..., content: await testContent() })`.
 * Reloading it costs more than the rest of an app together. The desk never changes it; it is
 * frozen so that a change would fail where it is made instead of leaking into later tests.
 */
export function testContent(intentsDir = 'intents'): Promise<Content> {
  const key = resolve(intentsDir);
  let content = contents.get(key);
  if (!content) {
    content = import('../src/app.js').then(({ loadContent }) => deepFreeze(loadContent(key)));
    contents.set(key, content);
  }
  return content;
}

/**
 * Freezes plain objects and arrays all the way down, so that a feature changing the shared content
 * throws (ES modules are strict) instead of leaking into the tests that run after it.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
  return value;
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

/**
 * A desk with a manual clock on the shared test content, in memory unless a database file is given
 * (pass tempDbPath() to `reopen()` it, as a restart would); `say` sends a message and returns what
 * was queued.
 */
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
  dbPath = MEMORY_DB,
): Promise<Harness> {
  const { createApp } = await import('../src/app.js');
  const { createManualClock } = await import('../src/core/clock.js');
  const { silentLogger } = await import('../src/logger.js');
  const clock = createManualClock(start);
  const config = createConfig({ DATABASE_PATH: dbPath, ...env });
  const content = await testContent(config.intentsDir);
  const build = (): Harness => {
    const app = createApp({ config, clock, log: silentLogger, content });
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
        // Work the message deferred (a report) is part of its answer here.
        app.desk.runDeferred();
        return drainQueued();
      },
      drainQueued,
      reopen() {
        if (config.databasePath === MEMORY_DB)
          throw new Error('an in-memory harness cannot be reopened: give createHarness a database file (tempDbPath())');
        app.close();
        return build();
      },
      close: () => app.close(),
    };
  };
  return build();
}

/** Streams for runCli that keep what it writes: `run.io` to pass, `run.out()` / `run.err()` to read. */
export function cliIo(env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { stdout, stderr, stdin: new PassThrough(), env }, out: () => out, err: () => err };
}
