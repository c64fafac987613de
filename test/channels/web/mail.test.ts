import { afterEach, describe, expect, it } from 'vitest';
import {
  composeMail,
  createWebChatMailer,
  mailMessageId,
  mailPlainText,
  smtpTransport,
  type WebChatMailer,
} from '../../../src/channels/web/mail.js';
import { escapeMarkup } from '../../../src/core/text.js';
import { createManualClock, type ManualClock } from '../../../src/core/clock.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { tempDbPath } from '../../helpers.js';
import { smtpSink, SINK_PASSWORD, type SmtpSink } from '../../support/smtp-sink.js';
import { capturedLogger } from '../../support/captured-logger.js';

const FROM = 'Helpdesk Biro PBJ <helpdesk@pbj.example.go.id>';
const CHAT_URL = 'https://helpdesk.example.go.id/chat';
const EMAIL = 'rina.vendor@contoh.co.id';
const MINUTE = 60_000;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

async function sink(port?: number): Promise<SmtpSink> {
  const s = await smtpSink(port);
  cleanups.push(() => s.close());
  return s;
}

interface Setup {
  store: Store;
  path: string;
  clock: ManualClock;
  logs: () => string;
  /** Stops its mailers and closes the database (a restart). */
  close(): Promise<void>;
  mailer(url: string): WebChatMailer;
  /** A session with (or without) a contact e-mail. */
  session(id: string, email?: string): void;
  /** A desk message to the session, stored now, about a ticket when given. */
  desk(sessionId: string, text: string, ticketId?: number, extra?: { choices?: Array<{ id: string; label: string }> }): number;
}

function setup(path = tempDbPath(), clock = createManualClock()): Setup {
  const store = openStore(path);
  const mailers: WebChatMailer[] = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const m of mailers) await m.stop();
    store.close();
  };
  cleanups.push(close);
  const { log, text } = capturedLogger();
  return {
    store,
    path,
    clock,
    logs: text,
    close,
    mailer(url) {
      const m = createWebChatMailer({
        chats: store.webChat,
        transport: smtpTransport(url, FROM),
        from: FROM,
        chatUrl: CHAT_URL,
        afterMinutes: 10,
        timeZone: 'Asia/Jakarta',
        clock,
        log,
      });
      mailers.push(m);
      return m;
    },
    session(id, email) {
      store.webChat.createSession(id, clock.now());
      if (email) store.contacts.saveDetails({ channel: 'web', userId: id, chatId: id }, { email }, clock.now());
    },
    desk(sessionId, text, ticketId, extra = {}) {
      const [outboxId] = store.outbox.enqueue(
        [{ channel: 'web', chatId: sessionId, text, ...(ticketId !== undefined ? { ticketId } : {}) }],
        clock.now(),
      );
      return store.webChat.addOutbound(sessionId, outboxId, { text, ...extra }, clock.now()).row.id;
    },
  };
}

describe('the web chat mail, against a local SMTP server', () => {
  it('mails two replies a closed page never showed as one mail, once the oldest has waited the delay', async () => {
    const smtp = await sink();
    const s = setup();
    s.session('sess-a', EMAIL);
    s.store.webChat.addInbound('sess-a', 'c-1', { text: 'akun saya terkunci' }, s.clock.now());
    s.desk('sess-a', 'Tiket **#12** sudah kami terima.', 12);
    s.clock.advance(3 * MINUTE);
    const last = s.desk('sess-a', 'Silakan _reset_ password di https://akun.inaproc.id lalu coba lagi.', 12);
    const mailer = s.mailer(smtp.url);

    s.clock.advance(6 * MINUTE);
    expect(await mailer.runOnce()).toEqual({ sent: 0, failed: 0, refused: 0 });
    s.clock.advance(1 * MINUTE);
    expect(await mailer.runOnce()).toEqual({ sent: 1, failed: 0, refused: 0 });

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.to).toMatchObject({ value: [{ address: EMAIL }] });
    expect(mail.from).toMatchObject({ value: [{ address: 'helpdesk@pbj.example.go.id', name: 'Helpdesk Biro PBJ' }] });
    expect(mail.subject).toBe('Balasan helpdesk Biro PBJ untuk tiket #12');
    expect(mail.messageId).toBe(mailMessageId('sess-a', last, FROM));
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.html).toBe(false);
    const text = mail.text!;
    expect(text).toContain('Ada 2 pesan baru');
    expect(text).toContain('Tiket #12 sudah kami terima.');
    expect(text).toContain('Silakan reset password di https://akun.inaproc.id lalu coba lagi.');
    expect(text).not.toMatch(/\*\*|_reset_/);
    // The way back, and what it needs: the same browser.
    expect(text).toContain(CHAT_URL);
    expect(text).toContain('peramban (browser) yang sama');
    // Only the desk's words: not what the person wrote.
    expect(text).not.toContain('akun saya terkunci');
    expect(s.store.webChat.marks('sess-a')).toEqual({ seenThrough: 0, mailedThrough: last });
  });

  it('sends nothing for replies a page of the session showed', async () => {
    const smtp = await sink();
    const s = setup();
    s.session('sess-a', EMAIL);
    const id = s.desk('sess-a', 'Balasan petugas.', 3);
    s.store.webChat.markSeen('sess-a', id);
    s.clock.advance(60 * MINUTE);
    expect(await s.mailer(smtp.url).runOnce()).toEqual({ sent: 0, failed: 0, refused: 0 });
    expect(smtp.mails).toHaveLength(0);
  });

  it('mails nothing to a session that left no e-mail', async () => {
    const smtp = await sink();
    const s = setup();
    s.session('sess-b');
    s.store.contacts.saveDetails({ channel: 'web', userId: 'sess-b', chatId: 'sess-b', displayName: 'Budi' }, {}, s.clock.now());
    s.desk('sess-b', 'Balasan petugas.', 4);
    s.clock.advance(60 * MINUTE);
    expect(await s.mailer(smtp.url).runOnce()).toEqual({ sent: 0, failed: 0, refused: 0 });
    expect(smtp.mails).toHaveLength(0);
  });

  it('keeps the mail owed while the SMTP server is down and sends it once when it is back', async () => {
    // A port with nothing listening: the server is down.
    const probe = await smtpSink();
    const port = probe.port;
    await probe.close();
    const s = setup();
    s.session('sess-a', EMAIL);
    s.desk('sess-a', 'Balasan petugas.', 5);
    s.clock.advance(11 * MINUTE);
    const mailer = s.mailer(probe.url);
    expect(await mailer.runOnce()).toEqual({ sent: 0, failed: 1, refused: 0 });
    expect(s.store.webChat.marks('sess-a')!.mailedThrough).toBe(0);
    expect(s.logs()).toMatch(/"code":"E[A-Z]+","owed":1,"msg":"web chat mail failed/);

    const smtp = await sink(port);
    s.clock.advance(1 * MINUTE);
    expect(await mailer.runOnce()).toEqual({ sent: 1, failed: 0, refused: 0 });
    expect(await mailer.runOnce()).toEqual({ sent: 0, failed: 0, refused: 0 });
    expect(smtp.mails).toHaveLength(1);
  });

  it('does not mail again after a restart, and mails only what came after', async () => {
    const smtp = await sink();
    const first = setup();
    first.session('sess-a', EMAIL);
    first.desk('sess-a', 'Balasan pertama.', 6);
    first.clock.advance(11 * MINUTE);
    expect((await first.mailer(smtp.url).runOnce()).sent).toBe(1);
    await first.close();

    // The desk restarts on the same database file.
    const again = setup(first.path, first.clock);
    const mailer = again.mailer(smtp.url);
    again.clock.advance(60 * MINUTE);
    expect((await mailer.runOnce()).sent).toBe(0);
    again.desk('sess-a', 'Balasan kedua.', 6);
    again.clock.advance(11 * MINUTE);
    expect((await mailer.runOnce()).sent).toBe(1);
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1]!.text).toContain('Balasan kedua.');
    expect(smtp.mails[1]!.text).not.toContain('Balasan pertama.');
    expect(smtp.mails[1]!.text).toContain('Ada 1 pesan baru');
  });

  it('gives up on an address the server refuses for good, without stopping the others', async () => {
    const smtp = await sink();
    smtp.refuse.set('salah@contoh.co.id', 550);
    const s = setup();
    // Sessions are mailed in id order: the refused one comes first.
    s.session('sess-1', 'salah@contoh.co.id');
    s.session('sess-2', EMAIL);
    const refused = s.desk('sess-1', 'Balasan A.');
    s.desk('sess-2', 'Balasan B.');
    s.clock.advance(11 * MINUTE);
    const mailer = s.mailer(smtp.url);
    expect(await mailer.runOnce()).toEqual({ sent: 1, failed: 0, refused: 1 });
    expect(s.store.webChat.marks('sess-1')!.mailedThrough).toBe(refused);
    expect(await mailer.runOnce()).toEqual({ sent: 0, failed: 0, refused: 0 });
    expect(smtp.mails.map((m) => m.text)).toEqual([expect.stringContaining('Balasan B.')]);
  });

  it('keeps a mail the server puts off (4xx to its recipient) owed, without holding up the others', async () => {
    const smtp = await sink();
    smtp.refuse.set('penuh@contoh.co.id', 452);
    const s = setup();
    s.session('sess-1', 'penuh@contoh.co.id');
    s.session('sess-2', EMAIL);
    s.desk('sess-1', 'Balasan A.');
    s.desk('sess-2', 'Balasan B.');
    s.clock.advance(11 * MINUTE);
    const mailer = s.mailer(smtp.url);
    expect(await mailer.runOnce()).toEqual({ sent: 1, failed: 1, refused: 0 });
    expect(s.store.webChat.marks('sess-1')!.mailedThrough).toBe(0);
    smtp.refuse.clear();
    // Put off: it waits before its next try, so it cannot take every run's places from the others.
    expect(await mailer.runOnce()).toEqual({ sent: 0, failed: 0, refused: 0 });
    s.clock.advance(5 * MINUTE);
    expect(await mailer.runOnce()).toEqual({ sent: 1, failed: 0, refused: 0 });
    expect(smtp.mails.map((m) => m.text)).toEqual([expect.stringContaining('Balasan B.'), expect.stringContaining('Balasan A.')]);
  });

  it('waits longer after each time the server puts a mail off, and gives it up after three days', async () => {
    const smtp = await sink();
    smtp.refuse.set('penuh@contoh.co.id', 452);
    const s = setup();
    s.session('sess-1', 'penuh@contoh.co.id');
    const owed = s.desk('sess-1', 'Balasan A.');
    s.clock.advance(11 * MINUTE);
    const mailer = s.mailer(smtp.url);
    let tries = 0;
    let result = { sent: 0, failed: 0, refused: 0 };
    for (let minute = 0; minute < 4 * 24 * 60 && result.refused === 0; minute += 1) {
      result = await mailer.runOnce();
      tries += result.failed;
      s.clock.advance(MINUTE);
    }
    expect(result.refused).toBe(1);
    expect(s.store.webChat.marks('sess-1')!.mailedThrough).toBe(owed);
    // 5, 10, 20, … minutes apart, at most 6 hours: a few dozen tries in three days, not one a minute.
    expect(tries).toBeGreaterThan(5);
    expect(tries).toBeLessThan(30);
    expect(smtp.mails).toHaveLength(0);
  });

  it('sends with the credentials of SMTP_URL and logs neither them, the address nor the text', async () => {
    const smtp = await sink();
    const s = setup();
    s.session('sess-a', EMAIL);
    s.desk('sess-a', 'kucing oranye meledak', 7);
    s.clock.advance(11 * MINUTE);
    // A wrong password: the server refuses the login, the mail stays owed.
    const wrong = s.mailer(smtp.url.replace(SINK_PASSWORD, 'salah-sandi-999'));
    expect((await wrong.runOnce()).failed).toBe(1);
    expect(smtp.mails).toHaveLength(0);
    expect((await s.mailer(smtp.url).runOnce()).sent).toBe(1);
    const logs = s.logs();
    expect(logs).toMatch(/"sent":1/);
    for (const secret of [SINK_PASSWORD, 'salah-sandi-999', EMAIL, 'rina.vendor', 'kucing oranye'])
      expect(logs).not.toContain(secret);
  });

  it('runs on its own timer until stopped', async () => {
    const smtp = await sink();
    const s = setup();
    s.session('sess-a', EMAIL);
    s.desk('sess-a', 'Balasan petugas.', 8);
    const mailer = s.mailer(smtp.url);
    mailer.start(MINUTE);
    await s.clock.advanceAsync(11 * MINUTE);
    await smtp.waitFor(1);
    await mailer.stop();
    expect(s.clock.pendingTimers()).toBe(0);
    s.desk('sess-a', 'Balasan lagi.', 8);
    await s.clock.advanceAsync(30 * MINUTE);
    expect(smtp.mails).toHaveLength(1);
  });
});

describe('the mail text', () => {
  const at = new Date('2026-01-05T02:00:00Z');
  const msg = (text: string, over: Partial<Parameters<typeof composeMail>[0][number]> = {}) => ({
    id: 1,
    text,
    choices: [],
    files: 0,
    createdAt: at,
    ticketId: null,
    ...over,
  });

  it('strips the desk markup and keeps what a person typed as typed', () => {
    expect(mailPlainText('**Penting**: buka _Menu_ lalu klik __Simpan__.')).toBe('Penting: buka Menu lalu klik Simpan.');
    // snake_case and file_names are not italics; a user's own stars come back as stars.
    expect(mailPlainText(`berkas dok_final_v2.pdf dari ${escapeMarkup('*Budi*')}`)).toBe('berkas dok_final_v2.pdf dari *Budi*');
  });

  it('names every ticket in the subject, and says so when there is none', () => {
    expect(
      composeMail([msg('a', { ticketId: 9 }), msg('b', { ticketId: 4 })], { chatUrl: CHAT_URL, timeZone: 'UTC' }).subject,
    ).toBe('Balasan helpdesk Biro PBJ untuk tiket #4, #9');
    expect(composeMail([msg('a')], { chatUrl: CHAT_URL, timeZone: 'UTC' }).subject).toBe('Pesan baru dari helpdesk Biro PBJ');
  });

  it('lists choices and tells of files, which only the page can show', () => {
    const { text } = composeMail(
      [
        msg('Apakah jawaban ini membantu?', {
          choices: [
            { id: 'y', label: 'Ya' },
            { id: 'n', label: 'Belum' },
          ],
          files: 1,
        }),
      ],
      {
        chatUrl: CHAT_URL,
        timeZone: 'Asia/Jakarta',
      },
    );
    expect(text).toContain('Pilihan (jawab di halaman obrolan): Ya / Belum');
    expect(text).toContain('disertai berkas');
    expect(text).toMatch(/Helpdesk, .*09[.:]00/);
  });

  it('gives the same Message-ID for the same messages, another for more, without the session id', () => {
    const a = mailMessageId('sess-a', 5, FROM);
    expect(a).toBe(mailMessageId('sess-a', 5, FROM));
    expect(a).not.toBe(mailMessageId('sess-a', 6, FROM));
    expect(a).not.toBe(mailMessageId('sess-b', 5, FROM));
    expect(a).toMatch(/^<web-chat\.[0-9a-f]{24}\.5@pbj\.example\.go\.id>$/);
    expect(a).not.toContain('sess-a');
  });
});
