/**
 * The channel-neutral port between channel adapters and the desk. Adapters translate platform
 * updates into InboundMessage and render OutboundMessage; nothing past this seam knows which
 * platform a message came from, except by the `channel` tag used to route replies back.
 */

export const CHANNELS = ['console', 'telegram', 'whatsapp'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export type AttachmentKind = 'photo' | 'document' | 'audio' | 'video' | 'sticker' | 'other';

export interface Attachment {
  kind: AttachmentKind;
  /** Platform reference to fetch or relay the file later (Telegram file_id, WhatsApp message key). */
  ref: string;
  fileName?: string;
  mimeType?: string;
  /** Platform id of the message that carried the file (Telegram message_id), for copying it on. */
  messageRef?: string;
  /** Chat the carrying message is in, when it is not the chat of the message this rides on. */
  chatRef?: string;
  /** Channel the file lives on; a file can only be relayed within its own channel. */
  channel?: ChannelName;
}

export interface InboundMessage {
  channel: ChannelName;
  /**
   * Platform id of this message, unique per channel and stable across redeliveries (Telegram
   * `chat:message_id` or `cb:<callback id>`, WhatsApp key id; an edit carries its original's id).
   */
  externalId: string;
  chatId: string;
  userId: string;
  displayName?: string;
  /**
   * The sender's phone number (digits, international form) when the platform tells it apart from
   * `userId` (WhatsApp, where most people are addressed by a LID): recorded on the contact, so
   * staff configured by phone number are recognised.
   */
  phone?: string;
  text: string;
  attachments: Attachment[];
  /** Platform reference of the message this one replies to, when the user used "reply". */
  replyToRef?: string;
  /**
   * The ticket this message is about when the platform's own threading says so (a message in a
   * ticket's forum topic in the staff group). Set by adapters; the desk decides what it means.
   */
  ticketId?: number;
  /**
   * Set by an adapter for a message that waited too long to be answered now (WhatsApp's offline
   * queue): the desk records it and shows it to staff, but sends the user nothing.
   */
  recordOnly?: boolean;
  /** Id of a choice the user picked (a button press); the desk also maps "2" to the 2nd offered choice. */
  choice?: string;
  receivedAt: Date;
}

export interface Choice {
  /** Short stable id, echoed back as InboundMessage.choice; at most 64 bytes (Telegram callback data). */
  id: string;
  label: string;
}

export interface OutboundMessage {
  channel: ChannelName;
  chatId: string;
  /** Markdown-light text: **bold**, _italic_, numbered lists, plain URLs. Adapters render it. */
  text: string;
  choices?: Choice[];
  replyToRef?: string;
  /** When set, a second message with the same key is not queued again (one notice per change). */
  dedupeKey?: string;
  /** The ticket this message is about (a Telegram staff group files it in the ticket's topic). */
  ticketId?: number;
  /**
   * A reply to this message is a message on its ticket: true for the notices a user or staff
   * member is meant to answer, not for confirmations and listings that merely mention a ticket.
   */
  replyTarget?: boolean;
  /** Files to relay after the text (a user's screenshots to staff); adapters skip what they cannot copy. */
  attachments?: Attachment[];
  /**
   * Stable id of this delivery (set by the dispatcher from the outbox row): the same message
   * retried keeps it, so an adapter can resume a half-sent multi-part message.
   */
  deliveryId?: string;
}
