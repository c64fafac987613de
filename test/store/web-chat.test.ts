import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR, openDatabase } from '../../src/store/db.js';
import { openStore } from '../../src/store/index.js';
import { webMessages, webSessions } from '../../src/store/schema.js';
import { MEMORY_DB, tempDbPath, tempDir } from '../helpers.js';

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

  it('only raises the seen and mailed marks: an older page or a replayed backlog never lowers them', () => {
    const store = openStore(MEMORY_DB);
    store.webChat.createSession('s1', t0);
    expect(store.webChat.marks('s1')).toEqual({ seenThrough: 0, mailedThrough: 0 });
    store.webChat.markSeen('s1', 7);
    store.webChat.markSeen('s1', 3);
    store.webChat.markMailed('s1', 9);
    store.webChat.markMailed('s1', 2);
    expect(store.webChat.marks('s1')).toEqual({ seenThrough: 7, mailedThrough: 9 });
  });

  it('owes mail only for desk messages past both marks, with an e-mail, once the oldest is old enough', () => {
    const store = openStore(MEMORY_DB);
    const email = (id: string) =>
      store.contacts.saveDetails({ channel: 'web', userId: id, chatId: id }, { email: `${id}@contoh.co.id` }, t0);
    for (const id of ['a', 'b', 'c']) store.webChat.createSession(id, t0);
    email('a');
    email('b');
    // a: the person's own message is not owed; the desk's answer is.
    store.webChat.addInbound('a', 'c-1', { text: 'halo' }, later(0));
    const answer = store.webChat.addOutbound(
      'a',
      undefined,
      { text: 'Halo juga', files: [{ kind: 'document', fileName: 'x.pdf' }] },
      later(1_000),
    ).row;
    // b: seen by a page. c: no e-mail.
    const seen = store.webChat.addOutbound('b', undefined, { text: 'Sudah dilihat' }, later(1_000)).row;
    store.webChat.markSeen('b', seen.id);
    store.webChat.addOutbound('c', undefined, { text: 'Tanpa e-mail' }, later(1_000));
    expect(store.webChat.mailDue(later(999), 10)).toEqual([]);
    expect(store.webChat.mailDue(later(1_000), 10)).toEqual([{ sessionId: 'a', email: 'a@contoh.co.id', after: 0 }]);
    expect(store.webChat.unmailed('a', 0, 10)).toEqual([
      { id: answer.id, text: 'Halo juga', choices: [], files: 1, createdAt: later(1_000), ticketId: null },
    ]);
    store.webChat.markMailed('a', answer.id);
    expect(store.webChat.mailDue(later(60_000), 10)).toEqual([]);
  });

  it('counts what a conversation held before the mail existed as mailed, so turning it on mails no old reply', () => {
    // The database as the release before this migration left it.
    const folder = join(tempDir(), 'migrations');
    cpSync(MIGRATIONS_DIR, folder, { recursive: true });
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
    journal.entries = journal.entries.filter((e) => e.tag !== '0020_web_chat_mail');
    writeFileSync(journalPath, JSON.stringify(journal));
    const path = tempDbPath();
    const old = openDatabase(path, { migrationsFolder: folder });
    old.sqlite.prepare(`insert into web_sessions (id, created_at, last_seen_at) values ('s1', 1, 1), ('s2', 1, 1)`).run();
    old.sqlite
      .prepare(
        `insert into web_messages (session_id, direction, text, created_at) values ('s1', 'in', 'halo', 1), ('s1', 'out', 'Halo', 2)`,
      )
      .run();
    old.sqlite.close();

    const store = openStore(path);
    const last = store.webChat.latest('s1', 1)[0]!.id;
    expect(store.webChat.marks('s1')).toEqual({ seenThrough: 0, mailedThrough: last });
    expect(store.webChat.marks('s2')).toEqual({ seenThrough: 0, mailedThrough: 0 });
    store.close();
  });
});
