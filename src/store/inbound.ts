import type { InboundMessage } from '../core/message.js';
import type { Db } from './db.js';
import { inboundMessages } from './schema.js';

export interface InboundRepo {
  /** Records a delivery; false when the same (channel, externalId) was already recorded. */
  record(msg: InboundMessage, handledAt: Date): boolean;
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
  };
}
