import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { MEMORY_DB } from '../helpers.js';

const t0 = new Date('2026-01-05T02:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describe('outbox repository', () => {
  it('queues a message with a dedupe key only once', () => {
    const store = openStore(MEMORY_DB);
    const msg = { channel: 'console' as const, chatId: 'c1', text: 'Tiket #1 selesai', dedupeKey: 'ticket:1:resolved' };
    expect(store.outbox.enqueue([msg], t0)).toHaveLength(1);
    expect(store.outbox.enqueue([msg], t0)).toHaveLength(0);
    expect(store.outbox.countByStatus().pending).toBe(1);
    store.close();
  });

  it('returns due rows oldest first and only for the asked channel', () => {
    const store = openStore(MEMORY_DB);
    store.outbox.enqueue(
      [
        { channel: 'console', chatId: 'a', text: 'satu' },
        { channel: 'telegram', chatId: 'b', text: 'lain' },
        { channel: 'console', chatId: 'c', text: 'dua' },
      ],
      t0,
    );
    expect(store.outbox.due('console', t0, 10).map((r) => r.text)).toEqual(['satu', 'dua']);
    store.close();
  });

  it('holds back a chat whose earlier message is waiting out a back-off', () => {
    const store = openStore(MEMORY_DB);
    const [first] = store.outbox.enqueue(
      [
        { channel: 'console', chatId: 'a', text: 'pertama' },
        { channel: 'console', chatId: 'a', text: 'kedua' },
        { channel: 'console', chatId: 'b', text: 'chat lain' },
      ],
      t0,
    );
    store.outbox.markRetry(first!, later(60_000), 'timeout');
    expect(store.outbox.due('console', later(1_000), 10).map((r) => r.text)).toEqual(['chat lain']);
    expect(store.outbox.nextDueAt('console', later(1_000))).toEqual(later(60_000));
    expect(store.outbox.due('console', later(60_000), 10).map((r) => r.text)).toEqual(['pertama', 'kedua', 'chat lain']);
    store.close();
  });
});
