import { texts } from '../../../src/core/catalogue.js';
import { HttpError } from 'grammy';
import type { Message, Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTelegramAdapter,
  type TelegramAdapterDeps,
  type TelegramAdapterOptions,
} from '../../../src/channels/telegram/adapter.js';
import type { ChannelAdapter } from '../../../src/core/channel.js';
import { createManualClock, type ManualClock } from '../../../src/core/clock.js';
import { SendError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/logger.js';
import type { InboundMessage } from '../../../src/core/channel.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { createHarness, tempDbPath, testConfig } from '../../helpers.js';
import { fakeApi, until, withBatches, type FakeAnswer } from './fake-api.js';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123';
const STAFF_GROUP = -1001234567890;

let store: Store | undefined;
let adapter: ChannelAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  adapter = undefined;
  store?.close();
  store = undefined;
});

interface Observed {
  deps: TelegramAdapterDeps;
  /** The adapter's time: its timers (album quiet periods, polling restarts) fire only when it is moved. */
  clock: ManualClock;
  alerts: string[];
  fatals: Error[];
}

function deps(env: Record<string, string> = {}): Observed {
  const config = testConfig({ TELEGRAM_BOT_TOKEN: TOKEN, ...env });
  store = openStore(tempDbPath());
  const alerts: string[] = [];
  const fatals: Error[] = [];
  const clock = createManualClock();
  return {
    deps: {
      config: config.telegram,
      topics: store.telegramTopics,
      albumParts: store.telegramAlbums,
      log: silentLogger,
      clock,
      alertAdmins: (t) => alerts.push(t),
      fatal: (e) => fatals.push(e),
    },
    clock,
    alerts,
    fatals,
  };
}

function start(o: Observed, fake: ReturnType<typeof fakeApi>, options: TelegramAdapterOptions = {}): ChannelAdapter {
  adapter = createTelegramAdapter(o.deps, {
    stopTimeoutMs: 1_000,
    pollRetryMs: 5,
    restartDelayMs: 20,
    apiTransformers: [fake.transformer],
    ...options,
  });
  return adapter;
}

const user = (id: number) => ({ id, is_bot: false, first_name: `U${id}` });
const privateChat = (id: number) => ({ id, type: 'private' as const, first_name: `U${id}` });

function message(messageId: number, chatId: number, extra: Record<string, unknown>): Message {
  return { message_id: messageId, date: 1, chat: privateChat(chatId), from: user(chatId), ...extra } as Message;
}

const text = (updateId: number, chatId: number, t: string, messageId = updateId): Update =>
  ({ update_id: updateId, message: message(messageId, chatId, { text: t }) }) as Update;

const photo = (updateId: number, chatId: number, messageId: number, group: string, caption?: string): Update =>
  ({
    update_id: updateId,
    message: message(messageId, chatId, {
      media_group_id: group,
      photo: [{ file_id: `photo-${messageId}`, file_unique_id: `u${messageId}`, width: 800, height: 600 }],
      ...(caption ? { caption } : {}),
    }),
  }) as Update;

const networkDown = (): never => {
  throw new HttpError("Network request for 'getUpdates' failed!", new Error('connect ECONNREFUSED'));
};

const polls = (fake: ReturnType<typeof fakeApi>) => fake.calls.filter((c) => c.method === 'getUpdates').length;

describe('Telegram adapter', () => {
  it('fails to start with a clear error when the token is rejected', async () => {
    const o = deps();
    const fake = fakeApi({ getMe: () => ({ ok: false, error_code: 401, description: 'Unauthorized' }) });
    await expect(start(o, fake).start(async () => undefined)).rejects.toThrow(/rejected the bot token.*TELEGRAM_BOT_TOKEN/);
  });

  it('fails to start with a clear error, without the token, when the API cannot be reached', async () => {
    adapter = createTelegramAdapter(deps({ TELEGRAM_API_ROOT: 'http://127.0.0.1:9' }).deps, { startAttempts: 1 });
    const err = await adapter.start(async () => undefined).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toMatch(/Cannot connect to the Telegram Bot API at http:\/\/127\.0\.0\.1:9/);
    expect(err!.message).not.toContain(TOKEN);
  });

  it('handles one chat in order and other chats meanwhile', async () => {
    const fake = withBatches([[text(1, 100, 'a1'), text(2, 100, 'a2'), text(3, 200, 'b1')]]);
    const events: string[] = [];
    let releaseA1!: () => void;
    const a1 = new Promise<void>((r) => (releaseA1 = r));
    await start(deps(), fake).start(async (msg) => {
      events.push(`start ${msg.text}`);
      if (msg.text === 'a1') await a1;
      events.push(`end ${msg.text}`);
    });
    // b1 (another chat) finishes while a1 is held; a2 waits for a1.
    await until('b1 to end', () => events.includes('end b1'));
    expect(events).not.toContain('start a2');
    releaseA1();
    await until('a2 to end', () => events.includes('end a2'));
    expect(events.indexOf('end a1')).toBeLessThan(events.indexOf('start a2'));
  });

  it('answers a button press and removes its keyboard in a private chat, even when the handler fails', async () => {
    const press = {
      update_id: 9,
      callback_query: {
        id: 'cq-9',
        from: user(100),
        chat_instance: 'x',
        data: 'faq:lupa-password',
        message: {
          message_id: 55,
          date: 1,
          chat: privateChat(100),
          text: 'Maksud Anda?',
          reply_markup: { inline_keyboard: [[{ text: 'Lupa password', callback_data: 'faq:lupa-password' }]] },
        },
      },
    } as Update;
    const fake = withBatches([[press]], {
      editMessageReplyMarkup: () => ({ ok: false, error_code: 400, description: 'Bad Request: message is not modified' }),
    });
    const got: InboundMessage[] = [];
    await start(deps(), fake).start(async (msg) => {
      got.push(msg);
      throw new Error('desk failed');
    });
    await until('the keyboard to be removed', () => fake.calls.some((c) => c.method === 'editMessageReplyMarkup'));
    expect(got[0]).toMatchObject({ choice: 'faq:lupa-password', text: 'Lupa password', externalId: 'cb:cq-9' });
    expect(fake.calls.find((c) => c.method === 'answerCallbackQuery')?.payload).toMatchObject({ callback_query_id: 'cq-9' });
    expect(fake.calls.find((c) => c.method === 'editMessageReplyMarkup')?.payload).toMatchObject({
      chat_id: 100,
      message_id: 55,
      reply_markup: { inline_keyboard: [] },
    });
  });

  it('keeps the buttons of a shared notice in the staff group usable by the other staff', async () => {
    const notice = {
      message_id: 70,
      date: 1,
      chat: { id: STAFF_GROUP, type: 'supergroup', title: 'Staf' },
      text: 'Tiket baru #4',
      reply_markup: {
        inline_keyboard: [
          [
            { text: 'Ambil', callback_data: 'staf:ambil:4' },
            { text: 'Lihat', callback_data: 'staf:lihat:4' },
          ],
        ],
      },
    };
    const press = {
      update_id: 11,
      callback_query: { id: 'cq-11', from: user(9001), chat_instance: 'y', data: 'staf:lihat:4', message: notice },
    } as Update;
    const fake = withBatches([[press]]);
    const got: InboundMessage[] = [];
    await start(deps({ TELEGRAM_STAFF_CHAT_ID: String(STAFF_GROUP) }), fake).start(async (msg) => void got.push(msg));
    await until('the callback to be answered', () => fake.calls.some((c) => c.method === 'answerCallbackQuery'));
    expect(got[0]).toMatchObject({ choice: 'staf:lihat:4', chatId: String(STAFF_GROUP), userId: '9001' });
    expect(fake.calls.some((c) => c.method === 'editMessageReplyMarkup')).toBe(false);
  });

  it('stops polling and waits for the message in hand', async () => {
    const fake = withBatches([[text(1, 100, 'lambat')]]);
    let started = false;
    let finished = false;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await start(deps(), fake).start(async () => {
      started = true;
      await held;
      finished = true;
    });
    await until('the handler to start', () => started);
    let stopped = false;
    const stopping = adapter!.stop().then(() => (stopped = true));
    // Polling stops within a poll; stop() itself waits for the handler, however long it takes.
    await Promise.race([stopping, new Promise((r) => setTimeout(r, 50))]);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(true);
    const before = polls(fake);
    await new Promise((r) => setTimeout(r, 20));
    expect(polls(fake)).toBe(before);
    adapter = undefined;
  });

  it('asks for messages and button presses only, with a long-poll timeout', async () => {
    const fake = withBatches([]);
    await start(deps(), fake).start(async () => undefined);
    await until('a poll', () => polls(fake) > 0);
    expect(fake.calls.find((c) => c.method === 'getUpdates')!.payload).toMatchObject({
      timeout: 30,
      allowed_updates: ['message', 'callback_query'],
    });
  });
});

describe('Telegram adapter: polling never dies quietly', () => {
  it('recovers from a 5xx while fetching updates, without waiting out long back-offs', async () => {
    const o = deps();
    const badGateway: FakeAnswer = { ok: false, error_code: 502, description: 'Bad Gateway' };
    const fake = withBatches([badGateway, badGateway, [text(1, 100, 'sesudah gangguan')]]);
    const got: string[] = [];
    await start(o, fake).start(async (msg) => void got.push(msg.text));
    await until('one message', () => got.length === 1, 2_000);
    expect(got).toEqual(['sesudah gangguan']);
    expect(o.alerts).toEqual([]);
    expect(o.fatals).toEqual([]);
  });

  it('keeps retrying through a long outage at a capped interval, tells the admins once, and again when it is back', async () => {
    const o = deps();
    // A minute goes by with every failed attempt: 25 minutes of outage, where a doubling back-off
    // (grammY runner's default) would be waiting for hours.
    const minuteDown = () => {
      o.clock.advance(60_000);
      return networkDown();
    };
    const fake = withBatches([...Array.from({ length: 25 }, () => minuteDown), [text(1, 100, 'akhirnya')]]);
    const got: string[] = [];
    await start(o, fake).start(async (msg) => void got.push(msg.text));
    await until('one message', () => got.length === 1, 3_000);
    expect(polls(fake)).toBeGreaterThanOrEqual(26);
    // Told once, when the outage reached 15 minutes (the default), and once when it was over.
    expect(o.alerts).toEqual([
      texts.telegram.alerts.unreachable(15, "Network request for 'getUpdates' failed!"),
      texts.telegram.alerts.recovered,
    ]);
    expect(o.fatals).toEqual([]);
  });

  it('on 409 Conflict alerts the admins once and starts polling again after a pause', async () => {
    const o = deps();
    const conflict: FakeAnswer = {
      ok: false,
      error_code: 409,
      description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    };
    const fake = withBatches([[text(1, 100, 'satu')], conflict, [text(2, 100, 'dua')], conflict, [text(3, 100, 'tiga')]]);
    const got: string[] = [];
    await start(o, fake, { restartDelayMs: 30_000 }).start(async (msg) => void got.push(msg.text));
    const stoppedAlert = texts.telegram.alerts.pollingStopped(
      'Telegram getUpdates: 409 Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    );
    for (const [i, expected] of [['satu'], ['satu', 'dua']].entries()) {
      await until(`refusal ${i + 1} to pause polling`, () => o.clock.pendingTimers() === 1 && got.length === expected.length);
      expect(got).toEqual(expected);
      // Polling waits out the pause: nothing is fetched until it is over.
      const before = polls(fake);
      await new Promise((r) => setImmediate(r));
      expect(polls(fake)).toBe(before);
      o.clock.advance(30_000);
    }
    await until('three messages', () => got.length === 3, 3_000);
    expect(got).toEqual(['satu', 'dua', 'tiga']);
    // Two refusals in a row are one incident: one alert, and no "recovered" while they may go on...
    await until('polls after the restart', () => polls(fake) >= 8);
    expect(o.alerts).toEqual([stoppedAlert]);
    // ...until polling has gone on undisturbed for a while (5 restart delays).
    o.clock.advance(5 * 30_000);
    await until('two alerts', () => o.alerts.length === 2, 3_000);
    expect(o.alerts).toEqual([stoppedAlert, texts.telegram.alerts.recovered]);
    expect(o.fatals).toEqual([]);
  });

  it('on 401 while polling (token revoked) stops the channel through deps.fatal and polls no more', async () => {
    const o = deps();
    const fake = withBatches([
      [text(1, 100, 'halo')],
      { ok: false, error_code: 401, description: 'Unauthorized' },
      [text(2, 100, 'tidak sampai')],
    ]);
    const got: string[] = [];
    await start(o, fake).start(async (msg) => void got.push(msg.text));
    await until('the channel to stop', () => o.fatals.length > 0);
    expect(o.fatals).toHaveLength(1);
    expect(o.fatals[0]!.message).toMatch(/401/);
    expect(o.fatals[0]!.message).toMatch(/TELEGRAM_BOT_TOKEN/);
    expect(o.fatals[0]!.message).not.toContain(TOKEN);
    // Not paused for a restart: stopped for good.
    expect(o.clock.pendingTimers()).toBe(0);
    const after = polls(fake);
    await o.clock.advanceAsync(60 * 60_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(polls(fake)).toBe(after);
    expect(got).toEqual(['halo']);
  });
});

describe('Telegram adapter: albums', () => {
  it('hands an album over as one message with every file, before a later message of the same chat', async () => {
    const fake = withBatches([
      [photo(1, 100, 10, 'g1', '/tiket Tidak bisa unggah dokumen')],
      // The other parts come in later polls, with a plain message after them and another chat's message.
      [photo(2, 100, 11, 'g1'), text(3, 200, 'dari chat lain')],
      [photo(4, 100, 12, 'g1'), text(5, 100, 'sesudah album', 13)],
    ]);
    const o = deps();
    const got: InboundMessage[] = [];
    await start(o, fake, { albumQuietMs: 1_000 }).start(async (msg) => void got.push(msg));
    // Every batch fetched, and a few empty polls after them: the album waits for its quiet period.
    await until('the batches to be fetched', () => polls(fake) >= 6);
    // The other chat was not held up by the album.
    expect(got.map((m) => m.text)).toEqual(['dari chat lain']);
    o.clock.advance(999);
    await new Promise((r) => setImmediate(r));
    expect(got).toHaveLength(1);
    o.clock.advance(1);
    await until('three messages', () => got.length === 3);
    expect(got[1]).toMatchObject({ externalId: '100:10', chatId: '100', text: '/tiket Tidak bisa unggah dokumen' });
    expect(got[1]!.attachments.map((a) => [a.kind, a.ref, a.messageRef])).toEqual([
      ['photo', 'photo-10', '10'],
      ['photo', 'photo-11', '11'],
      ['photo', 'photo-12', '12'],
    ]);
    expect(got[2]).toMatchObject({ text: 'sesudah album', externalId: '100:13' });
  });

  it('hands over an album being collected when stopped', async () => {
    const fake = withBatches([[photo(1, 100, 10, 'g2', 'layar putih'), photo(2, 100, 11, 'g2')]]);
    const got: InboundMessage[] = [];
    await start(deps(), fake, { albumQuietMs: 60_000 }).start(async (msg) => void got.push(msg));
    await until('two polls', () => polls(fake) >= 2);
    await adapter!.stop();
    adapter = undefined;
    expect(got).toHaveLength(1);
    expect(got[0]!.attachments).toHaveLength(2);
  });
});

describe('Telegram adapter: sending', () => {
  it('waits out a short 429 (retry_after ≤ 5 s) itself and sends', async () => {
    let calls = 0;
    const fake = fakeApi({
      sendMessage: () =>
        ++calls === 1
          ? { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }
          : undefined,
    });
    const a = start(deps(), fake);
    const t0 = Date.now();
    const res = await a.sender.send({ channel: 'telegram', chatId: '100', text: 'halo' });
    expect(res.ref).toBeDefined();
    expect(fake.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });

  it("never holds a user's message while the staff group is rate-limited: the ticket topic changes beside it, after the short wait", async () => {
    const h = await createHarness();
    try {
      h.say('/tiket Tidak bisa login ke SPSE sejak pagi', { channel: 'telegram', chatId: '5001', userId: '5001' });
      const { id: ticketId, title } = h.app.store.handle.sqlite
        .prepare('select ticket_id as id, ticket_title as title from outbox where ticket_title is not null order by id limit 1')
        .get() as { id: number; title: string };
      h.app.store.telegramTopics.set(ticketId, String(STAFF_GROUP), 7001, h.clock.now());
      const limited = (): FakeAnswer => ({
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 1',
        parameters: { retry_after: 1 },
      });
      const fake = fakeApi({ closeForumTopic: (_p, n) => (n === 1 ? limited() : undefined) });
      const o = deps({ TELEGRAM_STAFF_CHAT_ID: String(STAFF_GROUP) });
      const a = start({ ...o, deps: { ...o.deps, topics: h.app.store.telegramTopics } }, fake);
      const t0 = Date.now();
      // The user is told their ticket is closed: that closes its topic in the (rate-limited) staff group.
      const res = await a.sender.send({
        channel: 'telegram',
        chatId: '5001',
        text: 'Tiket ditutup',
        ticketId,
        ticket: { title, closed: true },
      });
      expect(res.ref).toBeDefined();
      expect(Date.now() - t0).toBeLessThan(500);
      // The short wait still happened, beside the send: the topic is closed after it.
      await until('the topic closed', () => h.app.store.telegramTopics.byTicket(ticketId)?.closed === true, 5_000);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
      expect(fake.calls.filter((c) => c.method === 'closeForumTopic')).toHaveLength(2);
    } finally {
      h.close();
    }
  });

  it('leaves even a short 429 of a group (the staff group) to the dispatcher at once, so its backlog waits parked', async () => {
    const fake = fakeApi({
      sendMessage: (_p, n) =>
        n === 1
          ? { ok: false, error_code: 429, description: 'Too Many Requests: retry after 4', parameters: { retry_after: 4 } }
          : undefined,
    });
    const a = start(deps({ TELEGRAM_STAFF_CHAT_ID: String(STAFF_GROUP) }), fake);
    const t0 = Date.now();
    const err = await a.sender
      .send({ channel: 'telegram', chatId: String(STAFF_GROUP), text: 'Tiket baru #1' })
      .catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(500);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).retryAfterMs).toBe(4_000);
    expect(fake.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(1);
  });

  it('leaves a long 429 to the dispatcher, with its retry_after', async () => {
    const fake = fakeApi({
      sendMessage: () => ({
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 30',
        parameters: { retry_after: 30 },
      }),
    });
    const err = await start(deps(), fake)
      .sender.send({ channel: 'telegram', chatId: '100', text: 'halo' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).retryAfterMs).toBe(30_000);
    expect(fake.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(1);
  });
});
