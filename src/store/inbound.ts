import { and, desc, eq, sql } from 'drizzle-orm';
import type { ChannelName, InboundMessage } from '../core/channel.js';
import type { Db } from './db.js';
import { clientOf } from './fast.js';
import { inboundMessages } from './schema.js';

export interface InboundRepo {
  /** Records a delivery; false when the same (channel, externalId) was already recorded. */
  record(msg: InboundMessage, handledAt: Date): boolean;
  /** The chat's latest messages, newest first (the one being handled included). */
  recentTexts(channel: ChannelName, chatId: string, limit: number): string[];
}

export function createInboundRepo(db: Db): InboundRepo {
  // The desk's hot path: prepared once, not rebuilt by drizzle on every message; the insert raw
  // (fast.ts), since drizzle's prepared statements still map every value. Times as milliseconds.
  const insert = clientOf(db).prepare<[string, string, string, string, string, number, number]>(
    `insert into inbound_messages (channel, external_id, chat_id, user_id, text, received_at, handled_at)
       values (?, ?, ?, ?, ?, ?, ?)
       on conflict do nothing`,
  );
  const recent = db
    .select({ text: inboundMessages.text })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.channel, sql.placeholder('channel')), eq(inboundMessages.chatId, sql.placeholder('chatId'))))
    .orderBy(desc(inboundMessages.id))
    .limit(sql.placeholder('limit'))
    .prepare();
  return {
    record(msg, handledAt) {
      const { channel, externalId, chatId, userId, text, receivedAt } = msg;
      return insert.run(channel, externalId, chatId, userId, text, receivedAt.getTime(), handledAt.getTime()).changes === 1;
    },
    recentTexts: (channel, chatId, limit) => recent.all({ channel, chatId, limit }).map((r) => r.text),
  };
}
