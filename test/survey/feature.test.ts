import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { rowToOutbound } from '../../src/store/outbox.js';
import type { Actor } from '../../src/tickets/service.js';
import { createHarness, inbound, tempDbPath, type Harness, type OutboundRow } from '../helpers.js';

const t = texts.survey;
const user = { chatId: 'u-chat', userId: 'u-1' };
const textsOf = (rows: OutboundRow[]) => rows.map((r) => r.text);
const last = (rows: OutboundRow[]) => rows[rows.length - 1]!;
/** The shipped survey: 15 items, each asking importance, then 3 profile questions. */
const ITEMS = 15;

/** `/ikm …` as `say` sends it, awaiting the pictures rendered after the message (off the event loop). */
async function sayDeferred(h: Harness, text: string, over: Parameters<typeof inbound>[1]): Promise<OutboundRow[]> {
  const { deferred } = h.app.desk.receive(inbound(text, { receivedAt: h.clock.now(), ...over }));
  await deferred;
  return h.drainQueued();
}

/** Answers the current question with the number of its n-th choice, as a WhatsApp or console user types it. */
const pick = (h: Harness, n: number) => h.say(String(n), user);

describe('the survey in the chat', () => {
  it('walks every item with performance and importance, then the profile, and stores one anonymous response', async () => {
    const h = await createHarness();
    const intro = h.say('/survei', user);
    expect(last(intro).text).toBe(t.intro(ITEMS));
    let out = pick(h, 1);
    expect(last(out).text).toContain('**Pertanyaan 1 dari 15** · Persyaratan');
    expect(last(out).choices!.map((c) => c.label)).toEqual([
      'Tidak sesuai',
      'Kurang sesuai',
      'Sesuai',
      'Sangat sesuai',
      t.skip,
      t.stop,
    ]);
    out = pick(h, 3);
    expect(last(out).text).toContain(t.importance('Seberapa penting hal ini bagi Anda?', 'Persyaratan'));
    out = pick(h, 4);
    expect(last(out).text).toContain('**Pertanyaan 2 dari 15**');
    for (let i = 1; i < ITEMS; i++) {
      pick(h, 2);
      out = pick(h, 4);
    }
    expect(last(out).text).toContain(t.profileIntro);
    pick(h, 2); // jenis kelamin: Perempuan
    pick(h, 3); // pendidikan: D4/S1
    out = pick(h, 2); // peran: PPK
    expect(textsOf(out)).toEqual([t.done]);
    const answers = h.app.store.survey.answersOf('2026');
    expect(answers).toHaveLength(1);
    expect(answers[0]!.answers.find((a) => a.item === 'U1')).toEqual({ item: 'U1', performance: 3, importance: 4 });
    expect(answers[0]!.answers.find((a) => a.item === 'U2')).toEqual({ item: 'U2', performance: 2, importance: 4 });
    expect(answers[0]!.answers).toHaveLength(ITEMS);
    expect(h.app.store.survey.profileCounts('2026')).toEqual({
      jenis_kelamin: { Perempuan: 1 },
      pendidikan: { 'D4/S1': 1 },
      peran: { PPK: 1 },
    });
    h.close();
  });

  it('lets an item be skipped, and resumes after a stop and a restart where the respondent left off', async () => {
    const path = tempDbPath();
    let h = await createHarness({}, undefined, path);
    h.say('/survei', user);
    pick(h, 1); // start
    let out = h.say('lewati', user); // U1 skipped whole
    expect(last(out).text).toContain('**Pertanyaan 2 dari 15**');
    pick(h, 4); // U2 performance
    out = h.say('', { ...user, choice: 'survei:berhenti' });
    expect(textsOf(out)).toEqual([t.stopped]);
    h = h.reopen();
    out = h.say('/survei', user);
    expect(last(out).text).toContain(t.resume);
    // The importance of U2 was not answered yet: that is where it goes on.
    expect(last(out).text).toContain('_Sistem, mekanisme dan prosedur_');
    const response = h.app.store.survey.responseOf('2026', 'c:1')!;
    expect([...response.answers]).toEqual([
      ['U1', {}],
      ['U2', { performance: 4 }],
    ]);
    h.close();
  });

  it('records an old button only for the question asked now', async () => {
    const h = await createHarness();
    h.say('/survei', user);
    pick(h, 1);
    pick(h, 3); // U1 performance
    const out = h.say('', { ...user, choice: 'survei:j:1:k:U1' });
    expect(last(out).text).toContain(t.stale);
    expect(h.app.store.survey.responseOf('2026', 'c:1')!.answers.get('U1')).toEqual({ performance: 3 });
    h.close();
  });

  it('steps aside when the respondent types a question instead of an answer', async () => {
    const h = await createHarness();
    h.say('/survei', user);
    pick(h, 1);
    expect(textsOf(h.say('bagaimana cara daftar akun penyedia', user))).toEqual([t.pickOne]);
    expect(h.say('bagaimana cara daftar akun penyedia', user)[0]!.text).not.toBe(t.pickOne);
    h.close();
  });

  it('takes one response per period and offers to revise it on a second attempt', async () => {
    const h = await createHarness();
    h.say('/survei', user);
    pick(h, 1);
    for (let i = 0; i < ITEMS; i++) {
      pick(h, 3);
      pick(h, 3);
    }
    for (let i = 0; i < 3; i++) h.say('lewati', user);
    expect(h.app.store.survey.answersOf('2026')).toHaveLength(1);
    const again = h.say('/survei', user);
    expect(last(again).text).toBe(t.alreadyDone('2026'));
    const first = pick(h, 1); // Perbaiki jawaban
    expect(last(first).text).toContain('**Pertanyaan 1 dari 15**');
    expect(last(first).text).toContain(t.previous('Sesuai'));
    pick(h, 4);
    expect(h.app.store.survey.answersOf('2026')).toHaveLength(1);
    expect(h.app.store.survey.answersOf('2026')[0]!.answers.find((a) => a.item === 'U1')).toEqual({
      item: 'U1',
      performance: 4,
      importance: 3,
    });
    h.close();
  });

  it('invites after a ticket is rated, once per period', async () => {
    const h = await createHarness();
    const staff: Actor = { kind: 'staff', id: 'staff-1' };
    for (const round of [1, 2]) {
      h.say(`/tiket upload penawaran gagal ${round}`, user);
      const id = Math.max(
        ...h.app.store.handle.sqlite
          .prepare('select id from tickets')
          .all()
          .map((r) => (r as { id: number }).id),
      );
      h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'resolve', staff, {}, h.clock.now()));
      h.say('3', user);
      const out = h.say('', { ...user, choice: 'tiket:tanpa-saran' });
      if (round === 1) expect(textsOf(out)).toEqual([texts.tickets.rating.skipped, t.invitation]);
      else expect(textsOf(out)).toEqual([texts.tickets.rating.skipped]);
    }
    h.close();
  });

  it('does not invite after a rating when invitations are turned off', async () => {
    const h = await createHarness({ SURVEY_INVITE_AFTER_TICKET: 'false' });
    h.say('/tiket upload penawaran gagal', user);
    h.app.desk.apply(() => h.app.tickets.changeStatus(1, 'resolve', { kind: 'staff', id: 's' }, {}, h.clock.now()));
    h.say('3', user);
    expect(textsOf(h.say('', { ...user, choice: 'tiket:tanpa-saran' }))).toEqual([texts.tickets.rating.skipped]);
    h.close();
  });
});

describe('the survey for admins', () => {
  const ADMIN_ENV = {
    TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    ADMIN_TELEGRAM_IDS: '1001',
    STAFF_TELEGRAM_IDS: '1002',
  };
  const admin = { channel: 'telegram' as const, chatId: '1001', userId: '1001', privateChat: true };
  const agent = { channel: 'telegram' as const, chatId: '1002', userId: '1002', privateChat: true };

  it('sends the two pictures with the summary as captions for /ikm, and refuses others', async () => {
    const h = await createHarness(ADMIN_ENV);
    expect(textsOf(h.say('/ikm', agent))).toEqual([texts.staff.adminOnly]);
    expect(textsOf(await sayDeferred(h, '/ikm 2026', admin))).toEqual([t.noResponses('2026')]);
    expect(textsOf(h.say('/ikm kemarin', admin))).toEqual([t.badPeriod('kemarin')]);
    h.app.store.survey.importFile(
      'x.csv',
      'sha',
      [
        { period: '2026', answeredOn: '2026-02-01', answers: [{ item: 'U1', performance: 2, importance: 4 }] },
        { period: '2026', answeredOn: '2026-02-02', answers: [{ item: 'B3', performance: 4, importance: 3 }] },
      ],
      h.clock.now(),
    );
    const [row] = await sayDeferred(h, '/ikm 2026', admin);
    const message = rowToOutbound(row!);
    expect(message.files!.map((f) => [f.kind, f.fileName, f.mimeType])).toEqual([
      ['photo', 'ipa-2026.png', 'image/png'],
      ['photo', 'nrr-2026.png', 'image/png'],
    ]);
    expect(Buffer.from(message.files![0]!.data!, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(message.files![0]!.caption).toContain('Responden: 2');
    expect(message.files![0]!.caption).toContain('IKM belum dapat dihitung');
    expect(message.files![1]!.caption).toContain('U1 Persyaratan: 2,000');
    h.close();
  });

  it('invites every subscriber once per period with /survei undang', async () => {
    const h = await createHarness(ADMIN_ENV);
    const sub = { channel: 'telegram' as const, chatId: '55', userId: '55', privateChat: true };
    h.say('/langganan', sub);
    expect(textsOf(h.say('/survei undang', agent))).toEqual([texts.staff.adminOnly]);
    const out = h.say('/survei undang', admin);
    expect(textsOf(out)).toEqual([t.invitedSubscribers(1), t.invitation]);
    expect(out[1]!.chatId).toBe('55');
    expect(out[1]!.priority).toBe(1);
    expect(textsOf(h.say('/survei undang', admin))).toEqual([t.inviteNone]);
    h.close();
  });
});
