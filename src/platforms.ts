import type { App } from './app.js';
import type { ChannelAdapter, ChannelDeps } from './channels/types.js';
import type { Clock } from './core/clock.js';
import type { Logger } from './core/log.js';
import { createDispatcher, type Dispatcher, type DispatcherDeps } from './notify/dispatcher.js';

export type PlatformChannel = 'telegram' | 'whatsapp';

/** Platform adapters load only when configured: the console start never pays for grammY or Baileys. */
export async function loadAdapter(channel: PlatformChannel, deps: ChannelDeps): Promise<ChannelAdapter> {
  if (channel === 'telegram') return (await import('./channels/telegram/index.js')).createTelegramAdapter(deps);
  const { whatsapp } = deps.config;
  return (await import('./channels/whatsapp/index.js')).createWhatsAppAdapter(deps, {
    sendIntervalMs: whatsapp.sendIntervalMs,
    sendJitterMs: whatsapp.sendJitterMs,
    appendWindowMs: whatsapp.appendWindowMs,
  });
}

export interface PlatformOptions {
  app: App;
  channels: readonly PlatformChannel[];
  clock: Clock;
  log: Logger;
  /** Builds an adapter; tests and benchmarks pass theirs (options, fake sockets). */
  createAdapter?: (channel: PlatformChannel, deps: ChannelDeps) => ChannelAdapter | Promise<ChannelAdapter>;
  /** Runs for each adapter after it is built and before it starts (API transformers in tests). */
  beforeStart?: (adapter: ChannelAdapter) => void;
  dispatcher?: Partial<Pick<DispatcherDeps, 'pollMs' | 'retry' | 'batchSize'>>;
}

export interface Platforms {
  adapters: ChannelAdapter[];
  dispatchers: Dispatcher[];
  /** Wakes every dispatcher: rows were queued outside a channel's own message. */
  kickAll(): void;
  stop(): Promise<void>;
}

/**
 * The platform channels wired to the desk: one dispatcher per channel, each inbound message to the
 * desk, then every dispatcher kicked (a WhatsApp ticket notifies the Telegram staff group).
 * If a channel cannot start, everything already started is stopped before the error surfaces,
 * so nothing keeps using the database the caller is about to close.
 */
export async function startPlatforms(opts: PlatformOptions): Promise<Platforms> {
  const { app, clock, log } = opts;
  const dispatchers: Dispatcher[] = [];
  const kickAll = () => {
    for (const d of dispatchers) d.kick();
  };
  const depsFor = (channel: PlatformChannel): ChannelDeps => ({
    config: app.config,
    store: app.store,
    log: log.child({ channel }),
    clock,
    // An adapter alerts about itself: its own channel is the one that cannot carry the alert.
    alertAdmins: (text) => {
      app.store.transaction(() => app.store.outbox.enqueue(app.staff.adminAlerts(text, channel), clock.now()));
      kickAll();
    },
  });
  const create = opts.createAdapter ?? loadAdapter;
  const adapters: ChannelAdapter[] = [];
  for (const channel of opts.channels) adapters.push(await create(channel, depsFor(channel)));
  for (const adapter of adapters) {
    opts.beforeStart?.(adapter);
    dispatchers.push(
      createDispatcher({ outbox: app.store.outbox, sender: adapter.sender, clock, log: log.child({ channel: adapter.channel }), ...opts.dispatcher }),
    );
  }
  const started: ChannelAdapter[] = [];
  const stop = async () => {
    for (const adapter of started) await adapter.stop().catch((err: unknown) => log.error({ err, channel: adapter.channel }, 'stop failed'));
    for (const d of dispatchers) await d.stop();
  };
  // Pending rows from before a restart, and everything later, go out as soon as the loops run.
  for (const d of dispatchers) d.start();
  try {
    for (const adapter of adapters) {
      await adapter.start(async (msg) => {
        app.desk.receive(msg);
        kickAll();
      });
      started.push(adapter);
      log.info({ channel: adapter.channel }, 'channel started');
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { adapters, dispatchers, kickAll, stop };
}
