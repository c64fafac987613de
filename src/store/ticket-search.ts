import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Ticket, TicketStatus } from '../tickets/ticket.js';
import type { Db } from './db.js';
import { contacts, ticketEvents, tickets } from './schema.js';

/** Staff look-ups over tickets: `/cari` and `/antrian saya`. */
export interface TicketSearch {
  /**
   * Tickets whose description, follow-up messages, typed name, company, or contact's chat name or
   * phone contain every word of `query` (case-insensitive), newest first.
   */
  search(query: string, limit: number): Ticket[];
  /** A staff member's tickets in these statuses, oldest first (the queue's order). */
  assignedTo(staffId: number, statuses: readonly TicketStatus[], limit: number): Ticket[];
}

/** At most this many words of a query are used: more only narrows what is already narrow. */
export const MAX_QUERY_WORDS = 8;

/** A word as a LIKE pattern that matches it anywhere, its own % and _ taken literally. */
function containing(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Why LIKE and not FTS5: the desk holds thousands of tickets a year, not millions. A scan of the
 * tickets table (joined to contacts by primary key) newest first stops at `limit` matches; measured
 * on 20 000 tickets (in memory, 12-word descriptions): 5 ms for a common phrase, 70–120 ms for a
 * query that has to read every row (a name, a phone, no match) — fine for a staff command, with
 * no second copy of every text to keep in step by triggers and no migration. Substring matching
 * also finds what tokenised FTS would not: part of a phone number ("3456"), a word inside a
 * compound, an NIB. No index helps a pattern with a leading %, so none is added; the order walks
 * the primary key, and the follow-up messages are reached through ticket_events_ticket.
 */
export function createTicketSearch(db: Db): TicketSearch {
  return {
    search(query, limit) {
      const words = query
        .toLowerCase()
        .split(/\s+/)
        .filter((w) => w.length > 0)
        .slice(0, MAX_QUERY_WORDS);
      if (words.length === 0) return [];
      const conditions = words.map((word): SQL => {
        const pattern = containing(word);
        const like = (column: SQL) => sql`lower(${column}) like ${pattern} escape '\\'`;
        // "0812-3456-789" or "+62 812…" finds the phone stored as digits in international form.
        const digits = word.replace(/[\s+().-]/g, '');
        const phone = /^\d{4,15}$/.test(digits) ? containing(digits.replace(/^0(?=\d)/, '62')) : undefined;
        return or(
          like(sql`${tickets.description}`),
          like(sql`coalesce(${tickets.contactName}, '')`),
          like(sql`coalesce(${tickets.company}, '')`),
          like(sql`coalesce(${contacts.displayName}, '')`),
          ...(phone
            ? [sql`coalesce(${contacts.phone}, '') like ${phone} escape '\\'`, sql`${contacts.userId} like ${phone} escape '\\'`]
            : []),
          sql`exists (select 1 from ${ticketEvents} where ${ticketEvents.ticketId} = ${tickets.id}
                and ${ticketEvents.kind} in ('user_message', 'reopened_by_user')
                and lower(coalesce(${ticketEvents.text}, '')) like ${pattern} escape '\\')`,
        )!;
      });
      return db
        .select({ ticket: tickets })
        .from(tickets)
        .innerJoin(contacts, eq(contacts.id, tickets.contactId))
        .where(and(...conditions))
        .orderBy(desc(tickets.id))
        .limit(limit)
        .all()
        .map((r) => r.ticket);
    },
    assignedTo: (staffId, statuses, limit) =>
      db
        .select()
        .from(tickets)
        .where(and(eq(tickets.assigneeStaffId, staffId), inArray(tickets.status, [...statuses])))
        .orderBy(tickets.createdAt, tickets.id)
        .limit(limit)
        .all(),
  };
}
