import { and, eq, sql } from 'drizzle-orm';
import type { ChannelName } from '../core/channel.js';
import type { Db } from './db.js';
import { rowReader } from './fast.js';
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
  // Read and written for every message: prepared once.
  const where = and(eq(dialogState.channel, sql.placeholder('channel')), eq(dialogState.chatId, sql.placeholder('chatId')));
  // The read is raw (fast.ts): drizzle's prepared select still maps each value per call.
  const select = rowReader(db, dialogState).prepare('where channel = ? and chat_id = ?');
  const upsert = db
    .insert(dialogState)
    .values({
      channel: sql.placeholder('channel'),
      chatId: sql.placeholder('chatId'),
      state: sql.placeholder('state'),
      updatedAt: sql.placeholder('updatedAt'),
    })
    .onConflictDoUpdate({
      target: [dialogState.channel, dialogState.chatId],
      set: { state: sql`excluded.state`, updatedAt: sql`excluded.updated_at` },
    })
    .prepare();
  const remove = db.delete(dialogState).where(where).prepare();
  return {
    get<T>(channel: ChannelName, chatId: string) {
      return select.get(channel, chatId)?.state as T | undefined;
    },
    getWithTime<T>(channel: ChannelName, chatId: string) {
      const row = select.get(channel, chatId);
      return row ? { state: row.state as T, updatedAt: row.updatedAt } : undefined;
    },
    set(channel, chatId, state, now) {
      upsert.run({ channel, chatId, state, updatedAt: now });
    },
    clear(channel, chatId) {
      remove.run({ channel, chatId });
    },
  };
}
