import type { Attachment, ChannelName, OutboundMessage } from '../core/channel.js';
import type { Contact } from '../core/contact.js';
import type { Logger } from '../core/log.js';
import { DAY_MS } from '../core/time.js';
import type { HandoffsRepo } from '../store/handoffs.js';
import type { TicketsRepo } from '../store/tickets.js';
import type { Categories } from './categories.js';
import { transition, type TicketEvent, type TicketStatus } from './lifecycle.js';
import { MAX_RATING, userNotice, type UserNotice } from './notices.js';
import { computeDue, extendForPause, type WorkingCalendar } from './sla.js';
import type { Ticket, TicketEventRow, TicketPatch } from './ticket.js';

export interface Actor {
  kind: 'user' | 'staff' | 'system';
  /** Contact id for users, staff id for staff, null for the system. */
  id: string | null;
  /** The channel the actor wrote on, when files they sent may travel with the change. */
  channel?: ChannelName;
}

export const SYSTEM: Actor = { kind: 'system', id: null };

/** Something staff should see about a ticket; the staff feature decides where it goes. */
export interface StaffNotice {
  kind: 'new_ticket' | 'user_message';
  ticket: Ticket;
  contact: Contact | undefined;
  text: string;
  attachments: readonly Attachment[];
  /** The user's message reopened a resolved ticket. */
  reopened?: boolean;
}

export type Refusal = 'not_found' | 'closed' | 'same_status' | 'not_allowed' | 'window_passed';
/**
 * What a change did. `messages` are what it causes (the user's notice, staff notices): the
 * service never queues them itself — its caller hands them to the desk, which writes them in the
 * same transaction as the change.
 */
export type Outcome =
  | { ok: true; ticket: Ticket; event: TicketEventRow; messages: OutboundMessage[] }
  | { ok: false; reason: Refusal; ticket?: Ticket; messages?: undefined };

export interface OpenTicketInput {
  contact: Contact;
  channel: ChannelName;
  chatId: string;
  categoryId: string;
  description: string;
  attachments?: readonly Attachment[];
  contactName?: string | undefined;
  company?: string | undefined;
}

/** Staff events that change the status; `reply`, `note` and `assign` are separate methods. */
export type StaffStatusEvent = Extract<TicketEvent, 'start' | 'wait' | 'escalate' | 'resolve' | 'close' | 'reopen'>;

export interface TicketService {
  open(input: OpenTicketInput, now: Date): { ticket: Ticket; messages: OutboundMessage[] };
  /** A staff reply, pushed to the user; a reply on a new ticket starts it. */
  reply(ticketId: number, actor: Actor, text: string, now: Date, attachments?: readonly Attachment[]): Outcome;
  changeStatus(
    ticketId: number,
    event: StaffStatusEvent,
    actor: Actor,
    opts: { text?: string | undefined; party?: string | undefined; ref?: string | undefined },
    now: Date,
  ): Outcome;
  /** The user writing on their ticket: ends a wait, reopens a resolved ticket within the window. */
  userMessage(
    ticketId: number,
    contact: Contact,
    text: string,
    attachments: readonly Attachment[],
    now: Date,
    opts?: { reopen?: boolean },
  ): Outcome;
  /** Assigns the ticket to a staff member; taking a new ticket starts it (the user is told). */
  assign(ticketId: number, actor: Actor, staffId: number, now: Date): Outcome;
  /** An internal note: in the history, never sent to the user. */
  note(ticketId: number, actor: Actor, text: string, now: Date): Outcome;
  rate(ticketId: number, contact: Contact, rating: number, now: Date): Outcome;
  comment(ticketId: number, contact: Contact, text: string, now: Date): Outcome;
  /** Closes resolved tickets whose reopen window has passed; how many, and the users' notices. */
  autoClose(now: Date): { closed: number; messages: OutboundMessage[] };
  /** A ticket only if it belongs to this contact: another user's number looks like no ticket at all. */
  ownedBy(contact: Contact, ticketId: number): Ticket | undefined;
  listOwn(contact: Contact, limit?: number): Ticket[];
  readonly reopenDays: number;
  /**
   * The ticket this chat is in conversation with staff on: staff wrote to the user on it (a reply,
   * a question, a wait), it is not solved, and the conversation has not been quiet for the idle
   * time. Of several, the one staff wrote to last.
   */
  conversation(channel: ChannelName, chatId: string, now: Date): { ticket: Ticket; staffAt: Date } | undefined;
  /** The user asked to talk to the bot instead: the chat's conversations with staff end. */
  leaveConversation(channel: ChannelName, chatId: string): void;
  /**
   * Staff correct the category: the SLA due times are computed again from the ticket's start with
   * the new category's targets (time spent waiting on the user still added back). Audited as a
   * `recategorise` event; nobody outside staff is told.
   */
  recategorise(ticketId: number, actor: Actor, categoryId: string, now: Date): Outcome;
}

export interface TicketServiceDeps {
  tickets: TicketsRepo;
  /** Runs fn in one transaction (a savepoint inside the desk's own). */
  transaction: <T>(fn: () => T) => T;
  calendar: WorkingCalendar;
  categories: Categories;
  log: Logger;
  /** Days a resolved ticket stays open to a reply before it closes by itself. */
  autoCloseDays: number;
  notifyStaff?: (notice: StaffNotice) => OutboundMessage[];
  /**
   * The ids of every contact that is the same person as this one (linked with /tautkan): their
   * tickets are the user's own on each of those channels. Default: the contact alone.
   */
  personOf?: (contact: Contact) => readonly number[];
  /** Chats in conversation with staff on a ticket; without it no chat ever is. */
  handoffs?: HandoffsRepo;
  /** A conversation with staff quiet this long is over (default 24 hours). */
  handoffIdleMs?: number;
}

const DEFAULT_HANDOFF_IDLE_MS = 24 * 60 * 60_000;
/** Solved or closed: no longer in conversation with staff. */
const finished = (status: TicketStatus) => status === 'resolved' || status === 'closed';

export function createTicketService(deps: TicketServiceDeps): TicketService {
  const { tickets: repo, transaction, calendar, categories, log, autoCloseDays } = deps;
  const staffNotices = deps.notifyStaff ?? (() => []);
  const personOf = deps.personOf ?? ((contact: Contact) => [contact.id]);
  const owns = (contact: Contact, ticket: Ticket) => personOf(contact).includes(ticket.contactId);
  const handoffs = deps.handoffs;
  const idleMs = deps.handoffIdleMs ?? DEFAULT_HANDOFF_IDLE_MS;

  /**
   * Staff wrote to the user on the ticket: its chat is in conversation with staff on it. True when
   * the conversation is new (or had lapsed), so the user is told once where their messages go now.
   */
  function converse(ticket: Ticket, now: Date): boolean {
    if (!handoffs || finished(ticket.status)) return false;
    const before = handoffs.get(ticket.channel, ticket.chatId, ticket.id);
    handoffs.staffWrote(ticket.channel, ticket.chatId, ticket.id, now);
    return !before || now.getTime() - before.activeAt.getTime() >= idleMs;
  }

  /** The outcome with the user's notice of it (and any other messages it causes). */
  function telling(outcome: Outcome, notice: UserNotice | undefined, more: OutboundMessage[] = []): Outcome {
    if (!outcome.ok) return outcome;
    const told = notice ? [userNotice(outcome.ticket, outcome.event, notice)] : [];
    return { ...outcome, messages: [...outcome.messages, ...told, ...more] };
  }

  /** Field changes that follow from entering `to` from `from`, including the SLA pause. */
  function patchFor(ticket: Ticket, to: TicketStatus, now: Date): TicketPatch {
    const patch: TicketPatch = { status: to, updatedAt: now };
    if (ticket.status === 'waiting_user' && to !== 'waiting_user' && ticket.waitingSince) {
      const from = ticket.waitingSince;
      if (ticket.firstResponseDueAt && !ticket.firstRespondedAt)
        patch.firstResponseDueAt = extendForPause(calendar, ticket.firstResponseDueAt, from, now);
      if (ticket.resolutionDueAt) patch.resolutionDueAt = extendForPause(calendar, ticket.resolutionDueAt, from, now);
      patch.waitingSince = null;
    }
    if (to === 'waiting_user' && ticket.status !== 'waiting_user') patch.waitingSince = now;
    if (to === 'resolved') patch.resolvedAt = now;
    if ((ticket.status === 'resolved' || ticket.status === 'closed') && to !== 'resolved' && to !== 'closed') {
      // Reopened: the days it sat solved were not the desk's to count against its target.
      if (ticket.resolvedAt && ticket.resolutionDueAt)
        patch.resolutionDueAt = extendForPause(calendar, ticket.resolutionDueAt, ticket.resolvedAt, now);
      patch.resolvedAt = null;
    }
    if (to === 'closed') patch.closedAt = now;
    if (ticket.status === 'closed' && to !== 'closed') patch.closedAt = null;
    // (Reopened from resolved or closed: the solved time is paused above and resolvedAt cleared.)
    return patch;
  }

  function apply(
    ticket: Ticket,
    event: TicketEvent,
    actor: Actor,
    now: Date,
    extra: { text?: string | null; kind?: string; patch?: TicketPatch } = {},
  ): Outcome {
    const result = transition(ticket.status, event);
    if (!result.ok) return { ok: false, reason: result.reason, ticket };
    const patch: TicketPatch = { ...patchFor(ticket, result.to, now), ...extra.patch };
    // Any visible staff action is the first response the SLA measures.
    if (actor.kind === 'staff' && !ticket.firstRespondedAt) patch.firstRespondedAt = now;
    const kind = extra.kind ?? event;
    log.info({ ticketId: ticket.id, event: kind, from: result.from, to: result.to, actor }, 'ticket changed');
    return write(ticket, actor, now, kind, result.to, extra.text ?? null, patch);
  }

  /** The ticket's new fields and its history row, together. */
  function write(
    ticket: Ticket,
    actor: Actor,
    now: Date,
    kind: string,
    to: TicketStatus,
    text: string | null,
    patch: TicketPatch,
  ): Outcome {
    const updated = repo.update(ticket.id, patch);
    const event = repo.addEvent({
      ticketId: ticket.id,
      at: now,
      actorKind: actor.kind,
      actorId: actor.id,
      kind,
      fromStatus: ticket.status,
      toStatus: to,
      text,
    });
    return { ok: true, ticket: updated, event, messages: [] };
  }

  /** An event that changes no status (a reply, a note, a rating). */
  function record(ticket: Ticket, actor: Actor, now: Date, kind: string, text: string | null, patch: TicketPatch = {}): Outcome {
    const full: TicketPatch = { updatedAt: now, ...patch };
    if (actor.kind === 'staff' && !ticket.firstRespondedAt && kind === 'reply') full.firstRespondedAt = now;
    return write(ticket, actor, now, kind, ticket.status, text, full);
  }

  function load(ticketId: number): Ticket | undefined {
    return repo.byId(ticketId);
  }

  const notFound: Outcome = { ok: false, reason: 'not_found' };

  /**
   * Runs `fn` on a ticket in one transaction. A missing ticket, or one that is not `owner`'s when
   * an owner is given, is refused as not found; a closed one as closed unless `closedToo`.
   */
  function onTicket(
    ticketId: number,
    fn: (ticket: Ticket) => Outcome,
    opts: { owner?: Contact; closedToo?: boolean } = {},
  ): Outcome {
    return transaction(() => {
      const ticket = load(ticketId);
      if (!ticket || (opts.owner && !owns(opts.owner, ticket))) return notFound;
      if (!opts.closedToo && ticket.status === 'closed') return { ok: false, reason: 'closed', ticket };
      return fn(ticket);
    });
  }

  return {
    reopenDays: autoCloseDays,

    open(input, now) {
      return transaction(() => {
        const category = categories.byId(input.categoryId) ?? categories.fallback;
        const due = computeDue(calendar, now, category);
        const ticket = repo.insert({
          contactId: input.contact.id,
          channel: input.channel,
          chatId: input.chatId,
          category: category.id,
          description: input.description,
          status: 'new',
          contactName: input.contactName ?? null,
          company: input.company ?? null,
          firstResponseDueAt: due.firstResponseDueAt,
          resolutionDueAt: due.resolutionDueAt,
          createdAt: now,
          updatedAt: now,
        });
        const files = input.attachments ?? [];
        repo.addAttachments(ticket.id, input.channel, files, now);
        repo.addEvent({
          ticketId: ticket.id,
          at: now,
          actorKind: 'user',
          actorId: String(input.contact.id),
          kind: 'created',
          toStatus: 'new',
          text: input.description,
        });
        log.info({ ticketId: ticket.id, category: category.id, channel: input.channel }, 'ticket opened');
        const messages = staffNotices({
          kind: 'new_ticket',
          ticket,
          contact: input.contact,
          text: input.description,
          attachments: files,
        });
        return { ticket, messages };
      });
    },

    reply(ticketId, actor, text, now, attachments = []) {
      return onTicket(ticketId, (ticket) => {
        // Answering a new ticket is starting it; on any other status a reply leaves it as it is.
        const outcome =
          ticket.status === 'new'
            ? apply(ticket, 'start', actor, now, { text, kind: 'reply' })
            : record(ticket, actor, now, 'reply', text);
        if (!outcome.ok) return outcome;
        const handoff = converse(outcome.ticket, now);
        const notice = userNotice(outcome.ticket, outcome.event, { kind: 'reply', text, handoff });
        // Staff's screenshots go along; an adapter relays what it can (same platform) and skips the rest.
        const files = attachments.map((a) => ({ ...a, channel: a.channel ?? actor.channel }));
        return { ...outcome, messages: [{ ...notice, ...(files.length ? { attachments: files } : {}) }] };
      });
    },

    changeStatus(ticketId, event, actor, opts, now) {
      // The lifecycle itself says what a closed ticket allows (only reopening).
      return onTicket(
        ticketId,
        (ticket) => {
          const patch: TicketPatch =
            event === 'escalate' ? { externalParty: opts.party ?? null, externalRef: opts.ref ?? null } : {};
          const note = event === 'escalate' ? [opts.party, opts.ref].filter(Boolean).join(' ') || null : (opts.text ?? null);
          const outcome = apply(ticket, event, actor, now, { text: note, patch });
          // A question or a wait opens the conversation; a solved or closed ticket ends it.
          const handoff = outcome.ok && event === 'wait' && converse(outcome.ticket, now);
          if (outcome.ok && finished(outcome.ticket.status)) handoffs?.end(ticket.id);
          const notice: UserNotice = (() => {
            switch (event) {
              case 'start':
              case 'reopen':
                return { kind: event };
              case 'wait':
                return { kind: 'wait', text: opts.text, handoff };
              case 'escalate':
                return { kind: 'escalate', party: opts.party, ref: opts.ref };
              case 'resolve':
                return { kind: 'resolve', text: opts.text, reopenDays: autoCloseDays };
              case 'close':
                return { kind: 'close', before: ticket.status };
            }
          })();
          return telling(outcome, notice);
        },
        { closedToo: true },
      );
    },

    userMessage(ticketId, contact, text, attachments, now, opts = {}) {
      return onTicket(
        ticketId,
        (ticket) => {
          if (
            ticket.status === 'resolved' &&
            ticket.resolvedAt &&
            now.getTime() - ticket.resolvedAt.getTime() > autoCloseDays * DAY_MS
          )
            return { ok: false, reason: 'window_passed', ticket };
          const user: Actor = { kind: 'user', id: String(contact.id) };
          const outcome = (() => {
            if (ticket.status === 'resolved' && opts.reopen === false) return record(ticket, user, now, 'user_message', text);
            // An answer to a question asked while LKPP/Telkom had the ticket goes back to them.
            const backToEscalated =
              ticket.status === 'waiting_user' && repo.lastEvent(ticket.id, 'wait')?.fromStatus === 'escalated';
            const kind = ticket.status === 'resolved' ? 'reopened_by_user' : 'user_message';
            return apply(ticket, backToEscalated ? 'escalate' : 'user_reply', user, now, { text, kind });
          })();
          if (!outcome.ok) return outcome;
          repo.addAttachments(ticket.id, ticket.channel, attachments, now);
          handoffs?.touch(ticket.channel, ticket.chatId, ticket.id, now);
          const reopened = ticket.status === 'resolved' && outcome.ticket.status !== 'resolved';
          return telling(
            outcome,
            undefined,
            staffNotices({ kind: 'user_message', ticket: outcome.ticket, contact, text, attachments, reopened }),
          );
        },
        { owner: contact },
      );
    },

    assign(ticketId, actor, staffId, now) {
      return onTicket(ticketId, (ticket) => {
        if (ticket.assigneeStaffId === staffId) return { ok: false, reason: 'same_status', ticket };
        if (ticket.status !== 'new') return record(ticket, actor, now, 'assigned', null, { assigneeStaffId: staffId });
        const outcome = apply(ticket, 'start', actor, now, { kind: 'assigned', patch: { assigneeStaffId: staffId } });
        return telling(outcome, { kind: 'start' });
      });
    },

    note(ticketId, actor, text, now) {
      // Internal: the user's "last change" must not move for something they never see.
      return onTicket(ticketId, (ticket) => record(ticket, actor, now, 'note', text, { updatedAt: ticket.updatedAt }), {
        closedToo: true,
      });
    },

    rate(ticketId, contact, rating, now) {
      return onTicket(
        ticketId,
        (ticket) => {
          if (ticket.status !== 'resolved' && ticket.status !== 'closed') return { ok: false, reason: 'not_allowed', ticket };
          if (ticket.rating !== null) return { ok: false, reason: 'same_status', ticket };
          const value = Math.max(1, Math.min(MAX_RATING, Math.round(rating)));
          return record(ticket, { kind: 'user', id: String(contact.id) }, now, 'rating', String(value), { rating: value });
        },
        { owner: contact, closedToo: true },
      );
    },

    comment(ticketId, contact, text, now) {
      return onTicket(
        ticketId,
        (ticket) =>
          record(ticket, { kind: 'user', id: String(contact.id) }, now, 'rating_comment', text, { ratingComment: text }),
        {
          owner: contact,
          closedToo: true,
        },
      );
    },

    autoClose(now) {
      return transaction(() => {
        const due = repo.resolvedBefore(new Date(now.getTime() - autoCloseDays * DAY_MS));
        const messages = due.flatMap(
          (ticket) =>
            telling(apply(ticket, 'auto_close', SYSTEM, now), { kind: 'auto_close', reopenDays: autoCloseDays }).messages ?? [],
        );
        return { closed: due.length, messages };
      });
    },

    ownedBy(contact, ticketId) {
      const ticket = load(ticketId);
      return ticket && owns(contact, ticket) ? ticket : undefined;
    },

    listOwn(contact, limit = 10) {
      return repo.byContacts(personOf(contact), limit);
    },

    conversation(channel, chatId, now) {
      if (!handoffs) return undefined;
      for (const { ticketId, staffAt } of handoffs.active(channel, chatId, new Date(now.getTime() - idleMs))) {
        const ticket = load(ticketId);
        if (ticket && !finished(ticket.status)) return { ticket, staffAt };
      }
      return undefined;
    },

    leaveConversation(channel, chatId) {
      handoffs?.leave(channel, chatId);
    },

    recategorise(ticketId, actor, categoryId, now) {
      return onTicket(
        ticketId,
        (ticket) => {
          const category = categories.byId(categoryId);
          if (!category) return { ok: false, reason: 'not_allowed', ticket };
          if (category.id === ticket.category) return { ok: false, reason: 'same_status', ticket };
          const due = computeDue(calendar, ticket.createdAt, category);
          // The pauses already behind the ticket (waits on the user, time it sat solved before a
          // reopen) count as they did before; a pause still running is added when it ends.
          let firstResponseDueAt = due.firstResponseDueAt;
          let resolutionDueAt = due.resolutionDueAt;
          let pausedSince: Date | undefined;
          for (const e of repo.events(ticket.id)) {
            const pausing = e.toStatus === 'waiting_user' || e.toStatus === 'resolved' || e.toStatus === 'closed';
            if (pausing && !pausedSince && e.fromStatus !== e.toStatus) pausedSince = e.at;
            else if (!pausing && pausedSince && e.toStatus) {
              const resumedFromWait = e.fromStatus === 'waiting_user';
              if (resumedFromWait && !ticket.firstRespondedAt)
                firstResponseDueAt = extendForPause(calendar, firstResponseDueAt, pausedSince, e.at);
              resolutionDueAt = extendForPause(calendar, resolutionDueAt, pausedSince, e.at);
              pausedSince = undefined;
            }
          }
          log.info({ ticketId: ticket.id, from: ticket.category, to: category.id, actor }, 'ticket recategorised');
          return record(ticket, actor, now, 'recategorise', `${ticket.category} → ${category.id}`, {
            category: category.id,
            firstResponseDueAt,
            resolutionDueAt,
            // Internal: the user's "last change" does not move for something they never see.
            updatedAt: ticket.updatedAt,
          });
        },
        { closedToo: true },
      );
    },
  };
}
