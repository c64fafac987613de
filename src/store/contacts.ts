import { and, asc, desc, eq, inArray, like, or } from 'drizzle-orm';
import type { ChannelName } from '../core/channel.js';
import type { Db } from './db.js';
import { clientOf, rowReader } from './fast.js';
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
  /**
   * Keeps the details a person left for staff. With `replace` (the web chat's contact form, the
   * whole of what the person wants known) a name, phone or e-mail left empty is erased.
   */
  saveDetails(identity: ContactIdentity, details: { email?: string | undefined; replace?: boolean }, now: Date): Contact;
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
  // Every message touches its contact: a raw statement prepared once, its row decoded as drizzle
  // would (fast.ts). A name or phone not given keeps the stored one.
  const rows = rowReader(db, contacts);
  const upsert = clientOf(db)
    .prepare<[string, string, string, string | null, string | null, number, number], unknown[]>(
      `insert into contacts (channel, user_id, chat_id, display_name, phone, created_at, last_seen_at)
         values (?, ?, ?, ?, ?, ?, ?)
         on conflict (channel, user_id) do update set
           chat_id = excluded.chat_id,
           last_seen_at = excluded.last_seen_at,
           display_name = coalesce(excluded.display_name, contacts.display_name),
           phone = coalesce(excluded.phone, contacts.phone)
         returning ${rows.columns}`,
    )
    .raw(true);
  const byPerson = rows.prepare('where person_id = ? order by id asc');
  function touch(identity: ContactIdentity, now: Date): Contact {
    const at = now.getTime();
    const row = upsert.get(
      identity.channel,
      identity.userId,
      identity.chatId,
      // An empty name is no name (as before: only a given one replaces the stored one).
      identity.displayName || null,
      identity.phone || null,
      at,
      at,
    );
    return rows.decode(row!);
  }
  return {
    touch,
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
      const contact = touch(identity, now);
      if (details.replace)
        return db
          .update(contacts)
          .set({ displayName: identity.displayName ?? null, phone: identity.phone ?? null, email: details.email ?? null })
          .where(eq(contacts.id, contact.id))
          .returning()
          .get()!;
      if (!details.email) return contact;
      return db.update(contacts).set({ email: details.email }).where(eq(contacts.id, contact.id)).returning().get()!;
    },
    setSubscribed(id, subscribed) {
      db.update(contacts).set({ subscribed }).where(eq(contacts.id, id)).run();
    },
    subscribers: () => db.select().from(contacts).where(eq(contacts.subscribed, true)).orderBy(asc(contacts.id)).all(),
    linked(contact) {
      if (contact.personId === null) return [contact];
      const all = byPerson.all(contact.personId);
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
