import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, GrammyError, type Context, type Transformer } from 'grammy';
import type { CallbackQuery, UserFromGetMe } from 'grammy/types';
import { ConfigError } from '../../core/errors.js';
import type { ChannelAdapter, ChannelDeps, InboundHandler } from '../types.js';
import { USER_COMMANDS, STAFF_COMMANDS } from './commands.js';
import { describeError, errorText } from './errors.js';
import { createTelegramSender } from './sender.js';
import { createTopicManager } from './topics.js';
import { translateUpdate } from './translate.js';

export interface TelegramAdapterOptions {
  /**
   * Pause after an empty getUpdates that came back at once. Telegram holds a long poll open for
   * `pollTimeoutSeconds`, so this never applies there; a server that does not long-poll (the
   * emulator in tests) would otherwise be asked again in a tight loop.
   */
  idlePollDelayMs?: number;
  /** Long-polling timeout asked of Telegram, in seconds. */
  pollTimeoutSeconds?: number;
  /** Updates handled at once (different chats; one chat's updates always wait their turn). */
  concurrency?: number;
  /** getMe attempts at start when the network fails, before giving up. */
  startAttempts?: number;
  /** Longest wait for in-flight updates on stop. */
  stopTimeoutMs?: number;
}

/** The adapter, with the grammY bot exposed for tests (API transformers) and diagnostics. */
export interface TelegramAdapter extends ChannelAdapter {
  readonly bot: Bot;
}

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

/** grammY passes its own AbortSignal type (from a shim); only these members are used. */
interface Abortable {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

function sleep(ms: number, signal?: Abortable): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });
}

/**
 * The desk on Telegram with grammY: long polling through grammY runner (updates of one chat in
 * order, different chats concurrently), auto-retry for 429/5xx with short waits (the outbox
 * dispatcher does the long ones), HTML rendering, forum topics in the staff group.
 */
export function createTelegramAdapter(deps: ChannelDeps, options: TelegramAdapterOptions = {}): TelegramAdapter {
  const { config, store, clock } = deps;
  const token = config.telegram.token;
  if (!token) throw new ConfigError('TELEGRAM_BOT_TOKEN: required for the Telegram channel', { variables: ['TELEGRAM_BOT_TOKEN'] });
  const apiRoot = config.telegram.apiRoot?.replace(/\/+$/, '');
  const staffChatId = config.telegram.staffChatId;
  // The composition root hands over a logger already tagged with the channel.
  const log = deps.log;
  const idlePollDelayMs = options.idlePollDelayMs ?? 50;
  const pollTimeoutSeconds = options.pollTimeoutSeconds ?? 30;
  const startAttempts = options.startAttempts ?? 3;
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;

  const bot = new Bot(token, { client: apiRoot ? { apiRoot } : {} });
  // Short waits only: a longer retry_after surfaces as a SendError and the dispatcher waits it out
  // without holding up the chat's later messages behind a sleeping request. Network errors are
  // left to the runner (polling) and the dispatcher (sending), which back off themselves.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5, rethrowHttpErrors: true }));
  const pollGuard: Transformer = async (prev, method, payload, signal) => {
    if (method !== 'getUpdates') return prev(method, payload, signal);
    const started = Date.now();
    try {
      const res = await prev(method, payload, signal);
      if (!res.ok) log.warn({ errorCode: res.error_code, description: res.description }, 'fetching Telegram updates failed; retrying');
      else if (Array.isArray(res.result) && res.result.length === 0 && Date.now() - started < 1_000) await sleep(idlePollDelayMs, signal);
      return res;
    } catch (err) {
      if (!signal?.aborted) log.warn(describeError(err), 'fetching Telegram updates failed; retrying');
      throw err;
    }
  };
  bot.api.config.use(pollGuard);

  const topics = staffChatId ? createTopicManager({ api: bot.api, store, clock, log, chatId: staffChatId }) : undefined;
  const sender = createTelegramSender({ api: bot.api, log, topics });

  let handler: InboundHandler | undefined;
  let runner: RunnerHandle | undefined;
  const inFlight = new Set<Promise<void>>();

  async function acknowledge(cq: CallbackQuery): Promise<void> {
    const calls: Array<[string, () => Promise<unknown>]> = [['answerCallbackQuery', () => bot.api.answerCallbackQuery(cq.id)]];
    const m = cq.message;
    // The pressed keyboard goes away: an old menu cannot be pressed twice.
    if (m && m.date !== 0) {
      calls.push(['editMessageReplyMarkup', () => bot.api.editMessageReplyMarkup(m.chat.id, m.message_id, { reply_markup: { inline_keyboard: [] } })]);
    }
    const results = await Promise.allSettled(calls.map(([, call]) => call()));
    results.forEach((r, i) => {
      if (r.status === 'rejected') log.debug({ call: calls[i]![0], ...describeError(r.reason) }, 'optional Telegram call failed');
    });
  }

  async function onUpdate(ctx: Context): Promise<void> {
    const update = ctx.update;
    try {
      const msg = translateUpdate(update, {
        now: clock.now(),
        botId: bot.botInfo.id,
        staffChatId,
        ticketOfThread: (chatId, threadId) => store.telegramTopics.ticketOfThread(chatId, threadId),
      });
      if (!msg) {
        log.debug({ updateId: update.update_id, chatId: ctx.chat?.id }, 'Telegram update ignored');
        return;
      }
      if (!handler) return;
      // Ids only, never the text: at debug level this is how an admin finds a group's or a user's id.
      log.debug({ updateId: update.update_id, chatId: msg.chatId, userId: msg.userId, ticketId: msg.ticketId }, 'Telegram message');
      // One bad update must never stop the bot: the failure is logged and polling goes on.
      await handler(msg).catch((err: unknown) =>
        log.error({ updateId: update.update_id, chatId: msg.chatId, err: errorText(err) }, 'handling a Telegram message failed'),
      );
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
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  bot.use(onUpdate);
  bot.catch((err) => log.error({ updateId: err.ctx.update.update_id, ...describeError(err.error) }, 'Telegram update handler failed'));

  async function connect(): Promise<UserFromGetMe> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await bot.api.getMe();
      } catch (err) {
        if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
          throw new Error(`Telegram rejected the bot token (${err.error_code} ${err.description ?? ''}): check TELEGRAM_BOT_TOKEN with @BotFather`);
        }
        if (err instanceof GrammyError || attempt >= startAttempts) {
          throw new Error(`Cannot connect to the Telegram Bot API at ${apiRoot ?? 'https://api.telegram.org'}: ${errorText(err)}`);
        }
        log.warn({ attempt, ...describeError(err) }, 'Telegram Bot API not reachable; trying again');
        await sleep(500 * attempt);
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
    const staffChats = [...(staffChatId ? [staffChatId] : []), ...new Set([...config.telegram.staffIds, ...config.telegram.adminIds])];
    for (const chatId of staffChats) {
      await optional('setMyCommands', () => bot.api.setMyCommands(STAFF_COMMANDS, { scope: { type: 'chat', chat_id: chatId } }));
    }
  }

  return {
    channel: 'telegram',
    sender,
    bot,
    async start(onMessage) {
      if (runner) throw new Error('The Telegram channel is already running');
      const me = await connect();
      bot.botInfo = me;
      // Long polling and a webhook exclude each other; a webhook left from elsewhere would stop polling.
      await optional('deleteWebhook', () => bot.api.deleteWebhook());
      await setCommands();
      handler = onMessage;
      const handle = run(bot, {
        runner: { fetch: { timeout: pollTimeoutSeconds, allowed_updates: ALLOWED_UPDATES }, silent: true },
        sink: { concurrency: options.concurrency ?? 100 },
      });
      runner = handle;
      handle.task()?.catch((err: unknown) => {
        if (runner !== handle) return;
        log.error(describeError(err), 'Telegram polling stopped');
        deps.alertAdmins(`Bot Telegram berhenti menerima pesan: ${errorText(err)}. Periksa token dan pastikan hanya satu instans bot yang berjalan.`);
      });
      log.info({ username: me.username, botId: me.id, staffChatId }, 'Telegram bot polling');
    },
    async stop() {
      const handle = runner;
      runner = undefined;
      if (handle?.isRunning()) await handle.stop().catch((err: unknown) => log.warn(describeError(err), 'stopping the Telegram runner failed'));
      // Updates already fetched are confirmed to Telegram by the next poll: let them finish.
      const deadline = Date.now() + stopTimeoutMs;
      while ((inFlight.size > 0 || (handle?.size() ?? 0) > 0) && Date.now() < deadline) {
        if (inFlight.size > 0) await Promise.race([Promise.allSettled([...inFlight]), sleep(Math.max(0, deadline - Date.now()))]);
        else await sleep(10);
      }
      if (inFlight.size > 0) log.warn({ pending: inFlight.size }, 'Telegram updates still running at stop');
      handler = undefined;
    },
  };
}
