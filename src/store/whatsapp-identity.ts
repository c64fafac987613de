import { and, eq } from 'drizzle-orm';
import type { DbHandle } from './db.js';
import { contacts, faqFeedback, tickets, unmatchedQuestions } from './schema.js';

type ContactRow = typeof contacts.$inferSelect;

/** What a merge moved from the phone contact onto the LID contact. */
export interface MergeResult {
  /** The LID contact, which is the person's one identity from now on. */
  contactId: number;
  /** The phone contact the history came from, when there was one. */
  fromContactId?: number;
  tickets: number;
  feedback: number;
  unmatched: number;
}

/**
 * One WhatsApp person, two contacts. WhatsApp now addresses most people by a LID (a number that
 * is not their phone); a person who wrote before WhatsApp revealed their LID has a contact keyed
 * on the phone JID. Works on the same `contacts` rows the desk uses (channel 'whatsapp'). The
 * phone itself is recorded by the desk's contacts.touch (InboundMessage.phone).
 */
export interface WhatsAppIdentityRepo {
  /**
   * The contact keyed on the phone JID is merged into the contact keyed on the LID, in one
   * transaction. Tickets, FAQ feedback and unanswered questions move to the LID contact,
   * `subscribed` is kept if either had it, and both carry the phone. The phone contact's row
   * stays (its id is in the history of the tickets it opened) but owns nothing any more and is
   * never subscribed. Without a phone contact only the phone is set on the LID contact (when
   * there is one); returns undefined when neither contact exists.
   */
  merge(lidJid: string, pnJid: string, phone: string): MergeResult | undefined;
}

const CHANNEL = 'whatsapp';

export function createWhatsAppIdentityRepo(handle: DbHandle): WhatsAppIdentityRepo {
  const { db, sqlite } = handle;
  const whereUser = (userId: string) => and(eq(contacts.channel, CHANNEL), eq(contacts.userId, userId));
  const find = (userId: string): ContactRow | undefined => db.select().from(contacts).where(whereUser(userId)).get();

  const merge = sqlite.transaction((lidJid: string, pnJid: string, phone: string): MergeResult | undefined => {
    const pn = find(pnJid);
    let lid = find(lidJid);
    if (!pn) {
      if (!lid) return undefined;
      db.update(contacts).set({ phone }).where(eq(contacts.id, lid.id)).run();
      return { contactId: lid.id, tickets: 0, feedback: 0, unmatched: 0 };
    }
    if (!lid) {
      // The person is known only by phone so far: the LID identity starts where that one is.
      lid = db
        .insert(contacts)
        .values({
          channel: CHANNEL,
          userId: lidJid,
          chatId: pn.chatId,
          displayName: pn.displayName,
          phone,
          subscribed: pn.subscribed,
          personId: pn.personId,
          createdAt: pn.createdAt,
          lastSeenAt: pn.lastSeenAt,
        })
        .returning()
        .get();
    } else {
      db.update(contacts)
        .set({
          phone,
          subscribed: lid.subscribed || pn.subscribed,
          // A link the person made (/tautkan) from their phone identity follows them.
          personId: lid.personId ?? pn.personId,
          displayName: lid.displayName ?? pn.displayName,
          createdAt: lid.createdAt.getTime() <= pn.createdAt.getTime() ? lid.createdAt : pn.createdAt,
        })
        .where(eq(contacts.id, lid.id))
        .run();
    }
    const to = lid.id;
    const from = pn.id;
    const moved = {
      tickets: db.update(tickets).set({ contactId: to }).where(eq(tickets.contactId, from)).run().changes,
      feedback: db.update(faqFeedback).set({ contactId: to }).where(eq(faqFeedback.contactId, from)).run().changes,
      unmatched: db.update(unmatchedQuestions).set({ contactId: to }).where(eq(unmatchedQuestions.contactId, from)).run().changes,
    };
    // Announcements reach the person once, through the LID contact.
    db.update(contacts).set({ phone, subscribed: false }).where(eq(contacts.id, from)).run();
    return { contactId: to, fromContactId: from, ...moved };
  });

  return { merge: (lidJid, pnJid, phone) => merge(lidJid, pnJid, phone) };
}
