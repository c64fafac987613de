import { and, asc, count, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Attachment, ChannelName } from '../core/channel.js';
import type { Db } from './db.js';
import { rowReader } from './fast.js';
import { createReportQueries, type ReportQueries } from './report-queries.js';
import type { Ticket, TicketAttachment, TicketEventRow, TicketPatch, TicketStatus } from '../tickets/ticket.js';
import { ticketAttachments, ticketEvents, tickets } from './schema.js';

export type { Ticket, TicketEventRow, TicketPatch };
export type NewTicket = Omit<typeof tickets.$inferInsert, 'id'>;

export interface NewTicketEvent {
  ticketId: number;
  at: Date;
  actorKind: 'user' | 'staff' | 'system';
  actorId: string | null;
  kind: string;
  fromStatus?: TicketStatus | null;
  toStatus?: TicketStatus | null;
  text?: string | null;
}

export interface TicketsRepo extends ReportQueries {
  insert(t: NewTicket): Ticket;
  byId(id: number): Ticket | undefined;
  update(id: number, patch: TicketPatch): Ticket;
  /** Appends to the ticket's history; rows are never updated or deleted. */
  addEvent(e: NewTicketEvent): TicketEventRow;
  events(ticketId: number): TicketEventRow[];
  addAttachments(ticketId: number, channel: ChannelName, files: readonly Attachment[], now: Date): void;
  attachments(ticketId: number): TicketAttachment[];
  /** A contact's tickets, newest first. */
  byContact(contactId: number, limit: number): Ticket[];
  /** The tickets of these contacts (one person's), newest first. */
  byContacts(contactIds: readonly number[], limit: number): Ticket[];
  byStatus(statuses: readonly TicketStatus[], limit: number): Ticket[];
  countByStatus(statuses: readonly TicketStatus[]): number;
  resolvedBefore(cutoff: Date): Ticket[];
  /** Tickets opened in [from, to], oldest first: the report's population. */
  createdBetween(from: Date, to: Date): Ticket[];
  /** The newest event of a kind on a ticket (when it was escalated, say). */
  lastEvent(ticketId: number, kind: string): TicketEventRow | undefined;
}

export function createTicketsRepo(db: Db): TicketsRepo {
  // Read by most staff commands and every ticket notice: prepared once.
  // Raw statements with rows decoded once per table (fast.ts): drizzle maps each of a ticket's
  // columns through its generic machinery, which cost more than the query.
  const rows = rowReader(db, tickets);
  const byId = rows.prepare('where id = ?');
  // A user's own tickets are read for nearly every message (is staff waiting for their answer?);
  // a contact linked with no other (the usual case) is one indexed query.
  const byContact = rows.prepareLimited('where contact_id = ? order by id desc');
  return {
    ...createReportQueries(db),
    insert: (t) => db.insert(tickets).values(t).returning().get(),
    byId: (id) => byId.get(id),
    update: (id, patch) => db.update(tickets).set(patch).where(eq(tickets.id, id)).returning().get()!,
    addEvent: (e) => db.insert(ticketEvents).values(e).returning().get(),
    events: (ticketId) =>
      db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId)).orderBy(asc(ticketEvents.id)).all(),
    addAttachments(ticketId, channel, files, now) {
      for (const f of files) {
        db.insert(ticketAttachments)
          .values({
            ticketId,
            channel,
            kind: f.kind,
            ref: f.ref,
            fileName: f.fileName ?? null,
            mimeType: f.mimeType ?? null,
            messageRef: f.messageRef ?? null,
            chatRef: f.chatRef ?? null,
            createdAt: now,
          })
          .run();
      }
    },
    attachments: (ticketId) =>
      db
        .select()
        .from(ticketAttachments)
        .where(eq(ticketAttachments.ticketId, ticketId))
        .orderBy(asc(ticketAttachments.id))
        .all(),
    byContact: (contactId, limit) => byContact.all(limit, contactId),
    byContacts: (contactIds, limit) =>
      contactIds.length === 1
        ? byContact.all(limit, contactIds[0])
        : db
            .select()
            .from(tickets)
            .where(inArray(tickets.contactId, [...contactIds]))
            .orderBy(desc(tickets.id))
            .limit(limit)
            .all(),
    byStatus: (statuses, limit) =>
      db
        .select()
        .from(tickets)
        .where(inArray(tickets.status, [...statuses]))
        .orderBy(asc(tickets.createdAt), asc(tickets.id))
        .limit(limit)
        .all(),
    createdBetween: (from, to) =>
      db
        .select()
        .from(tickets)
        .where(and(gte(tickets.createdAt, from), lte(tickets.createdAt, to)))
        .orderBy(asc(tickets.id))
        .all(),
    lastEvent: (ticketId, kind) =>
      db
        .select()
        .from(ticketEvents)
        .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.kind, kind)))
        .orderBy(desc(ticketEvents.id))
        .limit(1)
        .get(),
    countByStatus: (statuses) =>
      db
        .select({ n: count() })
        .from(tickets)
        .where(inArray(tickets.status, [...statuses]))
        .get()!.n,
    resolvedBefore: (cutoff) =>
      db
        .select()
        .from(tickets)
        .where(and(eq(tickets.status, 'resolved'), lte(tickets.resolvedAt, cutoff)))
        .all(),
  };
}
