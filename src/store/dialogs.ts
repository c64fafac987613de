import { and, eq } from 'drizzle-orm';
import type { ChannelName } from '../core/channel.js';
import type { Db } from './db.js';
import { dialogState } from './schema.js';

export interface DialogRepo {
  get<T>(channel: ChannelName, chatId: string): T | undefined;
  /** The state with when it was last written, to let stale dialogs lapse. */
  getWithTime<T>(channel: ChannelName, chatId: string): { state: T; updatedAt: Date } | undefined;
  set(channel: ChannelName, chatId: string, state: unknown, now: Date): void;
  clear(channel: ChannelName, chatId: string): void;
}

/** Dialog state per chat, so a restart in the middle of a flow resumes where it was. */
export function createDialogRepo(db: Db): DialogRepo {
  const where = (channel: ChannelName, chatId: string) => and(eq(dialogState.channel, channel), eq(dialogState.chatId, chatId));
  return {
    get<T>(channel: ChannelName, chatId: string) {
      const row = db.select().from(dialogState).where(where(channel, chatId)).get();
      return row?.state as T | undefined;
    },
    getWithTime<T>(channel: ChannelName, chatId: string) {
      const row = db.select().from(dialogState).where(where(channel, chatId)).get();
      return row ? { state: row.state as T, updatedAt: row.updatedAt } : undefined;
    },
    set(channel, chatId, state, now) {
      db.insert(dialogState)
        .values({ channel, chatId, state, updatedAt: now })
        .onConflictDoUpdate({ target: [dialogState.channel, dialogState.chatId], set: { state, updatedAt: now } })
        .run();
    },
    clear(channel, chatId) {
      db.delete(dialogState).where(where(channel, chatId)).run();
    },
  };
}
