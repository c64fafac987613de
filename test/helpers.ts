import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createConfig, type Config } from '../src/config.js';
import { SendError } from '../src/core/errors.js';
import type { ChannelName, InboundMessage, OutboundMessage } from '../src/core/message.js';
import type { ChannelSender } from '../src/notify/dispatcher.js';

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
