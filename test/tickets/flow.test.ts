import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import type { Actor } from '../../src/tickets/service.js';
import { createHarness, tempDbPath, type OutboundRow } from '../helpers.js';

const staff: Actor = { kind: 'staff', id: 'staff-1' };
const vendor = { chatId: 'vendor-chat', userId: 'vendor-1' };
const other = { chatId: 'other-chat', userId: 'other-1' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const textsOf = (rows: OutboundRow[]) => rows.map((r) => r.text);
const ticketNumber = (rows: OutboundRow[]) => Number(/Tiket #(\d+) telah dibuat/.exec(rows.map((r) => r.text).join('\n'))?.[1]);

describe('ticket flow through the desk', () => {
  it('opens with /tiket teks, pushes the staff reply and every status change, takes a rating, and closes by itself', async () => {
    // Monday 2 March 2026, 09:00 WIB.
    const h = await createHarness();
    const opened = h.say('/tiket tidak bisa login ke spse sejak pagi', vendor);
    const id = ticketNumber(opened);
    expect(id).toBeGreaterThan(0);
    expect(opened[0]?.text).toContain(`Status: ${texts.tickets.status.new}`);

    h.clock.advance(HOUR);
    expect(h.app.desk.apply(() => h.app.tickets.reply(id, staff, 'Silakan coba hapus cache browser.', h.clock.now())).ok).toBe(
      true,
    );
    const replied = h.drainQueued();
    expect(replied).toHaveLength(1);
    expect(replied[0]).toMatchObject({ chatId: vendor.chatId, ticketId: id, status: 'pending' });
    expect(replied[0]!.text).toContain(`#${id}`);
    expect(replied[0]!.text).toContain('Silakan coba hapus cache browser.');
    expect(replied[0]!.text).toContain(texts.tickets.status.in_progress);

    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'wait', staff, { text: 'Mohon kirim screenshot.' }, h.clock.now()));
    const waiting = h.drainQueued();
    expect(textsOf(waiting)[0]).toContain(texts.tickets.notice.wait(id, 'Mohon kirim screenshot.'));

    // The vendor answers with "#N …": filed on the ticket, which goes back to in progress.
    const answered = h.say(`#${id} sudah saya hapus cache, tetap gagal`, vendor);
    expect(textsOf(answered)).toEqual([texts.tickets.followUpAdded(id)]);
    expect(h.app.store.tickets.byId(id)?.status).toBe('in_progress');

    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'escalate', staff, { party: 'LKPP', ref: 'LKPP-123' }, h.clock.now()));
    const escalated = h.drainQueued();
    expect(escalated[0]!.text).toContain('LKPP-123');
    expect(escalated[0]!.text).toContain(texts.tickets.notice.statusLine(texts.tickets.notice.escalatedTo('LKPP')));

    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'resolve', staff, { text: 'Sudah diperbaiki LKPP.' }, h.clock.now()));
    const resolved = h.drainQueued();
    expect(resolved[0]!.text).toContain('Sudah diperbaiki LKPP.');
    expect(resolved[0]!.choices?.map((c) => c.label)).toEqual(texts.tickets.rating.labels);

    // "4" picks the fourth rating button on a channel without buttons.
    expect(textsOf(h.say('4', vendor))).toEqual([texts.tickets.rating.thanks]);
    expect(textsOf(h.say('1', vendor))).toEqual([texts.tickets.rating.askComment]); // "Tulis saran"
    expect(textsOf(h.say('Cepat dan jelas, terima kasih', vendor))).toEqual([
      texts.tickets.rating.commentSaved,
      texts.survey.invitation,
    ]);
    expect(h.app.store.tickets.byId(id)).toMatchObject({ rating: 4, ratingComment: 'Cepat dan jelas, terima kasih' });

    h.clock.advance(6 * DAY);
    h.app.housekeeping();
    expect(h.drainQueued()).toHaveLength(0);
    h.clock.advance(DAY + HOUR);
    h.app.housekeeping();
    const closed = h.drainQueued();
    expect(closed).toHaveLength(1);
    expect(closed[0]!.text).toContain(`#${id}`);
    expect(h.app.store.tickets.byId(id)?.status).toBe('closed');

    const kinds = h.app.store.tickets.events(id).map((e) => `${e.kind}:${e.fromStatus ?? ''}>${e.toStatus ?? ''}`);
    expect(kinds).toEqual([
      'created:>new',
      'reply:new>in_progress',
      'wait:in_progress>waiting_user',
      'user_message:waiting_user>in_progress',
      'escalate:in_progress>escalated',
      'resolve:escalated>resolved',
      'rating:resolved>resolved',
      'rating_comment:resolved>resolved',
      'auto_close:resolved>closed',
    ]);
    h.close();
  });

  it('reopens a resolved ticket when the user writes on it within the window', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket dokumen penawaran gagal diunggah', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'resolve', staff, {}, h.clock.now()));
    h.drainQueued();
    h.clock.advance(2 * DAY);
    expect(textsOf(h.say(`#${id} ternyata masih gagal`, vendor))).toEqual([texts.tickets.followUpReopened(id)]);
    expect(h.app.store.tickets.byId(id)).toMatchObject({ status: 'in_progress', resolvedAt: null });
    h.close();
  });

  it('files a reply to a ticket notification on that ticket', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket akun terkunci', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'wait', staff, { text: 'User ID Anda apa?' }, h.clock.now()));
    const [notice] = h.drainQueued();
    // The channel delivered it and reported the platform's message id.
    h.app.store.outbox.markSent(notice!.id, 'tg-msg-77', h.clock.now());
    expect(textsOf(h.say('user id saya budi123', { ...vendor, replyToRef: 'tg-msg-77' }))).toEqual([
      texts.tickets.followUpAdded(id),
    ]);
    expect(h.app.store.tickets.events(id).at(-1)).toMatchObject({ kind: 'user_message', text: 'user id saya budi123' });
    h.close();
  });

  it('sends one notice per change even if the same change is retried', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket tidak bisa login', vendor));
    expect(h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'start', staff, {}, h.clock.now())).ok).toBe(true);
    expect(h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'start', staff, {}, h.clock.now()))).toMatchObject({
      ok: false,
      reason: 'same_status',
    });
    expect(h.drainQueued()).toHaveLength(1);
    h.close();
  });

  it('keeps a half-written ticket dialog across a restart', async () => {
    const h = await createHarness({}, undefined, tempDbPath());
    h.say('/tiket', vendor);
    h.say('2', vendor); // category: tender
    const restarted = h.reopen();
    const afterRestart = restarted.say('Jadwal upload penawaran paket jalan desa tidak muncul', vendor);
    expect(textsOf(afterRestart)).toEqual([texts.tickets.askAttachment]);
    restarted.say('1', vendor); // skip attachment
    restarted.say('1', vendor); // skip contact
    const sent = restarted.say('1', vendor); // send
    const id = ticketNumber(sent);
    expect(restarted.app.store.tickets.byId(id)).toMatchObject({
      category: 'tender',
      description: 'Jadwal upload penawaran paket jalan desa tidak muncul',
      status: 'new',
    });
    restarted.close();
  });

  it('cancels the dialog with /batal and writes no ticket', async () => {
    const h = await createHarness();
    h.say('/tiket', vendor);
    h.say('1', vendor);
    h.say('login gagal terus', vendor);
    expect(textsOf(h.say('/batal', vendor))).toEqual([texts.tickets.cancelled]);
    expect(h.app.store.tickets.byContact(h.app.store.contacts.find('console', vendor.userId)!.id, 10)).toHaveLength(0);
    h.close();
  });
});

describe('after a rating', () => {
  async function rated() {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket upload penawaran gagal', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'resolve', staff, {}, h.clock.now()));
    h.say('3', vendor);
    return { h, id };
  }

  it('still answers a question typed right after rating, instead of taking it as a comment', async () => {
    const { h, id } = await rated();
    const out = textsOf(h.say('gimana cara daftar akun penyedia', vendor));
    expect(out[0]).not.toBe(texts.tickets.rating.commentSaved);
    expect(h.app.store.tickets.byId(id)!.ratingComment).toBeNull();
    h.close();
  });

  it('files "#N …" written right after rating on the ticket, reopening it', async () => {
    const { h, id } = await rated();
    expect(textsOf(h.say(`#${id} ternyata masih gagal`, vendor))).toEqual([texts.tickets.followUpReopened(id)]);
    expect(h.app.store.tickets.byId(id)!.status).toBe('in_progress');
    h.close();
  });

  it('does not ask for a second rating when a reopened ticket is resolved again', async () => {
    const { h, id } = await rated();
    h.say(`#${id} masih gagal`, vendor);
    h.drainQueued();
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'resolve', staff, {}, h.clock.now()));
    const [notice] = h.drainQueued();
    expect(notice!.choices).toBeNull();
    expect(notice!.text).not.toContain(texts.tickets.rating.ask);
    h.close();
  });

  it('refuses a rating button for someone else’s ticket', async () => {
    const { h, id } = await rated();
    const stranger = { chatId: 'x', userId: 'x' };
    expect(textsOf(h.say('', { ...stranger, choice: `tiket:nilai:${id}:1` }))).toEqual([texts.tickets.notFound(String(id))]);
    expect(textsOf(h.say('', { ...stranger, choice: `tiket:saran:${id}` }))).toEqual([texts.errors.choiceExpired]);
    expect(h.app.store.tickets.byId(id)!.rating).toBe(3);
    h.close();
  });
});

describe('ticket dialog as people really answer', () => {
  it('keeps a dialog’s "2" for the dialog when a notice with other buttons arrives meanwhile', async () => {
    const h = await createHarness();
    const first = ticketNumber(h.say('/tiket login gagal', vendor));
    h.say('/tiket', vendor); // a second ticket: category question
    h.app.desk.apply(() => h.app.tickets.changeStatus(first, 'resolve', staff, {}, h.clock.now())); // rating buttons arrive
    h.drainQueued();
    expect(textsOf(h.say('2', vendor))).toEqual([texts.tickets.askDescription('Tender / seleksi')]);
    expect(h.app.store.tickets.byId(first)!.rating).toBeNull();
    h.close();
  });

  it('takes "4 mantap" as the rating 4', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket login gagal', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'resolve', staff, {}, h.clock.now()));
    h.drainQueued();
    expect(textsOf(h.say('4 mantap', vendor))).toEqual([texts.tickets.rating.thanks]);
    expect(h.app.store.tickets.byId(id)!.rating).toBe(4);
    h.close();
  });

  it('lets a half-written dialog lapse after six hours, saying no ticket was made', async () => {
    const h = await createHarness();
    h.say('/tiket', vendor);
    h.clock.advance(7 * HOUR);
    const out = textsOf(h.say('lupa password akun spse', vendor));
    expect(out[0]).toBe(texts.tickets.draftExpired);
    expect(out[1]).not.toBe(texts.tickets.pickCategory);
    expect(h.app.store.dialogs.get('console', vendor.chatId)).toBeUndefined();
    h.close();
  });

  it('takes typed words for the buttons: a category by name, "lewati", "kirim"', async () => {
    const h = await createHarness();
    h.say('/tiket', vendor);
    expect(textsOf(h.say('tender', vendor))[0]).toBe(texts.tickets.askDescription('Tender / seleksi'));
    h.say('jadwal upload penawaran hilang', vendor);
    h.say('lewati', vendor);
    h.say('tidak ada', vendor);
    const id = ticketNumber(h.say('kirim', vendor));
    expect(h.app.store.tickets.byId(id)).toMatchObject({ category: 'tender', description: 'jadwal upload penawaran hilang' });
    h.close();
  });

  it('cancels at the confirmation when the user types "batal"', async () => {
    const h = await createHarness();
    h.say('/tiket', vendor);
    h.say('1', vendor);
    h.say('login gagal', vendor);
    h.say('1', vendor);
    h.say('1', vendor);
    expect(textsOf(h.say('batal', vendor))).toEqual([texts.tickets.cancelled]);
    h.close();
  });

  it('keeps words written at the screenshot step with the description', async () => {
    const h = await createHarness();
    h.say('/tiket', vendor);
    h.say('1', vendor);
    h.say('tidak bisa login', vendor);
    h.say('screenshotnya menyusul ya', vendor);
    h.say('1', vendor);
    const id = ticketNumber(h.say('1', vendor));
    expect(h.app.store.tickets.byId(id)!.description).toBe('tidak bisa login\nscreenshotnya menyusul ya');
    h.close();
  });

  it('keeps the screenshot that carried "/tiket" as its caption', async () => {
    const h = await createHarness();
    h.say('/tiket', { ...vendor, attachments: [{ kind: 'photo', ref: 'caption-photo' }] });
    h.say('1', vendor);
    h.say('error 500 saat login', vendor);
    h.say('1', vendor);
    h.say('1', vendor);
    const id = ticketNumber(h.say('1', vendor));
    expect(h.app.store.tickets.attachments(id).map((a) => a.ref)).toEqual(['caption-photo']);
    h.close();
  });

  it('refuses a 10,000-character follow-up politely and records nothing', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket login gagal', vendor));
    expect(textsOf(h.say(`#${id} ${'x'.repeat(10_000)}`, vendor))).toEqual([texts.tickets.followUpTooLong(3_000, 10_000)]);
    expect(h.app.store.tickets.events(id)).toHaveLength(1);
    h.close();
  });

  it('says the reopen window has passed instead of calling the ticket closed', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket login gagal', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'resolve', staff, {}, h.clock.now()));
    h.drainQueued();
    h.clock.advance(8 * DAY);
    expect(textsOf(h.say(`#${id} muncul lagi`, vendor))).toEqual([texts.tickets.followUpWindowPassed(id)]);
    h.close();
  });
});

describe('follow-ups as people really write them', () => {
  it('takes "terima kasih, sudah bisa" on a solved ticket as thanks, not as a reason to reopen it', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket login gagal', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'resolve', staff, {}, h.clock.now()));
    h.drainQueued();
    expect(textsOf(h.say(`#${id} terima kasih banyak`, vendor))).toEqual([texts.tickets.thanksNoted(id)]);
    expect(h.app.store.tickets.byId(id)!.status).toBe('resolved');
    expect(h.app.store.tickets.events(id).at(-1)).toMatchObject({ kind: 'user_message', text: 'terima kasih banyak' });
    h.close();
  });

  it('once the conversation with staff has gone quiet, reminds instead of filing a greeting on the ticket that waits, and answers an FAQ question normally', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket paket tidak muncul', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'wait', staff, { text: 'Nomor paketnya berapa?' }, h.clock.now()));
    h.drainQueued();
    h.clock.advance(25 * 60 * 60_000);
    expect(textsOf(h.say('selamat siang pak', vendor))).toEqual([texts.tickets.waitingForAnswer(id)]);
    expect(textsOf(h.say('lupa password akun spse', vendor))[0]).not.toBe(texts.tickets.followUpAdded(id));
    expect(h.app.store.tickets.byId(id)!.status).toBe('waiting_user');
    h.close();
  });

  it('does not take "terima kasih, tapi masih error" as thanks', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket login gagal', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'resolve', staff, {}, h.clock.now()));
    h.drainQueued();
    expect(textsOf(h.say(`#${id} terima kasih, tapi masih error`, vendor))).toEqual([texts.tickets.followUpReopened(id)]);
    h.close();
  });

  it('files a plain answer on the one ticket that waits on the user', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket paket tidak muncul', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'wait', staff, { text: 'Nomor paketnya berapa?' }, h.clock.now()));
    h.drainQueued();
    expect(textsOf(h.say('ini nomor paketnya 778899', vendor))).toEqual([texts.tickets.handoff.forwarded(id)]);
    expect(h.app.store.tickets.byId(id)!.status).toBe('in_progress');
    h.close();
  });

  it('files a reply to an older ticket’s notice on that ticket even while a new ticket is being written', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket akun terkunci', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'wait', staff, { text: 'Kirim screenshot' }, h.clock.now()));
    const [notice] = h.drainQueued();
    h.app.store.outbox.markSent(notice!.id, 'm-9', h.clock.now());
    h.say('/tiket', vendor);
    const out = h.say('ini screenshotnya', { ...vendor, replyToRef: 'm-9', attachments: [{ kind: 'photo', ref: 'shot' }] });
    expect(textsOf(out)).toEqual([texts.tickets.followUpAdded(id)]);
    expect(h.app.store.tickets.attachments(id).map((a) => a.ref)).toEqual(['shot']);
    h.close();
  });

  it('returns an escalated ticket to LKPP when the user answers a question asked meanwhile', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket katalog error', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'escalate', staff, { party: 'LKPP' }, h.clock.now()));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'wait', staff, { text: 'Dari LKPP: kirim ID produk' }, h.clock.now()));
    h.say(`#${id} ID produknya 123`, vendor);
    expect(h.app.store.tickets.byId(id)!.status).toBe('escalated');
    h.close();
  });

  it('does not count the days a ticket sat solved against its resolution target', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket login gagal', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'resolve', staff, {}, h.clock.now()));
    const due = h.app.store.tickets.byId(id)!.resolutionDueAt!;
    h.clock.advance(2 * DAY); // Wednesday 09:00: two working days solved
    h.say(`#${id} muncul lagi`, vendor);
    // Two working days (16 working hours) later: Wednesday 09:00 becomes Friday 09:00.
    expect(h.app.store.tickets.byId(id)!.resolutionDueAt!.getTime() - due.getTime()).toBe(2 * DAY);
    h.close();
  });

  it('keeps the rating question when a resolved ticket is closed before the user rated', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket login gagal', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'resolve', staff, {}, h.clock.now()));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'close', staff, {}, h.clock.now()));
    const [, closed] = h.drainQueued();
    expect(closed!.choices?.map((c) => c.label)).toEqual(texts.tickets.rating.labels);
    expect(textsOf(h.say('3', vendor))).toEqual([texts.tickets.rating.thanks]);
    h.close();
  });

  it('shows ticket 12 when asked "tiket 12 gimana"', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket login gagal', vendor));
    expect(textsOf(h.say(`status tiket ${id} gimana`, vendor))[0]).toContain(`Tiket #${id} — Baru`);
    h.close();
  });

  it('takes the question the FAQ could not answer as the description when the user presses "Buat tiket"', async () => {
    const h = await createHarness();
    h.say('kenapa nilai teknis kami dikurangi tanpa penjelasan apapun', vendor);
    h.say('', { ...vendor, choice: 'tiket:lapor' });
    h.say('2', vendor); // category
    h.say('lewati', vendor);
    h.say('lewati', vendor);
    const id = ticketNumber(h.say('kirim', vendor));
    expect(h.app.store.tickets.byId(id)!.description).toBe('kenapa nilai teknis kami dikurangi tanpa penjelasan apapun');
    h.close();
  });

  it('takes a problem typed at the category question as the description', async () => {
    const h = await createHarness();
    h.say('/tiket', vendor);
    expect(textsOf(h.say('dokumen penawaran saya gagal diunggah terus sejak pagi', vendor))).toEqual([
      texts.tickets.askAttachment,
    ]);
    h.close();
  });

  it('takes a category named inside a sentence at the category question', async () => {
    const h = await createHarness();
    h.say('/tiket', vendor);
    expect(textsOf(h.say('mau lapor soal tender', vendor))).toEqual([texts.tickets.askDescription('Tender / seleksi')]);
    h.close();
  });

  it('lets a newer notice take a number once the dialog has been idle for a while', async () => {
    const h = await createHarness();
    const first = ticketNumber(h.say('/tiket login gagal', vendor));
    h.say('/tiket', vendor);
    h.clock.advance(HOUR);
    h.app.desk.apply(() => h.app.tickets.changeStatus(first, 'resolve', staff, {}, h.clock.now()));
    h.drainQueued();
    expect(textsOf(h.say('4', vendor))).toEqual([texts.tickets.rating.thanks]);
    expect(h.app.store.tickets.byId(first)!.rating).toBe(4);
    h.close();
  });

  it('does not take "2 paket saya gagal upload" as the second choice', async () => {
    const h = await createHarness();
    h.say('/menu', vendor);
    const out = textsOf(h.say('2 paket saya gagal upload', vendor));
    expect(out[0]).not.toBe(texts.tickets.askCategory);
    h.close();
  });
});

describe('ticket privacy', () => {
  it('answers another user’s ticket number exactly as a number that does not exist', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket data perusahaan salah di SIKaP', vendor));
    const foreign = textsOf(h.say(`/status ${id}`, other));
    const missing = textsOf(h.say('/status 9999', other));
    expect(foreign).toEqual([texts.tickets.notFound(String(id))]);
    expect(missing).toEqual([texts.tickets.notFound('9999')]);
    expect(foreign.join()).not.toContain('SIKaP');
    h.close();
  });

  it('lists only the user’s own tickets in /status', async () => {
    const h = await createHarness();
    const mine = ticketNumber(h.say('/tiket masalah saya sendiri', vendor));
    ticketNumber(h.say('/tiket masalah orang lain', other));
    const listing = textsOf(h.say('/status', vendor)).join('\n');
    expect(listing).toContain(`#${mine}`);
    expect(listing).not.toContain('orang lain');
    h.close();
  });

  it('refuses to file a "#N" message on someone else’s ticket', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket akun terblokir', vendor));
    expect(textsOf(h.say(`#${id} ini tiket saya juga`, other))).toEqual([texts.tickets.notFound(String(id))]);
    expect(h.app.store.tickets.events(id).map((e) => e.kind)).toEqual(['created']);
    h.close();
  });
});

describe('bad input when opening a ticket', () => {
  it.each([
    ['an empty description', '/tiket', null],
    ['only emoji', '/tiket 😡😡😡', texts.tickets.descriptionNoWords],
    ['10,000 characters', `/tiket ${'a'.repeat(10_000)}`, texts.tickets.descriptionTooLong(3_000, 10_000)],
  ])('answers %s clearly and writes no ticket', async (_name, text, expected) => {
    const h = await createHarness();
    const out = textsOf(h.say(text, vendor));
    if (expected) expect(out).toEqual([expected]);
    else expect(out[0]).toBe(texts.tickets.askCategory); // "/tiket" alone starts the dialog instead
    expect(h.app.store.handle.sqlite.prepare('select count(*) as n from tickets').get()).toEqual({ n: 0 });
    h.close();
  });

  it('asks for words when the description in the dialog is only emoji', async () => {
    const h = await createHarness();
    h.say('/tiket', vendor);
    h.say('1', vendor);
    expect(textsOf(h.say('🙏🙏', vendor))).toEqual([texts.tickets.descriptionNoWords]);
    h.close();
  });

  it('explains what to do with a file sent without a caption', async () => {
    const h = await createHarness();
    const out = textsOf(h.say('', { ...vendor, attachments: [{ kind: 'photo', ref: 'file-1' }] }));
    expect(out).toEqual([texts.tickets.fileNeedsText]);
    h.close();
  });

  it('keeps a screenshot sent in the dialog and attaches it to the ticket', async () => {
    const h = await createHarness();
    h.say('/tiket', vendor);
    h.say('1', vendor);
    h.say('muncul error saat login', vendor);
    h.say('', { ...vendor, attachments: [{ kind: 'photo', ref: 'file-abc' }] });
    h.say('1', vendor); // Lanjut
    h.say('1', vendor); // Lewati contact
    const id = ticketNumber(h.say('1', vendor));
    expect(h.app.store.tickets.attachments(id).map((a) => a.ref)).toEqual(['file-abc']);
    h.close();
  });

  it.each(['/status abc', '/status 1 2', '/status -3'])('answers %s with the usage of /status', async (text) => {
    const h = await createHarness();
    expect(textsOf(h.say(text, vendor))).toEqual([texts.tickets.badNumber]);
    h.close();
  });

  it('says a "#N" ticket that does not exist is not found', async () => {
    const h = await createHarness();
    expect(textsOf(h.say('#4242 halo', vendor))).toEqual([texts.tickets.notFound('4242')]);
    h.close();
  });
});
