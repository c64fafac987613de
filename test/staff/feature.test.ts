import { describe, expect, it, vi } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { silentLogger } from '../../src/logger.js';
import { createDispatcher } from '../../src/outbox/dispatcher.js';
import { createHarness, recordingSender, tempDbPath, type Harness, type OutboundRow } from '../helpers.js';

const ADMIN = { channel: 'telegram' as const, chatId: '1001', userId: '1001', displayName: 'Sari' };
const AGENT = { channel: 'telegram' as const, chatId: '1002', userId: '1002', displayName: 'Andi' };
const VENDOR = { channel: 'console' as const, chatId: 'vendor', userId: 'vendor', displayName: 'Budi' };
const STRANGER = { channel: 'telegram' as const, chatId: '6666', userId: '6666', displayName: 'Orang lain' };
const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12';
const STAFF_ENV = { STAFF_TELEGRAM_IDS: '1001,1002', TELEGRAM_BOT_TOKEN: TOKEN };

const textsOf = (rows: OutboundRow[]) => rows.map((r) => r.text);

async function withTicket(env: Record<string, string> = STAFF_ENV, path?: string): Promise<{ h: Harness; id: number }> {
  const h = await createHarness(env, undefined, path);
  const out = h.say('/tiket tidak bisa login ke akun spse', VENDOR);
  const id = Number(/#(\d+)/.exec(out.map((r) => r.text).join())?.[1]);
  return { h, id };
}

function snapshot(h: Harness) {
  const q = (sql: string) => h.app.store.handle.sqlite.prepare(sql).all();
  return {
    tickets: q('select * from tickets'),
    events: q('select * from ticket_events'),
    subscribers: q('select id from contacts where subscribed = 1'),
    // Everything queued for anyone but the refused stranger (whose refusal is the one new row).
    outbox: q("select id, channel, chat_id, text from outbox where chat_id <> '6666'"),
  };
}

describe('staff authorisation', () => {
  const commands = [
    '/antrian',
    '/lihat 1',
    '/balas 1 halo',
    '/balas 1 @lupa-password',
    '/ambil 1',
    '/proses 1',
    '/tunggu 1 kirim screenshot',
    '/selesai 1',
    '/tutup 1',
    '/buka 1',
    '/eskalasi 1 LKPP REF-1',
    '/catatan 1 rahasia',
    '/siaran pengumuman palsu',
    '/laporan',
    '/petugas',
    '/reply 1 halo',
    '/resolve 1',
    '/kategori 1 tender',
    '/cari login',
    '/antrian saya',
    '/celah',
    '/gaps 7',
  ];

  it.each(commands)('refuses %s from a non-staff user and changes nothing', async (command) => {
    const { h } = await withTicket();
    h.say('/langganan', VENDOR);
    h.drainQueued();
    const before = snapshot(h);
    const out = h.say(command, STRANGER);
    expect(textsOf(out)).toEqual([texts.staff.notStaff]);
    expect(snapshot(h)).toEqual(before);
    h.close();
  });

  it('refuses a staff command from a vendor in the ticket’s own chat', async () => {
    const { h, id } = await withTicket();
    expect(textsOf(h.say(`/selesai ${id}`, VENDOR))).toEqual([texts.staff.notStaff]);
    expect(h.app.store.tickets.byId(id)?.status).toBe('new');
    h.close();
  });

  it.each(['/siaran halo', '/laporan', '/petugas'])('keeps %s for admins only', async (command) => {
    const { h } = await withTicket();
    expect(textsOf(h.say(command, AGENT))).toEqual([texts.staff.adminOnly]);
    h.close();
  });

  it('makes the first configured id the admin when no admin list is given', async () => {
    const { h } = await withTicket();
    const roles = h.app.staff.list().map((m) => [m.userId, m.role]);
    expect(roles).toEqual([
      ['1001', 'admin'],
      ['1002', 'agent'],
    ]);
    h.close();
  });

  it('deactivates staff removed from the configuration at the next start', async () => {
    const path = tempDbPath();
    const first = await createHarness(STAFF_ENV, undefined, path);
    first.close();
    const second = await createHarness({ ...STAFF_ENV, STAFF_TELEGRAM_IDS: '1001' }, undefined, path);
    expect(textsOf(second.say('/antrian', AGENT))).toEqual([texts.staff.notStaff]);
    second.close();
  });
});

describe('staff commands', () => {
  it('lists the open queue oldest first with status and category', async () => {
    const { h, id } = await withTicket();
    h.say('/tiket data katalog produk salah harga', { ...VENDOR, chatId: 'v2', userId: 'v2' });
    const [out] = h.say('/antrian', AGENT);
    const lines = out!.text.split('\n');
    expect(lines[0]).toBe(texts.staff.queueHeader(texts.staff.queueLabels.open!, 2));
    expect(lines[1]).toMatch(new RegExp(`^#${id} · Baru · SPSE & akun`));
    expect(lines[2]).toMatch(/^#2 · Baru · E-katalog/);
    h.close();
  });

  it('counts the whole queue when it shows only the oldest 30', async () => {
    const { h } = await withTicket();
    for (let i = 0; i < 39; i++) h.say(`/tiket masalah nomor ${i}`, { ...VENDOR, chatId: `v${i}`, userId: `v${i}` });
    const text = h.say('/antrian', AGENT)[0]!.text;
    expect(text.split('\n')[0]).toBe(texts.staff.queueHeader(texts.staff.queueLabels.open!, 40));
    expect(text).toContain(texts.staff.queueMore(10));
    expect(text.split('\n').filter((l) => l.startsWith('#'))).toHaveLength(30);
    h.close();
  });

  it('flags a ticket whose first response is overdue', async () => {
    const { h } = await withTicket();
    h.clock.advance(3 * 3_600_000);
    expect(h.say('/antrian', AGENT)[0]!.text).toContain(texts.staff.slaBreached);
    h.close();
  });

  it('replies to the user and records who replied', async () => {
    const { h, id } = await withTicket();
    h.drainQueued();
    const out = h.say(`/balas ${id} Silakan reset password di akun.inaproc.id`, AGENT);
    expect(out.map((r) => [r.chatId, r.text.split('\n')[0]])).toEqual(
      expect.arrayContaining([
        [AGENT.chatId, texts.staff.replied(id)],
        [VENDOR.chatId, texts.tickets.notice.reply(id, 'x').split('\n')[0]],
      ]),
    );
    expect(out).toHaveLength(2);
    const event = h.app.store.tickets.events(id).at(-1)!;
    expect(event).toMatchObject({ kind: 'reply', actorKind: 'staff', text: 'Silakan reset password di akun.inaproc.id' });
    expect(h.app.store.staff.byId(Number(event.actorId))?.userId).toBe(AGENT.userId);
    h.close();
  });

  it('sends an FAQ answer as a canned reply', async () => {
    const { h, id } = await withTicket();
    h.drainQueued();
    const out = h.say(`/balas ${id} @lupa-password`, AGENT);
    const toUser = out.find((r) => r.chatId === VENDOR.chatId)!;
    expect(toUser.text).toContain(
      h.app.faq.intents
        .find((i) => i.id === 'lupa-password')!
        .answer.trim()
        .split('\n')[0],
    );
    // The user already has a ticket: the answer's "Ketik /tiket" invitation is left out.
    expect(toUser.text).not.toContain('/tiket');
    expect(textsOf(h.say(`/balas ${id} @tidak-ada`, AGENT))).toEqual([texts.staff.unknownIntent('tidak-ada')]);
    h.close();
  });

  it('closes up a canned answer’s numbered steps when a step was only an invitation to /tiket', async () => {
    const { h, id } = await withTicket();
    h.drainQueued();
    const toUser = h.say(`/balas ${id} @gagal-upload`, AGENT).find((r) => r.chatId === VENDOR.chatId)!;
    expect(toUser.text).not.toContain('/tiket');
    // No step is left empty, and the numbers still run 1, 2, 3 without a gap.
    const steps = toUser.text.split('\n').filter((l) => /^\s*\d+\./.test(l));
    expect(steps.every((l) => /^\s*\d+\.\s*\S/.test(l))).toBe(true);
    expect(steps.map((l) => Number(/\d+/.exec(l)![0]))).toEqual(steps.map((_, i) => i + 1));
    expect(steps.length).toBeGreaterThan(1);
    h.close();
  });

  it('takes a ticket, starting it and telling the user', async () => {
    const { h, id } = await withTicket();
    h.drainQueued();
    const out = h.say(`/ambil ${id}`, AGENT);
    expect(out.map((r) => [r.chatId, r.text]).sort()).toEqual([
      [AGENT.chatId, texts.staff.taken(id, 'Andi')],
      [VENDOR.chatId, texts.tickets.notice.start(id)],
    ]);
    expect(h.app.store.tickets.byId(id)).toMatchObject({ status: 'in_progress' });
    expect(textsOf(h.say(`/ambil ${id}`, AGENT))).toEqual([texts.staff.alreadyTaken(id, 'Andi')]);
    h.close();
  });

  it('moves a ticket through its statuses and pushes each change to the user', async () => {
    const { h, id } = await withTicket();
    h.drainQueued();
    for (const [command, status] of [
      [`/proses ${id}`, 'in_progress'],
      [`/tunggu ${id} Mohon kirim screenshot`, 'waiting_user'],
      [`/eskalasi ${id} LKPP LKPP-77`, 'escalated'],
      [`/selesai ${id} Sudah normal kembali`, 'resolved'],
      [`/buka ${id}`, 'in_progress'],
      [`/tutup ${id}`, 'closed'],
    ] as const) {
      const out = h.say(command, AGENT);
      expect(out.filter((r) => r.chatId === VENDOR.chatId)).toHaveLength(1);
      expect(h.app.store.tickets.byId(id)?.status).toBe(status);
    }
    h.close();
  });

  it('answers a refused transition with the reason', async () => {
    const { h, id } = await withTicket();
    h.say(`/tutup ${id}`, AGENT);
    expect(textsOf(h.say(`/selesai ${id}`, AGENT))).toEqual([texts.staff.refusedClosed(id)]);
    h.say(`/buka ${id}`, AGENT);
    expect(textsOf(h.say(`/proses ${id}`, AGENT))).toEqual([texts.staff.refusedSame(id, texts.tickets.status.in_progress)]);
    expect(textsOf(h.say('/proses 999', AGENT))).toEqual([texts.staff.notFound(999)]);
    h.close();
  });

  it('tells the user plainly that an escalated issue is now with LKPP', async () => {
    const { h, id } = await withTicket();
    h.drainQueued();
    const toUser = h.say(`/eskalasi ${id} LKPP TKT-9`, AGENT).find((r) => r.chatId === VENDOR.chatId)!;
    expect(toUser.text).toContain('LKPP');
    expect(toUser.text).toContain('TKT-9');
    expect(toUser.text).toContain('Biro PBJ memantau');
    expect(h.app.store.tickets.byId(id)).toMatchObject({ externalParty: 'LKPP', externalRef: 'TKT-9' });
    const queue = h.say('/antrian eskalasi', AGENT)[0]!.text;
    expect(queue).toContain(`#${id} · LKPP (ref TKT-9) · menunggu`);
    h.close();
  });

  it('keeps an internal note away from the user and shows it in /lihat with the staff name', async () => {
    const { h, id } = await withTicket();
    h.drainQueued();
    const out = h.say(`/catatan ${id} vendor sudah ditelepon`, AGENT);
    expect(out.map((r) => r.chatId)).toEqual([AGENT.chatId]);
    const view = h.say(`/lihat ${id}`, ADMIN)[0]!.text;
    expect(view).toContain(`Tiket #${id} — Baru`);
    expect(view).toContain('Andi: catatan internal — "vendor sudah ditelepon"');
    h.close();
  });

  it.each([
    ['/balas', texts.staff.usage.reply],
    ['/eskalasi 3 Kominfo', texts.staff.usage.escalate],
    ['/lihat abc', texts.staff.usage.view],
    ['/laporan 999', texts.staff.usage.report],
  ])('answers the malformed %s with its usage line', async (command, usage) => {
    const { h } = await withTicket();
    expect(textsOf(h.say(command, ADMIN))).toEqual([texts.staff.usageLine(usage!)]);
    h.close();
  });

  it('reports the period with tickets, SLA and satisfaction', async () => {
    const { h, id } = await withTicket();
    h.say(`/selesai ${id} beres`, AGENT);
    h.say('4', VENDOR); // rating
    const report = h.say('/laporan 7', ADMIN)[0]!.text;
    expect(report).toContain(texts.report.opened(1));
    expect(report).toContain('rata-rata 4.00 dari 4 (nilai konversi 100.0)');
    h.close();
  });

  it('lists staff for an admin', async () => {
    const { h } = await withTicket();
    const list = h.say('/petugas', ADMIN)[0]!.text;
    expect(list).toContain('admin · Telegram · 1001');
    expect(list).toContain('petugas · Telegram · 1002');
    h.close();
  });
});

describe('staff notifications', () => {
  it('sends a new ticket to every staff member’s private chat when there is no staff group', async () => {
    const h = await createHarness(STAFF_ENV);
    const out = h.say('/tiket upload penawaran gagal', VENDOR);
    const notices = out.filter((r) => r.channel === 'telegram');
    expect(notices.map((r) => r.chatId).sort()).toEqual(['1001', '1002']);
    expect(notices[0]!.text).toContain('Tiket baru #1');
    expect(notices[0]!.text).toContain('upload penawaran gagal');
    expect(notices[0]!.text).toContain('/balas 1 teks');
    expect(notices[0]!.choices?.map((c) => c.id)).toEqual(['staf:ambil:1', 'staf:lihat:1']);
    h.close();
  });

  it('queues nothing for staff on a channel that is not running', async () => {
    const h = await createHarness({ STAFF_TELEGRAM_IDS: '1001,1002' });
    const out = h.say('/tiket upload penawaran gagal', VENDOR);
    expect(out.filter((r) => r.channel === 'telegram')).toEqual([]);
    h.close();
  });

  it('sends new tickets and follow-ups to the Telegram staff group when configured', async () => {
    const h = await createHarness({
      ...STAFF_ENV,
      TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12',
      TELEGRAM_STAFF_CHAT_ID: '-1009',
    });
    const opened = h.say('/tiket upload penawaran gagal', VENDOR).filter((r) => r.channel === 'telegram');
    expect(opened.map((r) => [r.chatId, r.ticketId])).toEqual([['-1009', 1]]);
    const followUp = h.say('#1 masih gagal jam 10', VENDOR).filter((r) => r.channel === 'telegram');
    expect(followUp[0]!.text).toContain('masih gagal jam 10');
    h.close();
  });

  it('turns a staff reply to a ticket notice into a reply to the user', async () => {
    const h = await createHarness(STAFF_ENV);
    const [notice] = h.say('/tiket akun terkunci', VENDOR).filter((r) => r.chatId === AGENT.chatId);
    h.app.store.outbox.markSent(notice!.id, '555', h.clock.now());
    const out = h.say('Sudah kami buka kuncinya', { ...AGENT, replyToRef: '555' });
    expect(out.find((r) => r.chatId === VENDOR.chatId)?.text).toContain('Sudah kami buka kuncinya');
    h.close();
  });

  it('sends a staff member’s screenshot with the reply, even one sent without words', async () => {
    const h = await createHarness(STAFF_ENV);
    const tgVendor = { channel: 'telegram' as const, chatId: 'vendor', userId: 'vendor', displayName: 'Budi' };
    const [notice] = h.say('/tiket akun terkunci', tgVendor).filter((r) => r.chatId === AGENT.chatId);
    h.app.store.outbox.markSent(notice!.id, '556', h.clock.now());
    const photo = {
      kind: 'photo' as const,
      ref: 'file-staff',
      messageRef: '77',
      chatRef: AGENT.chatId,
      channel: 'telegram' as const,
    };
    const out = h.say('', { ...AGENT, replyToRef: '556', attachments: [photo] });
    const toUser = out.find((r) => r.chatId === VENDOR.chatId)!;
    expect(toUser.text).toContain(texts.staff.filesOnly);
    expect(toUser.attachments).toEqual([photo]);
    expect(textsOf(out.filter((r) => r.chatId === AGENT.chatId))).toEqual([texts.staff.repliedWithFiles(1, 1)]);
    h.close();
  });

  it('sends a staff member’s Telegram screenshot along to a web chat user, whose channel fetches it', async () => {
    const h = await createHarness(STAFF_ENV);
    const webVendor = { channel: 'web' as const, chatId: 'sesi-1', userId: 'sesi-1' };
    const [notice] = h.say('/tiket akun terkunci', webVendor).filter((r) => r.chatId === AGENT.chatId);
    h.app.store.outbox.markSent(notice!.id, '557', h.clock.now());
    const photo = {
      kind: 'photo' as const,
      ref: 'file-staff',
      messageRef: '78',
      chatRef: AGENT.chatId,
      channel: 'telegram' as const,
    };
    const out = h.say('Coba langkah di gambar ini', { ...AGENT, replyToRef: '557', attachments: [photo] });
    const toUser = out.find((r) => r.chatId === webVendor.chatId)!;
    expect(toUser.text).toContain('Coba langkah di gambar ini');
    expect(toUser.attachments).toEqual([photo]);
    expect(textsOf(out.filter((r) => r.chatId === AGENT.chatId))).toEqual([
      `${texts.staff.repliedWithFiles(1, 1)}\n${texts.staff.webReplyNote}`,
    ]);
    h.close();
  });

  it('tells staff when their screenshot cannot go along to a user on a channel that cannot receive it', async () => {
    const h = await createHarness(STAFF_ENV);
    const [notice] = h.say('/tiket akun terkunci', VENDOR).filter((r) => r.chatId === AGENT.chatId);
    h.app.store.outbox.markSent(notice!.id, '558', h.clock.now());
    const photo = {
      kind: 'photo' as const,
      ref: 'file-staff',
      messageRef: '79',
      chatRef: AGENT.chatId,
      channel: 'telegram' as const,
    };
    const out = h.say('Coba langkah di gambar ini', { ...AGENT, replyToRef: '558', attachments: [photo] });
    const toUser = out.find((r) => r.chatId === VENDOR.chatId)!;
    expect(toUser.text).toContain('Coba langkah di gambar ini');
    expect(toUser.attachments ?? []).toEqual([]);
    expect(textsOf(out.filter((r) => r.chatId === AGENT.chatId))).toEqual([
      texts.staff.repliedFilesLeft(1, 1, texts.channelNames.console ?? 'console'),
    ]);
    h.close();
  });

  it('treats a staff member’s reply to their own ticket as the user’s follow-up, not a staff reply', async () => {
    const h = await createHarness(STAFF_ENV);
    const [created] = h.say('/tiket akun saya sendiri terkunci', AGENT).filter((r) => r.chatId === AGENT.chatId && r.ticketId);
    h.app.store.outbox.markSent(created!.id, '900', h.clock.now());
    h.say('sudah saya coba lagi', { ...AGENT, replyToRef: '900' });
    const kinds = h.app.store.tickets.events(1).map((e) => `${e.kind}:${e.actorKind}`);
    expect(kinds).toEqual(['created:user', 'user_message:user']);
    h.close();
  });

  it('keeps a staff reply to a confirmation or a /lihat listing among staff', async () => {
    const h = await createHarness(STAFF_ENV);
    h.say('/tiket akun terkunci', VENDOR);
    const [view] = h.say('/lihat 1', AGENT);
    const [noted] = h.say('/catatan 1 cek dulu', AGENT);
    h.app.store.outbox.markSent(view!.id, '700', h.clock.now());
    h.app.store.outbox.markSent(noted!.id, '701', h.clock.now());
    expect(
      h.say('ini yg kemarin ya? tolong dicek', { ...AGENT, replyToRef: '700' }).filter((r) => r.chatId === VENDOR.chatId),
    ).toEqual([]);
    expect(h.say('oke noted', { ...AGENT, replyToRef: '701' }).filter((r) => r.chatId === VENDOR.chatId)).toEqual([]);
    expect(h.app.store.tickets.byId(1)!.status).toBe('new');
    h.close();
  });

  it('keeps a reply to a confirmation or a listing among staff inside a ticket’s forum topic too', async () => {
    const h = await createHarness({ ...STAFF_ENV, TELEGRAM_STAFF_CHAT_ID: '-1009' });
    h.say('/tiket akun terkunci', VENDOR);
    const inTopic = { ...AGENT, chatId: '-1009', ticketId: 1 };
    const [view] = h.say('/lihat 1', inTopic);
    const [noted] = h.say('/catatan 1 cek dulu', inTopic);
    h.app.store.outbox.markSent(view!.id, '800', h.clock.now());
    h.app.store.outbox.markSent(noted!.id, '801', h.clock.now());
    const toVendor = (rows: OutboundRow[]) => rows.filter((r) => r.chatId === VENDOR.chatId);
    expect(toVendor(h.say('yang ini sudah dicek belum?', { ...inTopic, replyToRef: '800' }))).toEqual([]);
    expect(toVendor(h.say('oke noted', { ...inTopic, replyToRef: '801' }))).toEqual([]);
    // A plain message in the topic is still the reply to the user.
    expect(toVendor(h.say('Sudah kami buka kuncinya', inTopic)).map((r) => r.text)).toEqual([
      expect.stringContaining('Sudah kami buka kuncinya'),
    ]);
    h.close();
  });

  it('does not start a user dialog or a subscription in the staff group', async () => {
    const h = await createHarness({ ...STAFF_ENV, TELEGRAM_STAFF_CHAT_ID: '-1009' });
    const group = { ...AGENT, chatId: '-1009' };
    expect(textsOf(h.say('/tiket', group))).toEqual([texts.staff.userCommandInGroup]);
    expect(textsOf(h.say('/langganan', group))).toEqual([texts.staff.userCommandInGroup]);
    expect(h.say('siap', group)).toEqual([]);
    h.close();
  });

  it('names the user by the name they typed for the ticket', async () => {
    const h = await createHarness(STAFF_ENV);
    h.say('/tiket', { ...VENDOR, displayName: 'bdy' });
    h.say('1', VENDOR);
    h.say('tidak bisa login', VENDOR);
    h.say('lewati', VENDOR);
    h.say('Budi Santoso, CV Maju Jaya', VENDOR);
    const notice = h.say('kirim', VENDOR).find((r) => r.chatId === AGENT.chatId)!;
    expect(notice.text).toContain('Dari: Budi Santoso (konsol) · CV Maju Jaya');
    h.close();
  });

  it('says so when a staff member takes over a colleague’s ticket', async () => {
    const { h, id } = await withTicket();
    h.say(`/ambil ${id}`, AGENT);
    const out = h.say(`/ambil ${id}`, ADMIN);
    expect(out.map((r) => [r.chatId, r.text])).toEqual([
      [ADMIN.chatId, texts.staff.takenOver(id, 'Sari', 'Andi')],
      // The colleague who had it is told in their own chat.
      [AGENT.chatId, texts.staff.takenOverNotice(id, 'Sari')],
    ]);
    h.close();
  });

  it('stays quiet in the staff group for chatter that is not about a ticket', async () => {
    const h = await createHarness({
      ...STAFF_ENV,
      TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12',
      TELEGRAM_STAFF_CHAT_ID: '-1009',
    });
    expect(h.say('siapa yang piket hari ini?', { ...AGENT, chatId: '-1009' })).toEqual([]);
    h.close();
  });
});

describe('messages recorded without an answer', () => {
  it('shows staff a message that waited too long, and sends the user nothing', async () => {
    const h = await createHarness(STAFF_ENV);
    const out = h.say('halo, penawaran saya gagal diunggah kemarin malam', { ...VENDOR, recordOnly: true });
    expect(out.filter((r) => r.chatId === VENDOR.chatId)).toEqual([]);
    const notices = out.filter((r) => r.channel === 'telegram');
    expect(notices.map((r) => r.chatId).sort()).toEqual(['1001', '1002']);
    expect(notices[0]!.text).toContain('penawaran saya gagal diunggah kemarin malam');
    expect(h.app.store.handle.sqlite.prepare('select count(*) as n from inbound_messages').get()).toEqual({ n: 1 });
    h.close();
  });
});

describe('broadcast', () => {
  it('delivers an announcement to 1,000 subscribers exactly once, across a restart midway', async () => {
    const path = tempDbPath();
    const h = await createHarness(STAFF_ENV, undefined, path);
    const subscribe = h.app.store.handle.sqlite.transaction(() => {
      for (let i = 0; i < 1000; i++) h.say('/langganan', { channel: 'telegram', chatId: `sub-${i}`, userId: `sub-${i}` });
    });
    subscribe();
    h.say('/langganan', { channel: 'telegram', chatId: 'sub-0', userId: 'sub-0' }); // already subscribed: no second row
    h.say('/berhenti', { channel: 'telegram', chatId: 'sub-999', userId: 'sub-999' });
    h.say('/langganan', { channel: 'telegram', chatId: 'sub-999', userId: 'sub-999' });
    // A subscriber on a channel that is not running now gets nothing queued.
    h.say('/langganan', { channel: 'whatsapp', chatId: 'wa-1', userId: 'wa-1' });
    // Mark the subscription confirmations as delivered so only the broadcast is pending.
    h.app.store.handle.sqlite.prepare("update outbox set status = 'sent'").run();

    const preview = h.say('/siaran Pemeliharaan SPSE Sabtu 20.00–22.00 WIB', ADMIN);
    expect(preview).toHaveLength(1);
    const confirm = h.say('', { ...ADMIN, choice: 'siaran:kirim' });
    expect(confirm[0]!.text).toBe(texts.staff.broadcastQueued(1000));

    // First process: 400 sends go through, then the process dies with sends in flight
    // (they never complete), and the database is closed under it.
    const first = recordingSender('telegram');
    const d1 = createDispatcher({ outbox: h.app.store.outbox, sender: first, clock: h.clock, log: silentLogger, batchSize: 100 });
    const originalSend = first.send.bind(first);
    first.send = (m) => (first.sent.length >= 400 ? new Promise(() => undefined) : originalSend(m));
    void d1.drain();
    await vi.waitFor(() => expect(first.sent).toHaveLength(400));
    const restarted = h.reopen();
    const second = recordingSender('telegram');
    const d2 = createDispatcher({
      outbox: restarted.app.store.outbox,
      sender: second,
      clock: restarted.clock,
      log: silentLogger,
    });
    await d2.drain();

    const all = [...first.sent, ...second.sent].filter((m) => m.chatId.startsWith('sub-'));
    const chats = all.map((m) => m.chatId);
    expect(new Set(chats).size).toBe(1000);
    expect(chats).toHaveLength(1000);
    expect(
      restarted.app.store.handle.sqlite
        .prepare("select count(*) as n from outbox where chat_id = 'wa-1' and text like '%Pemeliharaan%'")
        .get(),
    ).toEqual({ n: 0 });
    expect(all.every((m) => m.text === texts.staff.broadcastMessage('Pemeliharaan SPSE Sabtu 20.00–22.00 WIB'))).toBe(true);
    restarted.close();
  });

  it('tells the admin when nobody has subscribed', async () => {
    const h = await createHarness(STAFF_ENV);
    expect(textsOf(h.say('/siaran halo', ADMIN))).toEqual([texts.staff.broadcastNone]);
    h.close();
  });
});
