import type Database from 'better-sqlite3';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './db.js';

/**
 * Raw better-sqlite3 statements for the desk's hot path. Even a drizzle statement prepared once
 * maps every bound value and every column of every row through its generic machinery (`is()`
 * walking prototypes per column), which cost more than the queries themselves: ~100 µs for one
 * outbox row against ~5 µs in SQLite. These statements are prepared once and their rows decoded by
 * a mapper built once per table from drizzle's own column decoders, so a row reads back exactly
 * as drizzle would return it.
 */

/** The connection under the drizzle handle (store-internal). */
export function clientOf(db: Db): Database.Database {
  return (db as Db & { $client: Database.Database }).$client;
}

/** Statements and decoders of one table's full rows. */
export interface RowReader<T> {
  /** Every column, quoted, in table order (for `returning`). */
  readonly columns: string;
  /** `select <every column> from <table> ` — append the rest of the query. */
  readonly select: string;
  /** A stored row (columns in table order, as `raw` statements return them) in drizzle's shape. */
  decode(row: unknown[]): T;
  /** Prepares `select … from table <tail>`: positional `?` parameters, values as SQLite stores them. */
  prepare(tail: string): { get(...params: unknown[]): T | undefined; all(...params: unknown[]): T[] };
  /**
   * Like `prepare`, for a query ending in `limit N`: one statement per limit, written into the SQL.
   * SQLite runs `order by … limit ?` with a bound limit several times slower (30–80 µs against
   * 5–8 µs here) than the same statement with the number in its text.
   */
  prepareLimited(tail: string): { all(limit: number, ...params: unknown[]): T[] };
}

/**
 * One statement per limit for SQL ending in `limit ` (see RowReader.prepareLimited); the limit must
 * be a whole number, so it can never be anything but a number in the text.
 */
export function limited<S>(prepare: (sql: string) => S): (limit: number) => S {
  const byLimit = new Map<number, S>();
  return (limit) => {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number, got ${limit}`);
    let stmt = byLimit.get(limit);
    if (!stmt) byLimit.set(limit, (stmt = prepare(String(limit))));
    return stmt;
  };
}

/** Reads whole rows of a table, decoded as drizzle's `select()` would. */
export function rowReader<TTable extends SQLiteTable>(db: Db, table: TTable): RowReader<TTable['$inferSelect']> {
  type Row = TTable['$inferSelect'];
  const columns = Object.entries(getTableColumns(table));
  const keys = columns.map(([key]) => key);
  // Columns whose stored value is what drizzle returns (plain text and integers) skip the decoder.
  const decoders = columns.map(([, column]) => {
    const kind = column.columnType;
    return kind === 'SQLiteText' || kind === 'SQLiteInteger' ? undefined : (v: unknown) => column.mapFromDriverValue(v);
  });
  const list = columns.map(([, c]) => `"${c.name}"`).join(', ');
  const select = `select ${list} from "${getTableName(table)}" `;
  const decode = (row: unknown[]): Row => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const value = row[i];
      const decoder = decoders[i];
      out[keys[i]!] = value === null || decoder === undefined ? value : decoder(value);
    }
    return out as Row;
  };
  const sqlite = clientOf(db);
  return {
    columns: list,
    select,
    decode,
    prepare(tail) {
      const stmt = sqlite.prepare<unknown[], unknown[]>(select + tail).raw(true);
      return {
        get: (...params) => {
          const row = stmt.get(...params);
          return row === undefined ? undefined : decode(row);
        },
        all: (...params) => stmt.all(...params).map(decode),
      };
    },
    prepareLimited(tail) {
      const statement = limited((n) => sqlite.prepare<unknown[], unknown[]>(`${select}${tail} limit ${n}`).raw(true));
      return {
        all: (limit, ...params) =>
          statement(limit)
            .all(...params)
            .map(decode),
      };
    },
  };
}
