import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramSender, PROGRESS_LIMIT } from '../../../src/channels/telegram/sender.js';
import { createTopicManager } from '../../../src/channels/telegram/topics.js';
import { silentLogger } from '../../../src/logger.js';
import { SendError } from '../../../src/core/errors.js';
import type { OutboundMessage, TicketSummary } from '../../../src/core/channel.js';
import { createHarness, type Harness } from '../../helpers.js';
import { fakeApi, until, type FakeHandler } from './fake-api.js';

const out = (text: string, over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  channel: 'telegram',
  chatId: '5001',
  text,
  ...over,
});
const long = Array.from({ length: 300 }, (_, i) => `Baris ${i} yang cukup panjang untuk diuji`).join('\n');
const sends = (calls: ReturnType<typeof fakeApi>['calls']) => calls.filter((c) => c.method === 'sendMessage');

describe('Telegram sender', () => {
  it('sends HTML without link previews and returns the message id as ref', async () => {
    const { api, calls } = fakeApi();
    const sender = createTelegramSender({ api, log: silentLogger });
    const res = await sender.send(out('Buka **https://akun.inaproc.id** <sekarang>'));
    expect(res).toEqual({ ref: '100' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.payload).toMatchObject({
      chat_id: '5001',
      text: '<b>https://akun.inaproc.id</b> &lt;sekarang&gt;'.replace(/^/, 'Buka '),
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
  });

  it('splits a long text, replies with the first part, puts the keyboard on the last, and returns the first ref', async () => {
    const { api, calls } = fakeApi();
    const sender = createTelegramSender({ api, log: silentLogger });
    const text = Array.from({ length: 300 }, (_, i) => `Baris ${i} yang cukup panjang untuk diuji`).join('\n');
    const res = await sender.send(out(text, { replyToRef: '42', choices: [{ id: 'fb:y:x', label: 'Ya' }] }));
    const parts = sends(calls);
    expect(parts.length).toBeGreaterThan(1);
    expect(res.ref).toBe('100');
    for (const p of parts) expect(String(p.payload.text).length).toBeLessThanOrEqual(4096);
    expect(parts[0]!.payload.reply_parameters).toEqual({ message_id: 42, allow_sending_without_reply: true });
    expect(parts.slice(1).every((p) => p.payload.reply_parameters === undefined)).toBe(true);
    expect(parts.at(-1)!.payload.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Ya', callback_data: 'fb:y:x' }]] });
    expect(parts.slice(0, -1).every((p) => p.payload.reply_markup === undefined)).toBe(true);
  });

  it('copies Telegram attachments after the text and skips the others', async () => {
    const { api, calls } = fakeApi();
    const sender = createTelegramSender({ api, log: silentLogger });
    await sender.send(
      out('Tiket #3 dari Budi (2 berkas)', {
        attachments: [
          { kind: 'photo', ref: 'AgAD', messageRef: '15', chatRef: '5001', channel: 'telegram' },
          { kind: 'document', ref: 'wa-key', messageRef: 'ABC', chatRef: '62812@s.whatsapp.net', channel: 'whatsapp' },
        ],
      }),
    );
    expect(calls.map((c) => c.method)).toEqual(['sendMessage', 'copyMessage']);
    expect(calls[1]!.payload).toMatchObject({ chat_id: '5001', from_chat_id: '5001', message_id: 15 });
  });

  it('sends a file by its file_id when the message to copy is gone, by kind and without caption', async () => {
    const { api, calls } = fakeApi({
      copyMessage: () => ({ ok: false, error_code: 400, description: 'Bad Request: message to copy not found' }),
    });
    const sender = createTelegramSender({ api, log: silentLogger });
    const res = await sender.send(
      out('Tiket #3 (4 berkas)', {
        attachments: [
          { kind: 'photo', ref: 'photo-id', messageRef: '1', chatRef: '2', channel: 'telegram' },
          { kind: 'document', ref: 'doc-id', fileName: 'bukti.pdf', messageRef: '3', chatRef: '2', channel: 'telegram' },
          { kind: 'audio', ref: 'voice-id', mimeType: 'audio/ogg', messageRef: '4', chatRef: '2', channel: 'telegram' },
          { kind: 'video', ref: 'video-id', messageRef: '5', chatRef: '2', channel: 'telegram' },
        ],
      }),
    );
    expect(res.ref).toBe('100');
    expect(calls.map((c) => c.method)).toEqual([
      'sendMessage',
      'copyMessage',
      'sendPhoto',
      'copyMessage',
      'sendDocument',
      'copyMessage',
      'sendVoice',
      'copyMessage',
      'sendVideo',
    ]);
    expect(calls[2]!.payload).toEqual({ chat_id: '5001', photo: 'photo-id' });
    expect(calls[4]!.payload).toEqual({ chat_id: '5001', document: 'doc-id' });
    expect(calls[6]!.payload).toEqual({ chat_id: '5001', voice: 'voice-id' });
  });

  it('goes on without a file that can be neither copied nor sent by its id', async () => {
    const gone: FakeHandler = () => ({
      ok: false,
      error_code: 400,
      description: 'Bad Request: wrong file identifier/HTTP URL specified',
    });
    const { api, calls } = fakeApi({
      copyMessage: () => ({ ok: false, error_code: 400, description: 'Bad Request: message to copy not found' }),
      sendPhoto: gone,
    });
    const sender = createTelegramSender({ api, log: silentLogger });
    const res = await sender.send(
      out('x', { attachments: [{ kind: 'photo', ref: 'a', messageRef: '1', chatRef: '2', channel: 'telegram' }] }),
    );
    expect(res.ref).toBe('100');
    expect(calls.map((c) => c.method)).toEqual(['sendMessage', 'copyMessage', 'sendPhoto']);
  });

  it('retries (does not skip) a file whose relay failed transiently, resuming after the text', async () => {
    const { api, calls } = fakeApi({
      copyMessage: (_p, n) => (n === 1 ? { ok: false, error_code: 502, description: 'Bad Gateway' } : undefined),
    });
    const sender = createTelegramSender({ api, log: silentLogger });
    const msg = out('x', {
      deliveryId: 'outbox:9',
      attachments: [{ kind: 'photo', ref: 'a', messageRef: '1', chatRef: '2', channel: 'telegram' }],
    });
    const err = await sender.send(msg).catch((e: unknown) => e);
    expect((err as SendError).permanent).toBe(false);
    await sender.send(msg);
    expect(calls.map((c) => c.method)).toEqual(['sendMessage', 'copyMessage', 'copyMessage']);
  });

  it('maps a 429 to retryAfterMs and resumes the same delivery after the parts already sent', async () => {
    const fail: FakeHandler = (_p, n) =>
      n === 2
        ? { ok: false, error_code: 429, description: 'Too Many Requests: retry after 40', parameters: { retry_after: 40 } }
        : undefined;
    const { api, calls } = fakeApi({ sendMessage: fail });
    const sender = createTelegramSender({ api, log: silentLogger });
    const msg = out(long, { deliveryId: 'outbox:7' });
    const err = await sender.send(msg).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).permanent).toBe(false);
    expect((err as SendError).retryAfterMs).toBe(40_000);
    const before = sends(calls).length;
    const res = await sender.send(msg);
    expect(res.ref).toBe('100');
    // The retry started at the part that failed; the first part was not sent twice.
    const texts = sends(calls).map((c) => c.payload.text);
    expect(new Set(texts).size).toBe(texts.length - 1);
    expect(sends(calls).slice(before)[0]!.payload.text).toBe(texts[1]);
  });

  it('resumes only the same delivery: the same text in another delivery, or without an id, is sent whole', async () => {
    const fail: FakeHandler = (_p, n) => (n === 2 ? { ok: false, error_code: 502, description: 'Bad Gateway' } : undefined);
    const { api, calls } = fakeApi({ sendMessage: fail });
    const sender = createTelegramSender({ api, log: silentLogger });
    await sender.send(out(long, { deliveryId: 'outbox:1' })).catch(() => undefined);
    const parts = sends(calls)[0]!.payload.text;
    // Another row with the same content (a second notice, a broadcast) starts from its first part.
    let before = sends(calls).length;
    await sender.send(out(long, { deliveryId: 'outbox:2' }));
    expect(sends(calls)[before]!.payload.text).toBe(parts);
    // So does a message without a delivery id.
    before = sends(calls).length;
    await sender.send(out(long));
    expect(sends(calls)[before]!.payload.text).toBe(parts);
  });

  it('forgets the progress once the delivery failed for good', async () => {
    const fail: FakeHandler = (_p, n) =>
      n === 2
        ? { ok: false, error_code: 502, description: 'Bad Gateway' }
        : n === 3
          ? { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }
          : undefined;
    const { api, calls } = fakeApi({ sendMessage: fail });
    const sender = createTelegramSender({ api, log: silentLogger });
    const msg = out(long, { deliveryId: 'outbox:3' });
    await sender.send(msg).catch(() => undefined);
    const err = await sender.send(msg).catch((e: unknown) => e);
    expect((err as SendError).permanent).toBe(true);
    // Were the progress kept, this would start at the second part.
    const before = sends(calls).length;
    await sender.send(msg);
    expect(sends(calls)[before]!.payload.text).toBe(sends(calls)[0]!.payload.text);
  });

  it('remembers at most PROGRESS_LIMIT half-sent deliveries, dropping the oldest', async () => {
    const short = 'a\n'.repeat(3000);
    // Every second text part fails: each delivery is left half-sent.
    const { api, calls } = fakeApi({
      sendMessage: (_p, n) => (n % 2 === 0 ? { ok: false, error_code: 502, description: 'Bad Gateway' } : undefined),
    });
    const sender = createTelegramSender({ api, log: silentLogger });
    for (let i = 0; i <= PROGRESS_LIMIT; i++) await sender.send(out(short, { deliveryId: `d${i}` })).catch(() => undefined);
    const first = sends(calls)[0]!.payload.text;
    // d0 was dropped for d1000: it starts over; d1000 resumes at its second part.
    let before = sends(calls).length;
    await sender.send(out(short, { deliveryId: 'd0' })).catch(() => undefined);
    expect(sends(calls)[before]!.payload.text).toBe(first);
    before = sends(calls).length;
    await sender.send(out(short, { deliveryId: `d${PROGRESS_LIMIT}` })).catch(() => undefined);
    expect(sends(calls)[before]!.payload.text).not.toBe(first);
  });

  it('fails permanently when the user blocked the bot', async () => {
    const { api } = fakeApi({
      sendMessage: () => ({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' }),
    });
    const err = await createTelegramSender({ api, log: silentLogger })
      .send(out('halo'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect((err as SendError).permanent).toBe(true);
  });

  it('tells a moved chat (with its new id) and a refusing chat upwards with the unsent message, and a rate limit not at all', async () => {
    const answers: Record<string, ReturnType<FakeHandler>> = {
      '-4001': {
        ok: false,
        error_code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: -1009 },
      },
      '-1002': { ok: false, error_code: 403, description: 'Forbidden: bot was kicked from the supergroup chat' },
      '-1003': { ok: false, error_code: 429, description: 'Too Many Requests: retry after 30', parameters: { retry_after: 30 } },
    };
    const { api } = fakeApi({ sendMessage: (p) => answers[String(p.chat_id)] });
    const moved: Array<[OutboundMessage, string]> = [];
    const refused: Array<[OutboundMessage, string]> = [];
    const sender = createTelegramSender({
      api,
      log: silentLogger,
      chatMoved: (m, to) => moved.push([m, to]),
      chatRefused: (m, reason) => refused.push([m, reason]),
    });
    for (const chatId of Object.keys(answers)) {
      const err = await sender
        .send(out('#5 baru', { chatId, ticketId: 5, deliveryId: `outbox:${chatId}` }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SendError);
    }
    expect(moved).toEqual([[{ channel: 'telegram', chatId: '-4001', text: '#5 baru', ticketId: 5 }, '-1009']]);
    expect(refused).toHaveLength(1);
    expect(refused[0]![0]).toEqual({ channel: 'telegram', chatId: '-1002', text: '#5 baru', ticketId: 5 });
    expect(refused[0]![1]).toContain('bot was kicked');
  });

  it('falls back to plain text when Telegram refuses the HTML', async () => {
    const { api, calls } = fakeApi({
      sendMessage: (p) =>
        p.parse_mode === 'HTML'
          ? { ok: false, error_code: 400, description: "Bad Request: can't parse entities: unexpected end tag" }
          : undefined,
    });
    const res = await createTelegramSender({ api, log: silentLogger }).send(out('a **b** & c'));
    expect(res.ref).toBeDefined();
    expect(sends(calls).at(-1)!.payload).toMatchObject({ text: 'a b & c' });
    expect(sends(calls).at(-1)!.payload.parse_mode).toBeUndefined();
  });
});

describe('Telegram sender: forum topics in the staff group', () => {
  const STAFF = '-1001234567890';
  let h: Harness | undefined;
  afterEach(() => h?.close());

  /** A ticket, and what a message about it carries of it (the outbox fills it in as the ticket stands). */
  async function withTicket(): Promise<{ h: Harness; ticketId: number; ticket: TicketSummary }> {
    h = await createHarness();
    h.say('/tiket Tidak bisa login ke SPSE sejak pagi, muncul pesan error', {
      channel: 'telegram',
      chatId: '5001',
      userId: '5001',
    });
    const row = h.app.store.handle.sqlite
      .prepare('select ticket_id as id, ticket_title as title from outbox where ticket_title is not null order by id limit 1')
      .get() as { id: number; title: string };
    return { h, ticketId: row.id, ticket: { title: row.title, closed: false } };
  }

  function setup(harness: Harness, handlers: Record<string, FakeHandler> = {}) {
    const fake = fakeApi(handlers);
    const topics = createTopicManager({
      api: fake.api,
      topics: harness.app.store.telegramTopics,
      clock: harness.clock,
      log: silentLogger,
      chatId: STAFF,
    });
    return { ...fake, sender: createTelegramSender({ api: fake.api, log: silentLogger, topics }) };
  }

  it('creates one topic per ticket, stores it, and posts into it', async () => {
    const { h, ticketId, ticket } = await withTicket();
    const { sender, calls } = setup(h);
    await sender.send(out('Tiket baru', { chatId: STAFF, ticketId, ticket }));
    await sender.send(out('Pesan lanjutan', { chatId: STAFF, ticketId, ticket }));
    expect(calls.map((c) => c.method)).toEqual(['getChat', 'createForumTopic', 'sendMessage', 'sendMessage']);
    expect(String(calls[1]!.payload.name)).toMatch(new RegExp(`^#${ticketId} · `));
    expect(String(calls[1]!.payload.name).length).toBeLessThanOrEqual(128);
    expect(sends(calls).map((c) => c.payload.message_thread_id)).toEqual([7001, 7001]);
    expect(h.app.store.telegramTopics.byTicket(ticketId)).toMatchObject({ chatId: STAFF, threadId: 7001, closed: false });
    expect(h.app.store.telegramTopics.ticketOfThread(STAFF, 7001)).toBe(ticketId);
  });

  it('recreates a deleted topic once and resends', async () => {
    const { h, ticketId, ticket } = await withTicket();
    const { sender, calls } = setup(h, {
      sendMessage: (p) =>
        p.message_thread_id === 6500
          ? { ok: false, error_code: 400, description: 'Bad Request: message thread not found' }
          : undefined,
    });
    // The topic someone deleted in the group.
    h.app.store.telegramTopics.set(ticketId, STAFF, 6500, h.clock.now());
    const res = await sender.send(out('Pesan', { chatId: STAFF, ticketId, ticket }));
    expect(res.ref).toBeDefined();
    expect(calls.map((c) => c.method)).toEqual(['getChat', 'sendMessage', 'createForumTopic', 'sendMessage']);
    expect(sends(calls).map((c) => c.payload.message_thread_id)).toEqual([6500, 7001]);
    expect(h.app.store.telegramTopics.byTicket(ticketId)?.threadId).toBe(7001);
    expect(h.app.store.telegramTopics.ticketOfThread(STAFF, 6500)).toBeUndefined();
  });

  it('recreates only once: a topic that keeps failing gives a SendError, not a loop', async () => {
    const { h, ticketId, ticket } = await withTicket();
    const { sender, calls } = setup(h, {
      sendMessage: (p) =>
        p.message_thread_id !== undefined
          ? { ok: false, error_code: 400, description: 'Bad Request: message thread not found' }
          : undefined,
    });
    const err = await sender.send(out('Pesan', { chatId: STAFF, ticketId, ticket })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect(calls.filter((c) => c.method === 'createForumTopic')).toHaveLength(2);
    expect(sends(calls)).toHaveLength(2);
  });

  it('closes the topic when the ticket is closed, and reopens it for a reopened ticket', async () => {
    const { h, ticketId, ticket } = await withTicket();
    const { sender, calls } = setup(h);
    await sender.send(out('Tiket baru', { chatId: STAFF, ticketId, ticket }));
    await sender.send(out('Tiket ditutup', { chatId: STAFF, ticketId, ticket: { ...ticket, closed: true } }));
    expect(calls.at(-1)).toMatchObject({ method: 'closeForumTopic', payload: { chat_id: STAFF, message_thread_id: 7001 } });
    expect(h.app.store.telegramTopics.byTicket(ticketId)?.closed).toBe(true);

    await sender.send(out('Tiket dibuka kembali', { chatId: STAFF, ticketId, ticket }));
    const tail = calls.slice(-2).map((c) => c.method);
    expect(tail).toEqual(['reopenForumTopic', 'sendMessage']);
    expect(h.app.store.telegramTopics.byTicket(ticketId)?.closed).toBe(false);
  });

  it('posts to the group itself when it is not a forum or getChat is unavailable', async () => {
    const { h, ticketId, ticket } = await withTicket();
    const { sender, calls } = setup(h, {
      getChat: () => ({ ok: false, error_code: undefined as unknown as number, description: undefined as unknown as string }),
    });
    await sender.send(out('Tiket baru', { chatId: STAFF, ticketId, ticket }));
    await sender.send(out('Lagi', { chatId: STAFF, ticketId, ticket }));
    // Asked once, remembered.
    expect(calls.map((c) => c.method)).toEqual(['getChat', 'sendMessage', 'sendMessage']);
    expect(sends(calls).every((c) => c.payload.message_thread_id === undefined)).toBe(true);
  });

  it('does not remember "no topics" after a transient getChat failure: the next message asks again', async () => {
    const { h, ticketId, ticket } = await withTicket();
    const { sender, calls } = setup(h, {
      getChat: (_p, n) => (n === 1 ? { ok: false, error_code: 502, description: 'Bad Gateway' } : undefined),
    });
    await sender.send(out('Tiket baru', { chatId: STAFF, ticketId, ticket }));
    await sender.send(out('Lagi', { chatId: STAFF, ticketId, ticket }));
    expect(calls.map((c) => c.method)).toEqual(['getChat', 'sendMessage', 'getChat', 'createForumTopic', 'sendMessage']);
    expect(sends(calls).map((c) => c.payload.message_thread_id)).toEqual([undefined, 7001]);
  });

  it('posts to the group when the bot may not create topics', async () => {
    const { h, ticketId, ticket } = await withTicket();
    const { sender, calls } = setup(h, {
      createForumTopic: () => ({ ok: false, error_code: 400, description: 'Bad Request: not enough rights to create a topic' }),
    });
    await sender.send(out('Tiket baru', { chatId: STAFF, ticketId, ticket }));
    expect(sends(calls)[0]!.payload.message_thread_id).toBeUndefined();
    expect(h.app.store.telegramTopics.byTicket(ticketId)).toBeUndefined();
  });

  it("names the topic after the message's ticket title, cut to Telegram's 128 characters", async () => {
    const { h, ticketId } = await withTicket();
    const { sender, calls } = setup(h);
    const title = `#${ticketId} · akun · ${'layar putih saat unggah dokumen penawaran '.repeat(5)}`;
    await sender.send(out('Tiket baru', { chatId: STAFF, ticketId, ticket: { title, closed: false } }));
    const name = String(calls.find((c) => c.method === 'createForumTopic')!.payload.name);
    expect(name.length).toBeLessThanOrEqual(128);
    expect(title.startsWith(name.replace(/…$/, '').trimEnd())).toBe(true);
  });

  it('without the ticket on the message, posts to the group and leaves an existing topic as it is', async () => {
    const { h, ticketId, ticket } = await withTicket();
    const { sender, calls } = setup(h);
    await sender.send(out('Tanpa ringkasan', { chatId: STAFF, ticketId }));
    expect(calls.map((c) => c.method)).toEqual(['getChat', 'sendMessage']);
    expect(sends(calls)[0]!.payload.message_thread_id).toBeUndefined();

    await sender.send(out('Tiket baru', { chatId: STAFF, ticketId, ticket: { ...ticket, closed: true } }));
    expect(calls.at(-1)!.method).toBe('closeForumTopic');
    const before = calls.length;
    await sender.send(out('Tanpa ringkasan', { chatId: STAFF, ticketId }));
    await sender.send(out('Ke pengguna', { chatId: '5001', ticketId }));
    expect(calls.slice(before).map((c) => c.method)).toEqual(['sendMessage', 'sendMessage']);
    expect(h.app.store.telegramTopics.byTicket(ticketId)?.closed).toBe(true);
  });

  it("closes the ticket's topic when the message telling the user it is closed goes out", async () => {
    const { h, ticketId, ticket } = await withTicket();
    const { sender, calls } = setup(h);
    await sender.send(out('Tiket baru', { chatId: STAFF, ticketId, ticket }));
    await sender.send(out('Tiket Anda ditutup', { chatId: '5001', ticketId, ticket: { ...ticket, closed: true } }));
    // Beside the user's message, not in it: a rate-limited staff group must not hold the user's chat.
    await until('the topic closed', () => h.app.store.telegramTopics.byTicket(ticketId)?.closed === true);
    expect(calls.slice(-2).map((c) => c.method)).toEqual(['sendMessage', 'closeForumTopic']);
    expect(h.app.store.telegramTopics.byTicket(ticketId)?.closed).toBe(true);
  });

  it('leaves messages to other chats alone', async () => {
    const { h, ticketId, ticket } = await withTicket();
    const { sender, calls } = setup(h);
    await sender.send(out('Balasan petugas', { chatId: '5001', ticketId, ticket }));
    expect(calls.map((c) => c.method)).toEqual(['sendMessage']);
  });
});
