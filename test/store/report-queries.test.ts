import { afterAll, describe, expect, it } from 'vitest';
import { recordingStore } from '../support/recording-store.js';
import { insertVariedTickets } from '../support/varied-tickets.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 3);

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
  const { contact, insert } = insertVariedTickets(sqlite, {
    count: 400,
    now: NOW,
    spanDays: 60,
    seed: 11,
    categories: ['spse-akun', 'tender', 'lainnya'],
    statuses: ['new', 'in_progress', 'waiting_user', 'escalated', 'resolved', 'closed'],
  });

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
