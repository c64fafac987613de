import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { createHarness, type Harness, type OutboundRow } from '../helpers.js';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12';
const ENV = { STAFF_TELEGRAM_IDS: '1001', TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_STAFF_CHAT_ID: '-100500' };
const STAFF = { channel: 'telegram' as const, chatId: '1001', userId: '1001', displayName: 'Sari' };
const vendor = (n: number) => ({
  channel: 'telegram' as const,
  chatId: `${2000 + n}`,
  userId: `${2000 + n}`,
  displayName: `V${n}`,
});
const DOWN = 'SPSE tidak bisa diakses';

const toStaffGroup = (rows: OutboundRow[]) => rows.filter((r) => r.chatId === '-100500');
const toChat = (rows: OutboundRow[], chatId: string) => rows.filter((r) => r.chatId === chatId);
const minutes = (h: Harness, n: number) => h.clock.advance(n * 60_000);

async function harness(env: Record<string, string> = {}) {
  return createHarness({ ...ENV, ...env });
}

describe('incident commands', () => {
  it('refuses every /insiden command and the surge button to non-staff, and changes nothing', async () => {
    const h = await harness();
    for (const cmd of ['/insiden', '/incident', '/insiden buka SPSE down', '/insiden I-1 selesai ok']) {
      const out = h.say(cmd, vendor(1));
      expect(out.map((r) => r.text)).toEqual([texts.staff.notStaff]);
    }
    expect(h.say('x', { ...vendor(1), choice: 'insiden:buat:1' }).map((r) => r.text)).toEqual([texts.staff.notStaff]);
    expect(h.app.store.incidents.list(10)).toEqual([]);
    h.close();
  });

  it('is named in the staff /bantuan', async () => {
    const h = await harness();
    expect(h.say('/bantuan', STAFF)[0]!.text).toContain(texts.incidents.helpLine);
    h.close();
  });

  it('opens an incident numbered I-1 with the system and owner staff give, and lists it', async () => {
    const h = await harness();
    const out = h.say('/insiden buka Login e-Katalog gagal sistem=e-katalog pemilik=lkpp', STAFF);
    expect(out[0]!.text).toContain('Insiden I-1 dibuka: Login e-Katalog gagal');
    const incident = h.app.store.incidents.byId(1)!;
    expect(incident).toMatchObject({ system: 'e-katalog', owner: 'lkpp', status: 'open', title: 'Login e-Katalog gagal' });
    expect(h.say('/incident', STAFF)[0]!.text).toContain('I-1 · terbuka · e-Katalog/LKPP · Login e-Katalog gagal');
    h.close();
  });

  it('sends the opening notice to announcement subscribers only with umumkan, once each', async () => {
    const h = await harness();
    h.say('/langganan', vendor(1));
    h.say('halo', vendor(2));
    h.drainQueued();
    const quiet = h.say('/insiden buka Katalog down sistem=e-katalog', STAFF);
    expect(toChat(quiet, vendor(1).chatId)).toEqual([]);
    const out = h.say('/insiden buka SPSE down umumkan', STAFF);
    const notice = texts.incidents.opened({ title: 'SPSE down', system: 'SPSE', owner: 'PT Telkom' });
    expect(toChat(out, vendor(1).chatId).map((r) => [r.text, r.priority])).toEqual([[notice, 1]]);
    expect(toChat(out, vendor(2).chatId)).toEqual([]);
    expect(h.app.store.incidents.byId(2)!.title).toBe('SPSE down');
    h.close();
  });

  it('answers a bad system, a bad owner and a missing title with the reason, opening nothing', async () => {
    const h = await harness();
    expect(h.say('/insiden buka Down sistem=sirup', STAFF)[0]!.text).toBe(texts.incidents.unknownSystem('sirup'));
    expect(h.say('/insiden buka Down pemilik=pokja', STAFF)[0]!.text).toBe(texts.incidents.unknownOwner('pokja'));
    expect(h.say('/insiden buka', STAFF)[0]!.text).toBe(texts.incidents.usage);
    expect(h.say('/insiden I-9 ref X', STAFF)[0]!.text).toBe(texts.incidents.notFound('I-9'));
    expect(h.app.store.incidents.list(10)).toEqual([]);
    h.close();
  });

  it('records the reference, updates and links as append-only events in order', async () => {
    const h = await harness();
    // Opened before the incident: linked only when staff say so.
    const ticketOut = h.say('/tiket spse tidak bisa dibuka sejak pagi, error 502', vendor(1));
    h.say('/insiden buka SPSE down', STAFF);
    const ticketId = Number(/#(\d+)/.exec(ticketOut.map((r) => r.text).join())?.[1]);
    expect(h.say('/insiden I-1 ref LKPP-777', STAFF)[0]!.text).toBe(texts.incidents.refSet('I-1', 'LKPP-777'));
    h.say('/insiden I-1 info Telkom sedang memperbaiki server', STAFF);
    expect(h.say(`/insiden I-1 tautkan #${ticketId} #999`, STAFF)[0]!.text).toBe(texts.incidents.linkMissing('#999'));
    h.say(`/insiden I-1 tautkan #${ticketId}`, STAFF);
    h.say(`/insiden I-1 tautkan #${ticketId}`, STAFF);
    expect(h.app.store.incidents.events(1).map((e) => [e.kind, e.text])).toEqual([
      ['opened', 'SPSE down'],
      ['ref', 'LKPP-777'],
      ['update', 'Telkom sedang memperbaiki server'],
      ['link', `#${ticketId}`],
    ]);
    expect(h.app.store.incidents.byId(1)!.externalRef).toBe('LKPP-777');
    const ticketEvents = h.app.store.tickets.events(ticketId).map((e) => e.text);
    expect(ticketEvents).toContain(texts.incidents.ticketLinked('I-1', 'SPSE down'));
    h.close();
  });

  it('goes open → monitoring → resolved and refuses changes after that', async () => {
    const h = await harness();
    h.say('/insiden buka SPSE down', STAFF);
    expect(h.say('/insiden I-1 pantau', STAFF)[0]!.text).toBe(texts.incidents.monitoringSet('I-1'));
    expect(h.say('/insiden I-1 pantau', STAFF)[0]!.text).toBe(texts.incidents.notAllowed('I-1', 'dipantau'));
    h.say('/insiden I-1 selesai SPSE sudah normal', STAFF);
    expect(h.app.store.incidents.byId(1)).toMatchObject({ status: 'resolved', resolution: 'SPSE sudah normal' });
    expect(h.say('/insiden I-1 info lagi', STAFF)[0]!.text).toBe(texts.incidents.alreadyResolved('I-1'));
    h.close();
  });
});

describe('users while an incident is open', () => {
  it('answers an outage question with the incident status, the owner, the reference and the advice, and records the user', async () => {
    const h = await harness();
    h.say('/insiden buka SPSE tidak bisa diakses', STAFF);
    h.say('/insiden I-1 ref TLK-42', STAFF);
    const out = h.say('spse lagi down ya? tidak bisa diakses dari pagi', vendor(1));
    expect(out).toHaveLength(1);
    const text = out[0]!.text;
    expect(text).toContain('SPSE tidak bisa diakses');
    expect(text).toContain('PT Telkom');
    expect(text).toContain('TLK-42');
    expect(text).toContain('Pokja pemilihan dapat mengubah jadwal');
    expect(text).toContain('mengabari Anda');
    expect(h.app.store.incidents.userIds(1)).toHaveLength(1);
    h.close();
  });

  it('leaves other questions to the FAQ', async () => {
    const h = await harness();
    h.say('/insiden buka SPSE down', STAFF);
    const out = h.say('lupa password akun spse', vendor(1));
    expect(out[0]!.text).not.toContain('Gangguan yang sedang berlangsung');
    expect(h.app.store.incidents.userIds(1)).toEqual([]);
    h.close();
  });

  it('pushes an update to the affected users only', async () => {
    const h = await harness();
    h.say('/insiden buka SPSE down', STAFF);
    h.say(DOWN, vendor(1));
    h.say('lupa password', vendor(2));
    const out = h.say('/insiden I-1 info Perbaikan diperkirakan selesai pukul 14.00', STAFF);
    expect(toChat(out, vendor(1).chatId).map((r) => r.text)).toEqual([
      texts.incidents.update({ title: 'SPSE down', text: 'Perbaikan diperkirakan selesai pukul 14.00' }),
    ]);
    expect(toChat(out, vendor(2).chatId)).toEqual([]);
    h.close();
  });
});

describe('tickets about an outage', () => {
  it('links a ticket opened about an active incident to it, and resolves it with the incident', async () => {
    const h = await harness();
    h.say('/insiden buka SPSE down', STAFF);
    const t = h.say('/tiket SPSE tidak bisa diakses sejak jam 9, error 502', vendor(1));
    const ticketId = Number(/#(\d+)/.exec(t.map((r) => r.text).join())?.[1]);
    expect(h.app.store.incidents.ticketIds(1)).toEqual([ticketId]);
    const other = h.say('/tiket lupa password akun saya', vendor(2));
    expect(other.length).toBeGreaterThan(0);
    expect(h.app.store.incidents.ticketIds(1)).toEqual([ticketId]);
    const out = h.say('/insiden I-1 selesai Sudah pulih', STAFF);
    expect(toChat(out, vendor(1).chatId)).toHaveLength(1);
    expect(h.app.store.tickets.byId(ticketId)!.status).toBe('resolved');
    h.close();
  });

  it('counts tickets about an outage towards the surge', async () => {
    const h = await harness({ INCIDENT_SURGE_COUNT: '3' });
    h.say(DOWN, vendor(1));
    h.say('/tiket website lpse kalteng down, tidak bisa diakses', vendor(2));
    const third = h.say('/tiket SPSE tidak bisa diakses dari pagi', vendor(3));
    expect(toStaffGroup(third).map((r) => r.text)).toContain(
      texts.incidents.surgeNotice({ count: 3, what: 'SPSE tidak bisa diakses', minutes: 15 }),
    );
    h.close();
  });
});

describe('resolving', () => {
  it('tells every affected user and every linked ticket user exactly once and resolves the linked tickets', async () => {
    const h = await harness();
    const t = h.say('/tiket spse error 502 waktu upload penawaran', vendor(9));
    const ticketId = Number(/#(\d+)/.exec(t.map((r) => r.text).join())?.[1]);
    h.say('/insiden buka SPSE down', STAFF);
    for (const n of [1, 2, 3]) h.say(DOWN, vendor(n));
    h.say(DOWN, vendor(1)); // asked twice: still one message at the end
    h.say(`/insiden I-1 tautkan #${ticketId}`, STAFF);
    h.drainQueued();
    const out = h.say('/insiden I-1 selesai SPSE sudah dapat diakses kembali', STAFF);
    for (const n of [1, 2, 3, 9]) expect(toChat(out, vendor(n).chatId)).toHaveLength(1);
    expect(toChat(out, vendor(1).chatId)[0]!.text).toContain('SPSE sudah dapat diakses kembali');
    expect(toChat(out, vendor(1).chatId)[0]!.dedupeKey).toMatch(/^incident:1:resolved:/);
    expect(h.app.store.tickets.byId(ticketId)!.status).toBe('resolved');
    expect(toChat(out, vendor(9).chatId)[0]!.text).toContain('SPSE sudah dapat diakses kembali');
    // Afterwards a question gets the FAQ again.
    expect(h.say(DOWN, vendor(4))[0]!.text).not.toContain('Gangguan yang sedang berlangsung');
    h.close();
  });

  it('sends a user with two linked tickets, who also asked about it, one message naming both tickets', async () => {
    const h = await harness();
    h.say('/insiden buka SPSE down', STAFF);
    h.say(DOWN, vendor(1));
    const idOf = (rows: OutboundRow[]) => Number(/#(\d+)/.exec(rows.map((r) => r.text).join())?.[1]);
    const first = idOf(h.say('/tiket SPSE tidak bisa diakses sejak jam 9, error 502', vendor(1)));
    const second = idOf(h.say('/tiket website lpse kalteng down, tidak bisa diakses', vendor(1)));
    const other = idOf(h.say('/tiket SPSE tidak bisa diakses dari pagi', vendor(2)));
    expect(h.app.store.incidents.ticketIds(1)).toEqual([first, second, other]);
    h.drainQueued();
    // An update is one message per chat too.
    const update = h.say('/insiden I-1 info Telkom sedang memperbaiki server', STAFF);
    expect(toChat(update, vendor(1).chatId)).toHaveLength(1);
    expect(toChat(update, vendor(2).chatId)).toHaveLength(1);

    const out = h.say('/insiden I-1 selesai SPSE sudah dapat diakses kembali', STAFF);
    const mine = toChat(out, vendor(1).chatId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toContain('SPSE sudah dapat diakses kembali');
    expect(mine[0]!.text).toContain(`Tiket #${first} dan #${second} Anda`);
    expect(mine[0]!.text).toContain(texts.incidents.rateTicket(first));
    expect(mine[0]!.dedupeKey).toMatch(/^incident:1:resolved:/);
    expect(mine[0]!.choices?.map((c) => c.id)).toEqual([1, 2, 3, 4].map((n) => `tiket:nilai:${first}:${n}`));
    const theirs = toChat(out, vendor(2).chatId);
    expect(theirs).toHaveLength(1);
    expect(theirs[0]!.text).toContain(`Tiket #${other} Anda`);
    expect(theirs[0]!.text).toContain(texts.tickets.rating.ask);
    for (const id of [first, second, other]) expect(h.app.store.tickets.byId(id)!.status).toBe('resolved');
    // The rating buttons rate the ticket they name.
    h.say('x', { ...vendor(1), choice: mine[0]!.choices![2]!.id });
    expect(h.app.store.tickets.byId(first)!.rating).toBe(3);
    h.close();
  });

  it('keeps linked tickets open when staff say tiket=biarkan, noting it on the ticket, and tells their users once', async () => {
    const h = await harness();
    const t = h.say('/tiket spse error 502 waktu upload penawaran', vendor(9));
    const ticketId = Number(/#(\d+)/.exec(t.map((r) => r.text).join())?.[1]);
    h.say('/insiden buka SPSE down', STAFF);
    h.say(`/insiden I-1 tautkan #${ticketId}`, STAFF);
    h.drainQueued();
    const out = h.say('/insiden I-1 selesai Sudah normal tiket=biarkan', STAFF);
    expect(h.app.store.tickets.byId(ticketId)!.status).not.toBe('resolved');
    expect(h.app.store.tickets.events(ticketId).map((e) => e.text)).toContain(texts.incidents.ticketResolvedNote('I-1'));
    expect(toChat(out, vendor(9).chatId).map((r) => r.text)).toEqual([
      texts.incidents.resolved({ title: 'SPSE down', text: 'Sudah normal' }),
    ]);
    h.close();
  });
});

describe('surge detection', () => {
  it('notices staff once when five different users ask about the outage within 15 minutes, and the button opens the incident', async () => {
    const h = await harness();
    const notices: OutboundRow[] = [];
    for (const n of [1, 2, 3, 4]) {
      const out = h.say(DOWN, vendor(n));
      expect(toChat(out, vendor(n).chatId)).toHaveLength(1);
      notices.push(...toStaffGroup(out));
      minutes(h, 2);
    }
    h.say(DOWN, vendor(1)); // the same user again does not count twice
    expect(notices).toEqual([]);
    const fifth = h.say(DOWN, vendor(5));
    expect(toChat(fifth, vendor(5).chatId)).toHaveLength(1); // still answered
    const notice = toStaffGroup(fifth);
    expect(notice.map((r) => r.text)).toEqual([
      texts.incidents.surgeNotice({ count: 5, what: 'SPSE tidak bisa diakses', minutes: 15 }),
    ]);
    expect(notice[0]!.choices!.map((c) => c.label)).toEqual([texts.incidents.surgeButton]);
    for (const n of [6, 7]) expect(toStaffGroup(h.say(DOWN, vendor(n)))).toEqual([]);
    // Staff tap "Buat insiden": the incident's affected users are the surge's reporters.
    const opened = h.say('Buat insiden', { ...STAFF, choice: notice[0]!.choices![0]!.id });
    expect(opened[0]!.text).toContain('Insiden I-1 dibuka');
    expect(h.app.store.incidents.userIds(1)).toHaveLength(7);
    expect(h.say('x', { ...STAFF, choice: notice[0]!.choices![0]!.id })[0]!.text).toBe(texts.incidents.surgeTaken('I-1'));
    h.close();
  });

  it('does not notice users spread over more than the window, and follows INCIDENT_SURGE_COUNT/MINUTES', async () => {
    const h = await harness({ INCIDENT_SURGE_COUNT: '3', INCIDENT_SURGE_MINUTES: '10' });
    h.say(DOWN, vendor(1));
    minutes(h, 6);
    h.say(DOWN, vendor(2));
    minutes(h, 6);
    expect(toStaffGroup(h.say(DOWN, vendor(3)))).toEqual([]);
    expect(toStaffGroup(h.say(DOWN, vendor(4)))).toHaveLength(1);
    h.close();
  });

  it('gives no second notice while the surge goes on, but a new one after a quiet window', async () => {
    const h = await harness({ INCIDENT_SURGE_COUNT: '2', INCIDENT_SURGE_MINUTES: '15' });
    h.say(DOWN, vendor(1));
    expect(toStaffGroup(h.say(DOWN, vendor(2)))).toHaveLength(1);
    for (let n = 3; n < 8; n++) {
      minutes(h, 10);
      expect(toStaffGroup(h.say(DOWN, vendor(n)))).toEqual([]);
    }
    minutes(h, 60);
    h.say(DOWN, vendor(8));
    expect(toStaffGroup(h.say(DOWN, vendor(9)))).toHaveLength(1);
    h.close();
  });

  it('does not count staff trying the desk out', async () => {
    const h = await harness({ INCIDENT_SURGE_COUNT: '2' });
    h.say(DOWN, STAFF);
    expect(toStaffGroup(h.say(DOWN, vendor(1)))).toEqual([]);
    h.close();
  });
});

describe('/laporan', () => {
  it('counts the period’s incidents with their owner, affected users and tickets', async () => {
    const h = await harness();
    expect(toChat(h.say('/laporan 7', STAFF), STAFF.chatId)[0]!.text).toContain(texts.incidents.report.none);
    h.say('/insiden buka SPSE tidak bisa diakses sistem=spse', STAFF);
    h.say(DOWN, vendor(1));
    minutes(h, 90);
    h.say('/insiden I-1 selesai SPSE sudah normal kembali', STAFF);
    const report = toChat(h.say('/laporan 7', STAFF), STAFF.chatId)[0]!.text;
    expect(report).not.toContain(texts.incidents.report.none);
    expect(report).toMatch(/Insiden: 1 \(.*1\) · total durasi .* · 1 pengguna terdampak · 0 tiket/);
    h.close();
  });
});
