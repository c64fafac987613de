import type { ChannelName, InboundMessage } from '../core/channel.js';
import type { Db } from './db.js';
import { clientOf, limited } from './fast.js';

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
  const recent = limited((n) =>
    clientOf(db)
      .prepare<[string, string], string>(
        `select "text" from "inbound_messages" where channel = ? and chat_id = ? order by id desc limit ${n}`,
      )
      .pluck(),
  );
  return {
    record(msg, handledAt) {
      const { channel, externalId, chatId, userId, text, receivedAt } = msg;
      return insert.run(channel, externalId, chatId, userId, text, receivedAt.getTime(), handledAt.getTime()).changes === 1;
    },
    recentTexts: (channel, chatId, limit) => recent(limit).all(channel, chatId),
  };
}
