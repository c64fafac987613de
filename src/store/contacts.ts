import { and, asc, desc, eq, like } from 'drizzle-orm';
import type { ChannelName } from '../core/channel.js';
import type { Db } from './db.js';
import { contacts } from './schema.js';

import type { Contact } from '../core/contact.js';

export type { Contact };

export interface ContactIdentity {
  channel: ChannelName;
  userId: string;
  chatId: string;
  displayName?: string | undefined;
  /** Digits only; kept when not given (see InboundMessage.phone). */
  phone?: string | undefined;
}

export interface ContactsRepo {
  /** Finds or creates the contact and refreshes its chat, name and last-seen time. */
  touch(identity: ContactIdentity, now: Date): Contact;
  find(channel: ChannelName, userId: string): Contact | undefined;
  byId(id: number): Contact | undefined;
  /**
   * The most recently seen contact with this phone number (digits), e.g. a WhatsApp LID identity;
   * `userIdSuffix` keeps only contacts whose userId ends with it (`@lid`).
   */
  findByPhone(channel: ChannelName, phone: string, userIdSuffix?: string): Contact | undefined;
  setSubscribed(id: number, subscribed: boolean): void;
  /** Everyone who asked for announcements, oldest first. */
  subscribers(): Contact[];
}

export function createContactsRepo(db: Db): ContactsRepo {
  const find = (channel: ChannelName, userId: string) =>
    db
      .select()
      .from(contacts)
      .where(and(eq(contacts.channel, channel), eq(contacts.userId, userId)))
      .get();
  return {
    touch(identity, now) {
      const row = db
        .insert(contacts)
        .values({
          channel: identity.channel,
          userId: identity.userId,
          chatId: identity.chatId,
          displayName: identity.displayName ?? null,
          phone: identity.phone ?? null,
          createdAt: now,
          lastSeenAt: now,
        })
        .onConflictDoUpdate({
          target: [contacts.channel, contacts.userId],
          set: {
            chatId: identity.chatId,
            lastSeenAt: now,
            ...(identity.displayName ? { displayName: identity.displayName } : {}),
            ...(identity.phone ? { phone: identity.phone } : {}),
          },
        })
        .returning()
        .get();
      return row;
    },
    find,
    byId: (id) => db.select().from(contacts).where(eq(contacts.id, id)).get(),
    findByPhone: (channel, phone, userIdSuffix) =>
      db
        .select()
        .from(contacts)
        .where(
          and(
            eq(contacts.channel, channel),
            eq(contacts.phone, phone),
            userIdSuffix ? like(contacts.userId, `%${userIdSuffix}`) : undefined,
          ),
        )
        .orderBy(desc(contacts.lastSeenAt))
        .limit(1)
        .get(),
    setSubscribed(id, subscribed) {
      db.update(contacts).set({ subscribed }).where(eq(contacts.id, id)).run();
    },
    subscribers: () => db.select().from(contacts).where(eq(contacts.subscribed, true)).orderBy(asc(contacts.id)).all(),
  };
}
