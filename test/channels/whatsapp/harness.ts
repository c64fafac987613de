import { vi } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { createSqliteAuthState } from '../../../src/channels/whatsapp/auth-state.js';
import {
  createWhatsAppAdapter,
  type WhatsAppAdapter,
  type WhatsAppAdapterDeps,
  type WhatsAppAdapterOptions,
} from '../../../src/channels/whatsapp/adapter.js';
import { createConfig } from '../../../src/config.js';
import { createManualClock, type Clock, type ManualClock } from '../../../src/core/clock.js';
import type { Logger } from '../../../src/core/log.js';
import { silentLogger } from '../../../src/logger.js';
import { createDispatcher, type Dispatcher } from '../../../src/outbox/dispatcher.js';
import { rowToOutbound } from '../../../src/store/outbox.js';
import type { WhatsAppAuthRepo } from '../../../src/store/whatsapp-auth.js';
import { tempDbPath } from '../../helpers.js';
import { createFakeWhatsApp, type FakeWhatsApp } from './fake-socket.js';

export const STAFF_NUMBER = '6281200000001';
export const BOT_JID = '6281100000000:7@s.whatsapp.net';

/** Writes creds of a paired device (me + account), as a finished `whatsapp login` leaves them. */
export function pairSession(repo: WhatsAppAuthRepo, clock: Clock): void {
  const auth = createSqliteAuthState(repo, clock);
  auth.state.creds.me = { id: BOT_JID, name: 'Helpdesk Biro PBJ', lid: '99000000000001:7@lid' };
  auth.state.creds.account = {
    details: Buffer.from('device-details'),
    accountSignatureKey: Buffer.alloc(32, 1),
    accountSignature: Buffer.alloc(64, 2),
    deviceSignature: Buffer.alloc(64, 3),
  };
  auth.state.creds.registered = true;
  auth.saveCreds();
}

export interface WaHarness {
  app: App;
  clock: ManualClock;
  fake: FakeWhatsApp;
  adapter: WhatsAppAdapter;
  dispatcher: Dispatcher;
  alerts: string[];
  /** Errors the adapter reported as fatal (channel needs an operator). */
  fatals: Error[];
  /** Waits until the adapter handled everything delivered and the dispatcher sent what is due. */
  settle(): Promise<void>;
  /** Waits (bounded) until at least n messages were sent. */
  sentCount(n: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real app (desk, tickets, staff) on a temp database with the WhatsApp adapter on a fake
 * socket and the real dispatcher, wired as src/main.ts runPlatforms wires them.
 */
export async function startHarness(
  opts: {
    env?: Record<string, string>;
    /** The WHATSAPP_* settings; sends are not paced unless given (the manual clock would hold them). */
    settings?: Partial<WhatsAppAdapterDeps['config']>;
    adapter?: WhatsAppAdapterOptions;
    paired?: boolean;
    fake?: FakeWhatsApp;
    /** The desk's logger (app, adapter, dispatcher); silent by default. */
    log?: Logger;
  } = {},
): Promise<WaHarness> {
  const config = createConfig({
    DATABASE_PATH: tempDbPath(),
    WHATSAPP_ENABLED: 'true',
    STAFF_WHATSAPP_NUMBERS: STAFF_NUMBER,
    ...opts.env,
  });
  // Monday 09:00 in Jakarta: inside working hours.
  const clock = createManualClock(new Date('2026-03-02T02:00:00Z'));
  const log = opts.log ?? silentLogger;
  const app = createApp({ config, clock, log });
  if (opts.paired !== false) pairSession(app.store.whatsappAuth, clock);
  const fake = opts.fake ?? createFakeWhatsApp();
  const alerts: string[] = [];
  const fatals: Error[] = [];
  const dispatchers: Dispatcher[] = [];
  const { store } = app;
  const deps: WhatsAppAdapterDeps = {
    config: { ...config.whatsapp, sendIntervalMs: 0, sendJitterMs: 0, ...opts.settings },
    auth: store.whatsappAuth,
    identities: store.whatsappIdentities,
    contactOf: (userId) => store.contacts.find('whatsapp', userId),
    lidContactByPhone: (phone) => store.contacts.findByPhone('whatsapp', phone, '@lid'),
    sentMessages: (id) => store.outbox.bySentRef('whatsapp', id).map(rowToOutbound),
    log,
    clock,
    alertAdmins: (text) => {
      alerts.push(text);
      app.store.transaction(() => app.store.outbox.enqueue(app.staff.adminAlerts(text, 'whatsapp'), clock.now()));
      for (const d of dispatchers) d.kick();
    },
    fatal: (error) => {
      fatals.push(error);
    },
  };
  const adapter = createWhatsAppAdapter(deps, {
    socketFactory: fake.factory,
    reconnect: { baseMs: 10, maxMs: 40 },
    startTimeoutMs: 2_000,
    ...opts.adapter,
  });
  const dispatcher = createDispatcher({
    outbox: app.store.outbox,
    sender: adapter.sender,
    clock,
    log,
    pollMs: 20,
    // A transient failure is retried at once on the next drain (the manual clock does not move).
    retry: { baseDelayMs: 0, maxDelayMs: 0 },
  });
  dispatchers.push(dispatcher);
  dispatcher.start();
  const h: WaHarness = {
    app,
    clock,
    fake,
    adapter,
    dispatcher,
    alerts,
    fatals,
    async settle() {
      await adapter.idle();
      await dispatcher.drain();
    },
    async sentCount(n) {
      await vi.waitFor(
        () => {
          if (fake.sent.length < n) throw new Error(`sent ${fake.sent.length} of ${n}`);
        },
        { timeout: 3_000, interval: 5 },
      );
    },
    async stop() {
      await adapter.stop();
      await dispatcher.stop();
      app.close();
    },
  };
  return h;
}

/** Starts the adapter the way main does: each message to the desk, then every dispatcher kicked. */
export async function startAdapter(h: WaHarness): Promise<void> {
  await h.adapter.start(async (msg) => {
    h.app.desk.receive(msg);
    h.dispatcher.kick();
  });
}
