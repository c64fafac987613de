import { afterEach, describe, expect, it } from 'vitest';
import { sessionIdOf } from '../../../src/channels/web/hub.js';
import { createWebChatMailer, smtpTransport, type WebChatMailer } from '../../../src/channels/web/mail.js';
import { texts } from '../../../src/core/catalogue.js';
import { createManualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logger.js';
import { smtpSink, type SmtpSink } from '../../support/smtp-sink.js';
import { chatClient, chatDesk, sseClient, type ChatClient, type ChatDesk } from './support.js';

const FROM = 'helpdesk@pbj.example.go.id';
const MINUTE = 60_000;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f();
});

interface Harness {
  d: ChatDesk;
  smtp: SmtpSink;
  /** One pass of the mail job as if `minutes` had gone by since now (the desk itself runs on the system clock). */
  mailAfter(minutes: number): ReturnType<WebChatMailer['runOnce']>;
}

async function harness(): Promise<Harness> {
  const d = await chatDesk();
  cleanups.push(() => d.close());
  const smtp = await smtpSink();
  cleanups.push(() => smtp.close());
  const transport = smtpTransport(smtp.url, FROM);
  cleanups.push(async () => transport.close());
  return {
    d,
    smtp,
    mailAfter(minutes) {
      const clock = createManualClock(new Date(Date.now() + minutes * MINUTE));
      const mailer = createWebChatMailer({
        chats: d.app.store.webChat,
        transport: { send: (m) => transport.send(m), close: () => undefined },
        from: FROM,
        chatUrl: 'https://helpdesk.example.go.id/chat',
        afterMinutes: 10,
        timeZone: 'Asia/Jakarta',
        clock,
        log: silentLogger,
      });
      return mailer.runOnce();
    },
  };
}

const sessionOf = (c: ChatClient) => sessionIdOf(c.cookie.split('=')[1]!);

/** Leaves an e-mail through the page's contact form. */
async function leaveEmail(d: ChatDesk, c: ChatClient, email: string) {
  const r = await fetch(`${d.url}/chat/api/contact`, {
    method: 'POST',
    headers: { cookie: c.cookie, 'content-type': 'application/json', 'x-csrf-token': c.csrf },
    body: JSON.stringify({ email }),
  });
  expect(r.status).toBe(200);
}

/** Waits, without any page asking, until the session holds `count` desk messages; returns the last id. */
async function deskMessages(d: ChatDesk, c: ChatClient, count: number): Promise<number> {
  const end = Date.now() + 5_000;
  for (;;) {
    const out = d.app.store.webChat.latest(sessionOf(c), 100).filter((m) => m.direction === 'out');
    if (out.length >= count) return out.at(-1)!.id;
    if (Date.now() > end) throw new Error(`${out.length} desk messages, not ${count}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const seenThrough = (d: ChatDesk, c: ChatClient) => d.app.store.webChat.marks(sessionOf(c))!.seenThrough;

describe('the web chat mail through the running desk', () => {
  it('mails the ticket confirmation and a staff reply of a closed page as one mail naming the ticket, without the staff note', async () => {
    const { d, smtp, mailAfter } = await harness();
    const c = await chatClient(d.url);
    await leaveEmail(d, c, 'rina.vendor@contoh.co.id');
    await c.send({ text: '/tiket tidak bisa login ke akun spse sejak kemarin' });
    await deskMessages(d, c, 1);
    // The person closed the page; staff answer later.
    d.staff('/catatan 1 catatan internal, tidak untuk pengguna');
    d.staff('/balas 1 Silakan coba reset password lewat akun.inaproc.id');
    await deskMessages(d, c, 2);
    expect(await mailAfter(5)).toMatchObject({ sent: 0 });
    expect(await mailAfter(11)).toMatchObject({ sent: 1 });
    expect(await mailAfter(12)).toMatchObject({ sent: 0 });
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.subject).toBe('Balasan helpdesk Biro PBJ untuk tiket #1');
    expect(mail.text).toContain('Ada 2 pesan baru');
    expect(mail.text).toContain('Silakan coba reset password lewat akun.inaproc.id');
    expect(mail.text).toContain('#1');
    expect(mail.text).not.toContain('catatan internal');
    expect(mail.text).toContain('https://helpdesk.example.go.id/chat');
  });

  it('counts a page load as seen: what the page showed is not mailed', async () => {
    const { d, smtp, mailAfter } = await harness();
    const c = await chatClient(d.url);
    await leaveEmail(d, c, 'rina.vendor@contoh.co.id');
    await c.send({ text: 'lupa pasword' });
    const answer = await deskMessages(d, c, 1);
    expect(seenThrough(d, c)).toBeLessThan(answer);
    await c.page();
    expect(seenThrough(d, c)).toBe(answer);
    expect(await mailAfter(60)).toMatchObject({ sent: 0 });
    expect(smtp.mails).toHaveLength(0);
    // This desk has no mail configured: its contact form does not promise any.
    expect(await c.page()).not.toContain(texts.webChat.detailsMailNote);
  });

  it('counts a message the live stream delivered as seen, and one fetched by the page script', async () => {
    const { d, smtp, mailAfter } = await harness();
    const c = await chatClient(d.url);
    await leaveEmail(d, c, 'rina.vendor@contoh.co.id');
    await c.send({ text: '/tiket tidak bisa unggah penawaran' });
    const confirmation = await deskMessages(d, c, 1);
    const fetched = await c.history(0);
    expect(fetched.at(-1)!.id).toBe(confirmation);
    expect(seenThrough(d, c)).toBe(confirmation);

    const live = sseClient(d.url, c.cookie, { after: confirmation });
    cleanups.push(async () => live.close());
    await live.opened;
    d.staff('/balas 1 Berkas penawaran maksimal 10 MB');
    const pushed = await live.waitFor(/maksimal 10 MB/);
    const end = Date.now() + 5_000;
    while (seenThrough(d, c) < Number(pushed.id) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(seenThrough(d, c)).toBe(Number(pushed.id));
    expect(await mailAfter(60)).toMatchObject({ sent: 0 });
    expect(smtp.mails).toHaveLength(0);
  });
});
