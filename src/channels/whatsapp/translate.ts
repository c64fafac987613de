import {
  isHostedLidUser,
  isHostedPnUser,
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isJidStatusBroadcast,
  isLidUser,
  isPnUser,
  jidDecode,
  jidNormalizedUser,
  normalizeMessageContent,
  proto,
  toNumber,
  type WAMessage,
} from '@whiskeysockets/baileys';
import type { Attachment, InboundMessage } from '../../core/channel.js';

/** Looks a LID ↔ phone mapping up in what Baileys has stored (its `lid-mapping` keys). */
export interface LidLookup {
  /** The LID user (digits before @lid) of a phone number, when known. */
  lidForPhone(phone: string): string | undefined;
  /** The phone number of a LID user, when known. */
  phoneForLid(lidUser: string): string | undefined;
}

export interface WhatsAppIdentity {
  /** Stable id of the person: the normalised LID JID when there is one, else the phone JID. */
  userId: string;
  /** The JID to reply to, exactly as the message came (key.remoteJid). */
  chatId: string;
  /** Digits only, when WhatsApp told us (remoteJidAlt, a PN chat, or a stored mapping). */
  phone?: string;
  lidJid?: string;
}

export type Translation =
  { kind: 'ignore'; reason: string } | { kind: 'message'; message: InboundMessage; identity: WhatsAppIdentity; sentAt?: Date };

const isLid = (jid: string | undefined) => Boolean(isLidUser(jid) || isHostedLidUser(jid));
const isPn = (jid: string | undefined) => Boolean(isPnUser(jid) || isHostedPnUser(jid));
const userPart = (jid: string) => jidDecode(jid)?.user ?? '';

/**
 * Who sent a private-chat message. In Baileys 7 the chat JID (key.remoteJid) is either the
 * person's LID (`…@lid`) with the phone JID in key.remoteJidAlt, or the reverse; either may be
 * missing, in which case the mapping Baileys stored is consulted.
 */
export function resolveIdentity(
  remoteJid: string,
  remoteJidAlt: string | undefined,
  lookup: LidLookup,
): WhatsAppIdentity | undefined {
  let lidJid: string | undefined;
  let pnJid: string | undefined;
  for (const jid of [remoteJid, remoteJidAlt]) {
    if (!jid) continue;
    if (isLid(jid)) lidJid ??= jidNormalizedUser(jid);
    else if (isPn(jid)) pnJid ??= jidNormalizedUser(jid);
  }
  if (!lidJid && !pnJid) return undefined;
  if (!lidJid && pnJid && isPnUser(pnJid)) {
    const lidUser = lookup.lidForPhone(userPart(pnJid));
    if (lidUser) lidJid = `${lidUser}@lid`;
  }
  let phone = pnJid ? userPart(pnJid) : undefined;
  if (!phone && lidJid && isLidUser(lidJid)) phone = lookup.phoneForLid(userPart(lidJid));
  const identity: WhatsAppIdentity = { userId: (lidJid ?? pnJid)!, chatId: remoteJid };
  if (phone && /^\d+$/.test(phone)) identity.phone = phone;
  if (lidJid) identity.lidJid = lidJid;
  return identity;
}

type Content = proto.IMessage;

/**
 * The content that carries the text: an edit's new content, or the message itself. An edit comes
 * under a new key and names the message it changes in protocolMessage.key: `editOf` is that id.
 */
function effectiveContent(content: Content): { content: Content; editOf?: string } | { ignore: string } {
  const protocol = content.protocolMessage;
  if (protocol) {
    if (protocol.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT && protocol.editedMessage) {
      const edited = normalizeMessageContent(protocol.editedMessage);
      if (!edited) return { ignore: 'empty edit' };
      const original = protocol.key?.id;
      return original ? { content: edited, editOf: original } : { content: edited };
    }
    return { ignore: 'protocol message' };
  }
  if (content.reactionMessage || content.encReactionMessage) return { ignore: 'reaction' };
  if (content.pollUpdateMessage) return { ignore: 'poll vote' };
  return { content };
}

function textOf(c: Content): string {
  return (
    c.conversation ??
    c.extendedTextMessage?.text ??
    c.imageMessage?.caption ??
    c.videoMessage?.caption ??
    c.documentMessage?.caption ??
    c.buttonsResponseMessage?.selectedDisplayText ??
    c.templateButtonReplyMessage?.selectedDisplayText ??
    c.listResponseMessage?.title ??
    c.interactiveResponseMessage?.body?.text ??
    ''
  );
}

function attachmentsOf(c: Content, ref: string): Attachment[] {
  const out: Attachment[] = [];
  const add = (kind: Attachment['kind'], media: { mimetype?: string | null; fileName?: string | null } | null | undefined) => {
    if (!media) return;
    const a: Attachment = { kind, ref, channel: 'whatsapp' };
    if (media.mimetype) a.mimeType = media.mimetype;
    if (media.fileName) a.fileName = media.fileName;
    out.push(a);
  };
  add('photo', c.imageMessage);
  add('document', c.documentMessage);
  add('video', c.videoMessage);
  add('audio', c.audioMessage);
  return out;
}

/** The id of the message the user quoted ("reply"), wherever the content kind keeps its contextInfo. */
function quotedRef(c: Content): string | undefined {
  const carriers = [
    c.extendedTextMessage,
    c.imageMessage,
    c.videoMessage,
    c.documentMessage,
    c.audioMessage,
    c.buttonsResponseMessage,
    c.listResponseMessage,
    c.templateButtonReplyMessage,
  ];
  for (const carrier of carriers) {
    const id = carrier?.contextInfo?.stanzaId;
    if (id) return id;
  }
  return undefined;
}

/**
 * A Baileys message as the desk's InboundMessage, or why it is not one. Only private chats with
 * a person count: own messages, groups, status/broadcast lists, newsletters, reactions, poll
 * votes and protocol messages (other than edits) are ignored; so is a message with neither text
 * nor a file (stickers, locations). Files are not downloaded: the attachment refers to the key.
 */
export function translateMessage(msg: WAMessage, lookup: LidLookup, now: Date): Translation {
  const key = msg.key;
  const remoteJid = key?.remoteJid ?? undefined;
  const id = key?.id ?? undefined;
  if (!remoteJid || !id) return { kind: 'ignore', reason: 'no key' };
  if (key.fromMe) return { kind: 'ignore', reason: 'own message' };
  if (isJidGroup(remoteJid)) return { kind: 'ignore', reason: 'group' };
  if (isJidStatusBroadcast(remoteJid)) return { kind: 'ignore', reason: 'status' };
  if (isJidBroadcast(remoteJid) || msg.broadcast) return { kind: 'ignore', reason: 'broadcast' };
  if (isJidNewsletter(remoteJid)) return { kind: 'ignore', reason: 'newsletter' };
  const identity = resolveIdentity(remoteJid, key.remoteJidAlt ?? undefined, lookup);
  if (!identity) return { kind: 'ignore', reason: 'not a person' };

  const normalised = normalizeMessageContent(msg.message);
  if (!normalised) return { kind: 'ignore', reason: 'no content' };
  const picked = effectiveContent(normalised);
  if ('ignore' in picked) return { kind: 'ignore', reason: picked.ignore };
  const { content } = picked;
  // An edit is the same message as its original: handled at most once between them (the desk
  // dedupes on externalId), so editing "/tiket …" never opens a second ticket.
  const messageId = 'editOf' in picked && picked.editOf ? picked.editOf : id;

  const text = textOf(content);
  const attachments = attachmentsOf(content, messageId);
  if (text.trim() === '' && attachments.length === 0) return { kind: 'ignore', reason: 'no text' };

  const seconds = toNumber(msg.messageTimestamp ?? 0);
  const sentAt = seconds > 0 ? new Date(seconds * 1000) : undefined;
  const message: InboundMessage = {
    channel: 'whatsapp',
    externalId: messageId,
    chatId: identity.chatId,
    userId: identity.userId,
    text,
    attachments,
    // Groups, broadcasts and channels were refused above: this is a person's own chat.
    privateChat: true,
    receivedAt: sentAt ?? now,
  };
  const name = msg.pushName?.trim();
  if (name) message.displayName = name;
  if (identity.phone) message.phone = identity.phone;
  const replyTo = quotedRef(content);
  if (replyTo) message.replyToRef = replyTo;
  return sentAt ? { kind: 'message', message, identity, sentAt } : { kind: 'message', message, identity };
}
