import { describe, expect, it } from 'vitest';
import { renderWhatsApp } from '../../src/channels/whatsapp/render.js';
import { texts } from '../../src/core/catalogue.js';
import { rowToOutbound } from '../../src/store/outbox.js';
import { createHarness, type Harness, type OutboundRow } from '../helpers.js';

const ADMIN = { channel: 'telegram' as const, chatId: '1001', userId: '1001', displayName: 'Sari' };
const AGENT = { channel: 'telegram' as const, chatId: '1002', userId: '1002', displayName: 'Andi' };
const VENDOR = { channel: 'console' as const, chatId: 'vendor', userId: 'vendor', displayName: 'Budi' };
const OTHER_VENDOR = { channel: 'console' as const, chatId: 'vendor-2', userId: 'vendor-2', displayName: 'Wati' };
const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12';
const STAFF_ENV = { STAFF_TELEGRAM_IDS: '1001,1002', TELEGRAM_BOT_TOKEN: TOKEN };

const textsOf = (rows: OutboundRow[]) => rows.map((r) => r.text);
const idOf = (rows: OutboundRow[]) => Number(/#(\d+)/.exec(textsOf(rows).join())?.[1]);

async function withTicket(text = '/tiket tidak bisa login ke akun spse'): Promise<{ h: Harness; id: number }> {
  const h = await createHarness(STAFF_ENV);
  const id = idOf(h.say(text, VENDOR));
  h.drainQueued();
  return { h, id };
}

describe('/kategori', () => {
  it('moves a ticket to another category and recomputes its SLA from the ticket’s start', async () => {
    const { h, id } = await withTicket();
    const before = h.app.store.tickets.byId(id)!;
    expect(before.category).toBe('spse-akun');
    h.clock.advance(90 * 60_000);
    const out = h.say(`/kategori ${id} konsultasi`, AGENT);
    const after = h.app.store.tickets.byId(id)!;
    expect(after.category).toBe('konsultasi');
    // Opened Monday 09:00 WIB: 240 working minutes → 13:00 WIB; 2400 → the next Monday 09:00 WIB.
    expect(after.firstResponseDueAt).toEqual(new Date('2026-03-02T06:00:00Z'));
    expect(after.resolutionDueAt).toEqual(new Date('2026-03-09T02:00:00Z'));
    expect(after.status).toBe(before.status);
    // Only the staff member who asked hears of it.
    expect(out.map((r) => r.chatId)).toEqual([AGENT.chatId]);
    expect(out[0]!.text).toContain('Konsultasi pengadaan');
    const event = h.app.store.tickets.lastEvent(id, 'recategorise')!;
    expect([event.actorKind, event.text]).toEqual(['staff', 'spse-akun → konsultasi']);
    expect(textsOf(h.say(`/lihat ${id}`, AGENT)).join()).toContain(texts.staff.eventNames['recategorise']!);
    h.close();
  });

  it('keeps the time the ticket waited on the user out of the recomputed resolution target', async () => {
    const { h, id } = await withTicket();
    h.say(`/tunggu ${id} kirim screenshot`, AGENT);
    h.clock.advance(60 * 60_000); // one working hour waiting
    h.say('ini screenshotnya', VENDOR);
    expect(h.app.store.tickets.byId(id)!.status).toBe('in_progress');
    h.say(`/category ${id} konsultasi`, AGENT);
    expect(h.app.store.tickets.byId(id)!.resolutionDueAt).toEqual(new Date('2026-03-09T03:00:00Z'));
    h.close();
  });

  it('lists the categories when the id is unknown, and says so when nothing changes', async () => {
    const { h, id } = await withTicket();
    const unknown = textsOf(h.say(`/kategori ${id} sembarang`, AGENT))[0]!;
    expect(unknown).toContain('"sembarang" tidak ada');
    expect(unknown).toContain('e-katalog');
    expect(textsOf(h.say(`/kategori ${id} spse-akun`, AGENT))).toEqual([
      texts.staff.sameCategory(id, 'SPSE & akun (login, pendaftaran, verifikasi)'),
    ]);
    expect(textsOf(h.say('/kategori 999 tender', AGENT))).toEqual([texts.staff.notFound(999)]);
    expect(textsOf(h.say(`/kategori ${id}`, AGENT))).toEqual([texts.staff.usageLine(texts.staff.usage['recategorise']!)]);
    expect(h.app.store.tickets.lastEvent(id, 'recategorise')).toBeUndefined();
    h.close();
  });

  it('is refused to a vendor and changes nothing', async () => {
    const { h, id } = await withTicket();
    expect(textsOf(h.say(`/kategori ${id} tender`, VENDOR))).toEqual([texts.staff.notStaff]);
    expect(h.app.store.tickets.byId(id)!.category).toBe('spse-akun');
    h.close();
  });
});

describe('/bantuan for staff', () => {
  it('lists the staff commands one line each, admin commands only for admins', async () => {
    const h = await createHarness(STAFF_ENV);
    const agent = textsOf(h.say('/bantuan', AGENT))[0]!;
    expect(agent.split('\n')[0]).toBe(texts.staff.help.header);
    for (const usage of ['/antrian', '/cari', '/lihat N', '/balas N', '/kategori N', '/celah']) expect(agent).toContain(usage);
    expect(agent).not.toContain('/siaran');
    const admin = textsOf(h.say('/help', ADMIN))[0]!;
    expect(admin).toContain(texts.staff.help.adminHeader);
    expect(admin).toContain('/siaran');
    // A vendor still gets the menu.
    expect(textsOf(h.say('/bantuan', VENDOR))).toEqual([texts.menu.intro]);
    h.close();
  });

  it('works on WhatsApp, where there is no command menu', async () => {
    const h = await createHarness({ WHATSAPP_ENABLED: 'true', STAFF_WHATSAPP_NUMBERS: '0812-3456-7890' });
    const staff = { channel: 'whatsapp' as const, chatId: '6281234567890@s.whatsapp.net', userId: '6281234567890' };
    const [row] = h.say('/bantuan', staff);
    const shown = renderWhatsApp(rowToOutbound(row!));
    expect(shown).toContain(texts.staff.help.header);
    expect(shown).toContain('/antrian');
    h.close();
  });
});

describe('staff small talk', () => {
  it('answers a staff member’s chit-chat in a private chat without a vendor ticket offer', async () => {
    const h = await createHarness(STAFF_ENV);
    for (const text of ['halo', 'ok siap', 'makan siang dulu ya']) {
      const out = h.say(text, AGENT);
      expect(textsOf(out)).toEqual([texts.staff.smallTalk('Andi')]);
      expect(out[0]!.choices ?? []).toEqual([]);
    }
    // A vendor saying the same still gets the menu with its ticket choices.
    const vendor = h.say('halo', VENDOR);
    expect(vendor[0]!.choices?.length).toBeGreaterThan(0);
    h.close();
  });

  it('still lets a staff member read an FAQ answer', async () => {
    const h = await createHarness(STAFF_ENV);
    expect(textsOf(h.say('lupa password spse', AGENT))[0]).not.toBe(texts.staff.smallTalk('Andi'));
    h.close();
  });
});

describe('/cari', () => {
  async function desk() {
    const h = await createHarness(STAFF_ENV);
    const a = idOf(h.say('/tiket upload dokumen penawaran muncul layar putih', VENDOR));
    h.say('/lewati', VENDOR);
    const b = idOf(h.say('/tiket produk e-katalog tidak tampil', { ...OTHER_VENDOR, phone: '6281299998888' }));
    const c = idOf(h.say('/tiket layar putih lagi waktu login', OTHER_VENDOR));
    h.drainQueued();
    return { h, a, b, c };
  }

  it('finds tickets by words of their text, newest first', async () => {
    const { h, a, c } = await desk();
    const found = textsOf(h.say('/cari layar putih', AGENT))[0]!;
    expect(found.split('\n')[0]).toBe(texts.staff.search.header('layar putih', 2, false));
    expect(found.indexOf(`#${c} `)).toBeLessThan(found.indexOf(`#${a} `));
    expect(found).toContain(texts.staff.status.new);
    h.close();
  });

  it('finds tickets by the user’s name and phone', async () => {
    const { h, b, c } = await desk();
    const byName = textsOf(h.say('/search wati', AGENT))[0]!;
    expect(byName).toContain(`#${b} `);
    expect(byName).toContain(`#${c} `);
    const byPhone = textsOf(h.say('/cari 0812-9999-8888', AGENT))[0]!;
    expect(byPhone).toContain(`#${b} `);
    h.close();
  });

  it('says when nothing matches, wants three letters, and is for staff only', async () => {
    const { h } = await desk();
    expect(textsOf(h.say('/cari printer rusak', AGENT))).toEqual([texts.staff.search.empty('printer rusak')]);
    expect(textsOf(h.say('/cari ab', AGENT))).toEqual([texts.staff.usageLine(texts.staff.usage['search']!)]);
    expect(textsOf(h.say('/cari 100% _', AGENT))).toEqual([texts.staff.search.empty('100% _')]);
    expect(textsOf(h.say('/cari layar', VENDOR))).toEqual([texts.staff.notStaff]);
    h.close();
  });
});

describe('/antrian saya', () => {
  it('lists only the open tickets I took', async () => {
    const h = await createHarness(STAFF_ENV);
    const mine = idOf(h.say('/tiket tidak bisa login', VENDOR));
    const theirs = idOf(h.say('/tiket lupa password', OTHER_VENDOR));
    h.say(`/ambil ${mine}`, AGENT);
    h.say(`/ambil ${theirs}`, ADMIN);
    const out = textsOf(h.say('/antrian saya', AGENT))[0]!;
    expect(out.split('\n')[0]).toBe(texts.staff.queueHeader(texts.staff.queueLabels['mine']!, 1));
    expect(out).toContain(`#${mine} `);
    expect(out).not.toContain(`#${theirs} `);
    h.say(`/selesai ${mine}`, AGENT);
    expect(textsOf(h.say('/queue mine', AGENT))[0]).toContain(texts.staff.queueEmpty);
    h.close();
  });
});

describe('/celah', () => {
  it('groups the period’s unanswered questions, biggest first, with counts and two examples', async () => {
    const h = await createHarness(STAFF_ENV);
    const asked = [
      'cara mengganti logo perusahaan di profil',
      'mengganti logo perusahaan gimana',
      'logo perusahaan mau diganti',
      'harga cabai hari ini',
    ];
    for (const q of asked)
      h.app.store.faq.recordUnmatched(
        { channel: 'console', contactId: null, question: q, bestIntent: null, bestScore: 0 },
        h.clock.now(),
      );
    // Older than the period: not counted.
    h.app.store.faq.recordUnmatched(
      { channel: 'console', contactId: null, question: 'logo perusahaan lama', bestIntent: null, bestScore: 0 },
      new Date(h.clock.now().getTime() - 40 * 86_400_000),
    );
    const out = textsOf(h.say('/celah', AGENT))[0]!;
    const lines = out.split('\n');
    expect(lines[0]).toBe(texts.staff.gaps.header(30, 4, 2));
    const first = lines.findIndex((l) => /^1\. /.test(l));
    expect(lines[first]).toMatch(/— 3×$/);
    expect(lines.slice(first + 1, first + 3).every((l) => l.startsWith('   • '))).toBe(true);
    expect(lines.find((l) => /^2\. /.test(l))).toMatch(/— 1×$/);
    expect(out).not.toContain('lama');
    expect(textsOf(h.say('/gaps 400', AGENT))).toEqual([texts.staff.usageLine(texts.staff.usage['gaps']!)]);
    h.close();
  });

  it('puts the top groups of the period under /laporan, and nothing of them when there were none', async () => {
    const h = await createHarness(STAFF_ENV);
    expect(textsOf(h.say('/laporan 7', ADMIN))[0]).not.toContain(texts.staff.gaps.reportHeader);
    for (const q of ['cara mengganti logo perusahaan', 'logo perusahaan mau diganti', 'harga cabai hari ini'])
      h.app.store.faq.recordUnmatched(
        { channel: 'console', contactId: null, question: q, bestIntent: null, bestScore: 0 },
        h.clock.now(),
      );
    const report = textsOf(h.say('/laporan 7', ADMIN))[0]!;
    const lines = report.split('\n');
    const header = lines.indexOf(texts.staff.gaps.reportHeader);
    expect(header).toBeGreaterThan(0);
    expect(lines[header + 1]).toMatch(/^1\. .*— 2×$/);
    expect(report).toContain('harga cabai hari ini');
    h.close();
  });

  it('says so when the FAQ answered everything', async () => {
    const h = await createHarness(STAFF_ENV);
    expect(textsOf(h.say('/celah 7', AGENT))).toEqual([texts.staff.gaps.none(7)]);
    h.close();
  });
});

describe('/siaran with a preview', () => {
  async function withSubscribers() {
    const h = await createHarness(STAFF_ENV);
    for (const id of ['s1', 's2', 's3']) h.say('/langganan', { channel: 'telegram', chatId: id, userId: id });
    h.drainQueued();
    return h;
  }
  const queuedFor = (h: Harness) =>
    (
      h.app.store.handle.sqlite.prepare("select count(*) as n from outbox where chat_id like 's%' and text like '📢%'").get() as {
        n: number;
      }
    ).n;

  it('shows the announcement and its number of recipients and sends nothing yet', async () => {
    const h = await withSubscribers();
    const [preview] = h.say('/siaran Server SPSE pemeliharaan malam ini', ADMIN);
    expect(preview!.text).toBe(
      texts.staff.broadcastPreview(texts.staff.broadcastMessage('Server SPSE pemeliharaan malam ini'), 3),
    );
    expect(preview!.choices?.map((c) => c.label)).toEqual([texts.staff.broadcastSend, texts.staff.broadcastCancel]);
    expect(queuedFor(h)).toBe(0);
    h.close();
  });

  it('sends once on "Kirim": a second press finds the preview gone', async () => {
    const h = await withSubscribers();
    h.say('/siaran Server SPSE pemeliharaan malam ini', ADMIN);
    expect(textsOf(h.say('', { ...ADMIN, choice: 'siaran:kirim' }))[0]).toBe(texts.staff.broadcastQueued(3));
    expect(textsOf(h.say('', { ...ADMIN, choice: 'siaran:kirim' }))).toEqual([texts.staff.broadcastExpired]);
    expect(queuedFor(h)).toBe(3);
    h.close();
  });

  it('cancels on "Batal", and takes the typed words too', async () => {
    const h = await withSubscribers();
    h.say('/siaran satu', ADMIN);
    expect(textsOf(h.say('', { ...ADMIN, choice: 'siaran:batal' }))).toEqual([texts.staff.broadcastCancelled]);
    h.say('/siaran dua', ADMIN);
    expect(textsOf(h.say('lupa password', ADMIN))).toEqual([texts.staff.broadcastPick]);
    expect(textsOf(h.say('Kirim', ADMIN))[0]).toBe(texts.staff.broadcastQueued(3));
    expect(queuedFor(h)).toBe(3);
    h.close();
  });

  it('lets only admins confirm', async () => {
    const h = await withSubscribers();
    h.say('/siaran halo', ADMIN);
    expect(textsOf(h.say('', { ...AGENT, choice: 'siaran:kirim' }))).toEqual([texts.staff.adminOnly]);
    expect(queuedFor(h)).toBe(0);
    h.close();
  });
});

describe('staff status labels', () => {
  it('shows staff "Menunggu tanggapan pengguna" while the user reads "Menunggu tanggapan Anda"', async () => {
    const { h, id } = await withTicket();
    const toUser = h.say(`/tunggu ${id} mohon kirim screenshot`, AGENT);
    expect(toUser.find((r) => r.chatId === AGENT.chatId)!.text).toBe(
      texts.staff.statusChanged(id, 'Menunggu tanggapan pengguna'),
    );
    expect(textsOf(h.say(`/lihat ${id}`, AGENT))[0]).toContain('Menunggu tanggapan pengguna');
    expect(textsOf(h.say('/antrian tunggu', AGENT))[0]).toContain('Menunggu tanggapan pengguna');
    expect(textsOf(h.say(`/status ${id}`, VENDOR))[0]).toContain('Menunggu tanggapan Anda');
    h.close();
  });
});
