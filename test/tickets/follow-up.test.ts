import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { malformedMention, parseTicketMention } from '../../src/tickets/follow-up.js';
import { createHarness, type OutboundRow } from '../helpers.js';

const vendor = { chatId: 'vendor-chat', userId: 'vendor-1' };
const other = { chatId: 'other-chat', userId: 'other-1' };
const textsOf = (rows: OutboundRow[]) => rows.map((r) => r.text);
const ticketNumber = (rows: OutboundRow[]) => Number(/Tiket #(\d+) telah dibuat/.exec(textsOf(rows).join('\n'))?.[1]);

describe('ticket mentions', () => {
  it.each([
    ['#12 sudah saya coba', { id: 12, text: 'sudah saya coba' }],
    ['# 1 tambahan', { id: 1, text: 'tambahan' }],
    ['#3: masih error', { id: 3, text: 'masih error' }],
    ['#12. sudah', { id: 12, text: 'sudah' }],
  ])('reads "%s" as a message on that ticket', (text, expected) => {
    expect(parseTicketMention(text)).toEqual(expected);
  });

  it.each(['#1.5 x', '#2,3 lagi', '#12345678901 x', 'tiket #1 x'])('does not read "%s" as a ticket mention', (text) => {
    expect(parseTicketMention(text)).toBeUndefined();
  });

  it('names what looks like a ticket number but is not a whole one', () => {
    expect(malformedMention('#1.5 x')).toBe('1.5');
    expect(malformedMention('#12 sudah. 5 kali')).toBeUndefined();
  });
});

describe('numbers typed by users', () => {
  it('files "# 1 tambahan" (a space after #) on ticket 1', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket tidak bisa login ke spse', vendor));
    expect(textsOf(h.say(`# ${id} tambahan: muncul kode error 500`, vendor))).toEqual([texts.tickets.followUpAdded(id)]);
    expect(h.app.store.tickets.events(id).at(-1)).toMatchObject({
      kind: 'user_message',
      text: 'tambahan: muncul kode error 500',
    });
    h.close();
  });

  it('says "#1.5" is no ticket number instead of filing "5 x" on ticket 1', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket tidak bisa login ke spse', vendor));
    expect(textsOf(h.say(`#${id}.5 x`, vendor))).toEqual([texts.tickets.badMention(`${id}.5`)]);
    expect(h.app.store.tickets.events(id).map((e) => e.kind)).toEqual(['created']);
    h.close();
  });

  it('answers a bare number with no menu pending politely, not as an unknown question', async () => {
    const h = await createHarness();
    const before = h.app.store.handle.sqlite.prepare('select count(*) as c from unmatched_questions').get() as { c: number };
    expect(textsOf(h.say('2', vendor))).toEqual([texts.tickets.bareNumber('2')]);
    expect(textsOf(h.say(' 17. ', vendor))).toEqual([texts.tickets.bareNumber('17')]);
    const after = h.app.store.handle.sqlite.prepare('select count(*) as c from unmatched_questions').get() as { c: number };
    expect(after.c).toBe(before.c);
    h.close();
  });

  it('still takes a number as the pick when a menu is pending', async () => {
    const h = await createHarness();
    h.say('/menu', vendor);
    expect(textsOf(h.say('2', vendor))).not.toEqual([texts.tickets.bareNumber('2')]);
    h.close();
  });

  it('shows the user’s own ticket for "/tiket 123" instead of opening a ticket called "123"', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket tidak bisa login ke spse', vendor));
    const out = textsOf(h.say(`/tiket ${id}`, vendor));
    expect(out[0]).toContain(`Tiket #${id} — ${texts.tickets.status.new}`);
    expect(h.app.store.tickets.byId(id + 1)).toBeUndefined();
    h.close();
  });

  it('explains /tiket and /status for "/tiket 123" when 123 is not the user’s ticket', async () => {
    const h = await createHarness();
    const id = ticketNumber(h.say('/tiket tidak bisa login ke spse', vendor));
    expect(textsOf(h.say(`/tiket ${id}`, other))).toEqual([texts.tickets.numberAfterTiket(String(id))]);
    expect(textsOf(h.say('/tiket 123', other))).toEqual([texts.tickets.numberAfterTiket('123')]);
    expect(h.app.store.tickets.byId(id + 1)).toBeUndefined();
    h.close();
  });
});
