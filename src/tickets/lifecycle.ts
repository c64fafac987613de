import type { TicketStatus } from './ticket.js';

export type { TicketStatus };

/**
 * What can happen to a ticket. Staff drive most events through commands; `user_reply` is the
 * user writing on their ticket; `auto_close` is the timer closing a resolved ticket.
 */
export const TICKET_EVENTS = ['start', 'wait', 'user_reply', 'escalate', 'resolve', 'close', 'auto_close', 'reopen'] as const;
export type TicketEvent = (typeof TICKET_EVENTS)[number];

export const OPEN_STATUSES: readonly TicketStatus[] = ['new', 'in_progress', 'waiting_user', 'escalated'];

/**
 * The whole state machine as data: event → (from → to). An absent pair is a refused transition.
 * `new → in_progress → (waiting_user ⇄ in_progress) → escalated → in_progress → resolved → closed`,
 * plus the shortcuts a real desk needs: resolving or closing from any open state (a duplicate,
 * spam, a problem that solved itself), escalating or waiting straight from `new`.
 */
const TRANSITIONS: Record<TicketEvent, Partial<Record<TicketStatus, TicketStatus>>> = {
  start: { new: 'in_progress', waiting_user: 'in_progress', escalated: 'in_progress' },
  wait: { new: 'waiting_user', in_progress: 'waiting_user', escalated: 'waiting_user' },
  // The user answering is what ends a wait; a message on a resolved ticket reopens it (the
  // reopen window is the service's to check). On other open states it is only recorded.
  user_reply: {
    new: 'new',
    in_progress: 'in_progress',
    waiting_user: 'in_progress',
    escalated: 'escalated',
    resolved: 'in_progress',
  },
  escalate: { new: 'escalated', in_progress: 'escalated', waiting_user: 'escalated' },
  resolve: { new: 'resolved', in_progress: 'resolved', waiting_user: 'resolved', escalated: 'resolved' },
  close: { new: 'closed', in_progress: 'closed', waiting_user: 'closed', escalated: 'closed', resolved: 'closed' },
  auto_close: { resolved: 'closed' },
  reopen: { resolved: 'in_progress', closed: 'in_progress' },
};

export type TransitionResult =
  | { ok: true; from: TicketStatus; to: TicketStatus; changed: boolean }
  | { ok: false; from: TicketStatus; event: TicketEvent; reason: 'closed' | 'same_status' | 'not_allowed' };

export function transition(from: TicketStatus, event: TicketEvent): TransitionResult {
  const to = TRANSITIONS[event][from];
  if (to !== undefined) return { ok: true, from, to, changed: to !== from };
  if (from === 'closed') return { ok: false, from, event, reason: 'closed' };
  const target = Object.values(TRANSITIONS[event])[0];
  if (target === from) return { ok: false, from, event, reason: 'same_status' };
  return { ok: false, from, event, reason: 'not_allowed' };
}

export function isOpen(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}
