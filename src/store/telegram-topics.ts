import { and, eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { telegramTopics } from './schema.js';

export type TelegramTopic = typeof telegramTopics.$inferSelect;

export interface TelegramTopicsRepo {
  byTicket(ticketId: number): TelegramTopic | undefined;
  /** The ticket whose topic this is, for a staff message written inside it. */
  ticketOfThread(chatId: string, threadId: number): number | undefined;
  /** Records (or replaces, when the old topic was deleted) the topic of a ticket. */
  set(ticketId: number, chatId: string, threadId: number, now: Date): void;
  setClosed(ticketId: number, closed: boolean): void;
  remove(ticketId: number): void;
}

export function createTelegramTopicsRepo(db: Db): TelegramTopicsRepo {
  return {
    byTicket: (ticketId) => db.select().from(telegramTopics).where(eq(telegramTopics.ticketId, ticketId)).get(),
    ticketOfThread: (chatId, threadId) =>
      db
        .select({ ticketId: telegramTopics.ticketId })
        .from(telegramTopics)
        .where(and(eq(telegramTopics.chatId, chatId), eq(telegramTopics.threadId, threadId)))
        .get()?.ticketId,
    set(ticketId, chatId, threadId, now) {
      db.insert(telegramTopics)
        .values({ ticketId, chatId, threadId, closed: false, createdAt: now })
        .onConflictDoUpdate({ target: telegramTopics.ticketId, set: { chatId, threadId, closed: false, createdAt: now } })
        .run();
    },
    setClosed(ticketId, closed) {
      db.update(telegramTopics).set({ closed }).where(eq(telegramTopics.ticketId, ticketId)).run();
    },
    remove(ticketId) {
      db.delete(telegramTopics).where(eq(telegramTopics.ticketId, ticketId)).run();
    },
  };
}
