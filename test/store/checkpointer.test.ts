import { cpSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../src/store/checkpointer.js';
import { openStore } from '../../src/store/index.js';
import { inbound, tempDbPath, tempDir } from '../helpers.js';

/** Polls until `ok()` holds (the worker runs on its own thread); fails after a generous wait. */
async function eventually(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(ok(), what).toBe(true);
}

const autocheckpoint = (sqlite: Database.Database) => sqlite.pragma('wal_autocheckpoint', { simple: true });

describe('WAL checkpoints beside the desk', () => {
  it('copies committed pages into the database file without the desk checkpointing in its commits', async () => {
    const path = tempDbPath();
    const store = openStore(path);
    const sqlite = store.handle.sqlite;
    // The desk's own automatic checkpoint is only a far backstop while the worker runs.
    expect(autocheckpoint(sqlite)).toBeGreaterThan(1_000);
    const before = statSync(path).size;
    // About 2 MB of messages: far below the backstop, so only the worker can move them into the file.
    store.transaction(() => {
      for (let i = 0; i < 2_000; i++)
        store.inbound.record({ ...inbound(`pesan ${i} `.padEnd(1_000, 'x')), externalId: `m${i}` }, new Date());
    });
    await eventually(() => statSync(path).size > before + 1_000_000, 'the database file grew by the committed pages');
    store.close();
    // Closed as before: the desk's connection was the last, the WAL is folded in and removed, so
    // the database file alone (copied, say) holds every message.
    expect(existsSync(`${path}-wal`)).toBe(false);
    const copy = join(tempDir(), 'copy.db');
    cpSync(path, copy);
    const again = new Database(copy, { readonly: true });
    expect(again.prepare('select count(*) from inbound_messages').pluck().get()).toBe(2_000);
    again.close();
  });

  it('gives the desk its automatic checkpoint back when stopped', () => {
    const sqlite = new Database(join(tempDir(), 'other.db'));
    sqlite.pragma('journal_mode = WAL');
    const checkpointer = startCheckpointer(sqlite, sqlite.name);
    expect(autocheckpoint(sqlite)).toBeGreaterThan(1_000);
    checkpointer.stop();
    expect(autocheckpoint(sqlite)).toBe(1_000);
    sqlite.close();
  });

  it('falls back to checkpointing in the desk’s commits when the worker cannot open the database', async () => {
    const sqlite = new Database(':memory:');
    const errors: Error[] = [];
    startCheckpointer(sqlite, join(tempDir(), 'missing', 'desk.db'), { onError: (err) => errors.push(err) });
    await eventually(() => errors.length === 1, 'the worker reported its failure');
    expect(autocheckpoint(sqlite)).toBe(1_000);
    sqlite.close();
  });

  it('starts no worker for an in-memory database', () => {
    const store = openStore(':memory:');
    expect(autocheckpoint(store.handle.sqlite)).toBe(1_000);
    store.close();
  });
});
