import { and, desc, eq } from 'drizzle-orm';
import type { DbHandle } from './db.js';
import { outbox } from './schema.js';

/** What the desk sent in one WhatsApp message, as the outbox keeps it (before rendering). */
export interface SentWhatsAppMessage {
  text: string;
  choices: Array<{ id: string; label: string }> | null;
}

/**
 * The desk's own WhatsApp messages, looked up by the id WhatsApp gave them (outbox.sent_ref). A
 * recipient whose phone could not decrypt a message asks for it again, possibly after a restart:
 * Baileys then asks the app for the message (`getMessage`) to encrypt it anew.
 */
export interface WhatsAppMessagesRepo {
  /** The message sent with this key id; `chatId` (the chat it went to) makes the lookup use an index. */
  sent(keyId: string, chatId?: string): SentWhatsAppMessage | undefined;
}

export function createWhatsAppMessagesRepo(handle: DbHandle): WhatsAppMessagesRepo {
  const { db } = handle;
  const select = () => db.select({ text: outbox.text, choices: outbox.choices }).from(outbox);
  return {
    sent(keyId, chatId) {
      if (chatId) {
        const inChat = select()
          .where(and(eq(outbox.channel, 'whatsapp'), eq(outbox.chatId, chatId), eq(outbox.sentRef, keyId)))
          .orderBy(desc(outbox.id))
          .limit(1)
          .get();
        if (inChat) return inChat;
      }
      // The retry may name the chat by the other address (LID for a phone chat, or the reverse).
      return (
        select()
          .where(and(eq(outbox.status, 'sent'), eq(outbox.channel, 'whatsapp'), eq(outbox.sentRef, keyId)))
          .orderBy(desc(outbox.id))
          .limit(1)
          .get() ?? undefined
      );
    },
  };
}
