import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.js';
import { SendError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/logger.js';
import { createRouter } from '../../src/core/router.js';
import { createDesk } from '../../src/desk.js';
import { backoffDelay, createDispatcher, DEFAULT_RETRY } from '../../src/outbox/dispatcher.js';
import { openStore } from '../../src/store/index.js';
import { inbound, MEMORY_DB, recordingSender, tempDbPath } from '../helpers.js';

function setup(path = MEMORY_DB, concurrency = 4) {
  const store = openStore(path);
  const clock = createManualClock();
  const sender = recordingSender();
  const dispatcher = createDispatcher({
    outbox: store.outbox,
    sender,
    clock,
    log: silentLogger,
    retry: { baseDelayMs: 1_000, maxDelayMs: 60_000, giveUpAfterMs: 24 * 3_600_000 },
    random: () => 1,
    concurrency,
  });
  return { store, clock, sender, dispatcher, path };
}

const transient = () => new SendError('network down', { permanent: false });

describe('dispatcher', () => {
  it('sends an answer that was queued before a crash once the desk restarts', async () => {
    const before = setup(tempDbPath());
    const desk = createDesk({ store: before.store, router: createRouter([]), clock: before.clock, log: silentLogger });
    desk.receive(inbound('/menu'));
    // Crash: the process dies before the dispatcher ran.
    before.store.close();

    const after = setup(before.path);
    expect(await after.dispatcher.drain()).toBe(1);
    expect(after.sender.sent.map((m) => m.chatId)).toEqual(['chat-1']);
    expect(after.store.outbox.countByStatus()).toEqual({ pending: 0, sent: 1, failed: 0 });
    // Nothing is sent twice.
    expect(await after.dispatcher.drain()).toBe(0);
    after.store.close();
  });

  it('gives up on a permanent failure at once and goes on with the next message', async () => {
    const { store, clock, sender, dispatcher } = setup();
    store.outbox.enqueue(
      [
        { channel: 'console', chatId: 'blocked-user', text: 'tidak akan sampai' },
        { channel: 'console', chatId: 'other', text: 'sampai' },
      ],
      clock.now(),
    );
    sender.failures.push(new SendError('bot was blocked by the user', { permanent: true }));
    await dispatcher.drain();
    await dispatcher.drain();
    expect(sender.sent.map((m) => m.text)).toEqual(['sampai']);
    expect(store.outbox.countByStatus()).toEqual({ pending: 0, sent: 1, failed: 1 });
    store.close();
  });

  it('retries a transient failure after a back-off and then delivers', async () => {
    const { store, clock, sender, dispatcher } = setup();
    const [id] = store.outbox.enqueue([{ channel: 'console', chatId: 'c', text: 'halo' }], clock.now());
    sender.failures.push(transient());
    await dispatcher.drain();
    expect(sender.sent).toHaveLength(0);
    expect(store.outbox.byId(id!)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'network down' });

    clock.advance(500);
    await dispatcher.drain();
    expect(sender.sent).toHaveLength(0);

    clock.advance(1_000);
    await dispatcher.drain();
    expect(sender.sent.map((m) => m.text)).toEqual(['halo']);
    expect(store.outbox.byId(id!)).toMatchObject({ status: 'sent', attempts: 2 });
    store.close();
  });

  it('waits as long as the platform asks with retry_after', async () => {
    const { store, clock, sender, dispatcher } = setup();
    store.outbox.enqueue([{ channel: 'console', chatId: 'c', text: 'halo' }], clock.now());
    sender.failures.push(new SendError('Too Many Requests', { permanent: false, retryAfterMs: 30_000 }));
    await dispatcher.drain();
    clock.advance(29_000);
    await dispatcher.drain();
    expect(sender.sent).toHaveLength(0);
    clock.advance(1_000);
    await dispatcher.drain();
    expect(sender.sent).toHaveLength(1);
    store.close();
  });

  it('holds only the rate-limited chat, without using up its attempts', async () => {
    const { store, clock, sender, dispatcher } = setup(MEMORY_DB, 1);
    const [first] = store.outbox.enqueue(
      [
        { channel: 'console', chatId: 'staff-group', text: 'g1' },
        { channel: 'console', chatId: 'staff-group', text: 'g2' },
        { channel: 'console', chatId: 'vendor', text: 'v1' },
      ],
      clock.now(),
    );
    sender.failures.push(new SendError('Too Many Requests', { permanent: false, retryAfterMs: 5_000 }));
    await dispatcher.drain();
    expect(sender.sent.map((m) => m.text)).toEqual(['v1']);
    expect(store.outbox.byId(first!)).toMatchObject({ status: 'pending', attempts: 0 });
    clock.advance(5_000);
    await dispatcher.drain();
    expect(sender.sent.map((m) => m.text)).toEqual(['v1', 'g1', 'g2']);
    store.close();
  });

  it('gives the channel a stable delivery id per outbox row, the same on a retry', async () => {
    const { store, clock, sender, dispatcher } = setup();
    const seen: Array<string | undefined> = [];
    const send = sender.send.bind(sender);
    sender.send = async (m) => (seen.push(m.deliveryId), send(m));
    const [id] = store.outbox.enqueue([{ channel: 'console', chatId: 'c', text: 'halo' }], clock.now());
    sender.failures.push(transient());
    await dispatcher.drain();
    clock.advance(60_000);
    await dispatcher.drain();
    expect(seen).toEqual([`outbox:${id}`, `outbox:${id}`]);
    store.close();
  });

  it('delivers a notice queued during a long outage once the channel is back', async () => {
    const { store, clock, sender, dispatcher } = setup();
    const [id] = store.outbox.enqueue([{ channel: 'console', chatId: 'c', text: 'Tiket #1 selesai' }], clock.now());
    // Down for three hours: every try fails transiently.
    sender.send = async () => {
      throw transient();
    };
    for (let minute = 0; minute < 180; minute++) {
      await dispatcher.drain();
      clock.advance(60_000);
    }
    expect(store.outbox.byId(id!)).toMatchObject({ status: 'pending' });
    const back = recordingSender();
    sender.send = back.send;
    clock.advance(60_000);
    await dispatcher.drain();
    expect(back.sent.map((m) => m.text)).toEqual(['Tiket #1 selesai']);
    expect(store.outbox.byId(id!)).toMatchObject({ status: 'sent' });
    store.close();
  });

  it('gives up a message still failing after the retry period, and only then', async () => {
    const { store, clock, sender, dispatcher } = setup();
    const [id] = store.outbox.enqueue([{ channel: 'console', chatId: 'c', text: 'halo' }], clock.now());
    sender.send = async () => {
      throw transient();
    };
    for (let i = 0; i < 23; i++) {
      clock.advance(3_600_000);
      await dispatcher.drain();
    }
    expect(store.outbox.byId(id!)).toMatchObject({ status: 'pending' });
    clock.advance(3_600_000);
    await dispatcher.drain();
    expect(store.outbox.byId(id!)).toMatchObject({ status: 'failed', lastError: 'network down' });
    const attempts = store.outbox.byId(id!)!.attempts;
    // Given up: no further tries, however long we wait.
    clock.advance(24 * 3_600_000);
    await dispatcher.drain();
    expect(store.outbox.byId(id!)!.attempts).toBe(attempts);
    store.close();
  });

  it('keeps one chat’s messages in order while the first is backing off', async () => {
    const { store, clock, sender, dispatcher } = setup();
    store.outbox.enqueue(
      [
        { channel: 'console', chatId: 'a', text: 'a1' },
        { channel: 'console', chatId: 'a', text: 'a2' },
        { channel: 'console', chatId: 'b', text: 'b1' },
      ],
      clock.now(),
    );
    sender.failures.push(transient());
    await dispatcher.drain();
    expect(sender.sent.map((m) => m.text)).toEqual(['b1']);
    clock.advance(2_000);
    await dispatcher.drain();
    expect(sender.sent.map((m) => m.text)).toEqual(['b1', 'a1', 'a2']);
    store.close();
  });

  it('delivers rows queued while it runs in the background, when kicked', async () => {
    const { store, sender, dispatcher } = setup();
    dispatcher.start();
    store.outbox.enqueue([{ channel: 'console', chatId: 'c', text: 'latar' }], new Date(0));
    dispatcher.kick();
    await waitFor(() => sender.sent.length === 1);
    await dispatcher.stop();
    expect(store.outbox.countByStatus().sent).toBe(1);
    store.close();
  });

  it('serves several chats at once while keeping each chat in order', async () => {
    const { store, clock } = setup();
    const inFlight = new Set<string>();
    let maxParallel = 0;
    const order: string[] = [];
    const sender = {
      channel: 'console' as const,
      async send(m: { chatId: string; text: string }) {
        expect(inFlight.has(m.chatId)).toBe(false);
        inFlight.add(m.chatId);
        maxParallel = Math.max(maxParallel, inFlight.size);
        await new Promise((r) => setTimeout(r, 5));
        inFlight.delete(m.chatId);
        order.push(m.text);
        return {};
      },
    };
    const parallel = createDispatcher({ outbox: store.outbox, sender, clock, log: silentLogger, concurrency: 3 });
    store.outbox.enqueue(
      ['a', 'b', 'c', 'd'].flatMap((chat) =>
        [1, 2, 3].map((n) => ({ channel: 'console' as const, chatId: chat, text: `${chat}${n}` })),
      ),
      clock.now(),
    );
    await parallel.drain();
    expect(order).toHaveLength(12);
    expect(maxParallel).toBe(3);
    for (const chat of ['a', 'b', 'c', 'd'])
      expect(order.filter((t) => t.startsWith(chat))).toEqual([`${chat}1`, `${chat}2`, `${chat}3`]);
    store.close();
  });
});

describe('a chat that must wait', () => {
  it('does not hold back other chats: their rows, even ones queued later, go out meanwhile', async () => {
    const store = openStore(':memory:');
    const clock = createManualClock();
    const sent: string[] = [];
    let releaseStaff: (() => void) | undefined;
    const staffWait = new Promise<void>((resolve) => (releaseStaff = resolve));
    const sender = {
      channel: 'console' as const,
      async send(m: { chatId: string; text: string }) {
        // The staff group's send sits in a long rate-limit wait inside the platform call.
        if (m.chatId === 'staff') await staffWait;
        sent.push(m.text);
        return {};
      },
    };
    const dispatcher = createDispatcher({ outbox: store.outbox, sender, clock, log: silentLogger, concurrency: 4 });
    const queue = (chatId: string, text: string) => store.outbox.enqueue([{ channel: 'console', chatId, text }], clock.now());
    queue('staff', 'notice 1');
    queue('staff', 'notice 2');
    queue('vendor-a', 'a1');
    dispatcher.start();
    await waitFor(() => sent.includes('a1'));
    queue('vendor-b', 'b1');
    queue('vendor-a', 'a2');
    dispatcher.kick();
    await waitFor(() => sent.includes('b1') && sent.includes('a2'));
    expect(sent).toEqual(['a1', 'b1', 'a2']);
    releaseStaff!();
    await waitFor(() => sent.length === 5);
    // The staff chat kept its own order.
    expect(sent.slice(3)).toEqual(['notice 1', 'notice 2']);
    await dispatcher.stop();
    store.close();
  });
});

describe('pacing to the platform’s limits', () => {
  /** A sender with Telegram-like limits that notes the (manual) time of every send. */
  function pacedSetup(perSecond: number, chatIntervalMs: (chatId: string) => number) {
    const store = openStore(':memory:');
    const clock = createManualClock();
    const sent: Array<{ chatId: string; text: string; at: number }> = [];
    const sender = {
      channel: 'console' as const,
      pacing: { perSecond, chatIntervalMs },
      async send(m: { chatId: string; text: string }) {
        sent.push({ chatId: m.chatId, text: m.text, at: clock.now().getTime() });
        return {};
      },
    };
    const dispatcher = createDispatcher({ outbox: store.outbox, sender, clock, log: silentLogger, pollMs: 50 });
    const start = clock.now().getTime();
    /** Runs the dispatcher on manual time until `done`, `stepMs` at a time. */
    const runUntil = async (done: () => boolean, stepMs = 10, maxMs = 600_000) => {
      dispatcher.start();
      while (!done() && clock.now().getTime() - start < maxMs) await clock.advanceAsync(stepMs);
      await dispatcher.stop();
    };
    return { store, clock, sent, dispatcher, start, runUntil };
  }

  it('never sends faster than the overall rate, and uses it', async () => {
    const { store, clock, sent, start, runUntil } = pacedSetup(30, () => 1_000);
    store.outbox.enqueue(
      Array.from({ length: 90 }, (_, i) => ({ channel: 'console' as const, chatId: `c${i}`, text: `m${i}` })),
      clock.now(),
    );
    await runUntil(() => sent.length === 90);
    expect(sent).toHaveLength(90);
    // At most 30 in any one second…
    for (const s of sent) expect(sent.filter((o) => o.at >= s.at && o.at < s.at + 1_000).length).toBeLessThanOrEqual(30);
    // …and close to the ceiling: 90 messages in about three seconds.
    expect(sent.at(-1)!.at - start).toBeLessThan(3_300);
    store.close();
  });

  it('keeps to the overall rate as the platform counts it, even when requests reach it late', async () => {
    // The platform counts a message when its request arrives, somewhere between the send's start
    // and its answer: here every 31st request is held up 40 ms on the way, the others not at all.
    const store = openStore(':memory:');
    const clock = createManualClock();
    const arrivals: number[] = [];
    let n = 0;
    const sender = {
      channel: 'console' as const,
      pacing: { perSecond: 30, chatIntervalMs: () => 1_000 },
      async send() {
        const transit = n++ % 31 === 0 ? 40 : 0;
        await clock.sleep(transit);
        arrivals.push(clock.now().getTime());
        await clock.sleep(1);
        return {};
      },
    };
    const dispatcher = createDispatcher({ outbox: store.outbox, sender, clock, log: silentLogger, pollMs: 50 });
    store.outbox.enqueue(
      Array.from({ length: 150 }, (_, i) => ({ channel: 'console' as const, chatId: `c${i}`, text: `m${i}` })),
      clock.now(),
    );
    const start = clock.now().getTime();
    dispatcher.start();
    while (arrivals.length < 150 && clock.now().getTime() - start < 60_000) await clock.advanceAsync(1);
    // The last answer comes back a millisecond after its arrival.
    await clock.advanceAsync(5);
    await dispatcher.stop();
    expect(arrivals).toHaveLength(150);
    // Never a 31st arrival within a second of the first of them (a sliding window, as Telegram's)…
    for (let i = 30; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 30]!).toBeGreaterThanOrEqual(1_000);
    // …and still close to the ceiling: 150 messages in about five seconds.
    expect(arrivals.at(-1)! - start).toBeLessThan(5_600);
    store.close();
  });

  it('keeps one chat to its own rate without holding the others', async () => {
    const { store, clock, sent, start, runUntil } = pacedSetup(30, (chat) => (chat.startsWith('-') ? 3_000 : 1_000));
    const queue = (chatId: string, text: string) => store.outbox.enqueue([{ channel: 'console', chatId, text }], clock.now());
    for (const n of [1, 2, 3]) queue('-100', `group ${n}`);
    for (const n of [1, 2]) queue('vendor', `vendor ${n}`);
    queue('other', 'other 1');
    await runUntil(() => sent.length === 6);
    const at = (text: string) => sent.find((s) => s.text === text)!.at - start;
    expect(at('group 2') - at('group 1')).toBeGreaterThanOrEqual(3_000);
    expect(at('group 3') - at('group 2')).toBeGreaterThanOrEqual(3_000);
    expect(at('vendor 2') - at('vendor 1')).toBeGreaterThanOrEqual(1_000);
    // The other chat did not wait behind the group's pace.
    expect(at('other 1')).toBeLessThan(500);
    expect(sent.filter((s) => s.chatId === '-100').map((s) => s.text)).toEqual(['group 1', 'group 2', 'group 3']);
    store.close();
  });

  it('sends a person’s answer before a queued announcement to thousands', async () => {
    const { store, clock, sent, dispatcher, runUntil } = pacedSetup(30, () => 1_000);
    store.outbox.enqueue(
      Array.from({ length: 300 }, (_, i) => ({
        channel: 'console' as const,
        chatId: `subscriber-${i}`,
        text: `pengumuman ${i}`,
        bulk: true,
      })),
      clock.now(),
    );
    dispatcher.start();
    for (let t = 0; t < 1_000; t += 10) await clock.advanceAsync(10);
    const before = sent.length;
    store.outbox.enqueue([{ channel: 'console', chatId: 'vendor', text: 'jawaban untuk vendor' }], clock.now());
    dispatcher.kick();
    await runUntil(() => sent.some((s) => s.chatId === 'vendor'));
    const position = sent.findIndex((s) => s.chatId === 'vendor');
    // Only the sends already started or reserved go before it.
    expect(position - before).toBeLessThanOrEqual(5);
    store.close();
  });
});

describe('a store error during a drain', () => {
  it('ends the drain only after every worker stopped, so no chat is sent twice by the next one', async () => {
    const store = openStore(':memory:');
    const clock = createManualClock();
    let dueCalls = 0;
    const outbox = {
      ...store.outbox,
      due: (...args: Parameters<typeof store.outbox.due>) => {
        // The second look for rows fails (a locked database), while chat A is still being sent.
        if (++dueCalls === 2) throw new Error('SQLITE_BUSY');
        return store.outbox.due(...args);
      },
    };
    let releaseA: (() => void) | undefined;
    const slowA = new Promise<void>((resolve) => (releaseA = resolve));
    const sent: string[] = [];
    const sender = {
      channel: 'console' as const,
      async send(m: { chatId: string; text: string }) {
        if (m.text === 'a1') await slowA;
        sent.push(m.text);
        return {};
      },
    };
    const dispatcher = createDispatcher({ outbox, sender, clock, log: silentLogger, concurrency: 2 });
    store.outbox.enqueue(
      [
        { channel: 'console', chatId: 'A', text: 'a1' },
        { channel: 'console', chatId: 'A', text: 'a2' },
        { channel: 'console', chatId: 'B', text: 'b1' },
      ],
      clock.now(),
    );
    const first = dispatcher.drain();
    await waitFor(() => sent.includes('b1'));
    // New rows make a worker look again, and that look fails; the next drain is asked for while a1
    // is still on its way.
    store.outbox.enqueue([{ channel: 'console', chatId: 'C', text: 'c1' }], clock.now());
    dispatcher.kick();
    const second = dispatcher.drain();
    await new Promise((r) => setTimeout(r, 50));
    releaseA!();
    await expect(first).rejects.toThrow('SQLITE_BUSY');
    await second;
    expect(sent.filter((t) => t === 'a1')).toHaveLength(1);
    expect(sent.filter((t) => t === 'a2')).toHaveLength(1);
    expect(sent.indexOf('a1')).toBeLessThan(sent.indexOf('a2'));
    store.close();
  });
});

describe('dispatcher stop', () => {
  it('stops after the sends in flight and leaves the rest of a backlog pending for the restart', async () => {
    const store = openStore(':memory:');
    const clock = createManualClock();
    const release: Array<() => void> = [];
    let started = 0;
    const sender = {
      channel: 'console' as const,
      send: () => {
        started++;
        return new Promise<{ ref?: string }>((resolve) => release.push(() => resolve({})));
      },
    };
    const dispatcher = createDispatcher({ outbox: store.outbox, sender, clock, log: silentLogger, concurrency: 4 });
    // A broadcast-sized backlog: 400 chats, two rows each.
    store.outbox.enqueue(
      Array.from({ length: 800 }, (_, i) => ({ channel: 'console' as const, chatId: `c${i % 400}`, text: `m${i}` })),
      clock.now(),
    );
    dispatcher.start();
    await waitFor(() => release.length === 4);
    const stopped = dispatcher.stop();
    // The four sends in flight finish; nothing new is started once the stop was asked for.
    while (release.length > 0) release.shift()!();
    await stopped;
    expect(started).toBe(4);
    expect(store.outbox.countByStatus()).toEqual({ pending: 796, sent: 4, failed: 0 });
    store.close();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially and is capped', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 1_000, maxDelayMs: 10_000 };
    const top = () => 1;
    expect([1, 2, 3, 4, 5, 9].map((a) => backoffDelay(a, policy, top))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('spreads retries with jitter but never below half the ceiling', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 1_000, maxDelayMs: 10_000 };
    expect(backoffDelay(3, policy, () => 0)).toBe(2_000);
  });
});

async function waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
