import { createServer } from 'node:net';
import type { Transformer } from 'grammy';
import TelegramServerModule from 'telegram-test-api';
import type { App } from '../../../src/app.js';
import { channelRegistry } from '../../../src/channels/index.js';
import type { TelegramAdapterOptions } from '../../../src/channels/telegram/adapter.js';
import type { ChannelAdapter, InboundHandler } from '../../../src/core/channel.js';
import type { Clock } from '../../../src/core/clock.js';
import type { Logger } from '../../../src/core/log.js';
import type { Dispatcher } from '../../../src/outbox/dispatcher.js';
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
  adapter: ChannelAdapter;
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
  /**
   * Pause after an empty getUpdates that came back at once (10 ms unless given). Telegram holds a
   * long poll open, the emulator answers at once: without it the bot would poll in a tight loop.
   */
  idlePollDelayMs?: number;
  /** Wraps the desk's handler as the adapter sees it (to hold one chat's message, say). */
  wrapHandler?: (handler: InboundHandler) => InboundHandler;
  dispatcherPollMs?: number;
  /** Called once no channel is left (main exits non-zero there). */
  onAllDown?: () => void;
}

/** Inbound messages from Telegram the desk recorded (each handled once). */
export function inboundCount(app: App): number {
  const row = app.store.handle.sqlite.prepare("select count(*) as c from inbound_messages where channel = 'telegram'").get() as {
    c: number;
  };
  return row.c;
}

/** Makes a server that answers an empty getUpdates at once behave as a long poll: it waits `ms` first. */
export function idlePollDelay(ms: number): Transformer {
  return async (prev, method, payload, signal) => {
    const started = Date.now();
    const res = await prev(method, payload, signal);
    if (method === 'getUpdates' && res.ok && Array.isArray(res.result) && res.result.length === 0 && Date.now() - started < 1_000)
      await new Promise((r) => setTimeout(r, ms));
    return res;
  };
}

/** The Telegram channel wired to an app exactly as src/main.ts does it, with test options. */
export async function startTelegramPlatform(opts: PlatformOptions): Promise<TelegramPlatform> {
  let adapter: ChannelAdapter | undefined;
  const platforms = await startPlatforms({
    app: opts.app,
    channels: ['telegram'],
    clock: opts.clock,
    log: opts.log,
    // The registry's own wiring, with test options and the handler as the adapter sees it wrapped.
    createAdapter: async (channel, ctx, host) => {
      const built = await channelRegistry[channel](ctx, host, {
        telegram: {
          ...opts.adapter,
          apiTransformers: [idlePollDelay(opts.idlePollDelayMs ?? 10), ...(opts.adapter?.apiTransformers ?? [])],
        },
      });
      const wrap = opts.wrapHandler;
      if (wrap) {
        const startAdapter = built.start.bind(built);
        Object.assign(built, { start: (handler: InboundHandler) => startAdapter(wrap(handler)) });
      }
      return (adapter = built);
    },
    dispatcher: { pollMs: opts.dispatcherPollMs ?? 1_000 },
    ...(opts.onAllDown ? { onAllDown: opts.onAllDown } : {}),
  });
  return { adapter: adapter!, dispatcher: platforms.dispatchers[0]!, down: platforms.down, stop: platforms.stop };
}
