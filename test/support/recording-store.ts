import Database from 'better-sqlite3';
import { openStore, type Store } from '../../src/store/index.js';

/**
 * An in-memory store with every statement it prepares recorded: when it opens (most are prepared
 * once, then) and while `use` runs (those prepared on first use). A test judges the plans SQLite
 * chooses for the queries the repositories really run.
 */
export function recordingStore(use: (store: Store) => void = () => {}): { store: Store; statements: string[] } {
  const prepare = Database.prototype.prepare;
  const statements: string[] = [];
  Database.prototype.prepare = function (this: Database.Database, source: string) {
    statements.push(source);
    return prepare.call(this, source);
  } as typeof prepare;
  try {
    const store = openStore(':memory:');
    use(store);
    return { store, statements };
  } finally {
    Database.prototype.prepare = prepare;
  }
}
