import { texts } from '../core/catalogue.js';
import type { ChannelName, OutboundMessage } from '../core/channel.js';
import { reply, type DeskContext } from '../core/router.js';
import type { MessageKind } from '../faq/reader.js';
import { TICKET_OFFER } from './choices.js';
import { MAX_DESCRIPTION } from './dialog.js';
import type { TicketService } from './service.js';
import { LIST_LIMIT } from './status-view.js';

const t = texts.tickets;

/** "#12 sudah saya coba" (or "# 12 …") → { id: 12, text: 'sudah saya coba' }; "#1.5" is no ticket number. */
export function parseTicketMention(text: string): { id: number; text: string } | undefined {
  const m = /^\s*#[ \t]{0,2}(\d{1,9})(?![.,]?\d)[\s:,.-]*([\s\S]*)$/.exec(text);
  return m?.[1] ? { id: Number(m[1]), text: (m[2] ?? '').trim() } : undefined;
}

/** "#1.5 …", "#2,3": what looks like a ticket mention but is not a whole number ("1.5"). */
export function malformedMention(text: string): string | undefined {
  return /^\s*#[ \t]{0,2}(\d+[.,]\d[\d.,]*)/.exec(text)?.[1];
}

export interface FollowUpDeps {
  tickets: TicketService;
  /** The ticket a reply is about: found by the platform id of the notice replied to. */
  ticketOfReply: (channel: ChannelName, chatId: string, sentRef: string) => number | undefined;
  classify?: ((text: string) => MessageKind) | undefined;
}

/** A dialog moved this recently is what the user is doing now: a staff message meanwhile does not take its messages. */
const DIALOG_IN_USE_MS = 15 * 60_000;

/** A user's message on one of their tickets: by "#N", by replying to its notice, or as the answer staff wait for. */
export function createFollowUps({ tickets, ticketOfReply, classify }: FollowUpDeps) {
  /** The ticket a message is explicitly about: "#N …", or a reply to one of its notices. */
  function referencedTicket(ctx: DeskContext): { id: number; text: string } | undefined {
    const { msg } = ctx;
    const mention = parseTicketMention(msg.text);
    if (mention) return mention;
    if (!msg.replyToRef) return undefined;
    const id = ticketOfReply(msg.channel, msg.chatId, msg.replyToRef);
    return id === undefined ? undefined : { id, text: msg.text.trim() };
  }

  /** Files a message on one of the user's tickets and says what happened (`added`: how, when it was added). */
  function followUp(
    ctx: DeskContext,
    ticketId: number,
    text: string,
    added: (id: number) => string = t.followUpAdded,
  ): OutboundMessage[] {
    const own = tickets.ownedBy(ctx.contact, ticketId);
    if (!own) return [reply(ctx, t.notFound(String(ticketId)))];
    if (text === '' && ctx.msg.attachments.length === 0) return [reply(ctx, t.followUpEmpty(ticketId))];
    if (text.length > MAX_DESCRIPTION) return [reply(ctx, t.followUpTooLong(MAX_DESCRIPTION, text.length))];
    // "Terima kasih, sudah bisa" on a solved ticket is the happy ending, not a reason to reopen it.
    const thanksOnly = own.status === 'resolved' && ctx.msg.attachments.length === 0 && classify?.(text) === 'thanks';
    const outcome = tickets.userMessage(ticketId, ctx.contact, text, ctx.msg.attachments, ctx.now, { reopen: !thanksOnly });
    if (outcome.ok && thanksOnly) return [...outcome.messages, { ...reply(ctx, t.thanksNoted(ticketId)), ticketId }];
    if (!outcome.ok) {
      // A thank-you after the ticket closed deserves a "sama-sama", not a refusal.
      if (ctx.msg.attachments.length === 0 && classify?.(text) === 'thanks') return [reply(ctx, t.thanksNoted(ticketId))];
      const why = outcome.reason === 'window_passed' ? t.followUpWindowPassed(ticketId) : t.followUpClosed(ticketId);
      return [reply(ctx, why, [TICKET_OFFER])];
    }
    const reopened = own.status === 'resolved';
    return [...outcome.messages, { ...reply(ctx, reopened ? t.followUpReopened(ticketId) : added(ticketId)), ticketId }];
  }

  /** A message explicitly about a ticket, filed on it; undefined when it is about none. */
  function explicit(ctx: DeskContext): OutboundMessage[] | undefined {
    const malformed = malformedMention(ctx.msg.text);
    if (malformed) return [reply(ctx, t.badMention(malformed))];
    const referenced = referencedTicket(ctx);
    return referenced ? followUp(ctx, referenced.id, referenced.text) : undefined;
  }

  /**
   * Staff asked this user something on exactly one ticket: whatever they send next is the answer
   * (the notice said so), without needing "#N" or the reply gesture. Undefined: not an answer.
   */
  function awaitedAnswer(ctx: DeskContext): OutboundMessage[] | undefined {
    const { msg } = ctx;
    const waiting = tickets.listOwn(ctx.contact, LIST_LIMIT).filter((k) => k.status === 'waiting_user');
    if (waiting.length !== 1) return undefined;
    const id = waiting[0]!.id;
    const text = msg.text.trim();
    // A screenshot is what staff usually asked for; other text is the answer unless it is small
    // talk (reminded what the ticket waits for) or a question the FAQ answers (answered there).
    if (msg.attachments.length > 0) return followUp(ctx, id, text);
    const kind = classify?.(text) ?? 'other';
    if (kind === 'small-talk' || kind === 'thanks') return [reply(ctx, t.waitingForAnswer(id))];
    if (kind === 'other' || kind === 'feedback') return followUp(ctx, id, text);
    return undefined;
  }

  /**
   * The chat is in conversation with staff on a ticket (staff wrote to the user on it): every plain
   * message and file goes to that ticket and reaches staff, the FAQ stays silent. A message about
   * another ticket ("#N", a reply to its notice) goes to that one, and a dialog (a ticket they are
   * opening) keeps its messages while the user is in it: moved after staff last wrote, or in the
   * last few minutes. Undefined: not claimed.
   */
  function conversation(ctx: DeskContext): OutboundMessage[] | undefined {
    const { msg } = ctx;
    if (msg.text.trim() === '' && msg.attachments.length === 0) return undefined;
    const talking = tickets.conversation(msg.channel, msg.chatId, ctx.now);
    if (!talking) return undefined;
    if (ctx.flow && ctx.flowSince) {
      const moved = ctx.flowSince.getTime();
      if (moved >= talking.staffAt.getTime() || ctx.now.getTime() - moved <= DIALOG_IN_USE_MS) return undefined;
    }
    // A reply to a notice about someone else's ticket is not the user's to file (a staff member who
    // is in conversation as a vendor too, answering a staff notice): left to the staff feature.
    const referenced = referencedTicket(ctx);
    if (referenced && !tickets.ownedBy(ctx.contact, referenced.id)) return undefined;
    return explicit(ctx) ?? followUp(ctx, talking.ticket.id, msg.text.trim(), t.handoff.forwarded);
  }

  return { explicit, awaitedAnswer, conversation };
}
