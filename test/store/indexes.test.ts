import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';

/** The plan SQLite chooses for every statement `run` prepares, one line per statement. */
function plansOf(store: Store, run: () => void): string[] {
  const { sqlite } = store.handle;
  const prepare = sqlite.prepare.bind(sqlite);
  const statements: string[] = [];
  sqlite.prepare = ((source: string) => {
    statements.push(source);
    return prepare(source);
  }) as typeof sqlite.prepare;
  try {
    run();
  } finally {
    sqlite.prepare = prepare;
  }
  return statements.map((source) => {
    const params = (source.match(/\?/g) ?? []).map(() => 1);
    const rows = prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as Array<{ detail: string }>;
    return rows.map((r) => r.detail).join(' | ');
  });
}

describe('lookup indexes', () => {
  const store = openStore(':memory:');

  it('finds an earlier pending row of a chat without walking the chat’s whole history', () => {
    const [plan] = plansOf(store, () => store.outbox.due('telegram', new Date(), 50));
    expect(plan).toContain('SEARCH o2 USING INDEX outbox_chat_pending');
  });

  it('reads a chat’s latest messages by index', () => {
    const [plan] = plansOf(store, () => store.inbound.recentTexts('telegram', '42', 4));
    expect(plan).toContain('USING INDEX inbound_chat');
  });

  it('reads a ticket’s files by index', () => {
    const [plan] = plansOf(store, () => store.tickets.attachments(1));
    expect(plan).toContain('USING INDEX ticket_attachments_ticket');
  });

  it('counts a period’s unanswered questions and feedback by index', () => {
    const plans = plansOf(store, () => store.faq.periodStats(new Date(0), new Date()));
    expect(plans.join('\n')).toMatch(/USING (COVERING )?INDEX unmatched_questions_created/);
    expect(plans.join('\n')).toMatch(/USING (COVERING )?INDEX faq_feedback_created/);
  });
});
