import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, GrammyError, type Context, type Transformer } from 'grammy';
import type { CallbackQuery, Message, Update, UserFromGetMe } from 'grammy/types';
import type { Config } from '../../config.js';
import type { ChannelAdapter, ChannelContext, ChannelSender, InboundHandler } from '../../core/channel.js';
import { ConfigError } from '../../core/errors.js';
import type { TelegramAlbumsRepo } from '../../store/telegram-albums.js';
import type { TelegramTopicsRepo } from '../../store/telegram-topics.js';
import { createAlbumBuffer } from './albums.js';
import { createPolling } from './polling.js';
import { USER_COMMANDS, STAFF_COMMANDS } from './commands.js';
import { describeError, errorText } from './errors.js';
import { createFileFetcher } from './files.js';
import { createTelegramSender } from './sender.js';
import { createTopicManager } from './topics.js';
import { translateAlbum, translateUpdate } from './translate.js';

/** What the Telegram adapter needs from the desk: its settings, and where it keeps the staff group's topics. */
export interface TelegramAdapterDeps extends ChannelContext {
  /** TELEGRAM_BOT_TOKEN, TELEGRAM_API_ROOT, TELEGRAM_STAFF_CHAT_ID and the staff ids (for their command menus). */
  config: Config['telegram'];
  /** The forum topic of each ticket in the staff group. */
  topics: TelegramTopicsRepo;
  /**
   * Album parts, recorded as they arrive: Telegram counts an update delivered at the next poll,
   * while an album waits about a second for its other parts, so a crash meanwhile would lose it.
   */
  albumParts: TelegramAlbumsRepo;
}

export interface TelegramAdapterOptions {
  /** getMe attempts at start when the network fails, before giving up. */
  startAttempts?: number;
  /** Longest wait for in-flight updates on stop. */
  stopTimeoutMs?: number;
  /**
   * Wait between getUpdates attempts while fetching fails (network down, Telegram 5xx). Constant,
   * so an outage of days is still noticed within this long of its end; retried without limit.
   */
  pollRetryMs?: number;
  /** After polling stopped (409: another instance polls with this token), wait this long and poll again. */
  restartDelayMs?: number;
  /** Fetching failing without a break this long is told to the admins (once per outage). */
  outageAlertMs?: number;
  /**
   * Wait out a group's short 429 inside the call, as private chats' are (the behaviour before
   * issue 12 item 6; the benchmark compares the two). Off: see `retryCalls` below.
   */
  groupWaitsInCall?: boolean;
  /** An album is handed to the desk this long after its last part arrived. */
  albumQuietMs?: number;
  /**
   * Installed first, beneath the adapter's own retry and polling guards, so they act on what
   * these answer: a proxy, or a fake Bot API in tests.
   */
  apiTransformers?: Transformer[];
}

/** Calls a dispatcher worker makes while sending one message: the message, its files, its topic. */
const WORKER_CALLS = /^(send[A-Z]|copyMessage$|createForumTopic$|getChat$)/;
/** Group and supergroup ids are negative. */
const toGroup = (payload: unknown) => String((payload as { chat_id?: unknown } | undefined)?.chat_id ?? '').startsWith('-');

/** One turn of the event loop: what the runner counts settles within a turn or two. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The desk on Telegram with grammY: long polling through grammY runner (updates of one chat in
 * order, different chats concurrently), auto-retry for 429/5xx with short waits (the outbox
 * dispatcher does the long ones, and every wait of a group's), HTML rendering, forum topics in the
 * staff group.
 *
 * Polling never dies quietly: fetch failures are retried for as long as they last (the admins are
 * told when that is long); when Telegram refuses to hand over updates (409: another instance
 * polls with the same token) the admins are told and polling starts again after a pause; a
 * revoked token (401) stops the channel through deps.fatal, which tells the operator.
 */
export function createTelegramAdapter(deps: TelegramAdapterDeps, options: TelegramAdapterOptions = {}): ChannelAdapter {
  const { config, clock } = deps;
  const token = config.token;
  if (!token)
    throw new ConfigError('TELEGRAM_BOT_TOKEN: required for the Telegram channel', { variables: ['TELEGRAM_BOT_TOKEN'] });
  const apiRoot = config.apiRoot?.replace(/\/+$/, '');
  const staffChatId = config.staffChatId;
  // The composition root hands over a logger already tagged with the channel.
  const log = deps.log;
  const startAttempts = options.startAttempts ?? 3;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const pollRetryMs = Math.min(60_000, Math.max(0, options.pollRetryMs ?? 5_000));
  const restartDelayMs = options.restartDelayMs ?? 60_000;
  const outageAlertMs = options.outageAlertMs ?? 15 * 60_000;

  const bot = new Bot(token, { client: apiRoot ? { apiRoot } : {} });
  for (const t of options.apiTransformers ?? []) bot.api.config.use(t);
  // Short waits only: a longer retry_after surfaces as a SendError and the dispatcher waits it out
  // without holding up the chat's later messages behind a sleeping request. Network errors are
  // left to the dispatcher (sending), which backs off itself. getUpdates is the runner's to retry.
  const retry = autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5, rethrowHttpErrors: true });
  // Except what a dispatcher worker sends to a group (the staff group): a group is where a backlog
  // builds up, and while a call sleeps in its wait, the chat's rows stay due and fill the
  // dispatcher's window, so vendors' rows behind them wait too. Surfaced at once, the 429 parks
  // the chat (its rows leave the window) and the dispatcher does the short wait itself, resuming
  // the same delivery. Topic open/close calls keep the wait: they run beside the sends.
  const groupWaitsInCall = options.groupWaitsInCall ?? false;
  const retryCalls: Transformer = (prev, method, payload, signal) => {
    if (method === 'getUpdates') return prev(method, payload, signal);
    if (!groupWaitsInCall && WORKER_CALLS.test(method) && toGroup(payload)) return prev(method, payload, signal);
    return retry(prev, method, payload, signal);
  };
  bot.api.config.use(retryCalls);

  // Outermost, after the transformers above: it sees what they answer.
  const polling = createPolling({
    bot,
    log,
    clock,
    alertAdmins: deps.alertAdmins,
    fatal: deps.fatal,
    pollRetryMs,
    restartDelayMs,
    outageAlertMs,
  });

  const topics = staffChatId
    ? createTopicManager({ api: bot.api, topics: deps.topics, clock, log, chatId: staffChatId })
    : undefined;
  const { pacing } = deps.config;
  const sender: ChannelSender = {
    ...createTelegramSender({
      api: bot.api,
      log,
      topics,
      chatMoved: deps.chatMoved?.bind(deps),
      chatRefused: deps.chatRefused?.bind(deps),
    }),
    // Telegram's limits, kept before sending instead of learnt from 429s: groups (negative ids) 20 a
    // minute, private chats one a second, about 30 a second in all.
    pacing: {
      perSecond: pacing.perSecond,
      chatIntervalMs: (chatId) => (chatId.startsWith('-') ? 60_000 / pacing.groupPerMinute : pacing.chatIntervalMs),
    },
  };
  // Other channels' senders fetch a staff member's file from here at send time (a screenshot for a web or WhatsApp user).
  const fetchFile = createFileFetcher({ api: bot.api, token, apiRoot });
  const albums = createAlbumBuffer({ clock, ...(options.albumQuietMs !== undefined ? { quietMs: options.albumQuietMs } : {}) });
  /** The updates that stand for a whole album, with its parts once it is complete. */
  const albumOf = new WeakMap<Update, Promise<Message[]>>();

  let handler: InboundHandler | undefined;
  const inFlight = new Set<Promise<void>>();

  async function acknowledge(cq: CallbackQuery): Promise<void> {
    const calls: Array<[string, () => Promise<unknown>]> = [['answerCallbackQuery', () => bot.api.answerCallbackQuery(cq.id)]];
    const m = cq.message;
    // The pressed keyboard goes away: an old menu cannot be pressed twice. Not in the staff group,
    // where a notice is shared: "Ambil" or "Lihat" stays usable by the other staff.
    if (m && m.date !== 0 && String(m.chat.id) !== staffChatId) {
      calls.push([
        'editMessageReplyMarkup',
        () => bot.api.editMessageReplyMarkup(m.chat.id, m.message_id, { reply_markup: { inline_keyboard: [] } }),
      ]);
    }
    const results = await Promise.allSettled(calls.map(([, call]) => call()));
    results.forEach((r, i) => {
      if (r.status === 'rejected') log.debug({ call: calls[i]![0], ...describeError(r.reason) }, 'optional Telegram call failed');
    });
  }

  async function onUpdate(ctx: Context): Promise<void> {
    const update = ctx.update;
    try {
      const album = albumOf.get(update);
      // An album waits here, in its chat's turn, for its other parts: a later message of the chat waits behind it.
      const parts = album ? await album : undefined;
      const opts = {
        now: clock.now(),
        botId: bot.botInfo.id,
        staffChatId,
        ticketOfThread: (chatId: string, threadId: number) => deps.topics.ticketOfThread(chatId, threadId),
      };
      const msg = parts ? translateAlbum(parts, opts) : translateUpdate(update, opts);
      if (!msg) {
        log.debug({ updateId: update.update_id, chatId: ctx.chat?.id }, 'Telegram update ignored');
        return;
      }
      if (!handler) return;
      // Ids only, never the text: at debug level this is how an admin finds a group's or a user's id.
      log.debug(
        {
          updateId: update.update_id,
          chatId: msg.chatId,
          userId: msg.userId,
          ticketId: msg.ticketId,
          ...(album ? { files: msg.attachments.length } : {}),
        },
        album ? 'Telegram album' : 'Telegram message',
      );
      // One bad update must never stop the bot: the failure is logged and polling goes on.
      const handled = await handler(msg).then(
        () => true,
        (err: unknown) => {
          log.error(
            { updateId: update.update_id, chatId: msg.chatId, err: errorText(err) },
            'handling a Telegram message failed',
          );
          return false;
        },
      );
      // The desk has the album (recorded under its first part's id): its parts need keeping no more.
      // One the desk failed on stays, and is offered again at the next start.
      const m = update.message;
      if (handled && parts && m?.media_group_id) deps.albumParts.remove(String(m.chat.id), m.media_group_id);
    } finally {
      if (update.callback_query) await acknowledge(update.callback_query);
    }
  }

  // Outermost: every update being handled (or waiting for its chat's turn) is tracked for stop().
  bot.use(async (_ctx, next) => {
    const task = next();
    inFlight.add(task);
    try {
      await task;
    } finally {
      inFlight.delete(task);
    }
  });
  // Before the per-chat queue: the album's first part takes the chat's turn for the whole album;
  // the other parts join it without queueing (queued behind the first, they could never join it).
  bot.use(async (ctx, next) => {
    const m = ctx.update.message;
    if (m?.media_group_id) {
      const part = albums.add(m);
      // Recorded before the next poll confirms the update to Telegram: a crash now loses nothing.
      if (part.role !== 'single') {
        deps.albumParts.add(
          {
            chatId: String(m.chat.id),
            messageId: m.message_id,
            mediaGroupId: m.media_group_id,
            updateId: ctx.update.update_id,
            message: m,
          },
          clock.now(),
        );
      }
      if (part.role === 'joined') {
        log.debug({ updateId: ctx.update.update_id, chatId: m.chat.id }, 'Telegram album part collected');
        return;
      }
      if (part.role === 'first') albumOf.set(ctx.update, part.parts);
    }
    await next();
  });
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  bot.use(onUpdate);
  bot.catch((err) =>
    log.error({ updateId: err.ctx.update.update_id, ...describeError(err.error) }, 'Telegram update handler failed'),
  );

  async function connect(): Promise<UserFromGetMe> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await bot.api.getMe();
      } catch (err) {
        if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
          throw new Error(
            `Telegram rejected the bot token (${err.error_code} ${err.description ?? ''}): check TELEGRAM_BOT_TOKEN with @BotFather`,
          );
        }
        if (err instanceof GrammyError || attempt >= startAttempts) {
          throw new Error(
            `Cannot connect to the Telegram Bot API at ${apiRoot ?? 'https://api.telegram.org'}: ${errorText(err)}`,
          );
        }
        log.warn({ attempt, ...describeError(err) }, 'Telegram Bot API not reachable; trying again');
        await clock.sleep(500 * attempt);
      }
    }
  }

  async function optional(call: string, fn: () => Promise<unknown>): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (err) {
      log.warn({ call, ...describeError(err) }, 'optional Telegram call failed; continuing');
      return false;
    }
  }

  /** The command menus; a server that refuses the first (the emulator) is not asked for the rest. */
  async function setCommands(): Promise<void> {
    if (!(await optional('setMyCommands', () => bot.api.setMyCommands(USER_COMMANDS)))) return;
    const staffChats = [...(staffChatId ? [staffChatId] : []), ...new Set([...config.staffIds, ...config.adminIds])];
    for (const chatId of staffChats) {
      await optional('setMyCommands', () => bot.api.setMyCommands(STAFF_COMMANDS, { scope: { type: 'chat', chat_id: chatId } }));
    }
  }

  /**
   * Albums recorded before a crash (their updates were confirmed, so Telegram will not send them
   * again) go through the same path as when they arrived: collected, then handed to the desk
   * once, in their chat's turn. A part Telegram does redeliver joins them (same message id); the
   * desk's delivery record makes an album handed over just before the crash a no-op.
   */
  function resumeAlbums(): void {
    const stored = deps.albumParts.pending();
    if (stored.length === 0) return;
    log.info({ parts: stored.length }, 'completing Telegram albums recorded before a restart');
    for (const p of stored) {
      void bot
        .handleUpdate({ update_id: p.updateId, message: p.message } as Update)
        .catch((err: unknown) =>
          log.error({ updateId: p.updateId, ...describeError(err) }, 'a recorded Telegram album part failed'),
        );
    }
  }

  return {
    channel: 'telegram',
    sender,
    fetchFile,
    async start(onMessage) {
      if (polling.active) throw new Error('The Telegram channel is already running');
      const me = await connect();
      bot.botInfo = me;
      // Long polling and a webhook exclude each other; a webhook left from elsewhere would stop polling.
      await optional('deleteWebhook', () => bot.api.deleteWebhook());
      await setCommands();
      handler = onMessage;
      resumeAlbums();
      polling.start();
      log.info({ username: me.username, botId: me.id, staffChatId }, 'Telegram bot polling');
    },
    async stop() {
      await polling.stop();
      // Albums being collected are handed over now, with the parts that arrived.
      albums.flush();
      // Updates already fetched are confirmed to Telegram by the next poll: let them finish.
      let expired = false;
      let expire!: () => void;
      const deadline = new Promise<void>((resolve) => (expire = resolve));
      const timer = clock.setTimeout(() => {
        expired = true;
        expire();
      }, stopTimeoutMs);
      while ((inFlight.size > 0 || polling.pending() > 0) && !expired) {
        // Nothing of ours running but the runner still counting one: its bookkeeping catches up within a turn.
        await Promise.race([inFlight.size > 0 ? Promise.allSettled([...inFlight]) : nextTurn(), deadline]);
      }
      clock.clearTimeout(timer);
      if (inFlight.size > 0) log.warn({ pending: inFlight.size }, 'Telegram updates still running at stop');
      handler = undefined;
    },
  };
}
