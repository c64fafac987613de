import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/store/db.js';
import { openStore } from '../../src/store/index.js';
import { inbound, tempDbPath, tempDir } from '../helpers.js';

const TABLES = [
  'contacts',
  'dialog_state',
  'faq_feedback',
  'inbound_messages',
  'outbox',
  'staff',
  'ticket_attachments',
  'ticket_events',
  'tickets',
  'unmatched_questions',
];

function tableNames(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (
      db
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
        .all() as Array<{
        name: string;
      }>
    ).map((r) => r.name);
  } finally {
    db.close();
  }
}

describe('openStore', () => {
  it('creates the database, its folder and every table on a fresh path', () => {
    const path = join(tempDir(), 'nested', 'folder', 'desk.db');
    const store = openStore(path);
    store.close();
    expect(existsSync(path)).toBe(true);
    expect(tableNames(path)).toEqual(expect.arrayContaining(TABLES));
  });

  it('turns on WAL, foreign keys and a busy timeout', () => {
    const store = openStore(tempDbPath());
    const { sqlite } = store.handle;
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    store.close();
  });

  it('reopens an existing database without re-running migrations and keeps its data', () => {
    const path = tempDbPath();
    const first = openStore(path);
    first.transaction(() => first.inbound.record(inbound('halo', { externalId: 'keep-me' }), new Date()));
    first.close();

    const second = openStore(path);
    const migrations = second.handle.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    expect(migrations.n).toBe(JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')).entries.length);
    expect(second.inbound.record(inbound('halo', { externalId: 'keep-me' }), new Date())).toBe(false);
    second.close();
  });

  it('upgrades a database created by an older version when a new migration ships', () => {
    const path = tempDbPath();
    openStore(path).close();

    // A later release: the shipped migrations plus one more.
    const folder = join(tempDir(), 'migrations');
    cpSync(MIGRATIONS_DIR, folder, { recursive: true });
    const journalPath = join(folder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
    const tag = '9999_test_upgrade';
    journal.entries.push({ idx: journal.entries.length, version: '6', when: Date.now() + 1000, tag, breakpoints: true });
    writeFileSync(journalPath, JSON.stringify(journal));
    writeFileSync(join(folder, `${tag}.sql`), 'ALTER TABLE `contacts` ADD `upgraded_marker` text;');

    const store = openStore(path, { migrationsFolder: folder });
    const columns = store.handle.sqlite.prepare('pragma table_info(contacts)').all() as Array<{ name: string }>;
    store.close();
    expect(columns.map((c) => c.name)).toContain('upgraded_marker');
  });

  it('writes a consistent online backup while the database stays open', async () => {
    const store = openStore(tempDbPath());
    store.transaction(() => {
      for (let i = 0; i < 50; i++) store.inbound.record(inbound(`pesan ${i}`), new Date());
    });
    const destination = join(tempDir(), 'backups', 'copy.db');
    await store.backup(destination);
    // The live database keeps working after the backup.
    expect(store.inbound.record(inbound('after backup'), new Date())).toBe(true);
    store.close();

    const copy = new Database(destination, { readonly: true });
    const n = (copy.prepare('select count(*) as n from inbound_messages').get() as { n: number }).n;
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
    expect(n).toBe(50);
  });

  it('rolls back everything in a transaction that throws', () => {
    const store = openStore(tempDbPath());
    expect(() =>
      store.transaction(() => {
        store.inbound.record(inbound('x', { externalId: 'rolled-back' }), new Date());
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.inbound.record(inbound('x', { externalId: 'rolled-back' }), new Date())).toBe(true);
    store.close();
  });
});
