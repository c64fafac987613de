import { afterAll, afterEach, beforeAll } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import type { TelegramAdapterOptions } from '../../src/channels/telegram/adapter.js';
import { createConfig } from '../../src/config.js';
import type { InboundHandler } from '../../src/core/channel.js';
import { systemClock } from '../../src/core/clock.js';
import type { Logger } from '../../src/core/log.js';
import { silentLogger } from '../../src/logger.js';
import { startBotApiEmulator, type BotApiEmulator, type EmulatorFiles } from '../support/bot-api-emulator.js';
import { until } from '../channels/telegram/fake-api.js';
import {
  startEmulator,
  startTelegramPlatform,
  type TelegramPlatform,
  type TelegramServer,
} from '../channels/telegram/platform.js';

/**
 * The desk over Telegram end to end, as the e2e tests run it: the Bot API emulator on 127.0.0.1,
 * the real app on a temp SQLite file, the real grammY adapter and the real outbox dispatcher.
 * People are emulator clients in private chats. Call it at the top of a test file: it registers
 * the hooks that start the emulator and stop every desk it started.
 */

export const E2E_TOKEN = '123456789:AAE2eTestTokenForTheEmulator_0123456789';

/** What the emulator stores for a message the bot sent. */
export interface BotMessage {
  messageId: number;
  message: {
    chat_id: number | string;
    text: string;
    parse_mode?: string;
    message_thread_id?: number;
    reply_markup?: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
    reply_parameters?: { message_id: number };
  };
}

/** A file a person sends, with its real bytes: a photo, or a document with its name and type. */
export type PersonFile =
  { photo: Buffer; size?: number } | { document: Buffer; fileName: string; mimeType: string; size?: number };

export interface Person {
  chatId: number;
  /** `extra`: more fields of the Telegram message (a reply_to_message, a thread). */
  say(text: string, extra?: Record<string, unknown>): Promise<void>;
  /**
   * Sends a photo or a document with `caption` as its text, as Telegram delivers one: the bytes are
   * kept by the emulator's file host, which the bot downloads them from (getFile, /file/…).
   * `size`: what Telegram says the file weighs, when it should seem larger than its bytes.
   */
  sendFile(caption: string, file: PersonFile, extra?: Record<string, unknown>): Promise<void>;
  /** Presses the button with callback `data` on a message the bot sent. */
  press(on: BotMessage, data: string): Promise<void>;
  /** The next n messages the bot sends to this chat. */
  receive(n?: number, timeoutMs?: number): Promise<BotMessage[]>;
  /** What the bot sent this chat that `receive` has not returned yet. */
  unread(): BotMessage[];
}

export interface StartOptions {
  /** Where the desk logs (silent by default): a test reading log lines passes its own. */
  log?: Logger;
  /** apiTransformers: in front of the emulator, answering what it lacks or failing as the network would. */
  adapter?: TelegramAdapterOptions;
  /** Wraps the desk's handler as the adapter sees it (to hold one chat's message, say). */
  wrapHandler?: (handler: InboundHandler) => InboundHandler;
}

export function emulatorDesk() {
  let server: TelegramServer;
  /** In front of telegram-test-api, which knows no files: getFile and the downloads are answered there. */
  let fileHost: BotApiEmulator;
  let apiRoot = '';
  beforeAll(async () => {
    const started = await startEmulator();
    server = started.server;
    fileHost = await startBotApiEmulator({ upstream: started.apiRoot });
    apiRoot = fileHost.apiRoot;
  });
  afterAll(async () => {
    await fileHost?.close();
    await server?.stop();
  });
  const running: Array<{ platform: TelegramPlatform; app: App }> = [];
  afterEach(async () => {
    for (const r of running.splice(0)) {
      await r.platform.stop();
      r.app.close();
    }
  });

  const botMessagesTo = (chatId: number): BotMessage[] =>
    (server.storage.botMessages as unknown as BotMessage[]).filter((m) => String(m.message.chat_id) === String(chatId));

  /** A person in a chat with the bot (their private chat unless `chat` says otherwise). */
  function person(
    who: { id: number; name: string },
    chat: { id: number; type: 'private' | 'supergroup'; title?: string } = { id: who.id, type: 'private' },
  ): Person {
    const client = server.getClient(E2E_TOKEN, {
      userId: who.id,
      chatId: chat.id,
      firstName: who.name,
      type: chat.type,
      chatTitle: chat.title ?? who.name,
      userName: `u${who.id}`,
    });
    let seen = botMessagesTo(chat.id).length;
    return {
      chatId: chat.id,
      async say(text, extra = {}) {
        const msg = text.startsWith('/') ? client.makeCommand(text, extra) : client.makeMessage(text, extra);
        await client.sendMessage(msg as Parameters<typeof client.sendMessage>[0]);
      },
      async sendFile(caption, file, extra = {}) {
        const media =
          'photo' in file
            ? (() => {
                const f = fileHost.files.add(file.photo, { ...(file.size !== undefined ? { size: file.size } : {}) });
                // Telegram lists a photo in several sizes, smallest first; two are enough to pick from.
                return {
                  photo: [
                    { ...f, file_id: `${f.file_id}-thumb`, width: 90, height: 60 },
                    { ...f, width: 1280, height: 853 },
                  ],
                };
              })()
            : {
                document: {
                  ...fileHost.files.add(file.document, { ...(file.size !== undefined ? { size: file.size } : {}) }),
                  file_name: file.fileName,
                  mime_type: file.mimeType,
                },
              };
        const msg = client.makeMessage('', { ...extra, ...media, caption }) as Record<string, unknown>;
        // A file's words are its caption; a message with a file has no text.
        delete msg.text;
        await client.sendMessage(msg as Parameters<typeof client.sendMessage>[0]);
      },
      async press(on, data) {
        const q = client.makeCallbackQuery(data, {
          message: {
            message_id: on.messageId,
            date: Math.floor(Date.now() / 1000),
            text: on.message.text,
            reply_markup: on.message.reply_markup,
          },
        });
        await client.sendCallback(q);
      },
      async receive(n = 1, timeoutMs = 5_000) {
        const got = await until(
          `${n} message(s) to ${who.name}`,
          () => {
            const all = botMessagesTo(chat.id);
            return all.length >= seen + n ? all.slice(seen, seen + n) : undefined;
          },
          timeoutMs,
        );
        seen += n;
        return got;
      },
      unread: () => botMessagesTo(chat.id).slice(seen),
    };
  }

  /** The desk in this process on `dbPath`, without per-chat pacing waits; `env` adds settings. */
  async function start(dbPath: string, env: Record<string, string> = {}, opts: StartOptions = {}) {
    const config = createConfig({
      DATABASE_PATH: dbPath,
      TELEGRAM_BOT_TOKEN: E2E_TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      TELEGRAM_GROUP_PER_MINUTE: '100000',
      ...env,
    });
    const log = opts.log ?? silentLogger;
    const app = createApp({ config, clock: systemClock, log });
    const platform = await startTelegramPlatform({
      app,
      clock: systemClock,
      log,
      adapter: { pollRetryMs: 50, ...opts.adapter },
      ...(opts.wrapHandler ? { wrapHandler: opts.wrapHandler } : {}),
    });
    const entry = { platform, app };
    running.push(entry);
    return {
      app,
      platform,
      /** Stops the bot and closes the database, as a shutdown does. */
      async stop() {
        running.splice(running.indexOf(entry), 1);
        await platform.stop();
        app.close();
      },
    };
  }

  /** Every queued outbound message is sent (or given up): nothing more is on its way. */
  async function settled(app: App, platform: TelegramPlatform) {
    await platform.dispatcher.drain();
    await until('the outbox to empty', () => app.store.outbox.countByStatus('telegram').pending === 0);
  }

  /** Everything the bot sent, to any chat. */
  const botMessages = () => server.storage.botMessages as unknown as BotMessage[];
  return {
    person,
    start,
    settled,
    botMessages,
    botMessagesTo,
    apiRoot: () => apiRoot,
    /** The files people sent, and the downloads the bot made of them (faults can be set there). */
    files: (): EmulatorFiles => fileHost.files,
  };
}
