import type { App } from './app.js';
import type { ChannelAdapter, ChannelDeps } from './channels/types.js';
import type { Clock } from './core/clock.js';
import { texts } from './core/catalogue.js';
import type { Logger } from './core/log.js';
import { createDispatcher, type Dispatcher, type DispatcherDeps } from './outbox/dispatcher.js';
import { rowToOutbound } from './store/outbox.js';

export type PlatformChannel = 'telegram' | 'whatsapp';

/** Platform adapters load only when configured: the console start never pays for grammY or Baileys. */
export async function loadAdapter(channel: PlatformChannel, deps: ChannelDeps): Promise<ChannelAdapter> {
  if (channel === 'telegram')
    return (await import('./channels/telegram/adapter.js')).createTelegramAdapter({
      ...deps,
      config: deps.config.telegram,
      topics: deps.store.telegramTopics,
    });
  const { store } = deps;
  return (await import('./channels/whatsapp/adapter.js')).createWhatsAppAdapter({
    ...deps,
    config: deps.config.whatsapp,
    auth: store.whatsappAuth,
    identities: store.whatsappIdentities,
    contactOf: (userId) => store.contacts.find('whatsapp', userId),
    lidContactByPhone: (phone) => store.contacts.findByPhone('whatsapp', phone, '@lid'),
    sentMessages: (id) => store.outbox.bySentRef('whatsapp', id).map(rowToOutbound),
  });
}

export interface PlatformOptions {
  app: App;
  channels: readonly PlatformChannel[];
  clock: Clock;
  log: Logger;
  /** Builds an adapter; tests and benchmarks pass theirs (options, fake sockets). */
  createAdapter?: (channel: PlatformChannel, deps: ChannelDeps) => ChannelAdapter | Promise<ChannelAdapter>;
  dispatcher?: Partial<Pick<DispatcherDeps, 'pollMs' | 'retry' | 'batchSize' | 'concurrency'>>;
  /** Called once no channel is left running (all failed to start or stopped for good). */
  onAllDown?: () => void;
}

export interface Platforms {
  adapters: ChannelAdapter[];
  /** Channels that failed to start or stopped for good, with why. */
  down: Map<PlatformChannel, Error>;
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
  // An adapter alerts about itself: its own channel is the one that cannot carry the alert.
  const alertAdmins = (channel: PlatformChannel, text: string) => {
    app.desk.post(app.staff.adminAlerts(text, channel));
    kickAll();
  };
  const down = new Map<PlatformChannel, Error>();
  // While starting, a channel that cannot start is reported by the throw below instead.
  let starting = true;
  /** One channel out: the others keep serving; with none left the caller is told. */
  const channelDown = (channel: PlatformChannel, error: Error, adminsAlerted = false) => {
    if (down.has(channel)) return;
    down.set(channel, error);
    log.fatal({ channel, err: error.message }, 'channel stopped; it needs an operator');
    if (!adminsAlerted) alertAdmins(channel, texts.platform.channelDown(channel, error.message));
    if (!starting && down.size === opts.channels.length) opts.onAllDown?.();
  };
  const depsFor = (channel: PlatformChannel): ChannelDeps => ({
    config: app.config,
    store: app.store,
    log: log.child({ channel }),
    clock,
    alertAdmins: (text) => alertAdmins(channel, text),
    fatal: (error, o) => channelDown(channel, error, o?.adminsAlerted),
  });
  const create = opts.createAdapter ?? loadAdapter;
  const adapters: ChannelAdapter[] = [];
  for (const channel of opts.channels) adapters.push(await create(channel, depsFor(channel)));
  for (const adapter of adapters) {
    dispatchers.push(
      createDispatcher({
        outbox: app.store.outbox,
        sender: adapter.sender,
        clock,
        log: log.child({ channel: adapter.channel }),
        ...opts.dispatcher,
      }),
    );
  }
  const started: ChannelAdapter[] = [];
  const stop = async () => {
    for (const adapter of started)
      await adapter.stop().catch((err: unknown) => log.error({ err, channel: adapter.channel }, 'stop failed'));
    for (const d of dispatchers) await d.stop();
  };
  // Pending rows from before a restart, and everything later, go out as soon as the loops run.
  for (const d of dispatchers) d.start();
  const failures: Error[] = [];
  for (const [i, adapter] of adapters.entries()) {
    try {
      await adapter.start(async (msg) => {
        app.desk.receive(msg);
        kickAll();
      });
      started.push(adapter);
      log.info({ channel: adapter.channel }, 'channel started');
    } catch (err) {
      // A WhatsApp number that needs pairing must not take the Telegram desk down with it.
      const error = err instanceof Error ? err : new Error(String(err));
      failures.push(error);
      channelDown(opts.channels[i]!, error);
    }
  }
  starting = false;
  if (started.length === 0) {
    // Nothing may keep using the database the caller is about to close.
    await stop();
    throw failures.length === 1 ? failures[0]! : new Error(failures.map((f) => f.message).join('; '));
  }
  return { adapters, down, dispatchers, kickAll, stop };
}
