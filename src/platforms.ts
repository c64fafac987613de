import type { App } from './app.js';
import { channelRegistry, type ChannelHost, type ChannelOptions, type Terminal } from './channels/index.js';
import { texts } from './core/catalogue.js';
import {
  FileFetchError,
  type Attachment,
  type ChannelAdapter,
  type ChannelContext,
  type ChannelName,
  type OutboundMessage,
} from './core/channel.js';
import type { Clock } from './core/clock.js';
import type { Logger } from './core/log.js';
import type { WebChatHub } from './channels/web/hub.js';
import { createDispatcher, type Dispatcher, type DispatcherDeps } from './outbox/dispatcher.js';

export interface PlatformOptions {
  app: App;
  channels: readonly ChannelName[];
  clock: Clock;
  log: Logger;
  /** Tunables for the adapters the registry builds (tests and benchmarks: fake sockets, short timers). */
  options?: ChannelOptions;
  /** Builds an adapter instead of the registry; tests pass fakes. */
  createAdapter?: (channel: ChannelName, ctx: ChannelContext, host: ChannelHost) => ChannelAdapter | Promise<ChannelAdapter>;
  /** The console channel's terminal: the process's stdin and stdout unless given. */
  terminal?: Terminal;
  dispatcher?: Partial<Pick<DispatcherDeps, 'pollMs' | 'retry' | 'batchSize' | 'concurrency'>>;
  /** Called once no channel is left running (all failed to start or stopped for good). */
  onAllDown?: () => void;
  /** Called when the person at the console ended the session (/keluar, end of input). */
  onQuit?: () => void;
  /** The web chat's routes on the microsite (src/channels/web), for the web channel. */
  webChat?: WebChatHub;
}

export interface Platforms {
  adapters: ChannelAdapter[];
  /** Channels that failed to start or stopped for good, with why. */
  down: Map<ChannelName, Error>;
  dispatchers: Dispatcher[];
  /** Wakes every dispatcher: rows were queued outside a channel's own message. */
  kickAll(): void;
  stop(): Promise<void>;
}

function processTerminal(): Terminal {
  return { input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY) };
}

/**
 * The channels wired to the desk, every one the same way: an adapter from the channel registry
 * (loaded only when the channel runs), one dispatcher per channel, each inbound message to the
 * desk, then every dispatcher kicked (a WhatsApp ticket notifies the Telegram staff group).
 * If a channel cannot start, everything already started is stopped before the error surfaces,
 * so nothing keeps using the database the caller is about to close.
 */
export async function startPlatforms(opts: PlatformOptions): Promise<Platforms> {
  const { app, clock, log } = opts;
  const dispatchers: Dispatcher[] = [];
  const dispatcherOf = new Map<ChannelName, Dispatcher>();
  const kickAll = () => {
    for (const d of dispatchers) d.kick();
  };
  // An adapter alerts about itself: its own channel is the one that cannot carry the alert.
  const alertAdmins = (channel: ChannelName, text: string) => {
    app.desk.post(app.staff.adminAlerts(text, channel));
    kickAll();
  };
  const down = new Map<ChannelName, Error>();
  // While starting, a channel that cannot start is reported by the throw below instead.
  let starting = true;
  /** One channel out: the others keep serving; with none left the caller is told. */
  const channelDown = (channel: ChannelName, error: Error, adminsAlerted = false) => {
    if (down.has(channel)) return;
    down.set(channel, error);
    log.fatal({ channel, err: error.message }, 'channel stopped; it needs an operator');
    if (!adminsAlerted) alertAdmins(channel, texts.platform.channelDown(channel, error.message));
    if (!starting && down.size === opts.channels.length) opts.onAllDown?.();
  };
  /** A message that was not sent, to queue again elsewhere: a new row, so no old dedupe key or delivery. */
  const again = (msg: OutboundMessage, chatId: string): OutboundMessage => {
    const { deliveryId: _delivery, dedupeKey: _dedupe, ...rest } = msg;
    return { ...rest, chatId };
  };
  /**
   * Telegram moved the staff group (upgraded to a supergroup): its new id is kept (the variable
   * cannot be rewritten), the message goes there, and the admins are told to update the variable.
   * Another chat that moved (never a user's private chat) is only logged.
   */
  const chatMoved = (channel: ChannelName, msg: OutboundMessage, to: string) => {
    const from = msg.chatId;
    if (!app.staff.isStaffGroup(channel, from)) {
      log.warn({ channel, from, to }, 'a chat moved to a new id; the message to its old id was not sent');
      return;
    }
    const news = app.staff.staffGroupMoved(to, clock.now());
    if (news)
      log.warn(
        { channel, from, to },
        'the staff group became a supergroup: notices follow it; set TELEGRAM_STAFF_CHAT_ID to its new id',
      );
    app.desk.post([again(msg, to), ...(news ? app.staff.adminAlerts(texts.telegram.alerts.staffGroupMoved(from, to)) : [])]);
    kickAll();
  };
  /**
   * The staff group refuses the bot (kicked, gone, muted): this notice and later ones go to the
   * staff's private chats, and the admins are told on every running channel, once. Any other chat
   * that refuses (a user who blocked the bot) stays the dispatcher's failed row, as before.
   */
  const chatRefused = (channel: ChannelName, msg: OutboundMessage, reason: string) => {
    if (!app.staff.isStaffGroup(channel, msg.chatId)) return;
    const news = app.staff.staffGroupRefused(msg.chatId, reason, clock.now());
    if (news)
      log.error({ channel, chatId: msg.chatId, reason }, 'the staff group refuses the bot: notices go to staff private chats');
    const targets = app.staff.noticeTargets().filter((t) => !(t.channel === channel && t.chatId === msg.chatId));
    app.desk.post([
      ...targets.map((t) => ({ ...again(msg, t.chatId), channel: t.channel })),
      ...(news ? app.staff.adminAlerts(texts.telegram.alerts.staffGroupRefused(msg.chatId, reason)) : []),
    ]);
    kickAll();
  };
  const contextFor = (channel: ChannelName): ChannelContext => ({
    log: log.child({ channel }),
    clock,
    alertAdmins: (text) => alertAdmins(channel, text),
    fatal: (error, o) => channelDown(channel, error, o?.adminsAlerted),
    chatMoved: (msg, to) => chatMoved(channel, msg, to),
    chatRefused: (msg, reason) => chatRefused(channel, msg, reason),
  });
  const adapters: ChannelAdapter[] = [];
  /**
   * A file of another channel, from that channel's adapter. Its channel not served here (any more)
   * means it will not come back; served but stopped, it may: the row is tried again later.
   */
  const fetchFile = async (attachment: Attachment, maxBytes: number): Promise<Buffer> => {
    const source = attachment.channel;
    const adapter = adapters.find((a) => a.channel === source);
    if (!source || !adapter?.fetchFile)
      throw new FileFetchError('gone', 'the file’s channel does not hand out files here', { source });
    if (down.has(source)) throw new FileFetchError('unavailable', 'the file’s channel has stopped', { source });
    return adapter.fetchFile(attachment, maxBytes);
  };
  const hostFor = (channel: ChannelName): ChannelHost => ({
    config: app.config,
    store: app.store,
    deliver: async () => {
      await dispatcherOf.get(channel)?.drain();
    },
    quit: () => opts.onQuit?.(),
    get terminal() {
      return opts.terminal ?? processTerminal();
    },
    webChat: opts.webChat,
    fetchFile,
  });
  const create = opts.createAdapter ?? ((channel, ctx, host) => channelRegistry[channel](ctx, host, opts.options ?? {}));
  for (const channel of opts.channels) adapters.push(await create(channel, contextFor(channel), hostFor(channel)));
  for (const adapter of adapters) {
    const dispatcher = createDispatcher({
      outbox: app.store.outbox,
      sender: adapter.sender,
      clock,
      log: log.child({ channel: adapter.channel }),
      ...opts.dispatcher,
    });
    dispatchers.push(dispatcher);
    dispatcherOf.set(adapter.channel, dispatcher);
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
        // The staff group writes again: the bot is back in it, and so are its notices.
        if (app.staff.isStaffGroup(msg.channel, msg.chatId) && app.staff.staffGroupBack(msg.chatId))
          log.info({ channel: msg.channel, chatId: msg.chatId }, 'the staff group takes the bot again: notices go back to it');
        const { deferred } = app.desk.receive(msg);
        kickAll();
        // Work left for after the message's transaction (a report) sends when it has run.
        void deferred?.then(kickAll);
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
