import type { ChannelName } from './channel.js';

/** A person who talks to the desk, one per channel identity (the store keeps them in `contacts`). */
export interface Contact {
  id: number;
  channel: ChannelName;
  userId: string;
  /** The chat to push notifications to (for Telegram the private chat id, for WhatsApp the JID). */
  chatId: string;
  displayName: string | null;
  /** Digits, international form, when the platform revealed it (WhatsApp). */
  phone: string | null;
  /** An e-mail address the person left for staff (the web chat's form). */
  email: string | null;
  subscribed: boolean;
  /**
   * The person this contact belongs to, when the user linked contacts on several channels
   * (`/tautkan`); contacts with the same personId are one person. Null: this contact alone.
   */
  personId: number | null;
  createdAt: Date;
  lastSeenAt: Date;
}

/**
 * How staff may reach a person beyond the chat: what they left in the web chat's form (phone and
 * e-mail). A WhatsApp number is not repeated: staff reach that person in the chat itself.
 */
export function contactReach(contact: Contact | undefined): string | undefined {
  if (!contact) return undefined;
  // Stored as digits in international form; shown with its "+" so staff can dial it as it stands.
  const phone = contact.channel === 'web' && contact.phone ? `+${contact.phone}` : null;
  const parts = [phone, contact.email].filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join(', ') : undefined;
}
