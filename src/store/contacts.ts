import { and, asc, desc, eq, inArray, like, or, sql } from 'drizzle-orm';
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
  /**
   * What a person left for staff (the web chat's form): name, phone (digits) and e-mail; a value
   * not given is left as it was. Creates the contact when it has never written.
   */
  saveDetails(identity: ContactIdentity, details: { email?: string | undefined }, now: Date): Contact;
  /** Everyone who asked for announcements, oldest first. */
  subscribers(): Contact[];
  /** The contacts that are the same person as this one (linked with /tautkan), itself first. */
  linked(contact: Contact): Contact[];
  /** Makes two contacts (and whatever each was already linked with) one person. */
  link(a: Contact, b: Contact): void;
  /** Undoes the person: every contact linked with this one stands alone again. */
  unlink(contact: Contact): void;
}

export function createContactsRepo(db: Db): ContactsRepo {
  const find = (channel: ChannelName, userId: string) =>
    db
      .select()
      .from(contacts)
      .where(and(eq(contacts.channel, channel), eq(contacts.userId, userId)))
      .get();
  // Every message touches its contact: prepared once. A name or phone not given keeps the stored one.
  const upsert = db
    .insert(contacts)
    .values({
      channel: sql.placeholder('channel'),
      userId: sql.placeholder('userId'),
      chatId: sql.placeholder('chatId'),
      displayName: sql.placeholder('displayName'),
      phone: sql.placeholder('phone'),
      createdAt: sql.placeholder('now'),
      lastSeenAt: sql.placeholder('now'),
    })
    .onConflictDoUpdate({
      target: [contacts.channel, contacts.userId],
      set: {
        chatId: sql`excluded.chat_id`,
        lastSeenAt: sql`excluded.last_seen_at`,
        displayName: sql`coalesce(excluded.display_name, ${contacts.displayName})`,
        phone: sql`coalesce(excluded.phone, ${contacts.phone})`,
      },
    })
    .returning()
    .prepare();
  return {
    touch(identity, now) {
      return upsert.get({
        channel: identity.channel,
        userId: identity.userId,
        chatId: identity.chatId,
        // An empty name is no name (as before: only a given one replaces the stored one).
        displayName: identity.displayName || null,
        phone: identity.phone || null,
        now,
      })!;
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
    saveDetails(identity, details, now) {
      const contact = upsert.get({
        channel: identity.channel,
        userId: identity.userId,
        chatId: identity.chatId,
        displayName: identity.displayName || null,
        phone: identity.phone || null,
        now,
      })!;
      if (!details.email) return contact;
      return db.update(contacts).set({ email: details.email }).where(eq(contacts.id, contact.id)).returning().get()!;
    },
    setSubscribed(id, subscribed) {
      db.update(contacts).set({ subscribed }).where(eq(contacts.id, id)).run();
    },
    subscribers: () => db.select().from(contacts).where(eq(contacts.subscribed, true)).orderBy(asc(contacts.id)).all(),
    linked(contact) {
      if (contact.personId === null) return [contact];
      const all = db.select().from(contacts).where(eq(contacts.personId, contact.personId)).orderBy(asc(contacts.id)).all();
      return [contact, ...all.filter((c) => c.id !== contact.id)];
    },
    link(a, b) {
      const person = Math.min(a.personId ?? a.id, b.personId ?? b.id);
      const groups = [a.personId, b.personId].filter((p): p is number => p !== null);
      db.update(contacts)
        .set({ personId: person })
        .where(or(inArray(contacts.id, [a.id, b.id]), groups.length ? inArray(contacts.personId, groups) : undefined))
        .run();
    },
    unlink(contact) {
      // The whole person, not only this chat: a stranger linked in by a trick must not stay linked.
      if (contact.personId !== null)
        db.update(contacts).set({ personId: null }).where(eq(contacts.personId, contact.personId)).run();
    },
  };
}
