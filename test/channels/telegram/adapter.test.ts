import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramAdapter, type TelegramAdapter } from '../../../src/channels/telegram/index.js';
import type { ChannelDeps } from '../../../src/channels/types.js';
import { createManualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/log.js';
import type { InboundMessage } from '../../../src/core/message.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { tempDbPath, testConfig } from '../../helpers.js';
import { fakeApi, type FakeHandler } from './fake-api.js';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123';

let store: Store | undefined;
let adapter: TelegramAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  store?.close();
  store = undefined;
});

function deps(env: Record<string, string> = {}): ChannelDeps {
  const config = testConfig({ TELEGRAM_BOT_TOKEN: TOKEN, ...env });
  store = openStore(tempDbPath());
  return { config, store, log: silentLogger, clock: createManualClock(), alertAdmins: () => undefined, fatal: () => undefined };
}

/** A fake Bot API that hands out `updates` once, then empty polls (with a pause, as long polling would). */
function withUpdates(updates: Update[], handlers: Record<string, FakeHandler> = {}) {
  const pending = [...updates];
  return fakeApi({
    getMe: () => ({ ok: true, result: { id: 666, is_bot: true, first_name: 'Bot', username: 'pbj_bot' } }),
    getUpdates: async () => {
      const batch = pending.splice(0);
      // An empty answer only after a while, as a long poll would (a resolved promise would spin).
      if (batch.length === 0) await new Promise((r) => setTimeout(r, 5));
      return { ok: true, result: batch };
    },
    ...handlers,
  });
}

const text = (updateId: number, chatId: number, t: string): Update =>
  ({ update_id: updateId, message: { message_id: updateId, date: 1, chat: { id: chatId, type: 'private', first_name: 'U' }, from: { id: chatId, is_bot: false, first_name: 'U' }, text: t } }) as Update;

async function until(probe: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('Telegram adapter', () => {
  it('fails to start with a clear error when the token is rejected', async () => {
    adapter = createTelegramAdapter(deps());
    const { transformer } = fakeApi({ getMe: () => ({ ok: false, error_code: 401, description: 'Unauthorized' }) });
    adapter.bot.api.config.use(transformer);
    await expect(adapter.start(async () => undefined)).rejects.toThrow(/rejected the bot token.*TELEGRAM_BOT_TOKEN/);
  });

  it('fails to start with a clear error, without the token, when the API cannot be reached', async () => {
    adapter = createTelegramAdapter(deps({ TELEGRAM_API_ROOT: 'http://127.0.0.1:9' }), { startAttempts: 1 });
    const err = await adapter.start(async () => undefined).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toMatch(/Cannot connect to the Telegram Bot API at http:\/\/127\.0\.0\.1:9/);
    expect(err!.message).not.toContain(TOKEN);
  });

  it('handles one chat in order and other chats meanwhile', async () => {
    adapter = createTelegramAdapter(deps(), { idlePollDelayMs: 5, stopTimeoutMs: 500 });
    const fake = withUpdates([text(1, 100, 'a1'), text(2, 100, 'a2'), text(3, 200, 'b1')]);
    adapter.bot.api.config.use(fake.transformer);
    const events: string[] = [];
    let releaseA1!: () => void;
    const a1 = new Promise<void>((r) => (releaseA1 = r));
    await adapter.start(async (msg) => {
      events.push(`start ${msg.text}`);
      if (msg.text === 'a1') await a1;
      events.push(`end ${msg.text}`);
    });
    // b1 (another chat) finishes while a1 is held; a2 waits for a1.
    await until(() => events.includes('end b1'));
    expect(events).not.toContain('start a2');
    releaseA1();
    await until(() => events.includes('end a2'));
    expect(events.indexOf('end a1')).toBeLessThan(events.indexOf('start a2'));
  });

  it('answers a button press and removes its keyboard, even when the handler fails', async () => {
    adapter = createTelegramAdapter(deps(), { idlePollDelayMs: 5 });
    const press = {
      update_id: 9,
      callback_query: {
        id: 'cq-9',
        from: { id: 100, is_bot: false, first_name: 'U' },
        chat_instance: 'x',
        data: 'faq:lupa-password',
        message: { message_id: 55, date: 1, chat: { id: 100, type: 'private', first_name: 'U' }, text: 'Maksud Anda?', reply_markup: { inline_keyboard: [[{ text: 'Lupa password', callback_data: 'faq:lupa-password' }]] } },
      },
    } as Update;
    const fake = withUpdates([press], { editMessageReplyMarkup: () => ({ ok: false, error_code: 400, description: 'Bad Request: message is not modified' }) });
    adapter.bot.api.config.use(fake.transformer);
    const got: InboundMessage[] = [];
    await adapter.start(async (msg) => {
      got.push(msg);
      throw new Error('desk failed');
    });
    await until(() => fake.calls.some((c) => c.method === 'editMessageReplyMarkup'));
    expect(got[0]).toMatchObject({ choice: 'faq:lupa-password', text: 'Lupa password', externalId: 'u9' });
    expect(fake.calls.find((c) => c.method === 'answerCallbackQuery')?.payload).toMatchObject({ callback_query_id: 'cq-9' });
    expect(fake.calls.find((c) => c.method === 'editMessageReplyMarkup')?.payload).toMatchObject({ chat_id: 100, message_id: 55, reply_markup: { inline_keyboard: [] } });
  });

  it('stops polling and waits for the message in hand', async () => {
    adapter = createTelegramAdapter(deps(), { idlePollDelayMs: 5 });
    const fake = withUpdates([text(1, 100, 'lambat')]);
    adapter.bot.api.config.use(fake.transformer);
    let finished = false;
    let started = false;
    await adapter.start(async () => {
      started = true;
      await new Promise((r) => setTimeout(r, 150));
      finished = true;
    });
    await until(() => started);
    await adapter.stop();
    expect(finished).toBe(true);
    const polls = fake.calls.filter((c) => c.method === 'getUpdates').length;
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.calls.filter((c) => c.method === 'getUpdates').length).toBe(polls);
    adapter = undefined;
  });

  it('asks for messages and button presses only, with a long-poll timeout', async () => {
    adapter = createTelegramAdapter(deps(), { idlePollDelayMs: 5 });
    const fake = withUpdates([]);
    adapter.bot.api.config.use(fake.transformer);
    await adapter.start(async () => undefined);
    await until(() => fake.calls.some((c) => c.method === 'getUpdates'));
    expect(fake.calls.find((c) => c.method === 'getUpdates')!.payload).toMatchObject({ timeout: 30, allowed_updates: ['message', 'callback_query'] });
  });
});
