import { InputFile, type Api } from 'grammy';
import { existsSync } from 'node:fs';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Attachment, OutboundFile, OutboundMessage } from '../../core/channel.js';
import type { Logger } from '../../core/log.js';
import { withoutMissingFiles } from '../../core/removed-files.js';
import type { ChannelSender } from '../../core/channel.js';
import {
  describeError,
  errorText,
  isChatGone,
  isEntityParseError,
  isPermanent,
  isThreadGone,
  isTopicClosed,
  migratedTo,
  toSendError,
} from './errors.js';
import { markdownToHtml, renderOutbound } from './render.js';
import type { TopicManager } from './topics.js';

interface SenderDeps {
  api: Api;
  log: Logger;
  /** Present when a staff group is configured. */
  topics?: TopicManager | undefined;
  /** Told when a chat moved or refuses the bot (ChannelContext's hooks): what follows is the desk's to decide. */
  chatMoved?: ((msg: OutboundMessage, newChatId: string) => void) | undefined;
  chatRefused?: ((msg: OutboundMessage, reason: string) => void) | undefined;
}

type Step =
  | { kind: 'text'; html: string; keyboard?: InlineKeyboardMarkup; first: boolean }
  | { kind: 'file'; attachment: Attachment }
  | { kind: 'upload'; file: OutboundFile };

/** Telegram's limit for a caption, in characters of its text. */
export const CAPTION_LIMIT = 1024;

interface Progress {
  done: number;
  firstRef?: string;
}

/** Messages cut short by a failure, remembered so a retry continues instead of repeating parts. */
export const PROGRESS_LIMIT = 1_000;

/** A file that lives on Telegram: copied from its message, or sent again by its file_id. */
function relayable(a: Attachment): boolean {
  return a.channel === 'telegram' && (copyable(a) || a.ref !== '');
}

function copyable(a: Attachment): a is Attachment & { messageRef: string; chatRef: string } {
  return !!a.messageRef && !!a.chatRef && /^\d+$/.test(a.messageRef);
}

/** A failure that concerns only this file (it was deleted, or cannot be sent): the message goes on without it. */
function fileOnly(err: unknown): boolean {
  return isPermanent(err) && !isChatGone(err) && !isThreadGone(err) && !isTopicClosed(err);
}

/** A rendered part back as plain text, for the fallback when Telegram refuses the HTML. */
function htmlToPlain(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/**
 * Renders OutboundMessage for Telegram and sends it: HTML parts (split at 4096), the choices as an
 * inline keyboard on the last part, then the attached files copied from where they were sent.
 * Messages to the staff group about a ticket go into the ticket's forum topic when there is one.
 * Failures become SendError for the dispatcher; a message cut short resumes where it stopped when
 * the dispatcher retries the same delivery (OutboundMessage.deliveryId).
 */
export function createTelegramSender({ api, log, topics, chatMoved, chatRefused }: SenderDeps): ChannelSender {
  const progress = new Map<string, Progress>();
  /**
   * Topic changes a message to another chat causes in the staff group (a user told their ticket is
   * closed closes its topic), one chain per ticket so they keep their order.
   */
  const topicChanges = new Map<number, Promise<void>>();

  /**
   * Runs beside the send, not in it: with the staff group rate-limited, auto-retry's short wait
   * would otherwise hold this user's message, and the dispatcher worker sending it, for a chat
   * that is not theirs. The wait still happens, in the chain; a change that fails is logged and
   * the topic's recorded state left, so the ticket's next message puts it right.
   */
  function changeTopicBeside(topicsOf: TopicManager, ticketId: number, ticket: OutboundMessage['ticket']): void {
    const previous = topicChanges.get(ticketId) ?? Promise.resolve();
    const next = previous
      .then(() => topicsOf.afterSend(ticketId, ticket))
      .catch((err: unknown) => log.warn({ ticketId, ...describeError(err) }, 'cannot change the ticket topic'))
      .finally(() => {
        if (topicChanges.get(ticketId) === next) topicChanges.delete(ticketId);
      });
    topicChanges.set(ticketId, next);
  }

  function steps(msg: OutboundMessage): Step[] {
    const rendered = renderOutbound(msg);
    if (rendered.keyboard && rendered.keyboard.dropped.length > 0) {
      log.warn(
        { chatId: msg.chatId, dropped: rendered.keyboard.dropped.map((c) => c.id) },
        'choices with ids over 64 bytes cannot be buttons',
      );
    }
    const last = rendered.parts.length - 1;
    const out: Step[] = rendered.parts.map((html, i) => ({
      kind: 'text' as const,
      html,
      first: i === 0,
      ...(i === last && rendered.keyboard && rendered.keyboard.markup.inline_keyboard.length > 0
        ? { keyboard: rendered.keyboard.markup }
        : {}),
    }));
    for (const a of msg.attachments ?? []) if (relayable(a)) out.push({ kind: 'file', attachment: a });
    for (const file of msg.files ?? []) out.push({ kind: 'upload', file });
    return out;
  }

  async function sendText(
    msg: OutboundMessage,
    step: Extract<Step, { kind: 'text' }>,
    thread: number | undefined,
  ): Promise<number> {
    const replyTo = step.first && msg.replyToRef && /^\d+$/.test(msg.replyToRef) ? Number(msg.replyToRef) : undefined;
    const common = {
      ...(thread !== undefined ? { message_thread_id: thread } : {}),
      ...(step.keyboard ? { reply_markup: step.keyboard } : {}),
      ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
      link_preview_options: { is_disabled: true },
    };
    try {
      return (await api.sendMessage(msg.chatId, step.html, { ...common, parse_mode: 'HTML' })).message_id;
    } catch (err) {
      if (!isEntityParseError(err)) throw err;
      log.error({ chatId: msg.chatId, ...describeError(err) }, 'Telegram refused the HTML; sending as plain text');
      return (await api.sendMessage(msg.chatId, htmlToPlain(step.html), common)).message_id;
    }
  }

  /** A file sent again by its file_id. */
  async function sendFile(msg: OutboundMessage, a: Attachment, thread: number | undefined): Promise<number> {
    const other = thread !== undefined ? { message_thread_id: thread } : {};
    switch (a.kind) {
      case 'photo':
        return (await api.sendPhoto(msg.chatId, a.ref, other)).message_id;
      case 'video':
        return (await api.sendVideo(msg.chatId, a.ref, other)).message_id;
      case 'audio':
        // A voice note is kept as kind audio; its ogg type without a file name tells it apart.
        return !a.fileName && a.mimeType === 'audio/ogg'
          ? (await api.sendVoice(msg.chatId, a.ref, other)).message_id
          : (await api.sendAudio(msg.chatId, a.ref, other)).message_id;
      case 'sticker':
        return (await api.sendSticker(msg.chatId, a.ref, other)).message_id;
      default:
        return (await api.sendDocument(msg.chatId, a.ref, other)).message_id;
    }
  }

  /**
   * A file relayed: copied from the message that carried it (keeps the caption and the look), or,
   * when that message is gone (the user deleted it), sent again by its file_id without a caption.
   * Only when both fail for this file alone is it skipped: the text already says a file came with it.
   */
  async function relay(
    msg: OutboundMessage,
    step: Extract<Step, { kind: 'file' }>,
    thread: number | undefined,
  ): Promise<number | undefined> {
    const a = step.attachment;
    const where = { chatId: msg.chatId, fromChatId: a.chatRef, messageRef: a.messageRef, kind: a.kind };
    const skipped = (err: unknown): undefined => {
      log.warn({ ...where, ...describeError(err) }, 'attachment could not be relayed');
      return undefined;
    };
    if (copyable(a)) {
      try {
        const res = await api.copyMessage(
          msg.chatId,
          a.chatRef,
          Number(a.messageRef),
          thread !== undefined ? { message_thread_id: thread } : {},
        );
        return res.message_id;
      } catch (err) {
        if (!fileOnly(err)) throw err;
        if (!a.ref) return skipped(err);
        log.info({ ...where, ...describeError(err) }, 'attachment could not be copied; sending the file by its id');
      }
    }
    try {
      return await sendFile(msg, a, thread);
    } catch (err) {
      if (!fileOnly(err)) throw err;
      return skipped(err);
    }
  }

  /**
   * A file the desk made (OutboundMessage.files), uploaded: a photo or a document, with its caption
   * as HTML, or as plain text cut to Telegram's limit when it is too long or Telegram refuses the HTML.
   */
  async function upload(msg: OutboundMessage, file: OutboundFile, thread: number | undefined): Promise<number> {
    const input = () =>
      file.data !== undefined
        ? new InputFile(Buffer.from(file.data, 'base64'), file.fileName)
        : new InputFile(file.path!, file.fileName);
    const other = thread !== undefined ? { message_thread_id: thread } : {};
    const html = file.caption ? markdownToHtml(file.caption) : undefined;
    const plain = html === undefined ? undefined : htmlToPlain(html);
    const short = plain !== undefined && plain.length > CAPTION_LIMIT ? `${plain.slice(0, CAPTION_LIMIT - 1)}…` : undefined;
    const put = (caption: Record<string, string>) =>
      file.kind === 'photo'
        ? api.sendPhoto(msg.chatId, input(), { ...other, ...caption })
        : api.sendDocument(msg.chatId, input(), { ...other, ...caption });
    if (html === undefined) return (await put({})).message_id;
    if (short !== undefined) return (await put({ caption: short })).message_id;
    try {
      return (await put({ caption: html, parse_mode: 'HTML' })).message_id;
    } catch (err) {
      if (!isEntityParseError(err)) throw err;
      log.error({ chatId: msg.chatId, ...describeError(err) }, 'Telegram refused the caption HTML; sending it as plain text');
      return (await put({ caption: plain! })).message_id;
    }
  }

  /** A chat that moved or refuses the bot is told upwards, with the message it did not get; the hooks never fail a send. */
  function report(msg: OutboundMessage, err: unknown): void {
    const { deliveryId: _delivery, ...message } = msg;
    try {
      const to = migratedTo(err);
      if (to !== undefined) chatMoved?.(message, to);
      else if (isChatGone(err)) chatRefused?.(message, errorText(err));
    } catch (hookErr) {
      log.error({ chatId: msg.chatId, err: errorText(hookErr) }, 'reporting a moved or refusing chat failed');
    }
  }

  async function send(msg: OutboundMessage): Promise<{ ref?: string }> {
    // Only the same delivery (the same outbox row, retried) resumes; a message without an id starts over.
    const key = msg.deliveryId;
    const state: Progress = (key !== undefined ? progress.get(key) : undefined) ?? { done: 0 };
    const ticketId = msg.ticketId;
    // A message about a ticket to the staff group goes into the ticket's topic.
    const topicTicket = topics && ticketId !== undefined && msg.chatId === topics.chatId ? { topics, ticketId } : undefined;
    let topic = topicTicket ? await topicTicket.topics.threadFor(topicTicket.ticketId, msg.ticket) : undefined;
    let recreated = false;
    let reopened = false;
    // A file deleted after the web chat's retention period would fail every retry: the text says so instead.
    const all = steps(withoutMissingFiles(msg, existsSync));
    try {
      while (state.done < all.length) {
        const step = all[state.done]!;
        let id: number | undefined;
        try {
          const thread = topic?.threadId;
          id =
            step.kind === 'text'
              ? await sendText(msg, step, thread)
              : step.kind === 'upload'
                ? await upload(msg, step.file, thread)
                : await relay(msg, step, thread);
        } catch (err) {
          if (topicTicket && topic && isThreadGone(err) && !recreated) {
            recreated = true;
            const threadId = await topicTicket.topics.recreate(topicTicket.ticketId, msg.ticket);
            topic = threadId === undefined ? undefined : { ...topic, threadId, closed: false };
            continue;
          }
          if (topicTicket && topic && isTopicClosed(err) && !reopened) {
            reopened = true;
            await topicTicket.topics.reopen(topicTicket.ticketId);
            // Sent into it after this, it is open.
            topic = { ...topic, closed: false };
            continue;
          }
          throw err;
        }
        if (state.firstRef === undefined && id !== undefined) state.firstRef = String(id);
        state.done += 1;
      }
    } catch (err) {
      const failure = toSendError(err, { chatId: msg.chatId, ...(ticketId !== undefined ? { ticketId } : {}) });
      report(msg, err);
      if (key !== undefined) {
        progress.delete(key);
        // A permanent failure is not retried: nothing to resume. The oldest entry makes room.
        if (!failure.permanent && state.done > 0) {
          if (progress.size >= PROGRESS_LIMIT) progress.delete(progress.keys().next().value!);
          progress.set(key, state);
        }
      }
      throw failure;
    }
    if (key !== undefined) progress.delete(key);
    // The ticket's topic follows the ticket, whichever chat this message went to. Sent to the group
    // without a topic: there is none to follow it.
    if (topicTicket) {
      if (topic) await topicTicket.topics.afterSend(topicTicket.ticketId, msg.ticket, topic);
    } else if (topics && ticketId !== undefined) changeTopicBeside(topics, ticketId, msg.ticket);
    return state.firstRef !== undefined ? { ref: state.firstRef } : {};
  }

  return { channel: 'telegram', send };
}
