import { and, eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { contacts } from './schema.js';

/**
 * The phone number behind a WhatsApp contact. WhatsApp now addresses most people by a LID (a
 * number that is not their phone), while staff are configured by phone number: the adapter
 * records the phone here whenever WhatsApp tells it, before the desk sees the message.
 *
 * Works on the same `contacts` rows the desk uses (channel 'whatsapp', same userId), so the desk's
 * own `touch` later finds the row and keeps the phone.
 */
export interface WhatsAppIdentityRepo {
  /** Creates the contact when it does not exist yet and sets its phone (digits only). */
  recordPhone(identity: { userId: string; chatId: string; displayName?: string | undefined }, phone: string, now: Date): void;
  /** Sets the phone on an existing contact; returns whether there was one to update. */
  setPhone(userId: string, phone: string): boolean;
  phoneOf(userId: string): string | undefined;
}

const CHANNEL = 'whatsapp';

export function createWhatsAppIdentityRepo(db: Db): WhatsAppIdentityRepo {
  return {
    recordPhone(identity, phone, now) {
      db.insert(contacts)
        .values({
          channel: CHANNEL,
          userId: identity.userId,
          chatId: identity.chatId,
          displayName: identity.displayName ?? null,
          phone,
          createdAt: now,
          lastSeenAt: now,
        })
        .onConflictDoUpdate({ target: [contacts.channel, contacts.userId], set: { phone } })
        .run();
    },
    setPhone(userId, phone) {
      // SQLite counts every row the WHERE matched, so an unchanged phone still says "there was one".
      const where = and(eq(contacts.channel, CHANNEL), eq(contacts.userId, userId));
      return db.update(contacts).set({ phone }).where(where).run().changes > 0;
    },
    phoneOf: (userId) =>
      db
        .select({ phone: contacts.phone })
        .from(contacts)
        .where(and(eq(contacts.channel, CHANNEL), eq(contacts.userId, userId)))
        .get()?.phone ?? undefined,
  };
}
