import { describe, expect, it } from 'vitest';
import type { Actor } from '../../src/tickets/service.js';
import { createHarness } from '../helpers.js';

const staff: Actor = { kind: 'staff', id: 'staff-1' };
const vendor = { chatId: 'vendor-chat', userId: 'vendor-1' };
const HOUR = 3_600_000;

async function openTicket(text = '/tiket login gagal') {
  const h = await createHarness();
  h.say(text, vendor);
  const ticket = h.app.store.tickets.byId(1)!;
  h.drainQueued();
  return { h, ticket };
}

describe('ticket SLA', () => {
  it('stores first-response and resolution due times in working hours of its category', async () => {
    // Monday 2 March 2026 09:00 WIB; "spse-akun": 60 working minutes, 960 (two working days).
    const { h, ticket } = await openTicket('/tiket tidak bisa login akun spse');
    expect(ticket.category).toBe('spse-akun');
    expect(ticket.firstResponseDueAt).toEqual(new Date('2026-03-02T03:00:00Z'));
    expect(ticket.resolutionDueAt).toEqual(new Date('2026-03-04T02:00:00Z'));
    h.close();
  });

  it('does not count time spent waiting on the user', async () => {
    const { h, ticket } = await openTicket('/tiket tidak bisa login akun spse');
    h.clock.advance(HOUR); // 10:00
    h.app.desk.apply(() => h.app.tickets.changeStatus(ticket.id, 'wait', staff, { text: 'Kirim screenshot' }, h.clock.now()));
    h.clock.advance(4 * HOUR); // 14:00: four working hours waiting
    h.say(`#${ticket.id} ini screenshotnya`, vendor);
    const after = h.app.store.tickets.byId(ticket.id)!;
    expect(after.status).toBe('in_progress');
    expect(after.waitingSince).toBeNull();
    expect(after.resolutionDueAt!.getTime() - ticket.resolutionDueAt!.getTime()).toBe(4 * HOUR);
    h.close();
  });

  it('marks the first response at the first staff reply', async () => {
    const { h, ticket } = await openTicket();
    h.clock.advance(HOUR / 2);
    h.app.desk.apply(() => h.app.tickets.reply(ticket.id, staff, 'Sedang kami cek', h.clock.now()));
    h.clock.advance(HOUR);
    h.app.desk.apply(() => h.app.tickets.reply(ticket.id, staff, 'Sudah dicek', h.clock.now()));
    expect(h.app.store.tickets.byId(ticket.id)!.firstRespondedAt).toEqual(new Date('2026-03-02T02:30:00Z'));
    h.close();
  });
});

describe('ticket service refusals', () => {
  it('refuses to reply on a closed ticket and changes nothing', async () => {
    const { h, ticket } = await openTicket();
    h.app.desk.apply(() => h.app.tickets.changeStatus(ticket.id, 'close', staff, {}, h.clock.now()));
    h.drainQueued();
    expect(h.app.desk.apply(() => h.app.tickets.reply(ticket.id, staff, 'halo', h.clock.now()))).toMatchObject({
      ok: false,
      reason: 'closed',
    });
    expect(h.drainQueued()).toHaveLength(0);
    h.close();
  });

  it('does not reopen a resolved ticket after the window has passed', async () => {
    const { h, ticket } = await openTicket();
    h.app.desk.apply(() => h.app.tickets.changeStatus(ticket.id, 'resolve', staff, {}, h.clock.now()));
    h.clock.advance(8 * 24 * HOUR);
    const contact = h.app.store.contacts.find('console', vendor.userId)!;
    expect(h.app.desk.apply(() => h.app.tickets.userMessage(ticket.id, contact, 'masih gagal', [], h.clock.now()))).toMatchObject(
      {
        ok: false,
        reason: 'window_passed',
      },
    );
    expect(h.app.store.tickets.byId(ticket.id)!.status).toBe('resolved');
    h.close();
  });

  it('accepts one rating per ticket and only once it is resolved', async () => {
    const { h, ticket } = await openTicket();
    const contact = h.app.store.contacts.find('console', vendor.userId)!;
    expect(h.app.desk.apply(() => h.app.tickets.rate(ticket.id, contact, 3, h.clock.now()))).toMatchObject({
      ok: false,
      reason: 'not_allowed',
    });
    h.app.desk.apply(() => h.app.tickets.changeStatus(ticket.id, 'resolve', staff, {}, h.clock.now()));
    expect(h.app.desk.apply(() => h.app.tickets.rate(ticket.id, contact, 3, h.clock.now())).ok).toBe(true);
    expect(h.app.desk.apply(() => h.app.tickets.rate(ticket.id, contact, 1, h.clock.now()))).toMatchObject({
      ok: false,
      reason: 'same_status',
    });
    expect(h.app.store.tickets.byId(ticket.id)!.rating).toBe(3);
    h.close();
  });
});

describe('ticket service, on its own', () => {
  it('reports the messages a change causes and writes no outbox row itself', async () => {
    const { openStore } = await import('../../src/store/index.js');
    const { loadCategories } = await import('../../src/tickets/categories.js');
    const { createWorkingCalendar } = await import('../../src/tickets/sla.js');
    const { createTicketService } = await import('../../src/tickets/service.js');
    const { silentLogger } = await import('../../src/logger.js');
    const store = openStore(':memory:');
    const now = new Date('2026-03-02T02:00:00Z');
    const contact = store.contacts.touch({ channel: 'telegram', userId: '7', chatId: '7' }, now);
    const service = createTicketService({
      tickets: store.tickets,
      transaction: store.transaction,
      calendar: createWorkingCalendar({ timeZone: 'Asia/Jakarta', startHour: 8, endHour: 16, extraHolidays: [] }),
      categories: loadCategories('intents'),
      log: silentLogger,
      autoCloseDays: 7,
      notifyStaff: (notice) => [{ channel: 'telegram', chatId: 'staff', text: `new ${notice.ticket.id}` }],
    });
    const opened = service.open(
      { contact, channel: 'telegram', chatId: '7', categoryId: 'spse-akun', description: 'tidak bisa login' },
      now,
    );
    expect(opened.messages).toEqual([{ channel: 'telegram', chatId: 'staff', text: `new ${opened.ticket.id}` }]);
    const resolved = service.changeStatus(opened.ticket.id, 'resolve', staff, { text: 'Sudah' }, now);
    expect(resolved.ok && resolved.messages).toEqual([
      expect.objectContaining({
        channel: 'telegram',
        chatId: '7',
        ticketId: opened.ticket.id,
        replyTarget: true,
        choices: expect.arrayContaining([expect.objectContaining({ id: `tiket:nilai:${opened.ticket.id}:4` })]),
      }),
    ]);
    expect(store.outbox.countByStatus()).toEqual({ pending: 0, sent: 0, failed: 0 });
    store.close();
  });
});
