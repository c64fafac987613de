import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 3);

/** The store opened with every statement it prepares recorded, so a test can judge their plans. */
function recordingStore(): { store: ReturnType<typeof openStore>; statements: string[] } {
  const prepare = Database.prototype.prepare;
  const statements: string[] = [];
  Database.prototype.prepare = function (this: Database.Database, source: string) {
    statements.push(source);
    return prepare.call(this, source);
  } as typeof prepare;
  try {
    return { store: openStore(':memory:'), statements };
  } finally {
    Database.prototype.prepare = prepare;
  }
}

describe('period report queries', () => {
  const { store, statements } = recordingStore();
  const sqlite = store.handle.sqlite;
  const find = (match: RegExp) => {
    const found = statements.filter((s) => match.test(s));
    expect(found, `one statement matching ${match}`).toHaveLength(1);
    return found[0]!;
  };
  const plan = (source: string) =>
    (sqlite.prepare(`EXPLAIN QUERY PLAN ${source}`).all({ from: 0, to: NOW, now: NOW }) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join(' | ');
  const byScan = find(/indexed by tickets_report/);
  const byRange = find(/indexed by tickets_created/);

  // A varied population: every status, targets met, missed and absent, escalations, ratings.
  const contact = sqlite
    .prepare(
      `insert into contacts (channel, user_id, chat_id, subscribed, created_at, last_seen_at) values ('console', 'u', 'c', 0, ?, ?)`,
    )
    .run(NOW, NOW).lastInsertRowid;
  const insert = sqlite.prepare(
    `insert into tickets (contact_id, channel, chat_id, category, description, status, external_party,
       first_response_due_at, resolution_due_at, first_responded_at, resolved_at, closed_at, rating, created_at, updated_at)
     values (?, 'console', 'c', ?, 'x', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let seed = 11;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const maybe = (p: number, v: number) => (rand() < p ? v : null);
  const statuses = ['new', 'in_progress', 'waiting_user', 'escalated', 'resolved', 'closed'];
  for (let i = 0; i < 400; i++) {
    const created = NOW - Math.floor(rand() * 60 * DAY);
    insert.run(
      contact,
      ['spse-akun', 'tender', 'lainnya'][i % 3],
      statuses[Math.floor(rand() * statuses.length)],
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

  it('counts a long period from the covering index alone, already in its groups’ order', () => {
    const p = plan(byScan);
    expect(p).toContain('SCAN tickets USING COVERING INDEX tickets_report');
    expect(p).not.toContain('TEMP B-TREE');
  });

  it('counts a short period through the range of its creation times', () => {
    expect(plan(byRange)).toContain('SEARCH tickets USING INDEX tickets_created (created_at>? AND created_at<?)');
  });

  it('reads the first-response times from the creation-time index alone', () => {
    expect(plan(find(/group_concat\(created_at/))).toContain('USING COVERING INDEX tickets_created');
  });

  it('gives the same figures whichever way a period is read', () => {
    for (const days of [1, 7, 30, 90]) {
      const params = { from: NOW - days * DAY, to: NOW, now: NOW };
      const scan = sqlite.prepare(byScan).all(params) as Array<{ category: string; status: string }>;
      const range = sqlite.prepare(byRange).all(params) as Array<{ category: string; status: string }>;
      const key = (r: { category: string; status: string }) => `${r.category}/${r.status}`;
      const sorted = (rows: typeof scan) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));
      expect(scan.length).toBeGreaterThan(0);
      expect(sorted(scan)).toEqual(sorted(range));
    }
  });

  it('returns each answered ticket’s opening and first-response times', () => {
    const from = new Date(NOW - 30 * DAY);
    const expected = sqlite
      .prepare(
        `select created_at, first_responded_at from tickets
         where created_at >= ? and created_at <= ? and first_responded_at is not null`,
      )
      .raw()
      .all(from.getTime(), NOW) as Array<[number, number]>;
    const { openedAt, respondedAt } = store.tickets.firstResponses(from, new Date(NOW));
    const pairs = Array.from(openedAt, (o, i) => [o, respondedAt[i]!]);
    expect(expected.length).toBeGreaterThan(50);
    expect(pairs.sort((a, b) => a[0]! - b[0]!)).toEqual(expected.sort((a, b) => a[0] - b[0]));
  });

  it('still reads the times when one is stored as a fraction of a millisecond', () => {
    const at = NOW - DAY / 2;
    const id = insert.run(contact, 'tender', 'closed', null, null, null, at + 0.5, null, null, null, at, at).lastInsertRowid;
    const { openedAt, respondedAt } = store.tickets.firstResponses(new Date(NOW - DAY), new Date(NOW));
    const i = openedAt.indexOf(at);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(respondedAt[i]).toBe(at + 0.5);
    sqlite.prepare(`delete from tickets where id = ?`).run(id);
  });

  it('returns no times for a period without answered tickets', () => {
    const { openedAt, respondedAt } = store.tickets.firstResponses(new Date(NOW + DAY), new Date(NOW + 2 * DAY));
    expect([openedAt.length, respondedAt.length]).toEqual([0, 0]);
  });

  afterAll(() => store.close());
});
