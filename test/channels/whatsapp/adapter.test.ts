import { afterEach, describe, expect, it, vi } from 'vitest';
import { proto } from '@whiskeysockets/baileys';
import { toWhatsAppText } from '../../../src/channels/whatsapp/render.js';
import { waMessage } from './fake-socket.js';
import { STAFF_NUMBER, startAdapter, startHarness, type WaHarness } from './harness.js';
import { texts } from '../../../src/core/catalogue.js';

const VENDOR = '6285700000001@s.whatsapp.net';
const NOW = new Date('2026-03-02T02:00:00Z').getTime();

let h: WaHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function started(opts: Parameters<typeof startHarness>[0] = {}): Promise<WaHarness> {
  h = await startHarness(opts);
  await startAdapter(h);
  return h;
}

const inboundCount = (x: WaHarness) =>
  (
    x.app.store.handle.sqlite.prepare("select count(*) as n from inbound_messages where channel = 'whatsapp'").get() as {
      n: number;
    }
  ).n;
const ticketCount = (x: WaHarness) =>
  (x.app.store.handle.sqlite.prepare('select count(*) as n from tickets').get() as { n: number }).n;
const STAFF_JID = `${STAFF_NUMBER}@s.whatsapp.net`;

/** An edit as Baileys 7 hands it over: a new key whose protocolMessage names the original. */
function edit(originalId: string, text: string, o: { remoteJid: string; at: number; id?: string }) {
  return waMessage('', {
    remoteJid: o.remoteJid,
    at: o.at,
    ...(o.id ? { id: o.id } : {}),
    message: {
      editedMessage: {
        message: {
          protocolMessage: {
            type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
            key: { id: originalId, remoteJid: o.remoteJid, fromMe: false },
            editedMessage: { conversation: text },
          },
        },
      },
    },
  });
}

/** Delivers one message and waits until it is handled and what it queued is sent. */
async function say(x: WaHarness, text: string, o: { remoteJid: string; remoteJidAlt?: string; id?: string }): Promise<string[]> {
  const before = x.fake.sent.length;
  x.fake.deliver([waMessage(text, { at: NOW, ...o })]);
  await x.adapter.idle();
  await x.settle();
  return x.fake.sent
    .slice(before)
    .filter((s) => s.jid === o.remoteJid)
    .map((s) => s.text);
}

describe('WhatsApp adapter with the real desk', () => {
  it("answers a vendor's FAQ question in the same chat, in WhatsApp formatting, with a numbered list", async () => {
    const x = await started();
    x.fake.deliver([waMessage('lupa password', { remoteJid: VENDOR, at: NOW })]);
    await x.sentCount(1);
    await x.settle();

    const answer = x.app.faq.intents.find((i) => i.id === 'lupa-password')!.answer;
    expect(x.fake.sent).toHaveLength(1);
    const [reply] = x.fake.sent;
    expect(reply!.jid).toBe(VENDOR);
    expect(reply!.text).toContain(toWhatsAppText(answer).trim());
    expect(reply!.text).not.toContain('**');
    expect(reply!.text).toMatch(/\n1\. .+\n2\. .+\n[^\n]+$/);
    expect(reply!.text.endsWith(`\n${texts.choices.replyWithNumber(2)}`)).toBe(true);
    // The contact is keyed on the phone JID (no LID known) and has its number.
    const contact = x.app.store.contacts.find('whatsapp', VENDOR)!;
    expect(contact.phone).toBe('6285700000001');
    expect(contact.displayName).toBe('Budi');

    // "1" picks the first offered choice (the desk maps it back), not a new question.
    x.fake.deliver([waMessage('1', { remoteJid: VENDOR, at: NOW })]);
    await x.sentCount(2);
    await x.settle();
    expect(x.fake.sent[1]!.text).toMatch(/Terima kasih/);
    expect(x.app.store.handle.sqlite.prepare('select helpful from faq_feedback').all()).toEqual([{ helpful: 1 }]);
  });

  it('opens a ticket with /tiket, tells the WhatsApp staff, and pushes the staff reply back to the same JID', async () => {
    const x = await started();
    x.fake.deliver([waMessage('/tiket Tidak bisa unggah dokumen penawaran, layar putih terus', { remoteJid: VENDOR, at: NOW })]);
    await x.sentCount(2);
    await x.settle();

    const ticket = x.app.store.handle.sqlite.prepare('select id, chat_id as chatId, status from tickets').get() as {
      id: number;
      chatId: string;
      status: string;
    };
    expect(ticket.chatId).toBe(VENDOR);
    const toVendor = x.fake.sent.filter((s) => s.jid === VENDOR);
    expect(toVendor).toHaveLength(1);
    expect(toVendor[0]!.text).toContain(`#${ticket.id}`);
    // No Telegram staff group: the new-ticket notice goes to the staff member's WhatsApp.
    const toStaff = x.fake.sent.filter((s) => s.jid === `${STAFF_NUMBER}@s.whatsapp.net`);
    expect(toStaff).toHaveLength(1);
    expect(toStaff[0]!.text).toContain(`#${ticket.id}`);

    const outcome = x.app.desk.apply(() =>
      x.app.tickets.reply(
        ticket.id,
        { kind: 'staff', id: 'x' },
        'Silakan bersihkan cache peramban lalu coba lagi.',
        x.clock.now(),
      ),
    );
    expect(outcome.ok).toBe(true);
    x.dispatcher.kick();
    await x.sentCount(3);
    await x.settle();
    const last = x.fake.sent[2]!;
    expect(last.jid).toBe(VENDOR);
    expect(last.text).toContain('Silakan bersihkan cache peramban lalu coba lagi.');
    expect(x.app.store.outbox.countByStatus()).toMatchObject({ pending: 0, failed: 0 });
  });

  it('lets a staff member writing from a LID use /balas: matched by the phone in remoteJidAlt', async () => {
    const x = await started();
    x.fake.deliver([waMessage('/tiket Akun saya terkunci setelah salah password', { remoteJid: VENDOR, at: NOW })]);
    await x.sentCount(2);
    await x.settle();
    const { id } = x.app.store.handle.sqlite.prepare('select id from tickets').get() as { id: number };

    const staffLid = '214748364712345@lid';
    x.fake.deliver([
      waMessage(`/balas ${id} Sudah kami buka kembali, silakan login.`, {
        remoteJid: staffLid,
        remoteJidAlt: `${STAFF_NUMBER}@s.whatsapp.net`,
        at: NOW,
      }),
    ]);
    await x.sentCount(4);
    await x.settle();
    const toVendor = x.fake.sent.filter((s) => s.jid === VENDOR);
    expect(toVendor.at(-1)!.text).toContain('Sudah kami buka kembali, silakan login.');
    // The staff member was answered in the chat they wrote from (the LID), and recognised by phone.
    expect(x.fake.sent.some((s) => s.jid === staffLid)).toBe(true);
    expect(x.app.store.contacts.find('whatsapp', staffLid)!.phone).toBe(STAFF_NUMBER);
    const events = x.app.store.handle.sqlite.prepare("select actor_kind as kind from ticket_events where kind = 'reply'").all();
    expect(events).toEqual([{ kind: 'staff' }]);
  });

  it('keys a LID sender on the LID, stores the phone from remoteJidAlt, and replies to the JID as received', async () => {
    const x = await started();
    const lid = '118472937465123@lid';
    x.fake.deliver([waMessage('halo', { remoteJid: lid, remoteJidAlt: '6285700000002@s.whatsapp.net', at: NOW })]);
    await x.sentCount(1);
    await x.settle();
    expect(x.fake.sent.map((s) => s.jid)).toEqual([lid]);
    const contact = x.app.store.contacts.find('whatsapp', lid)!;
    expect(contact).toMatchObject({ chatId: lid, phone: '6285700000002' });

    // The reverse addressing (phone JID in remoteJid, LID in the alt) is the same person.
    x.fake.deliver([waMessage('menu', { remoteJid: '6285700000002@s.whatsapp.net', remoteJidAlt: lid, at: NOW })]);
    await x.sentCount(2);
    await x.settle();
    expect(x.fake.sent[1]!.jid).toBe('6285700000002@s.whatsapp.net');
    const rows = x.app.store.handle.sqlite
      .prepare("select user_id as userId, chat_id as chatId from contacts where channel = 'whatsapp'")
      .all();
    expect(rows).toEqual([{ userId: lid, chatId: '6285700000002@s.whatsapp.net' }]);
  });

  it('merges the phone number from lid-mapping.update onto a LID contact, keeping a contact under the phone JID', async () => {
    const x = await started();
    const lid = '305419896123456@lid';
    x.fake.deliver([waMessage('halo', { remoteJid: '6285700000003@s.whatsapp.net', at: NOW })]);
    x.fake.deliver([waMessage('halo lagi', { remoteJid: lid, at: NOW })]);
    await x.sentCount(2);
    await x.settle();
    expect(x.app.store.contacts.find('whatsapp', lid)!.phone).toBeNull();

    x.fake.lidMapping({ lid, pn: '6285700000003@s.whatsapp.net' });
    expect(x.app.store.contacts.find('whatsapp', lid)!.phone).toBe('6285700000003');
    expect(x.app.store.contacts.find('whatsapp', '6285700000003@s.whatsapp.net')!.phone).toBe('6285700000003');
  });

  it('merges a contact known by phone into its LID contact on lid-mapping.update: /status from the LID chat shows the ticket', async () => {
    const x = await started();
    const pn = '6285700000030@s.whatsapp.net';
    const lid = '424242424242424@lid';
    const [created] = await say(x, '/tiket Dokumen kualifikasi tidak bisa diunggah', { remoteJid: pn });
    const id = Number(/#(\d+)/.exec(created!)![1]);
    await say(x, '/langganan', { remoteJid: pn });
    // Before the mapping, the LID chat is a stranger with no tickets.
    expect((await say(x, '/status', { remoteJid: lid })).join('\n')).not.toContain(`#${id}`);

    x.fake.lidMapping({ lid, pn });
    const status = (await say(x, '/status', { remoteJid: lid })).join('\n');
    expect(status).toContain(`#${id}`);

    const lidContact = x.app.store.contacts.find('whatsapp', lid)!;
    const pnContact = x.app.store.contacts.find('whatsapp', pn)!;
    expect(lidContact).toMatchObject({ phone: '6285700000030', subscribed: true });
    // The phone contact stays (its id is in the ticket's history) but owns nothing and gets no announcements.
    expect(pnContact).toMatchObject({ phone: '6285700000030', subscribed: false });
    expect(x.app.store.tickets.byContact(lidContact.id, 10).map((t) => t.id)).toEqual([id]);
    expect(x.app.store.tickets.byContact(pnContact.id, 10)).toEqual([]);
    expect(x.app.store.contacts.subscribers().map((c) => c.userId)).toEqual([lid]);

    // A later message from the phone chat is the same person (the LID), answered in the phone chat.
    expect((await say(x, '/status', { remoteJid: pn })).join('\n')).toContain(`#${id}`);
    const last = x.app.store.handle.sqlite
      .prepare('select user_id as userId from inbound_messages where chat_id = ? order by id desc limit 1')
      .get(pn);
    expect(last).toEqual({ userId: lid });
  });

  it('merges on a message that names both addresses, and on mappings from history sync', async () => {
    const x = await started();
    const pnA = '6285700000031@s.whatsapp.net';
    const lidA = '515151515151515@lid';
    const [a] = await say(x, '/tiket Akun terkunci', { remoteJid: pnA });
    const idA = Number(/#(\d+)/.exec(a!)![1]);
    // No lid-mapping.update: Baileys stores what remoteJidAlt told it without emitting one.
    expect((await say(x, '/status', { remoteJid: lidA, remoteJidAlt: pnA })).join('\n')).toContain(`#${idA}`);

    const pnB = '6285700000032@s.whatsapp.net';
    const lidB = '525252525252525@lid';
    const [b] = await say(x, '/tiket Sertifikat elektronik kedaluwarsa', { remoteJid: pnB });
    const idB = Number(/#(\d+)/.exec(b!)![1]);
    x.fake.emit('messaging-history.set', {
      chats: [],
      contacts: [],
      messages: [],
      isLatest: true,
      lidPnMappings: [{ lid: lidB, pn: pnB }],
    });
    expect((await say(x, '/status', { remoteJid: lidB })).join('\n')).toContain(`#${idB}`);
  });

  it("merges on a message only when the LID contact's phone is new, not on every message", async () => {
    const x = await started();
    const pn = '6285700000033@s.whatsapp.net';
    const lid = '535353535353535@lid';
    await say(x, 'halo', { remoteJid: lid, remoteJidAlt: pn });
    expect(x.app.store.contacts.find('whatsapp', lid)?.phone).toBe('6285700000033');
    // A merge would leave a contact under the phone JID unsubscribed; an unchanged phone merges nothing.
    const byPhone = x.app.store.contacts.touch({ channel: 'whatsapp', userId: pn, chatId: pn }, x.clock.now());
    x.app.store.contacts.setSubscribed(byPhone.id, true);
    await say(x, 'halo lagi', { remoteJid: lid, remoteJidAlt: pn });
    expect(x.app.store.contacts.byId(byPhone.id)?.subscribed).toBe(true);
  });

  it('uses the LID mapping Baileys stored to key a phone-addressed message on the LID', async () => {
    const x = await started();
    // What Baileys' lid-mapping store writes into the auth state (pn → lid, lid_reverse → pn).
    x.app.store.whatsappAuth.setMany(
      [
        { category: 'lid-mapping', id: '6285700000004', value: JSON.stringify('777000111222333') },
        { category: 'lid-mapping', id: '777000111222333_reverse', value: JSON.stringify('6285700000004') },
      ],
      x.clock.now(),
    );
    x.fake.deliver([waMessage('halo', { remoteJid: '6285700000004@s.whatsapp.net', at: NOW })]);
    x.fake.deliver([waMessage('halo', { remoteJid: '777000111222333@lid', at: NOW })]);
    await x.sentCount(2);
    await x.settle();
    const rows = x.app.store.handle.sqlite
      .prepare("select user_id as userId, phone from contacts where channel = 'whatsapp'")
      .all();
    expect(rows).toEqual([{ userId: '777000111222333@lid', phone: '6285700000004' }]);
    expect(x.fake.sent.map((s) => s.jid)).toEqual(['6285700000004@s.whatsapp.net', '777000111222333@lid']);
  });

  it('answers recent messages queued while offline (append); old ones are recorded and shown to staff, not answered', async () => {
    const x = await started();
    x.fake.deliverBuffered(
      [
        waMessage('lupa password', { remoteJid: '6285700000010@s.whatsapp.net', at: NOW - 3 * 60 * 60_000 }),
        waMessage('lupa password', { remoteJid: '6285700000011@s.whatsapp.net', at: NOW - 2 * 60_000 }),
        waMessage('dokumen saya hilang', { remoteJid: '6285700000012@s.whatsapp.net', at: NOW - 11 * 60_000 }),
      ],
      'append',
    );
    await x.sentCount(3);
    await x.settle();
    const toVendors = x.fake.sent.filter((s) => s.jid !== STAFF_JID).map((s) => s.jid);
    expect(toVendors).toEqual(['6285700000011@s.whatsapp.net']);
    expect(inboundCount(x)).toBe(3);
    // The staff (on WhatsApp here: no Telegram group) see what the users were not answered.
    const toStaff = x.fake.sent.filter((s) => s.jid === STAFF_JID).map((s) => s.text);
    expect(toStaff).toHaveLength(2);
    expect(toStaff.join('\n')).toContain('dokumen saya hilang');
    expect(toStaff.every((t) => /offline/.test(t))).toBe(true);
  });

  it('handles a duplicate delivery of the same message key once', async () => {
    const x = await started();
    const msg = waMessage('lupa password', { remoteJid: VENDOR, at: NOW, id: '3EB0DUPLICATE0001' });
    x.fake.deliver([msg]);
    x.fake.deliver([msg]);
    x.fake.deliver([structuredClone(msg)], 'append');
    await x.sentCount(1);
    await x.settle();
    expect(x.fake.sent).toHaveLength(1);
    expect(inboundCount(x)).toBe(1);
  });

  it('ignores own messages, groups, status, broadcasts, newsletters, reactions and protocol messages', async () => {
    const x = await started();
    x.fake.deliver([
      waMessage('lupa password', { remoteJid: VENDOR, fromMe: true, at: NOW }),
      waMessage('lupa password', { remoteJid: '120363025246125888@g.us', at: NOW }),
      waMessage('lupa password', { remoteJid: 'status@broadcast', at: NOW }),
      waMessage('lupa password', { remoteJid: '1234567890@broadcast', at: NOW }),
      waMessage('lupa password', { remoteJid: '120363144038483540@newsletter', at: NOW }),
      waMessage('', {
        remoteJid: VENDOR,
        at: NOW,
        message: { reactionMessage: { key: { id: 'X', remoteJid: VENDOR }, text: '👍' } },
      }),
      waMessage('', {
        remoteJid: VENDOR,
        at: NOW,
        message: { protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE, key: { id: 'X', remoteJid: VENDOR } } },
      }),
      waMessage('', { remoteJid: VENDOR, at: NOW, message: { stickerMessage: { mimetype: 'image/webp' } } }),
    ]);
    // One real message after them, to know the others were looked at and passed over.
    x.fake.deliver([waMessage('lupa password', { remoteJid: VENDOR, at: NOW })]);
    await x.sentCount(1);
    await x.settle();
    expect(x.fake.sent).toHaveLength(1);
    expect(inboundCount(x)).toBe(1);
  });

  it('answers the edited text of a message it never saw, once however often it is edited', async () => {
    const x = await started();
    x.fake.deliver([edit('ORIGINAL', 'lupa password', { remoteJid: VENDOR, at: NOW })]);
    await x.sentCount(1);
    await x.settle();
    const answer = x.app.faq.intents.find((i) => i.id === 'lupa-password')!.answer;
    expect(x.fake.sent[0]!.text).toContain(toWhatsAppText(answer).trim());

    x.fake.deliver([edit('ORIGINAL', 'lupa password akun SPSE', { remoteJid: VENDOR, at: NOW })]);
    await x.adapter.idle();
    await x.settle();
    expect(x.fake.sent).toHaveLength(1);
    expect(inboundCount(x)).toBe(1);
  });

  it('does not handle an edit of a message already handled: editing /tiket opens no second ticket', async () => {
    const x = await started();
    x.fake.deliver([waMessage('/tiket Tidak bisa login', { remoteJid: VENDOR, at: NOW, id: '3EB0TIKET000001' })]);
    await x.adapter.idle();
    await x.settle();
    expect(ticketCount(x)).toBe(1);
    const sent = x.fake.sent.length;

    x.fake.deliver([
      edit('3EB0TIKET000001', '/tiket Tidak bisa login ke SPSE', { remoteJid: VENDOR, at: NOW, id: '3EB0EDIT0000001' }),
    ]);
    await x.adapter.idle();
    await x.settle();
    expect(ticketCount(x)).toBe(1);
    expect(x.fake.sent).toHaveLength(sent);
  });

  it('lets a staff member in a LID chat take a ticket by replying "1" to its notice', async () => {
    const x = await started();
    const staffLid = '626262626262626@lid';
    // The staff member writes once from their LID chat: from then on notices go there.
    await say(x, '/antrian', { remoteJid: staffLid, remoteJidAlt: STAFF_JID });

    x.fake.deliver([waMessage('/tiket Jadwal tender tidak muncul', { remoteJid: VENDOR, at: NOW })]);
    await x.adapter.idle();
    await x.settle();
    const { id } = x.app.store.handle.sqlite.prepare('select id from tickets').get() as { id: number };
    const notice = x.fake.sent.filter((s) => s.jid === staffLid).at(-1)!;
    expect(notice.text).toContain(`#${id}`);
    expect(notice.text).toMatch(/\n1\. /);
    expect(x.fake.sent.some((s) => s.jid === STAFF_JID)).toBe(false);

    // "1" from the LID chat, without remoteJidAlt: recognised by the phone recorded on the contact.
    const answer = await say(x, '1', { remoteJid: staffLid });
    expect(answer.join('\n')).toContain(`#${id}`);
    const ticket = x.app.store.handle.sqlite
      .prepare('select assignee_staff_id as assignee from tickets where id = ?')
      .get(id) as { assignee: number | null };
    const staff = x.app.store.staff.find('whatsapp', STAFF_NUMBER)!;
    expect(ticket.assignee).toBe(staff.id);
  });

  it("serves a recipient's retry request after a restart: getMessage finds the text as it was sent", async () => {
    const x = await started();
    x.fake.deliver([waMessage('lupa password', { remoteJid: VENDOR, at: NOW })]);
    await x.sentCount(1);
    await x.settle();
    const [sent] = x.fake.sent;
    // A new socket (as after a restart) is given the lookup too.
    x.fake.close(515);
    await vi.waitFor(() => expect(x.adapter.status).toBe('open'), { timeout: 2_000, interval: 5 });
    const { getMessage } = x.fake.current;
    expect(getMessage).toBeDefined();
    expect(await getMessage!({ remoteJid: VENDOR, id: sent!.id, fromMe: true })).toEqual({ conversation: sent!.text });
    // Asked under the other address of the chat (its LID), it is still found by its id.
    expect(await getMessage!({ remoteJid: '999888777666555@lid', id: sent!.id, fromMe: true })).toEqual({
      conversation: sent!.text,
    });
    expect(await getMessage!({ remoteJid: VENDOR, id: 'NEVER-SENT', fromMe: true })).toBeUndefined();
  });

  it('stop() handles every message already received, including those Baileys still buffered', async () => {
    const x = await started();
    const messages = Array.from({ length: 20 }, (_, i) =>
      waMessage(`pertanyaan nomor ${i + 1}`, { remoteJid: `62857000001${String(i).padStart(2, '0')}@s.whatsapp.net`, at: NOW }),
    );
    for (const m of messages.slice(0, 10)) x.fake.deliver([m]);
    x.fake.deliverHeld(messages.slice(10), 'notify');
    await x.adapter.stop();
    expect(inboundCount(x)).toBe(20);
  });

  it('hands the phone over on the message; the desk records it on the contact', async () => {
    h = await startHarness();
    const x = h;
    const seen: Array<string | undefined> = [];
    await x.adapter.start(async (msg) => {
      seen.push(msg.phone);
      x.app.desk.receive(msg);
    });
    x.fake.deliver([
      waMessage('halo', { remoteJid: '555000111222333@lid', remoteJidAlt: '6285700000020@s.whatsapp.net', at: NOW }),
    ]);
    await x.adapter.idle();
    expect(seen).toEqual(['6285700000020']);
    expect(x.app.store.contacts.find('whatsapp', '555000111222333@lid')?.phone).toBe('6285700000020');
  });

  it('gives files as attachments with the message key as ref, and the quoted message as replyToRef', async () => {
    h = await startHarness();
    const x = h;
    const got: Parameters<Parameters<typeof x.adapter.start>[0]>[0][] = [];
    await x.adapter.start(async (msg) => {
      got.push(msg);
    });
    x.fake.deliver([
      waMessage('', {
        remoteJid: VENDOR,
        id: 'IMG1',
        at: NOW,
        message: { imageMessage: { caption: 'layar error', mimetype: 'image/jpeg', contextInfo: { stanzaId: 'OUT7' } } },
      }),
      waMessage('', {
        remoteJid: VENDOR,
        id: 'DOC1',
        at: NOW,
        message: {
          documentWithCaptionMessage: {
            message: { documentMessage: { caption: 'surat', mimetype: 'application/pdf', fileName: 'surat.pdf' } },
          },
        },
      }),
      waMessage('', {
        remoteJid: VENDOR,
        id: 'TXT1',
        at: NOW,
        message: { extendedTextMessage: { text: 'balasan', contextInfo: { stanzaId: 'OUT8' } } },
      }),
    ]);
    await x.adapter.idle();
    expect(got.map((m) => [m.externalId, m.text, m.replyToRef, m.attachments])).toEqual([
      ['IMG1', 'layar error', 'OUT7', [{ kind: 'photo', ref: 'IMG1', mimeType: 'image/jpeg', channel: 'whatsapp' }]],
      [
        'DOC1',
        'surat',
        undefined,
        [{ kind: 'document', ref: 'DOC1', mimeType: 'application/pdf', fileName: 'surat.pdf', channel: 'whatsapp' }],
      ],
      ['TXT1', 'balasan', 'OUT8', []],
    ]);
    expect(got[0]).toMatchObject({
      channel: 'whatsapp',
      chatId: VENDOR,
      userId: VENDOR,
      displayName: 'Budi',
      receivedAt: new Date(NOW),
    });
  });
});
