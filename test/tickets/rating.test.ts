import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import type { Actor } from '../../src/tickets/service.js';
import { createHarness, type OutboundRow } from '../helpers.js';

/** The survey's invitation after a finished rating is the survey tests' business. */
const ONLY_RATING = { SURVEY_INVITE_AFTER_TICKET: 'false' };

const staff: Actor = { kind: 'staff', id: 'staff-1' };
const vendor = { chatId: 'vendor-chat', userId: 'vendor-1' };
const HOUR = 3_600_000;
const r = texts.tickets.rating;

const textsOf = (rows: OutboundRow[]) => rows.map((row) => row.text);
const ticketNumber = (rows: OutboundRow[]) => Number(/Tiket #(\d+) telah dibuat/.exec(textsOf(rows).join('\n'))?.[1]);

async function rated() {
  const h = await createHarness(ONLY_RATING);
  const id = ticketNumber(h.say('/tiket tidak bisa login ke spse', vendor));
  h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'resolve', staff, {}, h.clock.now()));
  h.drainQueued();
  expect(textsOf(h.say('4', vendor))).toEqual([r.thanks]);
  return { h, id };
}

describe('the comment after a rating', () => {
  it('takes a sentence typed at "Ingin menambahkan saran atau komentar?" as the comment', async () => {
    const { h, id } = await rated();
    expect(textsOf(h.say('Pelayanannya cepat, petugasnya ramah', vendor))).toEqual([r.commentSaved]);
    expect(h.app.store.tickets.byId(id)).toMatchObject({ rating: 4, ratingComment: 'Pelayanannya cepat, petugasnya ramah' });
    // Only the next message: the one after it is an ordinary message again.
    expect(textsOf(h.say('Pelayanannya cepat sekali', vendor))).not.toEqual([r.commentSaved]);
    h.close();
  });

  it('lets a clear FAQ question typed there reach the FAQ, not the comment', async () => {
    const { h, id } = await rated();
    const out = textsOf(h.say('bagaimana cara reset password?', vendor));
    expect(out[0]).toContain('akun.inaproc.id');
    expect(h.app.store.tickets.byId(id)!.ratingComment).toBeNull();
    h.close();
  });

  it('does not take a number or an emoji as the comment', async () => {
    const { h, id } = await rated();
    expect(textsOf(h.say('7', vendor))).toEqual([texts.tickets.bareNumber('7')]);
    expect(h.app.store.tickets.byId(id)!.ratingComment).toBeNull();
    h.close();
  });

  it('answers small talk there as small talk', async () => {
    const { h, id } = await rated();
    expect(textsOf(h.say('terima kasih', vendor))).not.toEqual([r.commentSaved]);
    expect(h.app.store.tickets.byId(id)!.ratingComment).toBeNull();
    h.close();
  });

  it('ends the prompt at a command, so a later sentence is not taken as the comment', async () => {
    const { h, id } = await rated();
    h.say('/status', vendor);
    expect(textsOf(h.say('Pelayanannya cepat, petugasnya ramah', vendor))).not.toEqual([r.commentSaved]);
    expect(h.app.store.tickets.byId(id)!.ratingComment).toBeNull();
    h.close();
  });

  it('no longer takes a sentence as the comment an hour and more after the rating, and says nothing of it', async () => {
    const { h, id } = await rated();
    h.clock.advance(2 * HOUR);
    const out = textsOf(h.say('Pelayanannya cepat, petugasnya ramah', vendor));
    expect(out).not.toContain(r.commentSaved);
    expect(out).not.toContain(texts.errors.flowExpired);
    expect(h.app.store.tickets.byId(id)!.ratingComment).toBeNull();
    h.clock.advance(7 * HOUR);
    expect(textsOf(h.say('lupa password akun spse', vendor))).not.toContain(texts.errors.flowExpired);
    h.close();
  });

  it('still takes the comment after "Tulis saran", and "Tidak, terima kasih" ends the prompt', async () => {
    const { h, id } = await rated();
    expect(textsOf(h.say('2', vendor))).toEqual([r.skipped]); // "Tidak, terima kasih"
    expect(textsOf(h.say('Pelayanannya cepat, petugasnya ramah', vendor))).not.toEqual([r.commentSaved]);
    expect(h.app.store.tickets.byId(id)!.ratingComment).toBeNull();
    h.close();
  });

  it('lets a number typed after a newer rating question rate that ticket, not become the comment', async () => {
    const h = await createHarness(ONLY_RATING);
    const id = ticketNumber(h.say('/tiket tidak bisa login ke spse', vendor));
    const other = ticketNumber(h.say('/tiket produk katalog tidak tampil', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(id, 'resolve', staff, {}, h.clock.now()));
    h.drainQueued();
    expect(textsOf(h.say('4', vendor))).toEqual([r.thanks]);
    // The other ticket's rating question arrives while the first one's comment prompt waits.
    h.app.desk.apply(() => h.app.tickets.changeStatus(other, 'resolve', staff, {}, h.clock.now()));
    h.drainQueued();
    expect(textsOf(h.say('3', vendor))).toEqual([r.thanks]);
    expect(h.app.store.tickets.byId(other)!.rating).toBe(3);
    expect(h.app.store.tickets.byId(id)!.ratingComment).toBeNull();
    h.close();
  });

  it('files a reply to another ticket typed at the prompt on that ticket', async () => {
    const { h, id } = await rated();
    const other = ticketNumber(h.say('/tiket produk katalog tidak tampil', vendor));
    h.app.desk.apply(() => h.app.tickets.changeStatus(other, 'resolve', staff, {}, h.clock.now()));
    h.drainQueued();
    h.say('3', vendor);
    expect(textsOf(h.say(`#${id} masih tidak bisa login`, vendor))).toEqual([texts.tickets.followUpReopened(id)]);
    expect(h.app.store.tickets.byId(other)!.ratingComment).toBeNull();
    h.close();
  });
});
