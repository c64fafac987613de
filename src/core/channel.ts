/**
 * The channel port, in one place: what an adapter hands the desk (InboundMessage), what the desk
 * asks it to send (OutboundMessage), the adapter itself and the sender the outbox dispatcher
 * calls. Adapters translate platform updates into InboundMessage and render OutboundMessage;
 * nothing past this seam knows which platform a message came from, except by the `channel` tag
 * used to route replies back.
 */
import { texts } from './catalogue.js';
import type { Clock } from './clock.js';
import { AppError } from './errors.js';
import type { Logger } from './log.js';

export const CHANNELS = ['console', 'telegram', 'whatsapp', 'web'] as const;
export type ChannelName = (typeof CHANNELS)[number];

/**
 * Channels where a person can answer a particular message (Telegram's and WhatsApp's "reply"):
 * only there may the desk say "balas pesan ini"; a web page or a terminal has no such gesture.
 */
export function canQuoteReply(channel: ChannelName): boolean {
  return channel === 'telegram' || channel === 'whatsapp';
}

export const ATTACHMENT_KINDS = ['photo', 'document', 'audio', 'video', 'sticker', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface Attachment {
  kind: AttachmentKind;
  /**
   * Platform reference to fetch or relay the file later (Telegram file_id, WhatsApp message key;
   * for the web chat, the path of the upload on the desk's disk).
   */
  ref: string;
  fileName?: string;
  mimeType?: string;
  /** Platform id of the message that carried the file (Telegram message_id), for copying it on. */
  messageRef?: string;
  /** Chat the carrying message is in, when it is not the chat of the message this rides on. */
  chatRef?: string;
  /**
   * Channel the file lives on. Within it the file is relayed as that platform does it (a Telegram
   * copy); another channel's sender may fetch its bytes (FetchFile) where the source hands them out.
   */
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
  /**
   * A one-to-one chat with this person (a Telegram private chat, a WhatsApp chat), not a group
   * and not the operator's terminal: only there may things meant for the person alone be shown.
   */
  privateChat?: boolean;
  /** Id of a choice the user picked (a button press); the desk also maps "2" to the 2nd offered choice. */
  choice?: string;
  receivedAt: Date;
}

export interface Choice {
  /** Short stable id, echoed back as InboundMessage.choice; at most 64 bytes (Telegram callback data). */
  id: string;
  label: string;
}

export interface TicketSummary {
  /** `#12 · Akun SPSE · tidak bisa login` */
  title: string;
  closed: boolean;
}

export const OUTBOUND_FILE_KINDS = ['photo', 'document'] as const;
export type OutboundFileKind = (typeof OUTBOUND_FILE_KINDS)[number];

/**
 * A file the desk sends (not one relayed from a user): its bytes travel with the message, as
 * base64 in `data` for files made for it (a chart), or as `path`, a file under the desk's data
 * folder written before the message was queued (a large report). Exactly one of the two.
 */
export interface OutboundFile {
  /** `photo` shows as a picture (Telegram photo, WhatsApp image); `document` as a file to download. */
  kind: OutboundFileKind;
  fileName: string;
  mimeType?: string;
  data?: string;
  path?: string;
  /** Shown under the file (Telegram allows 1024 characters; longer is cut by the adapter). */
  caption?: string;
}

/**
 * A file uploaded in the web chat lives on the desk's own disk, not on a platform: it cannot be
 * copied like a Telegram file, so it travels to another channel as a file the desk sends.
 */
export function uploadedFile(a: Attachment): OutboundFile | undefined {
  if (a.channel !== 'web') return undefined;
  return {
    kind: a.kind === 'photo' ? 'photo' : 'document',
    fileName: a.fileName ?? texts.fileRelay.unnamedFile,
    ...(a.mimeType ? { mimeType: a.mimeType } : {}),
    path: a.ref,
  };
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
  /** Bulk (an announcement): sent after every person's own conversation that is waiting. */
  bulk?: boolean;
  /** The ticket this message is about (a Telegram staff group files it in the ticket's topic). */
  ticketId?: number;
  /**
   * What a channel may show of that ticket (a Telegram topic's name, and whether the topic should
   * be closed), as it stood when the message was queued: adapters never read domain tables.
   */
  ticket?: TicketSummary;
  /**
   * A reply to this message is a message on its ticket: true for the notices a user or staff
   * member is meant to answer, not for confirmations and listings that merely mention a ticket.
   */
  replyTarget?: boolean;
  /** Files to relay after the text (a user's screenshots to staff); adapters skip what they cannot copy. */
  attachments?: Attachment[];
  /**
   * Files the desk made to send after the text (charts, reports): a photo or a document each, with
   * an optional caption. An empty `text` with files sends only the files.
   */
  files?: OutboundFile[];
  /**
   * Stable id of this delivery (set by the dispatcher from the outbox row): the same message
   * retried keeps it, so an adapter can resume a half-sent multi-part message.
   */
  deliveryId?: string;
}

/**
 * How fast a platform lets a bot send (Telegram: about 30 messages a second in all, one a second
 * to a private chat, 20 a minute to a group): the dispatcher paces every send to it, so the desk
 * never relies on the platform's 429s, which grow into longer bans.
 */
export interface SendPacing {
  /** Messages per second over all chats. */
  perSecond: number;
  /** The least time between two messages to this chat. */
  chatIntervalMs(chatId: string): number;
}

/** What a channel adapter offers the dispatcher: send one message, or throw SendError. */
export interface ChannelSender {
  readonly channel: ChannelName;
  /** The platform's sending limits, when it has any the dispatcher must keep. */
  readonly pacing?: SendPacing;
  /** Resolves with the platform's id of the sent message, when it has one. */
  send(msg: OutboundMessage): Promise<{ ref?: string }>;
}

/**
 * Why a file's bytes could not be had: `too_large` (over the limit asked for, or over what the
 * platform hands a bot), `gone` (the platform no longer has it, or its channel does not run here),
 * `unavailable` (the platform did not answer now: worth trying again later).
 */
export type FileFetchFailure = 'too_large' | 'gone' | 'unavailable';

/** A file of another channel could not be fetched; `reason` says whether trying again can help. */
export class FileFetchError extends AppError {
  readonly reason: FileFetchFailure;

  constructor(reason: FileFetchFailure, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, { ...context, reason }, options);
    this.reason = reason;
  }
}

/**
 * The bytes of a file that lives on a channel (a Telegram file_id), at most `maxBytes` of them,
 * or a FileFetchError. A channel's sender uses it at send time to deliver a file from another
 * channel: the outbox row keeps only the reference, so a retried row fetches again.
 */
export type FetchFile = (attachment: Attachment, maxBytes: number) => Promise<Buffer>;

/** Hands one translated inbound message to the desk; resolves once it is recorded and answered. */
export type InboundHandler = (msg: InboundMessage) => Promise<void>;

/**
 * A channel adapter: it only translates. Inbound updates become InboundMessage for the handler;
 * the dispatcher gives it OutboundMessage to render and send through `sender`.
 */
export interface ChannelAdapter {
  readonly channel: ChannelName;
  readonly sender: ChannelSender;
  /** Connects and starts receiving; resolves when running. Throws a clear error if it cannot start. */
  start(onMessage: InboundHandler): Promise<void>;
  /** Stops receiving and lets the message in hand finish. */
  stop(): Promise<void>;
  /** The bytes of one of this channel's files, for a sender on another channel (absent: it cannot). */
  fetchFile?: FetchFile;
}

/** What the composition root gives every adapter, whatever its platform. */
export interface ChannelContext {
  log: Logger;
  clock: Clock;
  /** Tells the bureau's admins on the other channels (a lost WhatsApp session, say). */
  alertAdmins(text: string): void;
  /**
   * The channel has stopped for good and needs an operator (revoked token, session logged out).
   * The platform logs it and tells the admins; the other channels keep serving, and when no
   * channel is left the process exits non-zero so a supervisor notices. `adminsAlerted`: the
   * adapter already told the admins in its own words, so the platform does not repeat it.
   */
  fatal(error: Error, opts?: { adminsAlerted?: boolean }): void;
  /**
   * `msg` was not sent: the platform moved its chat to `newChatId` (Telegram upgraded a group to a
   * supergroup). The adapter only reports it; the platform decides what follows (the staff group's
   * new id is kept and the message queued again there). Channels whose chats never move leave it.
   */
  chatMoved?(msg: OutboundMessage, newChatId: string): void;
  /**
   * `msg` was not sent because its chat refuses the bot for good (kicked, chat gone, no right to
   * write; `reason` is loggable). Reported for every chat; the platform acts only on the staff
   * group's (its notices go to staff private chats), a user who blocked the bot stays a failed row.
   */
  chatRefused?(msg: OutboundMessage, reason: string): void;
}
