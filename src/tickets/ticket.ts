import type { AttachmentKind, ChannelName } from '../core/channel.js';

export const TICKET_STATUSES = ['new', 'in_progress', 'waiting_user', 'escalated', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const ACTOR_KINDS = ['user', 'staff', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** A ticket; its id is its public number #N. Times are Dates, never strings. */
export interface Ticket {
  id: number;
  contactId: number;
  channel: ChannelName;
  chatId: string;
  category: string;
  description: string;
  status: TicketStatus;
  contactName: string | null;
  company: string | null;
  assigneeStaffId: number | null;
  externalParty: string | null;
  externalRef: string | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  /** Set while the ticket waits on the user: that time is added back to the SLA due times. */
  waitingSince: Date | null;
  closedAt: Date | null;
  rating: number | null;
  ratingComment: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type TicketPatch = Partial<Omit<Ticket, 'id' | 'contactId' | 'createdAt'>>;

/** One row of a ticket's append-only history: who did what, when, from which status to which. */
export interface TicketEventRow {
  id: number;
  ticketId: number;
  at: Date;
  actorKind: ActorKind;
  actorId: string | null;
  kind: string;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  text: string | null;
}

/** A file kept on a ticket by platform reference. */
export interface TicketAttachment {
  id: number;
  ticketId: number;
  channel: ChannelName;
  kind: AttachmentKind;
  ref: string;
  fileName: string | null;
  mimeType: string | null;
  messageRef: string | null;
  chatRef: string | null;
  createdAt: Date;
}
