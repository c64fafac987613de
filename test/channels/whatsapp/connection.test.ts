import { DisconnectReason } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSqliteAuthState, isPaired } from '../../../src/channels/whatsapp/auth-state.js';
import { createConnection, type BaileysLogger } from '../../../src/channels/whatsapp/connection.js';
import { SendError } from '../../../src/core/errors.js';
import { createManualClock, type ManualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logger.js';
import { openStore } from '../../../src/store/index.js';
import { tempDbPath } from '../../helpers.js';
import { createFakeWhatsApp, waMessage, type FakeWhatsApp } from './fake-socket.js';
import { pairSession, startAdapter, startHarness, type WaHarness } from './harness.js';
import { texts } from '../../../src/core/catalogue.js';

const { alerts, reasons } = texts.whatsapp;

const VENDOR = '6285700000001@s.whatsapp.net';

let h: WaHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('WhatsApp connection lifecycle (adapter)', () => {
  it('refuses to start without a paired session, saying how to pair, and never opens a socket', async () => {
    h = await startHarness({ paired: false });
    await expect(startAdapter(h)).rejects.toThrow(/npm run cli -- whatsapp login/);
    expect(h.fake.sockets).toHaveLength(0);
  });

  it('on logged-out stops reconnecting, clears the auth state and alerts the admins', async () => {
    h = await startHarness({
      adapter: { reconnect: { baseMs: 5, maxMs: 5 } },
      env: { STAFF_TELEGRAM_IDS: '4242', TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12' },
    });
    await startAdapter(h);
    expect(h.adapter.status).toBe('open');
    // A lost connection first: reconnected after the back-off.
    h.fake.close(DisconnectReason.connectionLost);
    expect(h.adapter.status).toBe('waiting');
    h.clock.advance(5);
    await vi.waitFor(() => expect(h!.adapter.status).toBe('open'), { timeout: 2_000, interval: 5 });
    expect(h.fake.sockets).toHaveLength(2);

    h.fake.close(DisconnectReason.loggedOut);
    // No reconnect, however long one waits.
    expect(h.clock.pendingTimers()).toBe(0);
    await h.clock.advanceAsync(60 * 60_000);
    expect(h.fake.sockets).toHaveLength(2);
    expect(h.adapter.status).toBe('loggedOut');
    expect(h.app.store.whatsappAuth.isEmpty()).toBe(true);
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]).toBe(alerts.loggedOut(reasons.loggedOut));
    // The platform is told the channel is down for good (it keeps the other channels running).
    expect(h.fatals).toHaveLength(1);
    expect(h.fatals[0]!.message).toMatch(/logged out.*npm run cli -- whatsapp login/s);
    // The alert is queued for the admins on the other channels: WhatsApp itself cannot carry it.
    const queued = h.app.store.handle.sqlite
      .prepare('select channel, chat_id as chatId from outbox where text = ?')
      .all(alerts.loggedOut(reasons.loggedOut));
    expect(queued).toEqual([{ channel: 'telegram', chatId: '4242' }]);
    // Sending now fails transiently (the outbox keeps the row), never silently.
    await expect(h.adapter.sender.send({ channel: 'whatsapp', chatId: VENDOR, text: 'x' })).rejects.toMatchObject({
      permanent: false,
    });
    // The next start says how to pair instead of looping.
    const again = await startHarness();
    try {
      again.app.store.whatsappAuth.clear();
      await expect(startAdapter(again)).rejects.toThrow(/whatsapp login/);
    } finally {
      await again.stop();
    }
  });

  it('restarts at once on 515 (restart required), and the old socket is deaf afterwards', async () => {
    // A back-off this long would time the test out: only an immediate restart passes.
    h = await startHarness({ adapter: { reconnect: { baseMs: 60_000, maxMs: 60_000 } } });
    await startAdapter(h);
    const old = h.fake.current;
    h.fake.close(DisconnectReason.restartRequired);
    await vi.waitFor(() => expect(h!.adapter.status).toBe('open'), { timeout: 1_000, interval: 5 });
    expect(h.fake.sockets).toHaveLength(2);

    // Listeners of the closed socket were removed: a late event on it reaches nobody.
    h.fake.deliver([waMessage('lupa password', { remoteJid: VENDOR })], 'notify', old);
    old.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error: new Error('late'), date: new Date() } });
    await h.settle();
    expect(h.fake.sent).toHaveLength(0);
    expect(h.fake.sockets).toHaveLength(2);

    h.fake.deliver([waMessage('lupa password', { remoteJid: VENDOR })]);
    await h.sentCount(1);
  });

  it('stops on a replaced connection (440) without clearing the session, and alerts', async () => {
    h = await startHarness();
    await startAdapter(h);
    h.fake.close(DisconnectReason.connectionReplaced);
    await h.clock.advanceAsync(60 * 60_000);
    expect(h.adapter.status).toBe('replaced');
    expect(h.fake.sockets).toHaveLength(1);
    expect(isPaired(createSqliteAuthState(h.app.store.whatsappAuth, h.clock).state.creds)).toBe(true);
    expect(h.alerts).toHaveLength(1);
    expect(h.alerts[0]).toBe(alerts.replaced);
    expect(h.fatals.map((e) => e.message)).toEqual([expect.stringMatching(/Another instance.*Stop the other instance/s)]);
  });

  it('keeps the session on repeated 500s (any unknown stream error), backs off, alerts once, and again when stable', async () => {
    h = await startHarness({ adapter: { reconnect: { baseMs: 2_000, maxMs: 5 * 60_000 }, badSessionLimit: 3 } });
    await startAdapter(h);
    h.fake.autoOpen = false;
    h.fake.autoClose = DisconnectReason.badSession;
    h.fake.close(DisconnectReason.badSession);
    await h.clock.advanceAsync(60 * 60_000);
    // Still trying, with the session intact, and backing off: 2 s doubling to 5 min, not hammering.
    expect(h.adapter.status).toBe('waiting');
    expect(h.app.store.whatsappAuth.isEmpty()).toBe(false);
    expect(isPaired(createSqliteAuthState(h.app.store.whatsappAuth, h.clock).state.creds)).toBe(true);
    expect(h.fake.sockets.length).toBeGreaterThan(5);
    expect(h.fake.sockets.length).toBeLessThan(40);
    expect(h.fatals).toHaveLength(0);
    // Told once (the outage alert at 15 minutes is the same incident), not once per close.
    expect(h.alerts).toEqual([alerts.streamErrors(3)]);

    h.fake.autoClose = undefined;
    h.fake.autoOpen = true;
    const before = h.fake.sockets.length;
    await h.clock.advanceAsync(5 * 60_000);
    await vi.waitFor(() => expect(h!.adapter.status).toBe('open'), { timeout: 1_000, interval: 2 });
    expect(h.fake.sockets).toHaveLength(before + 1);
    expect(h.alerts).toHaveLength(1);
    await h.clock.advanceAsync(60_000);
    expect(h.alerts).toEqual([alerts.streamErrors(3), alerts.recovered]);
  });

  it('alerts the admins once after 15 minutes without a connection, and once more when it is stable again', async () => {
    h = await startHarness({ adapter: { reconnect: { baseMs: 2_000, maxMs: 5 * 60_000 } } });
    await startAdapter(h);
    await h.clock.advanceAsync(60_000);
    h.fake.autoOpen = false;
    h.fake.autoClose = DisconnectReason.connectionLost;
    h.fake.close(DisconnectReason.connectionLost);
    await h.clock.advanceAsync(15 * 60_000 - 1);
    expect(h.alerts).toEqual([]);
    await h.clock.advanceAsync(1);
    expect(h.alerts).toEqual([alerts.unreachable(15, 'closed with 408')]);
    // Hours more of it: no alert a minute, no second alert.
    await h.clock.advanceAsync(3 * 60 * 60_000);
    expect(h.alerts).toHaveLength(1);
    // A connection that opens and drops at once is no recovery.
    h.fake.autoOpen = true;
    await h.clock.advanceAsync(30 * 60_000);
    expect(h.alerts).toHaveLength(1);

    h.fake.autoClose = undefined;
    await h.clock.advanceAsync(5 * 60_000);
    await vi.waitFor(() => expect(h!.adapter.status).toBe('open'), { timeout: 1_000, interval: 2 });
    await h.clock.advanceAsync(59_000);
    expect(h.alerts).toHaveLength(1);
    await h.clock.advanceAsync(1_000);
    expect(h.alerts).toEqual([alerts.unreachable(15, 'closed with 408'), alerts.recovered]);
    expect(h.fatals).toHaveLength(0);
  });

  it('stops on a multi-device mismatch (411) instead of retrying it forever, keeps the session, and alerts', async () => {
    h = await startHarness();
    await startAdapter(h);
    h.fake.close(DisconnectReason.multideviceMismatch);
    await h.clock.advanceAsync(60 * 60_000);
    expect(h.adapter.status).toBe('multideviceMismatch');
    expect(h.fake.sockets).toHaveLength(1);
    expect(isPaired(createSqliteAuthState(h.app.store.whatsappAuth, h.clock).state.creds)).toBe(true);
    expect(h.alerts).toEqual([alerts.mismatch]);
    expect(h.fatals.map((e) => e.message)).toEqual([expect.stringMatching(/411.*whatsapp login --force/s)]);
  });

  it('stops instead of showing QR codes when WhatsApp asks for a new pairing while running', async () => {
    const fake = createFakeWhatsApp({ autoOpen: false, autoQr: true });
    h = await startHarness({ fake });
    await expect(startAdapter(h)).rejects.toThrow(/whatsapp login/);
    expect(h.adapter.status).toBe('unpaired');
    expect(fake.sockets).toHaveLength(1);
    expect(fake.current.ended).toBe(true);
    expect(h.alerts[0]).toBe(alerts.unpaired);
  });

  it('fails start() clearly when the session is logged out before the first open', async () => {
    const fake = createFakeWhatsApp({ autoOpen: false });
    h = await startHarness({ fake });
    const starting = startAdapter(h);
    await vi.waitFor(() => expect(fake.sockets).toHaveLength(1), { timeout: 1_000, interval: 2 });
    fake.close(DisconnectReason.loggedOut);
    await expect(starting).rejects.toThrow(/logged out.*whatsapp login/s);
    expect(h.alerts).toHaveLength(1);
    // start()'s own error reports it: the platform is not told twice.
    expect(h.fatals).toHaveLength(0);
  });
});

describe('WhatsApp reconnect back-off', () => {
  function setup(opts: { baseMs: number; maxMs: number; random?: () => number }) {
    const store = openStore(tempDbPath());
    const clock = createManualClock();
    pairSession(store.whatsappAuth, clock);
    const fake = createFakeWhatsApp({ autoOpen: false });
    const conn = createConnection({
      auth: createSqliteAuthState(store.whatsappAuth, clock),
      socketFactory: fake.factory,
      log: silentLogger,
      baileysLogger: silentLogger as unknown as BaileysLogger,
      mode: 'run',
      reconnect: { baseMs: opts.baseMs, maxMs: opts.maxMs },
      random: opts.random ?? (() => 1),
      clock,
    });
    return { store, clock, fake, conn };
  }

  /** Moves the clock 100 ms at a time until the next socket is created; how long that took. */
  async function untilNextSocket(clock: ManualClock, fake: FakeWhatsApp, limitMs = 20_000): Promise<number> {
    const before = fake.sockets.length;
    let waited = 0;
    await clock.advanceAsync(0);
    while (fake.sockets.length === before && waited < limitMs) {
      await clock.advanceAsync(100);
      waited += 100;
    }
    expect(fake.sockets.length).toBe(before + 1);
    return waited;
  }

  it('waits longer after each failed attempt, up to the cap, with one attempt at a time', async () => {
    const { store, clock, fake, conn } = setup({ baseMs: 1_000, maxMs: 4_000 });
    conn.start();
    expect(fake.sockets).toHaveLength(1);
    const created: number[] = [];
    for (let i = 0; i < 4; i++) {
      fake.close(DisconnectReason.connectionClosed);
      // A second close event of the same socket must not schedule a second attempt.
      fake.current.ev.emit('connection.update', {
        connection: 'close',
        lastDisconnect: { error: new Error('again'), date: new Date() },
      });
      expect(clock.pendingTimers()).toBe(1);
      created.push(await untilNextSocket(clock, fake, 10_000));
    }
    // random() = 1 → the full ceiling: 1 s, 2 s, 4 s, then capped at 4 s.
    expect(created).toEqual([1_000, 2_000, 4_000, 4_000]);
    // Opening and dropping at once does not reset the back-off (a flapping connection backs off)...
    fake.open();
    fake.close(DisconnectReason.connectionClosed);
    expect(await untilNextSocket(clock, fake, 10_000)).toBe(4_000);
    // ...a connection that stayed open for a minute does.
    fake.open();
    clock.advance(60_000);
    fake.close(DisconnectReason.connectionClosed);
    clock.advance(1_000);
    expect(fake.sockets).toHaveLength(7);
    await conn.stop();
    store.close();
  });

  it('restarts at once on the first 515 only: repeated ones within ten minutes wait a growing back-off', async () => {
    const { store, clock, fake, conn } = setup({ baseMs: 1_000, maxMs: 8_000 });
    conn.start();
    /** Closes with 515 and measures how long until the next socket is created. */
    const restartDelay = async () => {
      fake.open();
      fake.close(DisconnectReason.restartRequired);
      return untilNextSocket(clock, fake);
    };
    // random() = 1 → the full ceiling of each step.
    expect([await restartDelay(), await restartDelay(), await restartDelay(), await restartDelay()]).toEqual([
      0, 1_000, 2_000, 4_000,
    ]);
    // A minute's pause is no calm: still backing off.
    clock.advance(61_000);
    expect(await restartDelay()).toBe(8_000);
    // Ten minutes later without restarts, the next one is immediate again.
    clock.advance(10 * 60_000);
    expect(await restartDelay()).toBe(0);
    await conn.stop();
    store.close();
  });

  it('a persistent 515 loop slows down to a few reconnects an hour instead of hundreds', async () => {
    // random() = 0: the shortest waits, the worst case for hammering.
    const { store, clock, fake, conn } = setup({ baseMs: 2_000, maxMs: 5 * 60_000, random: () => 0 });
    // Every socket opens and is asked to restart at once, for an hour.
    fake.autoOpen = true;
    fake.autoClose = DisconnectReason.restartRequired;
    conn.start();
    await clock.advanceAsync(60 * 60_000);
    // Waits of 1 s doubling to 2.5 min: about 32 in the first hour (a one-minute window let through hundreds).
    expect(fake.sockets.length).toBeLessThan(40);
    // Still trying: a 515 is never fatal.
    expect(conn.status).toBe('waiting');
    await conn.stop();
    store.close();
  });

  it('stop() ends the socket without logging out and cancels a pending reconnect', async () => {
    const { store, clock, fake, conn } = setup({ baseMs: 20, maxMs: 20 });
    conn.start();
    fake.close(DisconnectReason.connectionLost);
    expect(clock.pendingTimers()).toBe(1);
    await conn.stop();
    expect(clock.pendingTimers()).toBe(0);
    await clock.advanceAsync(60_000);
    expect(fake.sockets).toHaveLength(1);
    expect(conn.status).toBe('stopped');
    store.close();
  });
});

describe('WhatsApp sender', () => {
  it('sends through the paced queue and returns the key id as ref', async () => {
    h = await startHarness();
    await startAdapter(h);
    const ref = await h.adapter.sender.send({
      channel: 'whatsapp',
      chatId: VENDOR,
      text: '**Penting**: _baca_ ini',
      choices: [{ id: 'a', label: 'Satu' }],
    });
    expect(ref).toEqual({ ref: h.fake.sent[0]!.id });
    expect(h.fake.sent[0]!.text).toBe(`*Penting*: _baca_ ini\n\n1. Satu\n${texts.choices.replyWithNumber(1)}`);
  });

  it('fails at once while not connected, without waiting its turn in the paced queue', async () => {
    h = await startHarness({ settings: { sendIntervalMs: 60_000, sendJitterMs: 0 } });
    await startAdapter(h);
    await h.adapter.sender.send({ channel: 'whatsapp', chatId: VENDOR, text: 'satu' });
    h.fake.autoOpen = false;
    h.fake.close(undefined);
    // The queue would hold this send for a minute after the first one: it must not get that far.
    await expect(h.adapter.sender.send({ channel: 'whatsapp', chatId: VENDOR, text: 'dua' })).rejects.toMatchObject({
      permanent: false,
      message: expect.stringMatching(/not connected/),
    });
  });

  it('classifies failures: invalid or non-private JIDs are permanent, socket errors transient', async () => {
    h = await startHarness();
    await startAdapter(h);
    const send = (chatId: string) => h!.adapter.sender.send({ channel: 'whatsapp', chatId, text: 'halo' });
    await expect(send('-100123')).rejects.toMatchObject({ permanent: true });
    await expect(send('120363025246125888@g.us')).rejects.toMatchObject({ permanent: true });
    await expect(send('status@broadcast')).rejects.toMatchObject({ permanent: true });
    await expect(send('abc@s.whatsapp.net')).rejects.toMatchObject({ permanent: true });
    h.fake.sendFailures.push(Object.assign(new Error('Connection Closed'), { output: { statusCode: 428 } }));
    const err = await send(VENDOR).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ permanent: false });
    await expect(send(VENDOR)).resolves.toMatchObject({ ref: expect.any(String) });
  });

  it('times a hanging send out as a transient failure', async () => {
    h = await startHarness({ adapter: { sendTimeoutMs: 30_000 } });
    await startAdapter(h);
    h.fake.current.sendMessage = () => new Promise(() => undefined);
    let settled = false;
    const sending = h.adapter.sender.send({ channel: 'whatsapp', chatId: VENDOR, text: 'x' }).finally(() => (settled = true));
    const timersBefore = h.clock.pendingTimers();
    await vi.waitFor(() => expect(h!.clock.pendingTimers()).toBe(timersBefore + 1), { timeout: 1_000, interval: 1 });
    h.clock.advance(29_999);
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    h.clock.advance(1);
    await expect(sending).rejects.toMatchObject({
      permanent: false,
      message: expect.stringMatching(/timed out after 30000 ms/),
    });
  });
});
