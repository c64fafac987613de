import { describe, expect, it } from 'vitest';
import { isOpen, transition, TICKET_EVENTS, type TicketEvent } from '../../src/tickets/lifecycle.js';
import { TICKET_STATUSES, type TicketStatus } from '../../src/tickets/ticket.js';

/** Every (status, event) pair, with the expected outcome: the next status or the refusal. */
const table: Record<TicketStatus, Record<TicketEvent, TicketStatus | 'closed!' | 'same!' | 'refused!'>> = {
  new: {
    start: 'in_progress',
    wait: 'waiting_user',
    user_reply: 'new',
    escalate: 'escalated',
    resolve: 'resolved',
    close: 'closed',
    auto_close: 'refused!',
    reopen: 'refused!',
  },
  in_progress: {
    start: 'same!',
    wait: 'waiting_user',
    user_reply: 'in_progress',
    escalate: 'escalated',
    resolve: 'resolved',
    close: 'closed',
    auto_close: 'refused!',
    reopen: 'same!',
  },
  waiting_user: {
    start: 'in_progress',
    wait: 'same!',
    user_reply: 'in_progress',
    escalate: 'escalated',
    resolve: 'resolved',
    close: 'closed',
    auto_close: 'refused!',
    reopen: 'refused!',
  },
  escalated: {
    start: 'in_progress',
    wait: 'waiting_user',
    user_reply: 'escalated',
    escalate: 'same!',
    resolve: 'resolved',
    close: 'closed',
    auto_close: 'refused!',
    reopen: 'refused!',
  },
  resolved: {
    start: 'refused!',
    wait: 'refused!',
    user_reply: 'in_progress',
    escalate: 'refused!',
    resolve: 'same!',
    close: 'closed',
    auto_close: 'closed',
    reopen: 'in_progress',
  },
  closed: {
    start: 'closed!',
    wait: 'closed!',
    user_reply: 'closed!',
    escalate: 'closed!',
    resolve: 'closed!',
    close: 'closed!',
    auto_close: 'closed!',
    reopen: 'in_progress',
  },
};

const cases = TICKET_STATUSES.flatMap((from) => TICKET_EVENTS.map((event) => [from, event, table[from][event]] as const));

describe('ticket lifecycle', () => {
  it('has an expectation for every status and event', () => {
    expect(cases).toHaveLength(TICKET_STATUSES.length * TICKET_EVENTS.length);
  });

  it.each(cases)('from %s on %s gives %s', (from, event, expected) => {
    const result = transition(from, event);
    if (expected === 'closed!') expect(result).toMatchObject({ ok: false, reason: 'closed' });
    else if (expected === 'same!') expect(result).toMatchObject({ ok: false, reason: 'same_status' });
    else if (expected === 'refused!') expect(result).toMatchObject({ ok: false, reason: 'not_allowed' });
    else expect(result).toEqual({ ok: true, from, to: expected, changed: expected !== from });
  });

  it('counts only new, in progress, waiting and escalated tickets as open', () => {
    expect(TICKET_STATUSES.filter(isOpen)).toEqual(['new', 'in_progress', 'waiting_user', 'escalated']);
  });
});
