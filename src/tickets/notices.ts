import { texts } from '../core/catalogue.js';
import { canQuoteReply, type Choice, type OutboundMessage, type TicketSummary } from '../core/channel.js';
import { ticketChoice } from './choices.js';
import type { Ticket, TicketEventRow, TicketStatus } from './ticket.js';

const n = texts.tickets.notice;

export const MAX_RATING = 4;

export function ratingChoices(ticketId: number): Choice[] {
  return texts.tickets.rating.labels.map((label, i) => ticketChoice.choice(label, 'nilai', ticketId, i + 1));
}

/** One message to the chat the ticket was opened from, sent once per ticket event. */
function toUser(ticket: Ticket, event: TicketEventRow, text: string, choices?: Choice[]): OutboundMessage {
  return {
    channel: ticket.channel,
    chatId: ticket.chatId,
    text,
    ticketId: ticket.id,
    replyTarget: true,
    dedupeKey: `ticket:${ticket.id}:event:${event.id}`,
    ...(choices ? { choices } : {}),
  };
}

const statusLine = (ticket: Ticket) =>
  n.statusLine(
    ticket.status === 'escalated' && ticket.externalParty
      ? n.escalatedTo(ticket.externalParty)
      : texts.tickets.status[ticket.status],
  );

/** A notice that asks for the rating too, unless the ticket was rated before (asked once). */
function withRating(ticket: Ticket, event: TicketEventRow, text: string, ask: boolean): OutboundMessage {
  return ask && ticket.rating === null
    ? toUser(ticket, event, `${text}\n\n${texts.tickets.rating.ask}`, ratingChoices(ticket.id))
    : toUser(ticket, event, text);
}

/**
 * What the user is told about a change of their ticket; `ticket` is the ticket after the change,
 * `before` its status before. Pure: the texts of every ticket notice live here.
 */
export type UserNotice =
  | { kind: 'reply'; text: string; handoff?: boolean }
  | { kind: 'start' }
  | { kind: 'wait'; text?: string | undefined; handoff?: boolean }
  | { kind: 'escalate'; party?: string | undefined; ref?: string | undefined }
  | { kind: 'resolve'; text?: string | undefined; reopenDays: number }
  | { kind: 'close'; before: TicketStatus }
  | { kind: 'reopen' }
  | { kind: 'auto_close'; reopenDays: number };

export function userNotice(ticket: Ticket, event: TicketEventRow, notice: UserNotice): OutboundMessage {
  const id = ticket.id;
  // The notice that starts a conversation with staff says, once, where the user's messages go now.
  const hint = (handoff: boolean | undefined) =>
    handoff ? texts.tickets.handoff.started(id, texts.menu.ask) : texts.tickets.replyHint(id, canQuoteReply(ticket.channel));
  switch (notice.kind) {
    case 'reply':
      return toUser(ticket, event, `${n.reply(id, notice.text)}\n\n${statusLine(ticket)}\n${hint(notice.handoff)}`);
    case 'start':
      return toUser(ticket, event, n.start(id));
    case 'wait':
      return toUser(ticket, event, `${n.wait(id, notice.text)}\n\n${hint(notice.handoff)}`);
    case 'escalate':
      return toUser(ticket, event, `${n.escalate(id, notice.party ?? 'LKPP/Telkom', notice.ref)}\n${statusLine(ticket)}`);
    case 'resolve':
      return withRating(ticket, event, n.resolve(id, notice.text, notice.reopenDays, canQuoteReply(ticket.channel)), true);
    case 'close':
      // Closed straight after "resolved": the rating question must not be lost with it.
      return withRating(ticket, event, n.close(id), notice.before === 'resolved');
    case 'reopen':
      return toUser(ticket, event, n.reopen(id));
    case 'auto_close':
      // A user who never rated gets one more chance with the closing notice.
      return withRating(ticket, event, n.autoClose(id, notice.reopenDays), true);
  }
}

/** What channels may show of a ticket: `#12 · Akun SPSE · tidak bisa login`, and whether it is closed. */
export function ticketSummary(ticket: Ticket, categoryLabel: string): TicketSummary {
  const description = ticket.description.replace(/\s+/g, ' ').trim();
  return { title: [`#${ticket.id}`, categoryLabel, description].filter(Boolean).join(' · '), closed: ticket.status === 'closed' };
}
