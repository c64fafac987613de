import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * WAL checkpoints off the desk's thread.
 *
 * In WAL mode with synchronous=NORMAL a commit only appends to the WAL; the fsyncs happen when the
 * WAL is checkpointed into the database (the WAL, then the database file). SQLite's automatic
 * checkpoint runs inside the commit that crosses 1,000 pages, on the thread that committed: on this
 * machine two fsyncs are 8–16 ms, so about one message in seventy stalled that long (the desk
 * bench's p99). Here a worker thread with its own connection checkpoints (PASSIVE: it never blocks
 * the writer) every `intervalMs` whenever the WAL holds frames not yet in the database, so the
 * fsyncs happen beside the desk, not inside its messages.
 *
 * Durability stays what it was or better: commits still reach the WAL before they return (a crash
 * of the process loses nothing), and the WAL is synced every `intervalMs` at the latest instead of
 * only once 1,000 pages have gathered (at a quiet desk that could take hours). The desk's own
 * automatic checkpoint stays as a backstop at `backstopPages`: under a sustained burst the
 * worker's checkpoints never find the WAL quiet enough to restart it, and the backstop (a full
 * checkpoint in a commit, as before, but rare) lets it start over instead of growing.
 */
export interface Checkpointer {
  /** Stops the worker and waits for its connection to close; the desk's automatic checkpoint is restored. */
  stop(): void;
}

export interface CheckpointerOptions {
  intervalMs?: number;
  backstopPages?: number;
  /** Told when the worker fails; the desk falls back to checkpointing in its commits. */
  onError?: (err: Error) => void;
}

/** SQLite's default automatic checkpoint, restored when the worker is gone. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

// Plain CommonJS, so the worker needs no TypeScript loader (tests, tsx and compiled runs alike).
// `closed` (shared memory) turns 1 once the worker's connection is gone, whatever the reason.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const closed = new Int32Array(workerData.closed);
const done = () => {
  Atomics.store(closed, 0, 1);
  Atomics.notify(closed, 0);
};
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('synchronous = NORMAL');
} catch (err) {
  done();
  throw err;
}
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    // Busy (another checkpoint runs) is harmless: the next tick tries again.
    if (err && err.code !== 'SQLITE_BUSY' && err.code !== 'SQLITE_LOCKED') {
      clearInterval(timer);
      db.close();
      done();
      throw err;
    }
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  done();
  parentPort.close();
});
`;

/** How long stop() waits for the worker's connection to close. */
const STOP_WAIT_MS = 5_000;

/** Starts checkpointing the WAL of the database at `path` (a file, not ':memory:') beside `sqlite`. */
export function startCheckpointer(sqlite: Database.Database, path: string, opts: CheckpointerOptions = {}): Checkpointer {
  const intervalMs = opts.intervalMs ?? 50;
  const backstop = opts.backstopPages ?? 10_000;
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const closed = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: resolve(path), driver, intervalMs, closed } });
  // Never what keeps the process alive.
  worker.unref();
  let stopped = false;
  const restore = () => {
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
  };
  worker.on('error', (err) => {
    if (stopped) return;
    stopped = true;
    restore();
    opts.onError?.(err);
  });
  worker.on('exit', () => {
    if (!stopped) restore();
    stopped = true;
  });
  sqlite.pragma(`wal_autocheckpoint = ${backstop}`);
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      restore();
      worker.postMessage('stop');
      // Waits (briefly) for the worker's connection to close, so the desk's close is the last one
      // and leaves a database file complete on its own, the WAL checkpointed and removed, as before.
      Atomics.wait(new Int32Array(closed), 0, 0, STOP_WAIT_MS);
    },
  };
}
