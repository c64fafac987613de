import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { webMessages, webSessions } from '../../src/store/schema.js';
import { MEMORY_DB } from '../helpers.js';

const t0 = new Date('2026-01-05T02:00:00.123Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describe('the web chat repository', () => {
  it('stores messages with their choices and files and reads them back as drizzle does', () => {
    const store = openStore(MEMORY_DB);
    const { db } = store.handle;
    store.webChat.createSession('s1', t0);
    const a = store.webChat.addInbound('s1', 'c-1', { text: 'lupa pasword' }, later(1));
    const b = store.webChat.addOutbound(
      's1',
      7,
      {
        text: 'Silakan reset di **akun.inaproc.id**',
        choices: [{ id: 'fb:y', label: 'Ya, membantu' }],
        files: [{ kind: 'document', fileName: 'panduan.pdf', path: '/data/x.pdf' }],
      },
      later(2),
    );
    expect(a.created && b.created).toBe(true);
    const drizzleRows = db.select().from(webMessages).orderBy(asc(webMessages.id)).all();
    expect(store.webChat.history('s1', 0, 10)).toEqual(drizzleRows);
    expect(store.webChat.latest('s1', 1)).toEqual([drizzleRows[1]]);
    expect(store.webChat.message('s1', b.row.id)).toEqual(drizzleRows[1]);
    expect(b.row.choices).toEqual([{ id: 'fb:y', label: 'Ya, membantu' }]);
    expect(b.row.createdAt).toEqual(later(2));
    expect(a.row.choices).toBeNull();
  });

  it('keeps one message per client id and per outbox row, returning the first on a retry', () => {
    const store = openStore(MEMORY_DB);
    store.webChat.createSession('s1', t0);
    const first = store.webChat.addInbound('s1', 'c-1', { text: 'halo' }, later(1));
    const again = store.webChat.addInbound('s1', 'c-1', { text: 'halo' }, later(5));
    expect(again).toEqual({ row: first.row, created: false });
    const out = store.webChat.addOutbound('s1', 9, { text: 'Halo!' }, later(6));
    expect(store.webChat.addOutbound('s1', 9, { text: 'Halo!' }, later(7))).toEqual({ row: out.row, created: false });
    expect(store.webChat.history('s1', 0, 10)).toHaveLength(2);
  });

  it('shows a session only its own messages, and knows only the sessions it created', () => {
    const store = openStore(MEMORY_DB);
    store.webChat.createSession('s1', t0);
    store.webChat.createSession('s2', t0);
    const mine = store.webChat.addInbound('s1', 'c-1', { text: 'rahasia saya' }, later(1));
    store.webChat.addInbound('s2', 'c-1', { text: 'punya orang lain' }, later(2));
    expect(store.webChat.history('s1', 0, 10).map((m) => m.text)).toEqual(['rahasia saya']);
    expect(store.webChat.message('s2', mine.row.id)).toBeUndefined();
    expect(store.webChat.hasSession('s1')).toBe(true);
    expect(store.webChat.hasSession('made-up')).toBe(false);
    store.webChat.touchSession('s1', later(60_000));
    const { db } = store.handle;
    expect(db.select().from(webSessions).where(eq(webSessions.id, 's1')).get()?.lastSeenAt).toEqual(later(60_000));
  });
});
