import { and, asc, eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { telegramAlbumParts } from './schema.js';

/** One album part as recorded on arrival: the Bot API message (opaque here) and its update id. */
export interface StoredAlbumPart {
  chatId: string;
  messageId: number;
  mediaGroupId: string;
  updateId: number;
  message: unknown;
}

/** Telegram album parts not yet handed to the desk (they survive a crash). */
export interface TelegramAlbumsRepo {
  /** Records a part; a part recorded before (a redelivery) is left as it is. */
  add(part: StoredAlbumPart, now: Date): void;
  /** Every part not yet handed over, oldest first. */
  pending(): StoredAlbumPart[];
  /** The album was handed to the desk: its parts go. */
  remove(chatId: string, mediaGroupId: string): void;
}

export function createTelegramAlbumsRepo(db: Db): TelegramAlbumsRepo {
  const t = telegramAlbumParts;
  return {
    add(part, now) {
      db.insert(t)
        .values({ ...part, receivedAt: now })
        .onConflictDoNothing()
        .run();
    },
    pending: () =>
      db
        .select({
          chatId: t.chatId,
          messageId: t.messageId,
          mediaGroupId: t.mediaGroupId,
          updateId: t.updateId,
          message: t.message,
        })
        .from(t)
        .orderBy(asc(t.receivedAt), asc(t.updateId))
        .all(),
    remove(chatId, mediaGroupId) {
      db.delete(t)
        .where(and(eq(t.chatId, chatId), eq(t.mediaGroupId, mediaGroupId)))
        .run();
    },
  };
}
