import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { tempDbPath } from '../helpers.js';
import { emulatorDesk } from './support.js';

/**
 * The conversation with staff end to end, as test/e2e/telegram.test.ts runs the desk: the Bot API
 * emulator on 127.0.0.1, the real app on a temp SQLite file, the real grammY adapter and the real
 * outbox dispatcher. The vendor and the staff member are emulator clients.
 */

const VENDOR = { id: 5101, name: 'Budi' };
const STAFF = { id: 9101, name: 'Sari' };

const { person, start: startDesk, settled } = emulatorDesk();
const start = (dbPath: string) => startDesk(dbPath, { STAFF_TELEGRAM_IDS: String(STAFF.id) });

describe('conversation with staff over Telegram (emulator)', () => {
  it('brings the vendor’s plain answer to staff after /balas, with no FAQ answer, and the FAQ back after resolve', async () => {
    const bot = await start(tempDbPath());
    const vendor = person(VENDOR);
    const staff = person(STAFF);

    await vendor.say('/tiket Tidak bisa upload dokumen penawaran, muncul layar putih');
    const [created] = await vendor.receive();
    const n = Number(/Tiket #(\d+) telah dibuat/.exec(created!.message.text)?.[1]);
    expect(n).toBeGreaterThan(0);
    await staff.receive(); // the new-ticket notice

    // Staff ask a question; the vendor is told their messages now go to the officer on #N.
    await staff.say(`/balas ${n} Ukuran file dan formatnya apa, pak?`);
    const [question] = await vendor.receive();
    expect(question!.message.text).toContain('Ukuran file dan formatnya apa, pak?');
    expect(question!.message.text).toContain(`langsung diteruskan ke petugas yang menangani tiket #${n}`);
    await staff.receive(); // "Balasan terkirim"

    // The plain answer: on the ticket, to staff, and no FAQ answer to the vendor.
    await vendor.say('ukurannya 38 MB pak, pdf');
    const [forwarded] = await vendor.receive();
    expect(forwarded!.message.text).toBe(texts.tickets.handoff.forwarded(n));
    const [toStaff] = await staff.receive();
    expect(toStaff!.message.text).toContain(`#${n}`);
    expect(toStaff!.message.text).toContain('ukurannya 38 MB pak, pdf');
    await settled(bot.app, bot.platform);
    expect(vendor.unread()).toEqual([]);
    expect(bot.app.store.tickets.events(n).at(-1)).toMatchObject({ kind: 'user_message', text: 'ukurannya 38 MB pak, pdf' });

    // Resolved: the conversation is over, the FAQ answers again.
    await staff.say(`/selesai ${n} File dikompres di bawah batas unggah.`);
    const [resolved] = await vendor.receive();
    expect(resolved!.message.text).toContain(`#${n}`);
    await staff.receive();
    await vendor.say('lupa password akun spse');
    const [answer] = await vendor.receive();
    expect(answer!.message.text).toContain('akun.inaproc.id');
    await settled(bot.app, bot.platform);
    expect(staff.unread()).toEqual([]);
  });
});
