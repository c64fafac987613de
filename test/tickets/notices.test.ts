import { describe, expect, it } from 'vitest';
import type { ChannelName } from '../../src/core/channel.js';
import type { Actor } from '../../src/tickets/service.js';
import { createHarness } from '../helpers.js';

const staff: Actor = { kind: 'staff', id: 'staff-1' };

async function ticketOn(channel: ChannelName) {
  const h = await createHarness();
  const who = { channel, chatId: `${channel}-chat`, userId: `${channel}-user` };
  const opened = h.say('/tiket tidak bisa login akun spse', who).find((r) => r.chatId === who.chatId)!;
  const ticket = h.app.store.tickets.byId(1)!;
  const change = (event: 'escalate' | 'resolve', opts: { text?: string; party?: string; ref?: string } = {}) => {
    h.app.desk.apply(() => h.app.tickets.changeStatus(ticket.id, event, staff, opts, h.clock.now()));
    return h.drainQueued().find((r) => r.chatId === who.chatId)!.text;
  };
  return { h, opened: opened.text, change };
}

describe('ticket notices, in the words each channel allows', () => {
  it('tells a Telegram or WhatsApp user they may reply to the message', async () => {
    for (const channel of ['telegram', 'whatsapp'] as const) {
      const { h, change } = await ticketOn(channel);
      expect(change('resolve', { text: 'Sudah diperbaiki.' })).toContain('balas pesan ini atau tulis #1');
      h.close();
    }
  });

  it('never asks a web chat user to reply to a message, which a web page cannot do', async () => {
    const { h, opened, change } = await ticketOn('web');
    expect(opened).toContain('tampil di halaman obrolan ini');
    expect(opened).not.toContain('dikirim ke chat ini');
    const resolved = change('resolve', { text: 'Sudah diperbaiki.' });
    expect(resolved).not.toContain('balas pesan ini');
    expect(resolved).toContain('tulis #1 dalam');
    h.close();
  });

  it('names the party an escalated ticket went to in its status line', async () => {
    const { h, change } = await ticketOn('telegram');
    const text = change('escalate', { party: 'LKPP', ref: 'TKT-4455' });
    expect(text).toContain('Status: Diteruskan ke LKPP.');
    expect(text).not.toContain('LKPP/Telkom');
    h.close();
  });
});
