import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { StoreError } from '../core/errors.js';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema>;

export interface DbHandle {
  sqlite: Database.Database;
  db: Db;
  path: string;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/** How long a writer waits for another connection's lock before SQLITE_BUSY (the CLI backup, a second process). */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating it and its folder if needed) and migrates the database. WAL lets the CLI read
 * and back up while the desk writes; foreign keys are off by default in SQLite, so turn them on.
 */
export function openDatabase(path: string, opts: { migrationsFolder?: string } = {}): DbHandle {
  let sqlite: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    sqlite = new Database(path);
  } catch (cause) {
    throw new StoreError(`Cannot open database at ${path}`, { path }, { cause });
  }
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // NORMAL is durable across process crashes in WAL mode; only a power cut can lose the last commit.
    sqlite.pragma('synchronous = NORMAL');
    const db = drizzle({ client: sqlite, schema });
    migrate(db, { migrationsFolder: opts.migrationsFolder ?? MIGRATIONS_DIR });
    return { sqlite, db, path };
  } catch (cause) {
    sqlite.close();
    throw new StoreError(`Cannot prepare database at ${path}`, { path }, { cause });
  }
}

/** Online, consistent copy through SQLite's backup API: the desk may keep writing meanwhile. */
export async function backupDatabase(handle: DbHandle, destination: string): Promise<void> {
  try {
    mkdirSync(dirname(destination), { recursive: true });
    await handle.sqlite.backup(destination);
  } catch (cause) {
    throw new StoreError(`Backup to ${destination} failed`, { destination }, { cause });
  }
}
