import { Writable } from 'node:stream';
import { Api, HttpError, type Transformer } from 'grammy';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import type { Logger } from '../../src/core/log.js';
import { until } from '../channels/telegram/fake-api.js';
import { freePort, inboundCount } from '../channels/telegram/platform.js';
import { tempDbPath } from '../helpers.js';
import { E2E_TOKEN, emulatorDesk, type StartOptions } from './support.js';

/**
 * The desk on Telegram end to end: the Bot API emulator (telegram-test-api) on 127.0.0.1, the
 * real app on a temp SQLite file, the real grammY adapter polling the emulator and the real outbox
 * dispatcher sending to it. Users are emulator clients. What the emulator lacks (forum topics,
 * copyMessage) is answered by an API transformer in front of it.
 */

const VENDOR = { id: 5001, name: 'Budi' };
const OTHER_VENDOR = { id: 5002, name: 'Sinta' };
const STRANGER = { id: 5003, name: 'Joko' };
const STAFF = { id: 9001, name: 'Sari' };

const logLines: string[] = [];
const log: Logger = pino(
  { level: 'debug' },
  new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  }),
);

const desk = emulatorDesk();
const { person, settled, botMessagesTo } = desk;

/** The desk with STAFF as its staff member, logging into `logLines`. */
function start(opts: { dbPath: string; env?: Record<string, string> } & Omit<StartOptions, 'log'>) {
  const { dbPath, env, ...rest } = opts;
  return desk.start(dbPath, { STAFF_TELEGRAM_IDS: String(STAFF.id), ...env }, { log, ...rest });
}

function ticketNumber(text: string): number {
  const m = /#(\d+)/.exec(text);
  if (!m) throw new Error(`no ticket number in: ${text}`);
  return Number(m[1]);
}

describe('Telegram end to end (emulator)', () => {
  it('serves vendors and staff: FAQ, ticket, queue, reply, resolve, status, refusals, restart', async () => {
    const dbPath = tempDbPath();
    const bot = await start({ dbPath });
    const vendor = person(VENDOR);
    const other = person(OTHER_VENDOR);
    const stranger = person(STRANGER);
    const staff = person(STAFF);

    // An FAQ question gets the answer, in HTML, with the feedback buttons.
    await vendor.say('lupa password akun spse');
    const [answer] = await vendor.receive();
    expect(answer!.message.text).toContain('akun.inaproc.id');
    expect(answer!.message.text).toContain('<b>permohonan tertulis</b>');
    expect(answer!.message.parse_mode).toBe('HTML');
    const buttons = answer!.message.reply_markup!.inline_keyboard.flat();
    expect(buttons.map((b) => b.callback_data)).toEqual(['fb:y:lupa-password', 'fb:n:lupa-password']);

    // Pressing a button is answered, and the pressed keyboard goes away.
    await vendor.press(answer!, 'fb:y:lupa-password');
    const [thanks] = await vendor.receive();
    expect(thanks!.message.text).toBe(texts.faq.thanksForFeedback);
    await until('the keyboard to be removed', () => answer!.message.reply_markup?.inline_keyboard.length === 0);

    // A ticket opened with /tiket <teks> gets its number.
    await vendor.say('/tiket Tidak bisa upload dokumen penawaran, muncul layar putih <b>bold</b>');
    const [created] = await vendor.receive();
    expect(created!.message.text).toMatch(/Tiket #\d+ telah dibuat/);
    const n = ticketNumber(created!.message.text);
    // The staff member hears of it in their private chat (no staff group configured).
    const [notice] = await staff.receive();
    expect(notice!.message.text).toContain(`#${n}`);
    // The user's text is escaped, not rendered.
    expect(notice!.message.text).toContain('&lt;b&gt;bold&lt;/b&gt;');

    // Staff list the queue, reply, and the vendor gets the reply with #N.
    await staff.say('/antrian');
    const [queue] = await staff.receive();
    expect(queue!.message.text).toContain(`#${n}`);
    await staff.say(`/balas ${n} Silakan hapus cache browser lalu unggah ulang.`);
    const [replyToVendor] = await vendor.receive();
    expect(replyToVendor!.message.text).toContain(`#${n}`);
    expect(replyToVendor!.message.text).toContain('Silakan hapus cache browser lalu unggah ulang.');
    await staff.receive(); // "Balasan terkirim"

    // The vendor answers with Telegram's reply: it is filed on the ticket through the sent message's id.
    await vendor.say('Sudah saya coba, berhasil.', {
      reply_to_message: { message_id: replyToVendor!.messageId, date: 1, chat: { id: VENDOR.id, type: 'private' } },
    });
    const [filed] = await vendor.receive();
    expect(filed!.message.text).toContain(`#${n}`);
    const [followUp] = await staff.receive();
    expect(followUp!.message.text).toContain('Sudah saya coba, berhasil.');

    // Resolved: the vendor is told, with #N.
    await staff.say(`/selesai ${n} Masalah cache browser.`);
    const [resolved] = await vendor.receive();
    expect(resolved!.message.text).toContain(
      texts.tickets.notice.resolve(n, 'Masalah cache browser.', bot.app.config.tickets.autoCloseDays, true),
    );
    await settled(bot.app, bot.platform);
    const vendorSeen = botMessagesTo(VENDOR.id).length;

    await vendor.say('/status');
    const status = await until('the status list', () =>
      botMessagesTo(VENDOR.id)
        .slice(vendorSeen)
        .find((m) => m.message.text.includes(`#${n}`)),
    );
    expect(status.message.text).toContain(texts.tickets.status.resolved);

    // A non-staff /balas reaches nobody: refused, no reply event, the vendor gets nothing new.
    const repliesBefore = bot.app.store.handle.sqlite
      .prepare("select count(*) as c from ticket_events where ticket_id = ? and kind = 'reply'")
      .get(n) as { c: number };
    await settled(bot.app, bot.platform);
    const vendorCount = botMessagesTo(VENDOR.id).length;
    await stranger.say(`/balas ${n} Transfer dulu ke rekening saya`);
    const [refused] = await stranger.receive();
    expect(refused!.message.text).toContain(texts.staff.notStaff);
    await settled(bot.app, bot.platform);
    expect(botMessagesTo(VENDOR.id).length).toBe(vendorCount);
    const repliesAfter = bot.app.store.handle.sqlite
      .prepare("select count(*) as c from ticket_events where ticket_id = ? and kind = 'reply'")
      .get(n) as { c: number };
    expect(repliesAfter.c).toBe(repliesBefore.c);
    expect(JSON.stringify(desk.botMessages())).not.toContain('Transfer dulu');

    // Another vendor's /status N reveals nothing of it.
    await other.say(`/status ${n}`);
    const [notYours] = await other.receive();
    expect(notYours!.message.text).toContain(texts.tickets.notFound(String(n)));
    expect(notYours!.message.text).not.toContain('layar putih');

    // Stopped and started again on the same database: the ticket is still there.
    await bot.stop();
    await start({ dbPath });
    const afterRestart = botMessagesTo(VENDOR.id).length;
    await vendor.say('/status');
    const again = await until('the status after restart', () =>
      botMessagesTo(VENDOR.id)
        .slice(afterRestart)
        .find((m) => m.message.text.includes(`#${n}`)),
    );
    // ...resolved, as it was before the restart.
    expect(again.message.text).toContain(texts.tickets.status.resolved);
  });

  it('keeps one chat in order and serves chats concurrently, once per update', async () => {
    // The first user's first message is held in the desk until the others are all answered:
    // handled one at a time, nobody would be answered while it waits.
    const SLOW = { id: 6100, name: 'Lambat' };
    let holding = false;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const bot = await start({
      dbPath: tempDbPath(),
      wrapHandler: (handler) => async (msg) => {
        if (msg.userId === String(SLOW.id) && msg.text === '/status' && !holding) {
          holding = true;
          await held;
        }
        return handler(msg);
      },
    });
    const slow = person(SLOW);
    const users = Array.from({ length: 4 }, (_, i) => person({ id: 6101 + i, name: `U${i}` }));
    const questions = ['/status', 'lupa password akun spse', '/status 99'];
    for (const q of questions) await slow.say(q);
    await until('the slow chat to be held', () => holding);
    await Promise.all(
      users.map(async (u) => {
        for (const q of questions) await u.say(q);
      }),
    );
    const expectAnswers = (got: Array<{ message: { text: string } }>) => {
      expect(got[0]!.message.text).toContain(texts.tickets.listEmpty);
      expect(got[1]!.message.text).toContain('akun.inaproc.id');
      expect(got[2]!.message.text).toContain('#99');
    };
    try {
      for (const u of users) expectAnswers(await u.receive(3));
      // Still held: the slow chat's later messages waited their turn.
      expect(slow.unread()).toEqual([]);
    } finally {
      release();
    }
    expectAnswers(await slow.receive(3));
    await settled(bot.app, bot.platform);
    for (const u of [slow, ...users]) expect(u.unread()).toEqual([]);
    expect(inboundCount(bot.app)).toBe(15);
  });

  it('never logs its token, even when a failing call carries the request URL in its error', async () => {
    // A Bot API root where nothing listens: calls to it fail in the network, and node-fetch's
    // error (inside grammY's HttpError) spells out the URL, token included.
    const dead = new Api(E2E_TOKEN, { apiRoot: `http://127.0.0.1:${await freePort()}` });
    const VICTIM = { id: 6400, name: 'Tono' };
    const carried: unknown[] = [];
    let sendFailed = false;
    let pollFailed = false;
    const viaDeadRoot = async (call: () => Promise<unknown>) => {
      try {
        return await call();
      } catch (err) {
        carried.push(err);
        throw err;
      }
    };
    // Beneath the adapter's guards, as the network would fail: the first send to VICTIM and one poll.
    const network: Transformer = async (prev, method, payload, signal) => {
      const p = payload as Record<string, unknown>;
      if (method === 'sendMessage' && String(p.chat_id) === String(VICTIM.id) && !sendFailed) {
        sendFailed = true;
        return viaDeadRoot(() => dead.raw.sendMessage(p as never)) as never;
      }
      if (method === 'getUpdates' && sendFailed && !pollFailed) {
        pollFailed = true;
        return viaDeadRoot(() => dead.raw.getUpdates(p as never)) as never;
      }
      return prev(method, payload, signal);
    };
    const from = logLines.length;
    const bot = await start({ dbPath: tempDbPath(), adapter: { apiTransformers: [network] } });
    const victim = person(VICTIM);
    await victim.say('/status');
    // The send failed in the network, was retried by the dispatcher, and went out.
    const [status] = await victim.receive();
    expect(status!.message.text).toContain(texts.tickets.listEmpty);
    await until('a poll to fail too', () => pollFailed);
    await victim.say('/status 5');
    await victim.receive();
    await settled(bot.app, bot.platform);

    // The errors really carried the token (else this test would prove nothing)...
    expect(carried.length).toBe(2);
    for (const err of carried) {
      expect(err).toBeInstanceOf(HttpError);
      expect(String((err as HttpError).error)).toContain(E2E_TOKEN);
    }
    // ...both failures were logged, and no log line has the token.
    const logged = logLines.slice(from).join('');
    expect(logged).toContain('outbound message will be retried');
    expect(logged).toContain('fetching Telegram updates failed');
    expect(logged).not.toContain(E2E_TOKEN.split(':')[1]);
  });

  it('takes an album of 3 photos captioned /tiket as one ticket with 3 files', async () => {
    const bot = await start({ dbPath: tempDbPath() });
    const vendor = person({ id: 6500, name: 'Wati' });
    const staff = person(STAFF);
    const part = (n: number, caption?: string) => ({
      text: undefined,
      media_group_id: 'album-6500-1',
      photo: [{ file_id: `album-photo-${n}`, file_unique_id: `ap${n}`, width: 1280, height: 720 }],
      ...(caption ? { caption } : {}),
    });
    await vendor.say('', part(1, '/tiket Dokumen penawaran tidak bisa diunggah, lihat tangkapan layar'));
    await vendor.say('', part(2));
    await vendor.say('', part(3));
    // A message right after the album is answered after it, and already sees the ticket.
    await vendor.say('/status');
    const [created, status] = await vendor.receive(2);
    expect(created!.message.text).toMatch(/Tiket #\d+ telah dibuat/);
    const n = ticketNumber(created!.message.text);
    expect(status!.message.text).toContain(`#${n}`);
    expect(bot.app.store.tickets.attachments(n).map((a) => a.ref)).toEqual(['album-photo-1', 'album-photo-2', 'album-photo-3']);
    const tickets = bot.app.store.handle.sqlite.prepare('select count(*) as c from tickets').get() as { c: number };
    expect(tickets.c).toBe(1);
    const [notice] = await staff.receive();
    expect(notice!.message.text).toContain(`#${n}`);
    await settled(bot.app, bot.platform);
    // One answer for the album, one for /status: nothing for the other two photos.
    expect(vendor.unread()).toEqual([]);
  });

  it('staff group without topics: a staff reply to the ticket notice reaches the user', async () => {
    const GROUP = { id: -1001555000111, type: 'supergroup' as const, title: 'Staf Helpdesk' };
    // The emulator has no getChat: the group counts as one without topics, as a plain group would.
    await start({ dbPath: tempDbPath(), env: { TELEGRAM_STAFF_CHAT_ID: String(GROUP.id) } });
    const vendor = person({ id: 6600, name: 'Yanti' });
    const staffInGroup = person(STAFF, GROUP);
    await vendor.say('/tiket Akun terkunci setelah salah memasukkan kata sandi');
    const [created] = await vendor.receive();
    const n = ticketNumber(created!.message.text);
    const [notice] = await staffInGroup.receive();
    expect(notice!.message.text).toContain(`#${n}`);
    expect(notice!.message.message_thread_id).toBeUndefined();

    await staffInGroup.say('Akun sudah kami buka, silakan masuk kembali.', {
      reply_to_message: {
        message_id: notice!.messageId,
        date: 1,
        chat: { id: GROUP.id, type: 'supergroup', title: GROUP.title },
      },
    });
    const [reply] = await vendor.receive();
    expect(reply!.message.text).toContain(`#${n}`);
    expect(reply!.message.text).toContain('Akun sudah kami buka, silakan masuk kembali.');
  });

  it('survives a handler failure and keeps polling', async () => {
    const bot = await start({ dbPath: tempDbPath() });
    const vendor = person({ id: 6200, name: 'Rina' });
    const receive = bot.app.desk.receive;
    let failures = 0;
    bot.app.desk.receive = (msg) => {
      if (msg.text === 'meledak' && failures++ === 0) throw new Error('boom');
      return receive(msg);
    };
    await vendor.say('meledak');
    await until('the failure to be logged', () => logLines.some((l) => l.includes('handling a Telegram message failed')));
    await vendor.say('/status');
    const [status] = await vendor.receive();
    expect(status!.message.text).toContain(texts.tickets.listEmpty);
  });

  it('staff group with forum topics: topic per ticket, files copied, plain message in the topic replies, closed with the ticket', async () => {
    const GROUP = { id: -1001987654321, type: 'supergroup' as const, title: 'Staf Helpdesk PBJ' };
    const calls: Array<{ method: string; payload: Record<string, unknown> }> = [];
    let thread = 500;
    // The emulator has no forum topics and no copyMessage: these are answered here; the rest goes on to it.
    const forum: Transformer = async (prev, method, payload, signal) => {
      const p = payload as Record<string, unknown>;
      if (method !== 'getUpdates') calls.push({ method, payload: p });
      const fake = (result: unknown) => ({ ok: true as const, result }) as never;
      switch (method) {
        case 'getChat':
          return fake({ id: GROUP.id, type: 'supergroup', title: GROUP.title, is_forum: true });
        case 'createForumTopic':
          thread += 1;
          return fake({ message_thread_id: thread, name: p.name, icon_color: 0 });
        case 'closeForumTopic':
        case 'reopenForumTopic':
          return fake(true);
        case 'copyMessage':
          return fake({ message_id: 90_000 + calls.length });
        default:
          return prev(method, payload, signal);
      }
    };
    const logFrom = logLines.length;
    const bot = await start({
      dbPath: tempDbPath(),
      env: { TELEGRAM_STAFF_CHAT_ID: String(GROUP.id) },
      adapter: { apiTransformers: [forum] },
    });
    const vendor = person({ id: 6300, name: 'Dewi' });
    const staffInGroup = person(STAFF, GROUP);

    // A screenshot with "/tiket …" as its caption opens a ticket with the file.
    await vendor.say('', {
      text: undefined,
      caption: '/tiket Gagal unggah dokumen kualifikasi, muncul error 500',
      photo: [
        { file_id: 'small-id', file_unique_id: 's', width: 90, height: 60 },
        { file_id: 'large-id', file_unique_id: 'l', width: 1280, height: 853 },
      ],
    });
    const [created] = await vendor.receive();
    const n = ticketNumber(created!.message.text);

    // The staff group gets the notice in the ticket's own topic, and the screenshot copied after it.
    const [notice] = await staffInGroup.receive();
    expect(notice!.message.text).toContain(`#${n}`);
    const topic = calls.find((c) => c.method === 'createForumTopic')!;
    expect(String(topic.payload.name)).toMatch(new RegExp(`^#${n} · `));
    expect(notice!.message.message_thread_id).toBe(thread);
    expect(bot.app.store.telegramTopics.byTicket(n)).toMatchObject({ chatId: String(GROUP.id), threadId: thread });
    const copy = await until('the screenshot to be copied', () => calls.find((c) => c.method === 'copyMessage'));
    expect(copy.payload).toMatchObject({
      chat_id: String(GROUP.id),
      from_chat_id: String(vendor.chatId),
      message_thread_id: thread,
    });
    expect(Number(copy.payload.message_id)).toBeGreaterThan(0);

    // A plain message from staff inside the topic is a reply to the user.
    await staffInGroup.say('Mohon kompres berkas di bawah 10 MB lalu unggah lagi.', {
      message_thread_id: thread,
      is_topic_message: true,
    });
    const [reply] = await vendor.receive();
    expect(reply!.message.text).toContain(`#${n}`);
    expect(reply!.message.text).toContain('Mohon kompres berkas di bawah 10 MB');

    // Commands work in the group too; closing the ticket closes its topic.
    await staffInGroup.say(`/selesai ${n}`, { message_thread_id: thread, is_topic_message: true });
    await vendor.receive();
    await staffInGroup.say(`/tutup ${n}`, { message_thread_id: thread, is_topic_message: true });
    const closed = await until('the topic to be closed', () => calls.find((c) => c.method === 'closeForumTopic'));
    expect(closed.payload).toMatchObject({ chat_id: String(GROUP.id), message_thread_id: thread });
    expect(bot.app.store.telegramTopics.byTicket(n)?.closed).toBe(true);

    // The emulator refused the first setMyCommands: logged, the staff menus were not asked for,
    // and the bot went on (all of the above).
    expect(calls.filter((c) => c.method === 'setMyCommands')).toHaveLength(1);
    expect(logLines.slice(logFrom).join('')).toMatch(/"call":"setMyCommands".*"msg":"optional Telegram call failed; continuing"/);
  });
});
