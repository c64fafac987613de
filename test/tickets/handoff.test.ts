import { describe, expect, it } from 'vitest';
import { createConfig } from '../../src/config.js';
import { texts } from '../../src/core/catalogue.js';
import { createHarness, tempDbPath, type Harness, type OutboundRow } from '../helpers.js';

const AGENT = { channel: 'telegram' as const, chatId: '1002', userId: '1002', displayName: 'Andi' };
const ADMIN_CHAT = '1001';
const VENDOR = { channel: 'console' as const, chatId: 'vendor', userId: 'vendor', displayName: 'Budi' };
const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12';
const STAFF_ENV = { STAFF_TELEGRAM_IDS: '1001,1002', TELEGRAM_BOT_TOKEN: TOKEN };
const HOUR = 3_600_000;

const textsOf = (rows: OutboundRow[]) => rows.map((r) => r.text);
const toVendor = (rows: OutboundRow[]) => textsOf(rows.filter((r) => r.chatId === VENDOR.chatId));
const toStaff = (rows: OutboundRow[]) => rows.filter((r) => r.channel === 'telegram' && r.chatId === ADMIN_CHAT);
const ticketNumber = (rows: OutboundRow[]) => Number(/Tiket #(\d+) telah dibuat/.exec(textsOf(rows).join('\n'))?.[1]);

function gaps(h: Harness): number {
  return (h.app.store.handle.sqlite.prepare('select count(*) as c from unmatched_questions').get() as { c: number }).c;
}

async function withTicket(env: Record<string, string> = {}, path?: string) {
  const h = await createHarness({ ...STAFF_ENV, ...env }, undefined, path);
  const id = ticketNumber(h.say('/tiket tidak bisa unggah dokumen penawaran, muncul layar putih', VENDOR));
  h.drainQueued();
  return { h, id };
}

describe('conversation with staff (human handoff)', () => {
  it('sends the vendor’s plain answer to staff after /balas, and the FAQ stays silent', async () => {
    const { h, id } = await withTicket();
    const asked = h.say(`/balas ${id} Ukuran file dan formatnya apa, pak?`, AGENT);
    // The vendor is told once where their messages go now, and how to ask the bot instead.
    const notice = asked.find((r) => r.chatId === VENDOR.chatId)!;
    expect(notice.text).toContain(texts.tickets.handoff.started(id, texts.menu.ask));
    expect(notice.text).not.toContain(texts.tickets.replyHint(id, false));

    const before = gaps(h);
    const answered = h.say('ukurannya 38 MB pak, pdf', VENDOR);
    expect(toVendor(answered)).toEqual([texts.tickets.handoff.forwarded(id)]);
    // It reaches staff as a follow-up notice does, and is on the ticket.
    expect(toStaff(answered).map((r) => r.text)).toEqual([expect.stringContaining('ukurannya 38 MB pak, pdf')]);
    expect(toStaff(answered)[0]!.ticketId).toBe(id);
    expect(h.app.store.tickets.events(id).at(-1)).toMatchObject({ kind: 'user_message', text: 'ukurannya 38 MB pak, pdf' });
    // Not an FAQ gap.
    expect(gaps(h)).toBe(before);

    // Told once: the next staff reply carries the usual hint.
    const again = h.say(`/balas ${id} Baik, kami cek dulu.`, AGENT);
    const second = again.find((r) => r.chatId === VENDOR.chatId)!;
    expect(second.text).not.toContain(texts.tickets.handoff.started(id, texts.menu.ask));
    expect(second.text).toContain(texts.tickets.replyHint(id, false));
    h.close();
  });

  it('sends a question the FAQ knows, a greeting and a screenshot to staff too while in conversation', async () => {
    const { h, id } = await withTicket();
    h.say(`/balas ${id} Bisa dijelaskan langkahnya?`, AGENT);
    h.drainQueued();
    expect(toVendor(h.say('lupa password akun spse', VENDOR))).toEqual([texts.tickets.handoff.forwarded(id)]);
    expect(toVendor(h.say('selamat siang pak', VENDOR))).toEqual([texts.tickets.handoff.forwarded(id)]);
    const shot = h.say('', { ...VENDOR, attachments: [{ kind: 'photo', ref: 'file-1' }] });
    expect(toVendor(shot)).toEqual([texts.tickets.handoff.forwarded(id)]);
    expect(toStaff(shot)[0]!.attachments).toHaveLength(1);
    expect(h.app.store.tickets.attachments(id)).toHaveLength(1);
    h.close();
  });

  it('starts the conversation with /tunggu too', async () => {
    const { h, id } = await withTicket();
    const waited = h.say(`/tunggu ${id} Mohon kirim nomor paketnya`, AGENT);
    expect(waited.find((r) => r.chatId === VENDOR.chatId)!.text).toContain(texts.tickets.handoff.started(id, texts.menu.ask));
    expect(toVendor(h.say('kode paket 778899', VENDOR))).toEqual([texts.tickets.handoff.forwarded(id)]);
    expect(h.app.store.tickets.byId(id)!.status).toBe('in_progress');
    h.close();
  });

  it('gives the FAQ its turn again once the ticket is resolved', async () => {
    const { h, id } = await withTicket();
    h.say(`/balas ${id} Coba hapus cache browser.`, AGENT);
    h.say(`/selesai ${id} Masalah cache.`, AGENT);
    h.drainQueued();
    const out = toVendor(h.say('lupa password akun spse', VENDOR));
    expect(out[0]).toContain('akun.inaproc.id');
    expect(h.app.store.tickets.events(id).at(-1)!.kind).not.toBe('user_message');
    h.close();
  });

  it('ends after HANDOFF_IDLE_HOURS of quiet, and each message keeps it alive until then', async () => {
    const { h, id } = await withTicket({ HANDOFF_IDLE_HOURS: '2' });
    h.say(`/balas ${id} Formatnya apa?`, AGENT);
    h.drainQueued();
    h.clock.advance(1.5 * HOUR);
    expect(toVendor(h.say('pdf pak', VENDOR))).toEqual([texts.tickets.handoff.forwarded(id)]);
    h.clock.advance(1.5 * HOUR);
    expect(toVendor(h.say('ukurannya 38 MB', VENDOR))).toEqual([texts.tickets.handoff.forwarded(id)]);
    h.clock.advance(2 * HOUR + 1);
    expect(toVendor(h.say('lupa password akun spse', VENDOR))[0]).toContain('akun.inaproc.id');
    // Staff writing again starts a new conversation, and the vendor is told again.
    const asked = h.say(`/balas ${id} Sudah dicoba lagi?`, AGENT);
    expect(asked.find((r) => r.chatId === VENDOR.chatId)!.text).toContain(texts.tickets.handoff.started(id, texts.menu.ask));
    h.close();
  });

  it('sends to the ticket staff wrote to last, and says which', async () => {
    const { h, id: first } = await withTicket();
    const second = ticketNumber(h.say('/tiket produk e-katalog kami tidak tampil di pencarian', VENDOR));
    h.say(`/balas ${first} Paket yang mana?`, AGENT);
    h.clock.advance(60_000);
    h.say(`/balas ${second} Nama produknya apa?`, AGENT);
    h.drainQueued();
    expect(toVendor(h.say('Kursi kantor ergonomis', VENDOR))).toEqual([texts.tickets.handoff.forwarded(second)]);
    h.clock.advance(60_000);
    h.say(`/balas ${first} Tanggal berapa diunggah?`, AGENT);
    h.drainQueued();
    expect(toVendor(h.say('kemarin sore', VENDOR))).toEqual([texts.tickets.handoff.forwarded(first)]);
    // "#N …" still goes to the ticket it names.
    expect(toVendor(h.say(`#${second} fotonya sudah saya ganti`, VENDOR))).toEqual([texts.tickets.followUpAdded(second)]);
    expect(h.app.store.tickets.events(second).at(-1)).toMatchObject({ kind: 'user_message', text: 'fotonya sudah saya ganti' });
    h.close();
  });

  it('keeps commands and buttons working, and the menu’s "ask" item hands the chat back to the FAQ', async () => {
    const { h, id } = await withTicket();
    h.say(`/balas ${id} Browsernya apa?`, AGENT);
    h.drainQueued();
    expect(toVendor(h.say('/status', VENDOR))[0]).toContain(texts.tickets.listHeader);
    expect(toVendor(h.say('', { ...VENDOR, choice: 'menu:ask' }))).toEqual([texts.menu.askHint]);
    expect(toVendor(h.say('lupa password akun spse', VENDOR))[0]).toContain('akun.inaproc.id');
    h.close();
  });

  it('lets a ticket dialog the user starts during the conversation keep its messages, then goes back to staff', async () => {
    const { h, id } = await withTicket();
    h.say(`/balas ${id} Browsernya apa?`, AGENT);
    h.drainQueued();
    h.say('/tiket', VENDOR);
    h.say('2', VENDOR); // category: tender
    expect(toVendor(h.say('Jadwal upload penawaran paket jalan desa tidak muncul', VENDOR))).toEqual([
      texts.tickets.askAttachment,
    ]);
    h.say('lewati', VENDOR);
    h.say('lewati', VENDOR);
    const created = ticketNumber(h.say('kirim', VENDOR));
    expect(created).toBeGreaterThan(id);
    expect(toVendor(h.say('firefox pak', VENDOR))).toEqual([texts.tickets.handoff.forwarded(id)]);
    h.close();
  });

  it('takes the answer for staff over a ticket dialog left before staff wrote', async () => {
    const { h, id } = await withTicket();
    h.say('/tiket', VENDOR);
    h.clock.advance(HOUR);
    h.say(`/balas ${id} Browsernya apa?`, AGENT);
    h.drainQueued();
    expect(toVendor(h.say('sudah pakai firefox tetap sama pak', VENDOR))).toEqual([texts.tickets.handoff.forwarded(id)]);
    h.close();
  });

  it('leaves a ticket dialog the user is in the middle of to its messages when staff write meanwhile', async () => {
    const { h, id } = await withTicket();
    h.say('/tiket', VENDOR);
    h.say('2', VENDOR); // category: tender
    h.clock.advance(60_000);
    h.say(`/balas ${id} Browsernya apa?`, AGENT);
    h.drainQueued();
    expect(toVendor(h.say('Jadwal upload penawaran paket jalan desa tidak muncul', VENDOR))).toEqual([
      texts.tickets.askAttachment,
    ]);
    h.close();
  });

  it('holds across a restart', async () => {
    const { h, id } = await withTicket({}, tempDbPath());
    h.say(`/balas ${id} NIB perusahaannya berapa?`, AGENT);
    const restarted = h.reopen();
    expect(toVendor(restarted.say('PT Borneo Karya Mandiri, NIB 1234567890123', VENDOR))).toEqual([
      texts.tickets.handoff.forwarded(id),
    ]);
    restarted.close();
  });

  it('leaves a staff member’s reply to a staff notice to the staff feature while they are in conversation as a vendor', async () => {
    const h = await createHarness(STAFF_ENV);
    const own = ticketNumber(h.say('/tiket uji coba dari petugas sendiri', AGENT));
    h.say(`/balas ${own} Ini balasan uji.`, { ...AGENT, chatId: ADMIN_CHAT, userId: ADMIN_CHAT });
    const opened = h.say('/tiket tidak bisa login ke spse', VENDOR);
    const id = ticketNumber(opened);
    const notice = opened.find((r) => r.chatId === AGENT.chatId && r.ticketId === id)!;
    h.app.store.outbox.markSent(notice.id, 'tg-notice-1', h.clock.now());
    const out = h.say('Silakan coba reset password dulu.', { ...AGENT, replyToRef: 'tg-notice-1' });
    expect(toVendor(out)[0]).toContain('Silakan coba reset password dulu.');
    expect(h.app.store.tickets.events(own).at(-1)!.kind).toBe('reply');
    h.close();
  });

  it('never holds the staff group', async () => {
    const h = await createHarness({ ...STAFF_ENV, TELEGRAM_STAFF_CHAT_ID: '-100777' });
    const group = { channel: 'telegram' as const, chatId: '-100777', userId: '1002', displayName: 'Andi' };
    const id = ticketNumber(h.say('/tiket tidak bisa login ke spse', VENDOR));
    h.say(`/balas ${id} Akunnya apa?`, group);
    h.drainQueued();
    expect(h.app.tickets.conversation('telegram', '-100777', h.clock.now())).toBeUndefined();
    expect(h.app.tickets.conversation('console', VENDOR.chatId, h.clock.now())?.ticket.id).toBe(id);
    h.close();
  });
});

describe('HANDOFF_IDLE_HOURS', () => {
  it('defaults to 24 hours and reads whole hours', () => {
    expect(createConfig({}).handoffIdleHours).toBe(24);
    expect(createConfig({ HANDOFF_IDLE_HOURS: '8' }).handoffIdleHours).toBe(8);
  });

  it.each(['0', 'sehari', '1.5'])('refuses %s with a line naming the variable', (value) => {
    expect(() => createConfig({ HANDOFF_IDLE_HOURS: value })).toThrow(/HANDOFF_IDLE_HOURS: expected/);
  });
});
