import { describe, expect, it, vi } from 'vitest';
import type { OutboundMessage } from '../../src/core/channel.js';
import { openStore } from '../../src/store/index.js';
import { MEMORY_DB } from '../helpers.js';

const announcement = (i: number, key = 'b1'): OutboundMessage => ({
  channel: 'telegram',
  chatId: String(5000 + i),
  text: 'Pengumuman: layanan helpdesk libur besok.',
  dedupeKey: `broadcast:${key}:${i}`,
  bulk: true,
});

describe('outbox bulk enqueue', () => {
  it('queues 10,000 announcements with the statements prepared once, none per row', () => {
    const store = openStore(MEMORY_DB);
    const prepare = vi.spyOn(store.handle.sqlite, 'prepare');
    const messages = Array.from({ length: 10_000 }, (_, i) => announcement(i));
    const ids = store.transaction(() => store.outbox.enqueue(messages, new Date('2026-03-02T02:00:00Z')));
    expect(prepare).not.toHaveBeenCalled();
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);
    expect(store.outbox.byId(ids[9_999]!)).toMatchObject({ chatId: '14999', priority: 1, status: 'pending' });
    expect(store.outbox.countByStatus('telegram').pending).toBe(10_000);
    store.close();
  });

  it('skips rows whose dedupe key was queued before and returns only the new ids, in order', () => {
    const store = openStore(MEMORY_DB);
    const now = new Date('2026-03-02T02:00:00Z');
    const first = store.outbox.enqueue([announcement(0), announcement(1)], now);
    const again = store.outbox.enqueue([announcement(1), announcement(2), announcement(0), announcement(3)], now);
    expect(again).toHaveLength(2);
    expect(again.map((id) => store.outbox.byId(id)!.chatId)).toEqual(['5002', '5003']);
    expect(Math.min(...again)).toBeGreaterThan(Math.max(...first));
    store.close();
  });

  it('stores choices, attachments, ticket summaries and flags as they are read back', () => {
    const store = openStore(MEMORY_DB);
    const [id] = store.outbox.enqueue(
      [
        {
          channel: 'telegram',
          chatId: '42',
          text: 'Tiket #7',
          choices: [{ id: 'rate:7:4', label: 'Puas' }],
          attachments: [{ kind: 'photo', ref: 'file-1' }],
          ticketId: 7,
          ticket: { title: '#7 Akun SPSE', closed: true },
          replyTarget: true,
          replyToRef: '99',
        },
      ],
      new Date('2026-03-02T02:00:00Z'),
    );
    expect(store.outbox.byId(id!)).toMatchObject({
      choices: [{ id: 'rate:7:4', label: 'Puas' }],
      attachments: [{ kind: 'photo', ref: 'file-1' }],
      ticketId: 7,
      ticketTitle: '#7 Akun SPSE',
      ticketClosed: true,
      replyTarget: true,
      replyToRef: '99',
      priority: 0,
      nextAttemptAt: new Date('2026-03-02T02:00:00Z'),
    });
    store.close();
  });
});
