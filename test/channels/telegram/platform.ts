import { createServer } from 'node:net';
import TelegramServerModule from 'telegram-test-api';
import type { App } from '../../../src/app.js';
import {
  createTelegramAdapter,
  type TelegramAdapter,
  type TelegramAdapterOptions,
} from '../../../src/channels/telegram/index.js';
import type { Clock } from '../../../src/core/clock.js';
import type { Logger } from '../../../src/core/log.js';
import type { Dispatcher } from '../../../src/notify/dispatcher.js';
import { startPlatforms, type Platforms } from '../../../src/platforms.js';

/**
 * The emulator's package is CommonJS with `module.exports = TelegramServer`; under NodeNext the
 * default import is that class at run time, while its .d.ts describes it as `{ default: class }`.
 */
type TelegramServerClass = (typeof import('telegram-test-api'))['default'];
export const TelegramServer: TelegramServerClass =
  (TelegramServerModule as unknown as { default?: TelegramServerClass }).default ??
  (TelegramServerModule as unknown as TelegramServerClass);
export type TelegramServer = InstanceType<TelegramServerClass>;

/** A TCP port nobody listens on right now (the emulator cannot be given port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The Bot API emulator on 127.0.0.1 at a free port, retried should another process take the port first. */
export async function startEmulator(storeTimeoutSeconds = 600): Promise<{ server: TelegramServer; apiRoot: string }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: storeTimeoutSeconds });
    try {
      await server.start();
      return { server, apiRoot: server.config.apiURL };
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }
}

export interface TelegramPlatform {
  adapter: TelegramAdapter;
  dispatcher: Dispatcher;
  /** Channels stopped for good (deps.fatal), with why. */
  down: Platforms['down'];
  stop(): Promise<void>;
}

export interface PlatformOptions {
  app: App;
  clock: Clock;
  log: Logger;
  adapter?: TelegramAdapterOptions;
  /** Runs after the adapter is built and before it starts: install API transformers here. */
  beforeStart?: (adapter: TelegramAdapter) => void;
  dispatcherPollMs?: number;
  /** Called once no channel is left (main exits non-zero there). */
  onAllDown?: () => void;
}

/** The Telegram channel wired to an app exactly as src/main.ts does it, with test options. */
export async function startTelegramPlatform(opts: PlatformOptions): Promise<TelegramPlatform> {
  let adapter: TelegramAdapter | undefined;
  const platforms = await startPlatforms({
    app: opts.app,
    channels: ['telegram'],
    clock: opts.clock,
    log: opts.log,
    createAdapter: (_channel, deps) => (adapter = createTelegramAdapter(deps, opts.adapter)),
    beforeStart: () => opts.beforeStart?.(adapter!),
    dispatcher: { pollMs: opts.dispatcherPollMs ?? 1_000 },
    ...(opts.onAllDown ? { onAllDown: opts.onAllDown } : {}),
  });
  return { adapter: adapter!, dispatcher: platforms.dispatchers[0]!, down: platforms.down, stop: platforms.stop };
}
