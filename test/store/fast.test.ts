import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { limited, rowReader } from '../../src/store/fast.js';
import { openStore } from '../../src/store/index.js';
import { contacts, outbox, tickets } from '../../src/store/schema.js';
import { MEMORY_DB } from '../helpers.js';

const t0 = new Date('2026-01-05T02:00:00.123Z');

describe('raw hot-path statements', () => {
  it('read an outbox row exactly as drizzle does: JSON, booleans, times and nulls', () => {
    const store = openStore(MEMORY_DB);
    const { db } = store.handle;
    const [full, bare] = store.outbox.enqueue(
      [
        {
          channel: 'telegram',
          chatId: '42',
          text: 'Tiket #7 dibalas',
          choices: [{ id: 'tiket:lihat:7', label: 'Lihat tiket' }],
          replyToRef: '99',
          dedupeKey: 'ticket:7:reply',
          ticketId: 7,
          ticket: { title: 'Lupa password', closed: false },
          replyTarget: true,
          bulk: true,
          attachments: [{ kind: 'photo', ref: 'file-1' }],
        },
        { channel: 'console', chatId: 'c', text: 'polos' },
      ],
      t0,
    );
    store.outbox.markSent(full!, 'ref-1', new Date(t0.getTime() + 5));
    const reader = rowReader(db, outbox);
    const byId = reader.prepare('where id = ?');
    for (const id of [full!, bare!]) expect(byId.get(id)).toEqual(db.select().from(outbox).where(eq(outbox.id, id)).get());
    expect(byId.get(full!)?.sentAt).toEqual(new Date(t0.getTime() + 5));
    expect(byId.get(full!)?.replyTarget).toBe(true);
    expect(byId.get(bare!)?.choices).toBeNull();
    expect(byId.get(123)).toBeUndefined();
    // What a reply "2" picks from: the newest row of the chat, as the full row reads it.
    const newest = store.outbox.lastTo('telegram', '42')!;
    expect(store.outbox.lastChoicesTo('telegram', '42')).toEqual({ choices: newest.choices, createdAt: newest.createdAt });
    expect(store.outbox.lastChoicesTo('console', 'c')).toEqual({ choices: null, createdAt: t0 });
    expect(store.outbox.lastChoicesTo('console', 'nobody')).toBeUndefined();
    store.close();
  });

  it('touch creates a contact as drizzle would read it, keeps a stored name when none is given and is not subscribed', () => {
    const store = openStore(MEMORY_DB);
    const { db } = store.handle;
    const first = store.contacts.touch({ channel: 'telegram', userId: 'u1', chatId: 'c1', displayName: 'Budi' }, t0);
    expect(first).toEqual(db.select().from(contacts).where(eq(contacts.id, first.id)).get());
    expect(first.subscribed).toBe(false);
    const later = new Date(t0.getTime() + 60_000);
    const again = store.contacts.touch({ channel: 'telegram', userId: 'u1', chatId: 'c2', displayName: '' }, later);
    expect(again).toMatchObject({ id: first.id, chatId: 'c2', displayName: 'Budi', lastSeenAt: later, createdAt: t0 });
    store.close();
  });

  it('read a user’s tickets newest first, the same rows drizzle returns', () => {
    const store = openStore(MEMORY_DB);
    const { db } = store.handle;
    const contact = store.contacts.touch({ channel: 'console', userId: 'u', chatId: 'c' }, t0);
    const base = {
      contactId: contact.id,
      channel: 'console' as const,
      chatId: 'c',
      category: 'akun',
      description: 'Lupa password',
      status: 'waiting_user' as const,
      contactName: 'Budi',
      resolutionDueAt: new Date(t0.getTime() + 3_600_000),
      createdAt: t0,
      updatedAt: t0,
    };
    const a = store.tickets.insert(base);
    const b = store.tickets.insert({
      ...base,
      description: 'Upload gagal',
      status: 'new',
      createdAt: new Date(t0.getTime() + 1),
    });
    expect(store.tickets.byContacts([contact.id], 10).map((t) => t.id)).toEqual([b.id, a.id]);
    expect(store.tickets.byContacts([contact.id], 1)).toEqual([db.select().from(tickets).where(eq(tickets.id, b.id)).get()]);
    expect(store.tickets.byId(a.id)).toEqual(a);
    store.close();
  });

  it('read a chat’s conversations with staff, the one staff wrote to last first', () => {
    const store = openStore(MEMORY_DB);
    const contact = store.contacts.touch({ channel: 'console', userId: 'u', chatId: 'c' }, t0);
    const ticket = (description: string) =>
      store.tickets.insert({
        contactId: contact.id,
        channel: 'console',
        chatId: 'c',
        category: 'akun',
        description,
        createdAt: t0,
        updatedAt: t0,
      }).id;
    const [one, two] = [ticket('satu'), ticket('dua')];
    store.handoffs.staffWrote('console', 'c', two, t0);
    store.handoffs.staffWrote('console', 'c', one, new Date(t0.getTime() + 1_000));
    expect(store.handoffs.active('console', 'c', new Date(t0.getTime() - 1))).toEqual([
      { ticketId: one, staffAt: new Date(t0.getTime() + 1_000), activeAt: new Date(t0.getTime() + 1_000) },
      { ticketId: two, staffAt: t0, activeAt: t0 },
    ]);
    expect(store.handoffs.active('console', 'c', t0).map((h) => h.ticketId)).toEqual([one]);
    expect(store.handoffs.get('console', 'c', two)).toEqual({ ticketId: two, staffAt: t0, activeAt: t0 });
    expect(store.handoffs.get('console', 'other', two)).toBeUndefined();
    store.close();
  });

  it('writes each limit into its own statement, and only a whole number', () => {
    const store = openStore(MEMORY_DB);
    for (let i = 0; i < 5; i++)
      store.inbound.record(
        {
          channel: 'console',
          externalId: `m${i}`,
          chatId: 'c',
          userId: 'u',
          text: `pesan ${i}`,
          attachments: [],
          receivedAt: t0,
        },
        t0,
      );
    expect(store.inbound.recentTexts('console', 'c', 2)).toEqual(['pesan 4', 'pesan 3']);
    expect(store.inbound.recentTexts('console', 'c', 3)).toEqual(['pesan 4', 'pesan 3', 'pesan 2']);
    expect(store.inbound.recentTexts('console', 'c', 2)).toHaveLength(2);
    const made: string[] = [];
    const statement = limited((n) => (made.push(n), n));
    expect([statement(2), statement(2), statement(7)]).toEqual(['2', '2', '7']);
    expect(made).toEqual(['2', '7']);
    expect(() => statement(1.5)).toThrow(RangeError);
    expect(() => statement(-1)).toThrow(RangeError);
    store.close();
  });

  it('read a chat’s saved dialog back as it was written, with when', () => {
    const store = openStore(MEMORY_DB);
    const state = { v: 1, flow: { name: 'ticket', step: 2, draft: { text: 'Lupa password' } } };
    store.dialogs.set('console', 'c', state, t0);
    expect(store.dialogs.getWithTime('console', 'c')).toEqual({ state, updatedAt: t0 });
    expect(store.dialogs.get('console', 'c')).toEqual(state);
    expect(store.dialogs.get('console', 'other')).toBeUndefined();
    store.close();
  });
});
