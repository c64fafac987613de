import { afterAll, afterEach, beforeAll } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { createConfig } from '../../src/config.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/logger.js';
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
  message: { chat_id: number | string; text: string; reply_markup?: { inline_keyboard: Array<Array<{ text: string }>> } };
}

export interface Person {
  say(text: string): Promise<void>;
  /** The next n messages the bot sends to this chat. */
  receive(n?: number, timeoutMs?: number): Promise<BotMessage[]>;
  /** What the bot sent this chat that `receive` has not returned yet. */
  unread(): BotMessage[];
}

export function emulatorDesk() {
  let server: TelegramServer;
  let apiRoot = '';
  beforeAll(async () => {
    ({ server, apiRoot } = await startEmulator());
  });
  afterAll(async () => {
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

  function person(who: { id: number; name: string }): Person {
    const client = server.getClient(E2E_TOKEN, {
      userId: who.id,
      chatId: who.id,
      firstName: who.name,
      type: 'private',
      chatTitle: who.name,
      userName: `u${who.id}`,
    });
    let seen = botMessagesTo(who.id).length;
    return {
      async say(text) {
        const msg = text.startsWith('/') ? client.makeCommand(text) : client.makeMessage(text);
        await client.sendMessage(msg as Parameters<typeof client.sendMessage>[0]);
      },
      async receive(n = 1, timeoutMs = 5_000) {
        const got = await until(
          `${n} message(s) to ${who.name}`,
          () => {
            const all = botMessagesTo(who.id);
            return all.length >= seen + n ? all.slice(seen, seen + n) : undefined;
          },
          timeoutMs,
        );
        seen += n;
        return got;
      },
      unread: () => botMessagesTo(who.id).slice(seen),
    };
  }

  /** The desk in this process on `dbPath`, without per-chat pacing waits; `env` adds settings. */
  async function start(dbPath: string, env: Record<string, string>) {
    const config = createConfig({
      DATABASE_PATH: dbPath,
      TELEGRAM_BOT_TOKEN: E2E_TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_CHAT_INTERVAL_MS: '0',
      TELEGRAM_GROUP_PER_MINUTE: '100000',
      ...env,
    });
    const app = createApp({ config, clock: systemClock, log: silentLogger });
    const platform = await startTelegramPlatform({ app, clock: systemClock, log: silentLogger, adapter: { pollRetryMs: 50 } });
    running.push({ platform, app });
    return { app, platform };
  }

  /** Every queued outbound message is sent: nothing more is on its way. */
  async function settled(app: App, platform: TelegramPlatform) {
    await platform.dispatcher.drain();
    await until('the outbox to empty', () => app.store.outbox.countByStatus('telegram').pending === 0);
  }

  return { person, start, settled, apiRoot: () => apiRoot };
}
