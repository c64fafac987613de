import type { Message, Update, User } from 'grammy/types';
import type { Attachment, InboundMessage } from '../../core/channel.js';

export interface TranslateOptions {
  now: Date;
  /** The bot's own user id: replies to its messages are addressed to it even in groups. */
  botId?: number;
  /** The staff group: every message there is for the desk (it decides what is small talk). */
  staffChatId?: string | undefined;
  /** The ticket whose forum topic a thread is, if any. */
  ticketOfThread?: (chatId: string, threadId: number) => number | undefined;
}

function displayNameOf(user: User): string | undefined {
  const name = [user.first_name, user.last_name]
    .filter((s) => s && s.trim() !== '')
    .join(' ')
    .trim();
  return name || user.username || undefined;
}

/** The files a message carries, by file_id; nothing is downloaded. */
export function attachmentsOf(msg: Message): Attachment[] {
  const base = { messageRef: String(msg.message_id), chatRef: String(msg.chat.id), channel: 'telegram' as const };
  const optional = (fileName?: string, mimeType?: string) => ({
    ...(fileName ? { fileName } : {}),
    ...(mimeType ? { mimeType } : {}),
  });
  const out: Attachment[] = [];
  if (msg.photo && msg.photo.length > 0) {
    // Telegram lists the sizes smallest first; the largest is the one worth relaying.
    const largest = msg.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    out.push({ kind: 'photo', ref: largest.file_id, ...base });
  }
  if (msg.document)
    out.push({
      kind: 'document',
      ref: msg.document.file_id,
      ...optional(msg.document.file_name, msg.document.mime_type),
      ...base,
    });
  if (msg.video)
    out.push({ kind: 'video', ref: msg.video.file_id, ...optional(msg.video.file_name, msg.video.mime_type), ...base });
  if (msg.audio)
    out.push({ kind: 'audio', ref: msg.audio.file_id, ...optional(msg.audio.file_name, msg.audio.mime_type), ...base });
  if (msg.voice) out.push({ kind: 'audio', ref: msg.voice.file_id, ...optional(undefined, msg.voice.mime_type), ...base });
  if (msg.sticker) out.push({ kind: 'sticker', ref: msg.sticker.file_id, ...base });
  return out;
}

/** The ticket a message belongs to through its forum topic, when it was written inside one. */
function topicTicket(
  msg: Pick<Message, 'chat' | 'message_thread_id' | 'is_topic_message'>,
  opts: TranslateOptions,
): number | undefined {
  if (!msg.is_topic_message || msg.message_thread_id === undefined || !opts.ticketOfThread) return undefined;
  return opts.ticketOfThread(String(msg.chat.id), msg.message_thread_id);
}

/**
 * The message the user replied to. In a forum topic every message carries an automatic reply to
 * the topic's first (service) message; that is not a reply the user chose.
 */
function replyTo(msg: Message): string | undefined {
  const r = msg.reply_to_message;
  if (!r) return undefined;
  if (r.forum_topic_created || (msg.is_topic_message && r.message_id === msg.message_thread_id)) return undefined;
  return String(r.message_id);
}

function isGroup(msg: Message): boolean {
  return msg.chat.type === 'group' || msg.chat.type === 'supergroup';
}

/**
 * In a group other than the staff group the bot takes only what is addressed to it: commands and
 * replies to its own messages. (With privacy mode on, Telegram sends nothing else anyway.)
 */
function addressedToBot(msg: Message, text: string, opts: TranslateOptions): boolean {
  if (!isGroup(msg) || String(msg.chat.id) === opts.staffChatId) return true;
  if (text.trimStart().startsWith('/')) return true;
  return opts.botId !== undefined && msg.reply_to_message?.from?.id === opts.botId;
}

/**
 * The desk's id for a message: the chat and the message's id in it. Not the update_id, which
 * Telegram starts again from a random value after a week without updates: a new message could
 * then carry an update_id already recorded and be dropped as a duplicate.
 */
function messageExternalId(msg: Pick<Message, 'chat' | 'message_id'>): string {
  return `${msg.chat.id}:${msg.message_id}`;
}

/** A button press has its own unique id; the same press redelivered keeps it. */
function callbackExternalId(callbackQueryId: string): string {
  return `cb:${callbackQueryId}`;
}

function fromMessage(
  msg: Message,
  opts: TranslateOptions,
  attachments: Attachment[] = attachmentsOf(msg),
): InboundMessage | undefined {
  const from = msg.from;
  // Other bots (and anonymous group admins, who appear as a bot) are not people to serve.
  if (!from || from.is_bot) return undefined;
  const text = msg.text ?? msg.caption ?? '';
  // Service messages (someone joined, a topic was created, a pin) carry neither.
  if (text.trim() === '' && attachments.length === 0 && msg.chat.type !== 'private') return undefined;
  if (!addressedToBot(msg, text, opts)) return undefined;
  const replyToRef = replyTo(msg);
  const ticketId = topicTicket(msg, opts);
  const displayName = displayNameOf(from);
  return {
    channel: 'telegram',
    externalId: messageExternalId(msg),
    chatId: String(msg.chat.id),
    userId: String(from.id),
    ...(displayName ? { displayName } : {}),
    text,
    attachments,
    ...(replyToRef ? { replyToRef } : {}),
    ...(ticketId !== undefined ? { ticketId } : {}),
    ...(msg.chat.type === 'private' ? { privateChat: true } : {}),
    receivedAt: opts.now,
  };
}

/** The label of the button that carried `data`, read from the message's keyboard. */
function pressedLabel(msg: { reply_markup?: Message['reply_markup'] } | undefined, data: string): string | undefined {
  for (const row of msg?.reply_markup?.inline_keyboard ?? []) {
    for (const button of row) if ('callback_data' in button && button.callback_data === data) return button.text;
  }
  return undefined;
}

/**
 * A Telegram update as the desk's InboundMessage, or undefined for updates the desk does not take
 * (edits, channel posts, membership changes, bots). externalId is `chat:message_id` for a
 * message and `cb:<id>` for a button press, which the desk records so a redelivered update is
 * handled once.
 */
export function translateUpdate(update: Update, opts: TranslateOptions): InboundMessage | undefined {
  if (update.message) return fromMessage(update.message, opts);
  const cq = update.callback_query;
  if (cq?.data !== undefined) {
    if (cq.from.is_bot) return undefined;
    const message = cq.message;
    const chatId = String(message?.chat.id ?? cq.from.id);
    // An inaccessible (old) message has date 0 and no keyboard to read the label from.
    const label = message && message.date !== 0 ? pressedLabel(message as Message, cq.data) : undefined;
    const ticketId = message ? topicTicket(message, opts) : undefined;
    const displayName = displayNameOf(cq.from);
    return {
      channel: 'telegram',
      externalId: callbackExternalId(cq.id),
      chatId,
      userId: String(cq.from.id),
      ...(displayName ? { displayName } : {}),
      text: label ?? '',
      attachments: [],
      choice: cq.data,
      ...(ticketId !== undefined ? { ticketId } : {}),
      ...((message?.chat.type ?? 'private') === 'private' ? { privateChat: true } : {}),
      receivedAt: opts.now,
    };
  }
  return undefined;
}

/**
 * The parts of an album (photos or documents sent together, one update each, sharing a
 * media_group_id) as one message: every part's file, in the order they were sent, and the
 * captions as the text (usually only the first part has one). It carries the first part's id,
 * reply and topic.
 */
export function translateAlbum(parts: readonly Message[], opts: TranslateOptions): InboundMessage | undefined {
  const sorted = [...parts].sort((a, b) => a.message_id - b.message_id);
  const first = sorted[0];
  if (!first) return undefined;
  const captions = sorted.map((p) => (p.caption ?? p.text ?? '').trim()).filter((c) => c !== '');
  const caption = [...new Set(captions)].join('\n');
  // The caption's entities belong to one part's caption; the merged text needs none of them.
  const head: Message = { ...first, caption, caption_entities: undefined, text: undefined } as Message;
  return fromMessage(
    head,
    opts,
    sorted.flatMap((p) => attachmentsOf(p)),
  );
}
