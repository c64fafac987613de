import { PassThrough } from 'node:stream';
import { DisconnectReason } from '@whiskeysockets/baileys';
import { describe, expect, it, vi } from 'vitest';
import { createSqliteAuthState, isPaired } from '../../../src/channels/whatsapp/auth-state.js';
import { runWhatsAppLogin, type WhatsAppLoginOptions } from '../../../src/channels/whatsapp/login.js';
import { runCli } from '../../../src/cli.js';
import { createManualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logger.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { tempDbPath } from '../../helpers.js';
import { createFakeWhatsApp, type FakeWhatsApp } from './fake-socket.js';
import { pairSession } from './harness.js';

const clock = createManualClock();

function output() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

/** What WhatsApp does when the phone accepts the link: pair-success, then a 515 restart. */
function pairOnPhone(fake: FakeWhatsApp) {
  const sock = fake.current;
  sock.ev.emit('creds.update', {
    me: { id: '6281100000000:9@s.whatsapp.net', name: 'Helpdesk' },
    account: {
      details: Buffer.from('d'),
      accountSignatureKey: Buffer.alloc(32, 1),
      accountSignature: Buffer.alloc(64, 2),
      deviceSignature: Buffer.alloc(64, 3),
    },
    platform: 'android',
  });
  sock.ev.emit('connection.update', { isNewLogin: true, qr: undefined });
  // The paired session logs in on the next socket without a QR.
  fake.autoQr = false;
  fake.autoOpen = true;
  fake.close(DisconnectReason.restartRequired, sock);
}

function login(store: Store, fake: FakeWhatsApp, over: Partial<WhatsAppLoginOptions> = {}) {
  const out = output();
  const result = runWhatsAppLogin({
    authRepo: store.whatsappAuth,
    clock,
    log: silentLogger,
    out: out.stream,
    socketFactory: fake.factory,
    renderQr: async (qr) => `[QR ${qr}]`,
    settleMs: 0,
    timeoutMs: 3_000,
    ...over,
  });
  return { result, out };
}

describe('whatsapp login', () => {
  it('shows the QR, survives the 515 restart after pairing and saves a paired session', async () => {
    const store = openStore(tempDbPath());
    const fake = createFakeWhatsApp({ autoOpen: false, autoQr: true });
    const { result, out } = login(store, fake);
    await vi.waitFor(() => expect(out.text()).toContain('[QR 2@fake-qr-0]'), { timeout: 1_000, interval: 2 });
    expect(out.text()).toMatch(/Linked devices/);
    pairOnPhone(fake);
    await expect(result).resolves.toEqual({ ok: true, me: '6281100000000:9@s.whatsapp.net', alreadyPaired: false });
    expect(fake.sockets).toHaveLength(2);
    // The socket was ended, not logged out, and the session is in the database.
    expect(fake.sockets.every((s) => s.ended)).toBe(true);
    expect(isPaired(createSqliteAuthState(store.whatsappAuth, clock).state.creds)).toBe(true);
    store.close();
  });

  it('prints a pairing code for --pairing-code instead of a QR', async () => {
    const store = openStore(tempDbPath());
    const fake = createFakeWhatsApp({ autoOpen: false, autoQr: true });
    const { result, out } = login(store, fake, { pairingNumber: '6281200000009' });
    await vi.waitFor(() => expect(out.text()).toContain('ABCD-1234'), { timeout: 1_000, interval: 2 });
    expect(fake.current.pairingRequests).toEqual(['6281200000009']);
    expect(out.text()).not.toContain('[QR');
    pairOnPhone(fake);
    await expect(result).resolves.toMatchObject({ ok: true });
    store.close();
  });

  it('fails after the timeout without leaving a half session behind', async () => {
    const store = openStore(tempDbPath());
    const fake = createFakeWhatsApp({ autoOpen: false, autoQr: true });
    const { result, out } = login(store, fake, { pairingNumber: '6281200000009', timeoutMs: 60_000 });
    await vi.waitFor(() => expect(out.text()).toContain('ABCD-1234'), { timeout: 1_000, interval: 2 });
    // Nobody enters the code: a minute goes by.
    clock.advance(60_000);
    const outcome = await result;
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/Not paired within/) });
    // requestPairingCode wrote creds.me; none of it may stay.
    expect(fake.sockets[0]!.pairingRequests).toEqual(['6281200000009']);
    expect(store.whatsappAuth.isEmpty()).toBe(true);
    expect(fake.sockets.every((s) => s.ended)).toBe(true);
    store.close();
  });

  it('fails when the QR codes expire unscanned (408 after QR)', async () => {
    const store = openStore(tempDbPath());
    const fake = createFakeWhatsApp({ autoOpen: false, autoQr: true });
    const { result, out } = login(store, fake);
    await vi.waitFor(() => expect(out.text()).toContain('[QR'), { timeout: 1_000, interval: 2 });
    fake.close(DisconnectReason.timedOut);
    await expect(result).resolves.toMatchObject({ ok: false, message: expect.stringMatching(/scanned/) });
    expect(fake.sockets).toHaveLength(1);
    store.close();
  });

  it('does nothing when already paired, and pairs again with --force', async () => {
    const store = openStore(tempDbPath());
    pairSession(store.whatsappAuth, clock);
    const fake = createFakeWhatsApp({ autoOpen: false, autoQr: true });
    await expect(login(store, fake).result).resolves.toMatchObject({ ok: true, alreadyPaired: true });
    expect(fake.sockets).toHaveLength(0);

    const forced = login(store, fake, { force: true });
    await vi.waitFor(() => expect(forced.out.text()).toContain('[QR'), { timeout: 1_000, interval: 2 });
    // The old session is gone as soon as a new pairing starts.
    expect(isPaired(createSqliteAuthState(store.whatsappAuth, clock).state.creds)).toBe(false);
    pairOnPhone(fake);
    await expect(forced.result).resolves.toMatchObject({ ok: true, alreadyPaired: false });
    store.close();
  });
});

describe('cli whatsapp', () => {
  function io(env: Record<string, string>) {
    const stdout = output();
    const stderr = output();
    return {
      io: { stdout: stdout.stream, stderr: stderr.stream, stdin: new PassThrough(), env },
      out: stdout.text,
      err: stderr.text,
    };
  }

  it('explains its usage and rejects bad options before connecting', async () => {
    const env = { DATABASE_PATH: tempDbPath() };
    let run = io(env);
    expect(await runCli(['whatsapp'], run.io)).toBe(2);
    expect(run.err()).toContain('whatsapp login');
    run = io(env);
    expect(await runCli(['whatsapp', 'login', '--pairing-code', 'nomor-saya'], run.io)).toBe(2);
    expect(run.err()).toMatch(/international form/);
    run = io(env);
    expect(await runCli(['whatsapp', 'login', '--bogus'], run.io)).toBe(2);
    expect(run.err()).toMatch(/Unknown option: --bogus/);
    run = io(env);
    expect(await runCli(['help'], run.io)).toBe(0);
    expect(run.out()).toMatch(/whatsapp login \[--pairing-code 62812…\]/);
  });

  it('exits 0 and says so when the number is already paired', async () => {
    const dbPath = tempDbPath();
    const store = openStore(dbPath);
    pairSession(store.whatsappAuth, clock);
    store.close();
    const run = io({ DATABASE_PATH: dbPath });
    expect(await runCli(['whatsapp', 'login'], run.io)).toBe(0);
    expect(run.out()).toMatch(/already paired/);
  });
});
