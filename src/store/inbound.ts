import { and, desc, eq } from 'drizzle-orm';
import type { ChannelName, InboundMessage } from '../core/channel.js';
import type { Db } from './db.js';
import { inboundMessages } from './schema.js';

export interface InboundRepo {
  /** Records a delivery; false when the same (channel, externalId) was already recorded. */
  record(msg: InboundMessage, handledAt: Date): boolean;
  /** The chat's latest messages, newest first (the one being handled included). */
  recentTexts(channel: ChannelName, chatId: string, limit: number): string[];
}

export function createInboundRepo(db: Db): InboundRepo {
  return {
    record(msg, handledAt) {
      const result = db
        .insert(inboundMessages)
        .values({
          channel: msg.channel,
          externalId: msg.externalId,
          chatId: msg.chatId,
          userId: msg.userId,
          text: msg.text,
          receivedAt: msg.receivedAt,
          handledAt,
        })
        .onConflictDoNothing()
        .run();
      return result.changes === 1;
    },
    recentTexts: (channel, chatId, limit) =>
      db
        .select({ text: inboundMessages.text })
        .from(inboundMessages)
        .where(and(eq(inboundMessages.channel, channel), eq(inboundMessages.chatId, chatId)))
        .orderBy(desc(inboundMessages.id))
        .limit(limit)
        .all()
        .map((r) => r.text),
  };
}
