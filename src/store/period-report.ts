import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { ChannelName } from '../core/channel.js';
import type { TicketStatus } from '../tickets/ticket.js';
import type { Db } from './db.js';
import { reportDeliveries, ticketEvents, tickets } from './schema.js';

/**
 * What the periodic report (src/reports) reads about tickets: only numbers, categories, times and
 * statuses; never names, phone numbers, chats or descriptions.
 */
export interface ReportTicketRow {
  id: number;
  category: string;
  channel: ChannelName;
  status: TicketStatus;
  externalParty: string | null;
  externalRef: string | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  rating: number | null;
  createdAt: Date;
}

/** A status change of a ticket (events that moved it from one status to another). */
export interface ReportStatusEvent {
  ticketId: number;
  at: Date;
  kind: string;
  toStatus: TicketStatus;
}

export interface PeriodReportRepo {
  /**
   * Tickets that were alive at some time in [from, to): opened before `to` and not finished
   * (resolved or closed) before `from`. Oldest first.
   */
  ticketsTouching(from: Date, to: Date): ReportTicketRow[];
  /** The status changes of the given tickets, in order. */
  statusEvents(ticketIds: readonly number[]): ReportStatusEvent[];
  /** Ratings given in [from, to): the ticket and the value (the last one given in the period). */
  ratingsBetween(from: Date, to: Date): Array<{ ticketId: number; rating: number }>;
  /** Records a report to send; false when one with the same dedupe key was recorded before. */
  requestDelivery(d: Omit<ReportDelivery, 'id' | 'attempts'>, now: Date): boolean;
  /** Reports waiting to be sent, oldest first. */
  pendingDeliveries(limit: number): ReportDelivery[];
  markDelivered(id: number, now: Date): void;
  /** A failed attempt: pending again until `maxAttempts`, then failed for good. */
  markAttemptFailed(id: number, error: string, maxAttempts: number): void;
}

export interface ReportDelivery {
  id: number;
  period: string;
  channel: ChannelName;
  chatId: string;
  reason: 'request' | 'schedule';
  dedupeKey: string | null;
  attempts: number;
}

const CHUNK = 500;

export function createPeriodReportRepo(db: Db): PeriodReportRepo {
  return {
    ticketsTouching(from, to) {
      return db
        .select({
          id: tickets.id,
          category: tickets.category,
          channel: tickets.channel,
          status: tickets.status,
          externalParty: tickets.externalParty,
          externalRef: tickets.externalRef,
          firstResponseDueAt: tickets.firstResponseDueAt,
          resolutionDueAt: tickets.resolutionDueAt,
          firstRespondedAt: tickets.firstRespondedAt,
          resolvedAt: tickets.resolvedAt,
          closedAt: tickets.closedAt,
          rating: tickets.rating,
          createdAt: tickets.createdAt,
        })
        .from(tickets)
        .where(
          and(
            lt(tickets.createdAt, to),
            or(
              gte(tickets.createdAt, from),
              and(isNull(tickets.resolvedAt), isNull(tickets.closedAt)),
              gte(tickets.resolvedAt, from),
              gte(tickets.closedAt, from),
            ),
          ),
        )
        .orderBy(asc(tickets.createdAt), asc(tickets.id))
        .all();
    },
    statusEvents(ticketIds) {
      const out: ReportStatusEvent[] = [];
      for (let i = 0; i < ticketIds.length; i += CHUNK) {
        const rows = db
          .select({
            ticketId: ticketEvents.ticketId,
            at: ticketEvents.at,
            kind: ticketEvents.kind,
            toStatus: ticketEvents.toStatus,
          })
          .from(ticketEvents)
          .where(and(inArray(ticketEvents.ticketId, ticketIds.slice(i, i + CHUNK)), isNotNull(ticketEvents.toStatus)))
          .orderBy(asc(ticketEvents.ticketId), asc(ticketEvents.at), asc(ticketEvents.id))
          .all();
        for (const r of rows) out.push({ ...r, toStatus: r.toStatus! });
      }
      return out;
    },
    ratingsBetween(from, to) {
      const rows = db
        .select({ ticketId: ticketEvents.ticketId, text: ticketEvents.text })
        .from(ticketEvents)
        .where(and(eq(ticketEvents.kind, 'rating'), gte(ticketEvents.at, from), lt(ticketEvents.at, to)))
        .orderBy(asc(ticketEvents.at), asc(ticketEvents.id))
        .all();
      const last = new Map<number, number>();
      for (const r of rows) {
        const value = Number(r.text);
        if (Number.isInteger(value)) last.set(r.ticketId, value);
      }
      return [...last].map(([ticketId, rating]) => ({ ticketId, rating }));
    },
    requestDelivery(d, now) {
      const result = db
        .insert(reportDeliveries)
        .values({
          period: d.period,
          channel: d.channel,
          chatId: d.chatId,
          reason: d.reason,
          dedupeKey: d.dedupeKey,
          requestedAt: now,
        })
        .onConflictDoNothing()
        .run();
      return result.changes > 0;
    },
    pendingDeliveries(limit) {
      return db
        .select({
          id: reportDeliveries.id,
          period: reportDeliveries.period,
          channel: reportDeliveries.channel,
          chatId: reportDeliveries.chatId,
          reason: reportDeliveries.reason,
          dedupeKey: reportDeliveries.dedupeKey,
          attempts: reportDeliveries.attempts,
        })
        .from(reportDeliveries)
        .where(eq(reportDeliveries.status, 'pending'))
        .orderBy(asc(reportDeliveries.id))
        .limit(limit)
        .all();
    },
    markDelivered(id, now) {
      db.update(reportDeliveries).set({ status: 'sent', sentAt: now }).where(eq(reportDeliveries.id, id)).run();
    },
    markAttemptFailed(id, error, maxAttempts) {
      const row = db
        .select({ attempts: reportDeliveries.attempts })
        .from(reportDeliveries)
        .where(eq(reportDeliveries.id, id))
        .get();
      if (!row) return;
      const attempts = row.attempts + 1;
      db.update(reportDeliveries)
        .set({ attempts, lastError: error.slice(0, 500), status: attempts >= maxAttempts ? 'failed' : 'pending' })
        .where(eq(reportDeliveries.id, id))
        .run();
    },
  };
}
