import { DisconnectReason } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it } from 'vitest';
import { logId } from '../../src/logger.js';
import { waMessage } from '../channels/whatsapp/fake-socket.js';
import { BOT_JID, STAFF_NUMBER, startAdapter, startHarness, type WaHarness } from '../channels/whatsapp/harness.js';
import { capturedLogger } from '../support/captured-logger.js';

const VENDOR_PHONE = '6285712345678';
const VENDOR_PN = `${VENDOR_PHONE}@s.whatsapp.net`;
const VENDOR_LID_DIGITS = '204567891234567';
const VENDOR_LID = `${VENDOR_LID_DIGITS}@lid`;
const VENDOR_NAME = 'Sutrisno Wibowo';
const STAFF_NAME = 'Rahmawati Kusuma';
const STAFF_JID = `${STAFF_NUMBER}@s.whatsapp.net`;
const BODY = 'kucing oranye meledak';
const REPLY = 'jerapah ungu berdansa';

let h: WaHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Delivers one message and waits until it is handled and what it queued is sent. */
async function say(x: WaHarness, text: string, o: { remoteJid: string; remoteJidAlt?: string; pushName: string }) {
  x.fake.deliver([waMessage(text, { at: x.clock.now().getTime(), ...o })]);
  await x.adapter.idle();
  await x.settle();
}

describe('privacy in the logs', () => {
  it('a WhatsApp conversation at LOG_LEVEL=trace logs no phone number, LID, name or message text', async () => {
    const cap = capturedLogger();
    h = await startHarness({ log: cap.log });
    await startAdapter(h);
    const vendor = { remoteJid: VENDOR_LID, remoteJidAlt: VENDOR_PN, pushName: VENDOR_NAME };

    await say(h, `halo, saya ${VENDOR_NAME}, nomor saya ${VENDOR_PHONE}, ${BODY}`, vendor);
    await say(h, `/tiket Dokumen penawaran: ${BODY} saat unggah`, vendor);
    // A staff command from someone who is not staff is refused and logged.
    await say(h, '/antrian', vendor);
    const ticket = h.app.store.handle.sqlite.prepare('select id from tickets').get() as { id: number };
    await say(h, `/balas ${ticket.id} ${REPLY}`, { remoteJid: STAFF_JID, pushName: STAFF_NAME });
    // Baileys' buffered delivery (its own logger) and a reconnect.
    h.fake.deliverBuffered([waMessage(`${BODY} lagi`, { ...vendor, at: h.clock.now().getTime() })], 'notify');
    await h.adapter.idle();
    await h.settle();
    h.fake.close(DisconnectReason.connectionLost);
    await h.clock.advanceAsync(1_000);
    // A group message is ignored (logged at debug).
    await say(h, BODY, { remoteJid: `${VENDOR_PHONE}-1500000000@g.us`, pushName: VENDOR_NAME });
    // A send to an old-style group (its creator's number in the address) fails for good and is logged.
    h.app.desk.post([{ channel: 'whatsapp', chatId: `${VENDOR_PHONE}-1500000000@g.us`, text: BODY }]);
    h.dispatcher.kick();
    await h.settle();

    // The conversation really happened, and the log really was at trace.
    const sentTo = new Set(h.fake.sent.map((s) => s.jid));
    expect(sentTo).toContain(VENDOR_LID);
    expect(sentTo).toContain(STAFF_JID);
    expect(h.fake.sent.some((s) => s.jid === VENDOR_LID && s.text.includes(REPLY))).toBe(true);
    const log = cap.text();
    const lines = log.trim().split('\n');
    expect(cap.log.level).toBe('trace');
    expect(lines.length).toBeGreaterThan(8);
    expect(lines.some((l) => l.includes('"level":20'))).toBe(true);

    const leaked = [
      VENDOR_PHONE,
      VENDOR_LID_DIGITS,
      STAFF_NUMBER,
      BOT_JID.split(':')[0]!,
      ...VENDOR_NAME.split(' '),
      ...STAFF_NAME.split(' '),
      BODY,
      REPLY,
      'Dokumen penawaran',
    ].filter((needle) => log.includes(needle));
    expect(leaked).toEqual([]);
    // People are still told apart, by their log id.
    expect(log).toContain(logId(VENDOR_LID));
    // Baileys' own logger stays at warn: none of its debug or trace lines.
    expect(lines.filter((l) => l.includes('"module":"baileys"') && /"level":(10|20|30)/.test(l))).toEqual([]);
  });

  it("WHATSAPP_DEBUG=true lets Baileys' own logger follow LOG_LEVEL", async () => {
    const cap = capturedLogger();
    h = await startHarness({ log: cap.log, env: { WHATSAPP_DEBUG: 'true' } });
    await startAdapter(h);
    h.fake.deliverBuffered([waMessage('halo', { remoteJid: VENDOR_PN, pushName: VENDOR_NAME })], 'notify');
    await h.adapter.idle();
    const lines = cap.text().trim().split('\n');
    expect(lines.some((l) => l.includes('"module":"baileys"') && /"level":(10|20)/.test(l))).toBe(true);
  });

  it("hashes addresses wherever they sit in a line (nested, in errors, in the message, in Baileys' child) and leaves Telegram ids", () => {
    const cap = capturedLogger();
    const child = cap.log.child({ module: 'baileys' }, { level: 'debug' });
    const err = Object.assign(new Error(`failed for ${VENDOR_PN}`), {
      data: { attrs: { from: `${VENDOR_PHONE}:3@s.whatsapp.net` } },
    });
    child.warn(
      { key: { remoteJid: VENDOR_LID }, pushName: VENDOR_NAME, phone: VENDOR_PHONE, err },
      'decrypt failed for %s',
      VENDOR_PN,
    );
    cap.log.info({ chatId: '-1001234567890', userId: '11111111', text: BODY }, 'telegram message');
    const log = cap.text();
    expect([VENDOR_PHONE, VENDOR_LID_DIGITS, VENDOR_NAME, BODY].filter((n) => log.includes(n))).toEqual([]);
    const [warn, info] = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(warn).toMatchObject({
      key: { remoteJid: logId(VENDOR_LID) },
      phone: logId(VENDOR_PN),
      err: { type: 'Error', message: `failed for ${logId(VENDOR_PN)}`, data: { attrs: { from: logId(VENDOR_PN) } } },
      msg: `decrypt failed for ${logId(VENDOR_PN)}`,
    });
    expect(info).toMatchObject({ chatId: '-1001234567890', userId: '11111111' });
  });

  it('log ids are stable and short, the same for a JID with or without its device and for the bare number', () => {
    const id = logId(VENDOR_PN);
    expect(id).toMatch(/^wa#[0-9a-f]{10}$/);
    expect(logId(`${VENDOR_PHONE}:12@s.whatsapp.net`)).toBe(id);
    expect(logId(`${VENDOR_PHONE}@c.us`)).toBe(id);
    expect(logId(VENDOR_PHONE)).toBe(id);
    expect(logId(VENDOR_LID)).not.toBe(id);
  });
});
