import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { recordingStore } from '../support/recording-store.js';

/**
 * Every statement the store prepares (most are prepared once, when the store opens), with the
 * plan SQLite chooses for it: the test judges the queries the repositories really run.
 */
function preparedStatements(): { store: Store; plan(match: RegExp): string } {
  const { store, statements: sources } = recordingStore((s) => {
    s.outbox.due('telegram', new Date(), 50);
    s.inbound.recentTexts('telegram', '42', 4);
    s.tickets.attachments(1);
    s.faq.periodStats(new Date(0), new Date());
  });
  return {
    store,
    plan(match) {
      const found = sources.filter((s) => match.test(s) && !/^\s*(create|pragma|insert|update|delete)/i.test(s));
      expect(found.length, `a statement matching ${match}`).toBeGreaterThan(0);
      return found
        .map((source) => {
          const params = (source.match(/\?/g) ?? []).map(() => 1);
          const rows = store.handle.sqlite.prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as Array<{ detail: string }>;
          return rows.map((r) => r.detail).join(' | ');
        })
        .join('\n');
    },
  };
}

describe('lookup indexes', () => {
  const { store, plan } = preparedStatements();

  it('finds an earlier pending row of a chat without walking the chat’s whole history', () => {
    expect(plan(/not exists \(select 1 from outbox o2/)).toContain('SEARCH o2 USING INDEX outbox_chat_pending');
  });

  it('reads a chat’s latest messages by index', () => {
    expect(plan(/select "text" from "inbound_messages"/)).toContain('USING INDEX inbound_chat');
  });

  it('reads a ticket’s files by index', () => {
    expect(plan(/from "ticket_attachments"/)).toContain('USING INDEX ticket_attachments_ticket');
  });

  it('counts a period’s unanswered questions and feedback by index', () => {
    expect(plan(/from "unmatched_questions"/)).toMatch(/USING (COVERING )?INDEX unmatched_questions_created/);
    expect(plan(/from "faq_feedback"/)).toMatch(/USING (COVERING )?INDEX faq_feedback_created/);
  });

  afterAll(() => store.close());
});
