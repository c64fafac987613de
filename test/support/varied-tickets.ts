import type Database from 'better-sqlite3';

const DAY = 86_400_000;

/**
 * Inserts `count` tickets of one contact straight into SQLite, spread over `spanDays` before
 * `now`: every status, targets met, missed and absent, escalations to LKPP and Telkom, ratings.
 * Seeded, so a failing comparison can be run again on the same population. Returns the contact
 * and the insert (its values after `contact_id`, as in the SQL below) for a test's own tickets.
 */
export function insertVariedTickets(
  sqlite: Database.Database,
  opts: { count: number; now: number; spanDays: number; seed: number; categories: string[]; statuses: readonly string[] },
): { contact: number | bigint; insert: Database.Statement } {
  const contact = sqlite
    .prepare(
      `insert into contacts (channel, user_id, chat_id, subscribed, created_at, last_seen_at) values ('console', 'u', 'c', 0, ?, ?)`,
    )
    .run(opts.now, opts.now).lastInsertRowid;
  const insert = sqlite.prepare(
    `insert into tickets (contact_id, channel, chat_id, category, description, status, external_party,
       first_response_due_at, resolution_due_at, first_responded_at, resolved_at, closed_at, rating, created_at, updated_at)
     values (?, 'console', 'c', ?, 'x', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let seed = opts.seed;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const maybe = (p: number, v: number) => (rand() < p ? v : null);
  for (let i = 0; i < opts.count; i++) {
    const created = opts.now - Math.floor(rand() * opts.spanDays * DAY);
    insert.run(
      contact,
      opts.categories[i % opts.categories.length],
      opts.statuses[Math.floor(rand() * opts.statuses.length)],
      [null, 'LKPP', 'Telkom'][Math.floor(rand() * 3)],
      maybe(0.9, created + Math.floor(rand() * 2 * DAY)),
      maybe(0.9, created + Math.floor(rand() * 6 * DAY)),
      maybe(0.7, created + Math.floor(rand() * 3 * DAY)),
      maybe(0.5, created + Math.floor(rand() * 8 * DAY)),
      maybe(0.3, created + Math.floor(rand() * 9 * DAY)),
      maybe(0.3, 1 + Math.floor(rand() * 4)),
      created,
      created,
    );
  }
  return { contact, insert };
}
