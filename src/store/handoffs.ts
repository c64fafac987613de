import { and, eq } from 'drizzle-orm';
import type { ChannelName } from '../core/channel.js';
import type { Db } from './db.js';
import { clientOf } from './fast.js';
import { handoffs } from './schema.js';

/** A chat in conversation with staff on one ticket. */
export interface Handoff {
  ticketId: number;
  /** When staff last wrote to the user on this ticket. */
  staffAt: Date;
  /** When either side last wrote. */
  activeAt: Date;
}

/** Which chats are talking to staff on which ticket (see the `handoffs` table). */
export interface HandoffsRepo {
  get(channel: ChannelName, chatId: string, ticketId: number): Handoff | undefined;
  /** Staff wrote to the user on the ticket: the conversation starts or goes on, newest of the chat's. */
  staffWrote(channel: ChannelName, chatId: string, ticketId: number, now: Date): void;
  /** The user wrote on the ticket: the conversation is not quiet (nothing when there is none). */
  touch(channel: ChannelName, chatId: string, ticketId: number, now: Date): void;
  /** The chat's conversations active after `since`, the one staff wrote to last first. */
  active(channel: ChannelName, chatId: string, since: Date): Handoff[];
  /** The ticket was solved or closed: no chat is in conversation on it any more. */
  end(ticketId: number): void;
  /** The chat is in conversation on no ticket any more (the user chose to ask the bot). */
  leave(channel: ChannelName, chatId: string): void;
}

export function createHandoffsRepo(db: Db): HandoffsRepo {
  const key = (channel: ChannelName, chatId: string, ticketId: number) =>
    and(eq(handoffs.channel, channel), eq(handoffs.chatId, chatId), eq(handoffs.ticketId, ticketId));
  // Asked for every message (is this chat in conversation with staff?): raw statements prepared
  // once (fast.ts), times bound and read as milliseconds.
  const sqlite = clientOf(db);
  const columns = 'select ticket_id, staff_at, active_at from handoffs';
  const toHandoff = ([ticketId, staffAt, activeAt]: [number, number, number]): Handoff => ({
    ticketId,
    staffAt: new Date(staffAt),
    activeAt: new Date(activeAt),
  });
  const one = sqlite
    .prepare<[string, string, number], [number, number, number]>(`${columns} where channel = ? and chat_id = ? and ticket_id = ?`)
    .raw(true);
  const activeRows = sqlite
    .prepare<[string, string, number], [number, number, number]>(
      `${columns} where channel = ? and chat_id = ? and active_at > ? order by staff_at desc, ticket_id desc`,
    )
    .raw(true);
  return {
    get(channel, chatId, ticketId) {
      const row = one.get(channel, chatId, ticketId);
      return row && toHandoff(row);
    },
    staffWrote(channel, chatId, ticketId, now) {
      db.insert(handoffs)
        .values({ channel, chatId, ticketId, staffAt: now, activeAt: now })
        .onConflictDoUpdate({
          target: [handoffs.channel, handoffs.chatId, handoffs.ticketId],
          set: { staffAt: now, activeAt: now },
        })
        .run();
    },
    touch(channel, chatId, ticketId, now) {
      db.update(handoffs)
        .set({ activeAt: now })
        .where(key(channel, chatId, ticketId))
        .run();
    },
    active: (channel, chatId, since) => activeRows.all(channel, chatId, since.getTime()).map(toHandoff),
    end(ticketId) {
      db.delete(handoffs).where(eq(handoffs.ticketId, ticketId)).run();
    },
    leave(channel, chatId) {
      db.delete(handoffs)
        .where(and(eq(handoffs.channel, channel), eq(handoffs.chatId, chatId)))
        .run();
    },
  };
}
