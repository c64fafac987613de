import { and, count, desc, eq } from 'drizzle-orm';
import type { ChannelName, Choice, OutboundMessage } from '../core/channel.js';
import type { Db } from './db.js';
import { clientOf, rowReader } from './fast.js';
import { outbox, type OutboxStatus } from './schema.js';

export type OutboxRow = typeof outbox.$inferSelect;

/** A stored row back in the port's shape, as the channel adapters render it. */
export function rowToOutbound(row: OutboxRow): OutboundMessage {
  return {
    channel: row.channel,
    chatId: row.chatId,
    text: row.text,
    ...(row.choices ? { choices: row.choices } : {}),
    ...(row.replyToRef ? { replyToRef: row.replyToRef } : {}),
    ...(row.dedupeKey ? { dedupeKey: row.dedupeKey } : {}),
    ...(row.ticketId !== null ? { ticketId: row.ticketId } : {}),
    ...(row.ticketTitle !== null ? { ticket: { title: row.ticketTitle, closed: row.ticketClosed === true } } : {}),
    ...(row.replyTarget ? { replyTarget: true } : {}),
    ...(row.priority > 0 ? { bulk: true } : {}),
    ...(row.attachments ? { attachments: row.attachments } : {}),
    ...(row.files ? { files: row.files } : {}),
  };
}

export interface OutboxRepo {
  /** Queues messages; one whose dedupeKey was queued before is skipped. Returns the new row ids. */
  enqueue(messages: readonly OutboundMessage[], now: Date): number[];
  /**
   * Pending rows of a channel that are due, oldest first. A chat whose earlier row is still
   * waiting out a back-off is held back entirely, so one chat never sees messages out of order.
   */
  due(channel: ChannelName, now: Date, limit: number): OutboxRow[];
  markSent(id: number, sentRef: string | undefined, now: Date): void;
  /** Schedules another try; a rate limit (`countAttempt` false) does not use up the row's attempts. */
  markRetry(id: number, nextAttemptAt: Date, error: string, countAttempt?: boolean): void;
  markFailed(id: number, error: string): void;
  /**
   * The earliest future time a pending row of the channel becomes due. Rows already due are left
   * out: after a drain they are only the ones held behind a backing-off row of the same chat.
   */
  nextDueAt(channel: ChannelName, after: Date): Date | undefined;
  countByStatus(channel?: ChannelName): Record<OutboxStatus, number>;
  byId(id: number): OutboxRow | undefined;
  /** The newest message queued for a chat: its choices are the ones a reply "2" picks from. */
  lastTo(channel: ChannelName, chatId: string): OutboxRow | undefined;
  /** Of the newest message queued for a chat, only what a reply "2" needs: its choices and when it was queued. */
  lastChoicesTo(channel: ChannelName, chatId: string): Pick<OutboxRow, 'choices' | 'createdAt'> | undefined;
  /** The ticket a reply goes to: found by the platform id of the notice replied to (reply targets only). */
  ticketOfSent(channel: ChannelName, chatId: string, sentRef: string): number | undefined;
  /** Sent rows that got this platform id (outbox.sent_ref), newest first. */
  bySentRef(channel: ChannelName, sentRef: string): OutboxRow[];
}

export function createOutboxRepo(db: Db): OutboxRepo {
  // The outbox is written and read for every message: its statements are prepared once.
  // Raw better-sqlite3 for the insert: drizzle's prepared insert still maps every value per row,
  // which made a 10,000-subscriber broadcast a second-long transaction. Values as the schema
  // stores them: JSON text, booleans as 0/1, times as milliseconds.
  const insert = clientOf(db).prepare<unknown[]>(
    `insert into outbox (channel, chat_id, text, choices, reply_to_ref, dedupe_key, ticket_id, ticket_title,
         ticket_closed, reply_target, priority, attachments, files, next_attempt_at, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict do nothing`,
  );
  // Read for every drain and every message (a reply "2" picks from the newest one's choices), so
  // raw statements with their rows decoded once per table (see fast.ts). Times bind as milliseconds.
  const rows = rowReader(db, outbox);
  // A person waiting for an answer goes before an announcement to thousands; each chat keeps its order.
  const dueRows = rows.prepareLimited(
    `where status = 'pending' and channel = ? and next_attempt_at <= ?
       and not exists (select 1 from outbox o2 where o2.channel = outbox.channel
         and o2.chat_id = outbox.chat_id and o2.status = 'pending'
         and o2.id < outbox.id and o2.next_attempt_at > ?)
     order by priority asc, id asc`,
  );
  const sqlite = clientOf(db);
  // Asked after every drain (when to wake next): prepared once, like the rows above.
  const nextDue = sqlite.prepare<[string, number], { at: number | null }>(
    `select min(next_attempt_at) as at from outbox where status = 'pending' and channel = ? and next_attempt_at > ?`,
  );
  const sent = sqlite.prepare<[string | null, number, number]>(
    `update outbox set status = 'sent', sent_ref = ?, sent_at = ?, attempts = attempts + 1, last_error = null where id = ?`,
  );
  const retry = sqlite.prepare<[number, number, string, number]>(
    `update outbox set attempts = attempts + ?, next_attempt_at = ?, last_error = ? where id = ?`,
  );
  const failed = sqlite.prepare<[string, number]>(
    `update outbox set status = 'failed', attempts = attempts + 1, last_error = ? where id = ?`,
  );
  const newest = rows.prepare(`where channel = ? and chat_id = ? order by id desc limit 1`);
  const newestChoices = sqlite
    .prepare<[string, string], [string | null, number]>(
      `select choices, created_at from outbox where channel = ? and chat_id = ? order by id desc limit 1`,
    )
    .raw(true);
  return {
    enqueue(messages, now) {
      const ids: number[] = [];
      const at = now.getTime();
      for (const m of messages) {
        const { changes, lastInsertRowid } = insert.run(
          m.channel,
          m.chatId,
          m.text,
          m.choices && m.choices.length > 0 ? JSON.stringify(m.choices) : null,
          m.replyToRef ?? null,
          m.dedupeKey ?? null,
          m.ticketId ?? null,
          m.ticket?.title ?? null,
          m.ticket ? (m.ticket.closed ? 1 : 0) : null,
          m.replyTarget === true ? 1 : 0,
          m.bulk === true ? 1 : 0,
          m.attachments && m.attachments.length > 0 ? JSON.stringify(m.attachments) : null,
          m.files && m.files.length > 0 ? JSON.stringify(m.files) : null,
          at,
          at,
        );
        // A dedupe key queued before inserts nothing (and leaves lastInsertRowid stale).
        if (changes > 0) ids.push(Number(lastInsertRowid));
      }
      return ids;
    },
    due: (channel, now, limit) => dueRows.all(limit, channel, now.getTime(), now.getTime()),
    markSent(id, sentRef, now) {
      sent.run(sentRef ?? null, now.getTime(), id);
    },
    markRetry(id, nextAttemptAt, error, countAttempt = true) {
      retry.run(countAttempt ? 1 : 0, nextAttemptAt.getTime(), error, id);
    },
    markFailed(id, error) {
      failed.run(error, id);
    },
    nextDueAt(channel, after) {
      const row = nextDue.get(channel, after.getTime());
      return row?.at == null ? undefined : new Date(row.at);
    },
    countByStatus(channel) {
      const rows = db
        .select({ status: outbox.status, n: count() })
        .from(outbox)
        .where(channel ? eq(outbox.channel, channel) : undefined)
        .groupBy(outbox.status)
        .all();
      const out: Record<OutboxStatus, number> = { pending: 0, sent: 0, failed: 0 };
      for (const r of rows) out[r.status] = r.n;
      return out;
    },
    byId: (id) => db.select().from(outbox).where(eq(outbox.id, id)).get(),
    lastTo: (channel, chatId) => newest.get(channel, chatId),
    lastChoicesTo(channel, chatId) {
      const row = newestChoices.get(channel, chatId);
      return row && { choices: row[0] === null ? null : (JSON.parse(row[0]) as Choice[]), createdAt: new Date(row[1]) };
    },
    ticketOfSent(channel, chatId, sentRef) {
      const row = db
        .select({ ticketId: outbox.ticketId })
        .from(outbox)
        .where(
          and(eq(outbox.channel, channel), eq(outbox.chatId, chatId), eq(outbox.sentRef, sentRef), eq(outbox.replyTarget, true)),
        )
        .orderBy(desc(outbox.id))
        .limit(1)
        .get();
      return row?.ticketId ?? undefined;
    },
    bySentRef: (channel, sentRef) =>
      db
        .select()
        .from(outbox)
        .where(and(eq(outbox.channel, channel), eq(outbox.sentRef, sentRef), eq(outbox.status, 'sent')))
        .orderBy(desc(outbox.id))
        .all(),
  };
}
