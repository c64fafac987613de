import { texts } from '../../core/catalogue.js';
import { isLidUser, isPnUser, jidDecode, jidNormalizedUser, type BaileysEventMap, type LIDMapping } from '@whiskeysockets/baileys';
import { errorMessage, SendError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { OutboundMessage } from '../../core/message.js';
import type { ChannelSender } from '../../notify/dispatcher.js';
import { createWhatsAppIdentityRepo, type WhatsAppIdentityRepo } from '../../store/whatsapp-identity.js';
import type { WhatsAppAuthRepo } from '../../store/whatsapp-auth.js';
import type { ChannelAdapter, ChannelDeps, InboundHandler } from '../types.js';
import { createSqliteAuthState, deserialise, isPaired } from './auth-state.js';
import {
  createConnection,
  defaultSocketFactory,
  disconnectCode,
  type BaileysLogger,
  type Connection,
  type ConnectionStatus,
  type SocketFactory,
  type WhatsAppSocket,
  type WhatsAppStoppedError,
} from './connection.js';
import { renderWhatsApp } from './render.js';
import { createPacedQueue } from './send-queue.js';
import { translateMessage, type LidLookup, type WhatsAppIdentity } from './translate.js';

export { runWhatsAppLogin } from './login.js';
export type { SocketFactory, WhatsAppSocket } from './connection.js';

/** Tunables; every one has a default fit for production. */
export interface WhatsAppAdapterOptions {
  /** The Baileys socket; tests pass a fake. */
  socketFactory?: SocketFactory;
  /** Pause between two sends (WHATSAPP_SEND_INTERVAL_MS). */
  sendIntervalMs?: number;
  /** Extra random pause up to this much (WHATSAPP_SEND_JITTER_MS). */
  sendJitterMs?: number;
  /** How long a send may take before it counts as failed (transient). */
  sendTimeoutMs?: number;
  /** Messages queued while offline (`append`) younger than this are answered; older ones are not (WHATSAPP_APPEND_WINDOW_MS). */
  appendWindowMs?: number;
  /** Reconnect back-off (WHATSAPP_RECONNECT_BASE_MS, WHATSAPP_RECONNECT_MAX_MS). */
  reconnect?: { baseMs?: number; maxMs?: number };
  /** Consecutive bad-session closes before the session is given up and cleared. */
  badSessionLimit?: number;
  /** How long start() waits for the first connection before going on in the background. */
  startTimeoutMs?: number;
  /** Baileys' own log level (it is chatty); defaults to warn, or the desk's level when that is debug/trace. */
  baileysLogLevel?: string;
  random?: () => number;
}

export interface WhatsAppAdapter extends ChannelAdapter {
  readonly status: ConnectionStatus;
  /** Resolves when every inbound message received so far has been handled. */
  idle(): Promise<void>;
}

const DEFAULTS = {
  sendIntervalMs: 1_000,
  sendJitterMs: 600,
  sendTimeoutMs: 30_000,
  appendWindowMs: 10 * 60_000,
  startTimeoutMs: 60_000,
};

export const NOT_PAIRED_MESSAGE =
  'WhatsApp is enabled but no number is paired: run `npm run cli -- whatsapp login` ' +
  '(or `npm run cli -- whatsapp login --pairing-code 62812…`) first, then start again.';

/** Baileys is chatty: its logger is a child at `warn` (or the desk's own level when that is stricter or debug/trace). */
export function baileysLoggerOf(log: Logger, level?: string): BaileysLogger {
  let chosen = level;
  if (!chosen) {
    const values = log.levels.values;
    const own = log.level === 'silent' ? Number.POSITIVE_INFINITY : (values[log.level] ?? values.info!);
    chosen = own <= values.debug! || own >= values.warn! ? log.level : 'warn';
  }
  return log.child({ module: 'baileys' }, { level: chosen }) as unknown as BaileysLogger;
}

/** LID ↔ phone lookups in the `lid-mapping` keys Baileys keeps in the auth state (pn → lid, `lid_reverse` → pn). */
export function lidLookupFrom(repo: WhatsAppAuthRepo): LidLookup {
  const read = (id: string) => {
    const raw = repo.get('lid-mapping', id);
    if (raw === undefined) return undefined;
    const value = deserialise<unknown>(raw);
    return typeof value === 'string' && /^\d+$/.test(value) ? value : undefined;
  };
  return { lidForPhone: (phone) => read(phone), phoneForLid: (lidUser) => read(`${lidUser}_reverse`) };
}

/** Only private chats with a person can be written to: `digits@s.whatsapp.net` or `digits@lid`. */
function isSendableJid(jid: string): boolean {
  const decoded = jidDecode(jid);
  return Boolean(decoded && /^\d+$/.test(decoded.user) && (isPnUser(jid) || isLidUser(jid)));
}

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The WhatsApp adapter (Baileys 7). Inbound: private-chat messages become InboundMessage, keyed
 * on the sender's LID with the phone number recorded on the contact first (staff are matched by
 * phone). Outbound: rendered for WhatsApp and sent through one paced queue. The session lives in
 * the desk's database; `npm run cli -- whatsapp login` pairs it.
 */
export function createWhatsAppAdapter(deps: ChannelDeps, options: WhatsAppAdapterOptions = {}): WhatsAppAdapter {
  const { store, clock } = deps;
  const log = deps.log.child({ channel: 'whatsapp' });
  const o = { ...DEFAULTS, ...options };
  const identities: WhatsAppIdentityRepo = createWhatsAppIdentityRepo(store.handle.db);
  const lidLookup = lidLookupFrom(store.whatsappAuth);
  const queue = createPacedQueue({ intervalMs: o.sendIntervalMs, jitterMs: o.sendJitterMs, ...(o.random ? { random: o.random } : {}) });

  let connection: Connection | undefined;
  let handler: InboundHandler | undefined;
  let inbox: Promise<void> = Promise.resolve();
  let stopped = false;
  /** Recipients checked with onWhatsApp this run: phone JID → exists. */
  const onWhatsAppCache = new Map<string, boolean>();

  // ── inbound ────────────────────────────────────────────────────────────────────────────

  function recordPhone(identity: WhatsAppIdentity, displayName: string | undefined): void {
    if (!identity.phone) return;
    try {
      identities.recordPhone({ userId: identity.userId, chatId: identity.chatId, displayName }, identity.phone, clock.now());
    } catch (err) {
      log.error({ err: errorMessage(err), userId: identity.userId }, 'whatsapp phone number could not be recorded');
    }
  }

  async function handleUpsert({ messages, type }: BaileysEventMap['messages.upsert']): Promise<void> {
    const now = clock.now();
    let tooOld = 0;
    for (const raw of messages) {
      if (stopped || !handler) return;
      const t = translateMessage(raw, lidLookup, now);
      if (t.kind === 'ignore') {
        log.debug({ id: raw.key?.id, reason: t.reason, type }, 'whatsapp message ignored');
        continue;
      }
      // Queued while offline: answer what is still fresh, leave old conversations alone.
      if (type === 'append' && t.sentAt && now.getTime() - t.sentAt.getTime() > o.appendWindowMs) {
        tooOld++;
        continue;
      }
      // The phone first: a staff member writing from a LID is recognised by it.
      recordPhone(t.identity, t.message.displayName);
      // Someone who wrote to us is on WhatsApp: no need to ask before answering.
      if (isPnUser(t.identity.chatId)) onWhatsAppCache.set(t.identity.chatId, true);
      try {
        await handler(t.message);
      } catch (err) {
        log.error({ err: errorMessage(err), externalId: t.message.externalId, chatId: t.message.chatId }, 'whatsapp message could not be handled');
      }
    }
    if (tooOld > 0) {
      log.info({ count: tooOld, windowMs: o.appendWindowMs }, 'whatsapp messages received while offline are too old to answer; not answered');
    }
  }

  /** LID and phone of one person became known: put the phone on every contact row of theirs. */
  function onLidMapping({ lid, pn }: LIDMapping): void {
    const lidJid = isLidUser(lid) ? lid : isLidUser(pn) ? pn : undefined;
    const pnJid = isPnUser(pn) ? pn : isPnUser(lid) ? lid : undefined;
    if (!lidJid || !pnJid) return;
    const phone = jidDecode(pnJid)?.user;
    if (!phone || !/^\d+$/.test(phone)) return;
    try {
      const onLid = identities.setPhone(jidNormalizedUser(lidJid), phone);
      // A contact from before the LID was known keeps its history; it gets the phone too.
      const onPn = identities.setPhone(jidNormalizedUser(pnJid), phone);
      if (onLid || onPn) log.debug({ lid: jidNormalizedUser(lidJid), onLid, onPn }, 'whatsapp phone number merged from lid mapping');
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'whatsapp lid mapping could not be stored');
    }
  }

  function attach(sock: WhatsAppSocket): () => void {
    const onUpsert = (event: BaileysEventMap['messages.upsert']) => {
      // One message at a time, in arrival order; stop() waits for the one in hand.
      inbox = inbox.then(() => handleUpsert(event)).catch((err: unknown) => log.error({ err: errorMessage(err) }, 'whatsapp inbound failed'));
    };
    // History sync carries mappings too (its messages are old: never answered).
    const onHistory = ({ lidPnMappings }: BaileysEventMap['messaging-history.set']) => {
      for (const mapping of lidPnMappings ?? []) onLidMapping(mapping);
    };
    sock.ev.on('messages.upsert', onUpsert);
    sock.ev.on('lid-mapping.update', onLidMapping);
    sock.ev.on('messaging-history.set', onHistory);
    return () => {
      sock.ev.off('messages.upsert', onUpsert);
      sock.ev.off('lid-mapping.update', onLidMapping);
      sock.ev.off('messaging-history.set', onHistory);
    };
  }

  function onFatal(err: WhatsAppStoppedError): void {
    log.error({ reason: err.reason, statusCode: err.statusCode }, `WHATSAPP STOPPED: ${err.message}`);
    const { alerts, reasons } = texts.whatsapp;
    const text =
      err.reason === 'replaced'
        ? alerts.replaced
        : err.reason === 'unpaired' || err.reason === 'qrTimeout'
          ? alerts.unpaired
          : alerts.loggedOut(reasons[err.reason]);
    try {
      deps.alertAdmins(text);
    } catch (alertErr) {
      log.error({ err: errorMessage(alertErr) }, 'admins could not be alerted about whatsapp');
    }
  }

  // ── outbound ───────────────────────────────────────────────────────────────────────────

  const transient = (message: string, context: Record<string, unknown>, cause?: unknown) =>
    new SendError(message, { permanent: false, context, cause });
  const permanent = (message: string, context: Record<string, unknown>, cause?: unknown) =>
    new SendError(message, { permanent: true, context, cause });

  /** A phone JID nobody registered on WhatsApp can never be delivered to: checked once per run. */
  async function checkRegistered(sock: WhatsAppSocket, jid: string): Promise<void> {
    if (!isPnUser(jid) || !sock.onWhatsApp) return;
    let exists = onWhatsAppCache.get(jid);
    if (exists === undefined) {
      try {
        const [result] = (await sock.onWhatsApp(jid)) ?? [];
        if (!result) return; // no answer: do not guess
        exists = result.exists;
        onWhatsAppCache.set(jid, exists);
      } catch (err) {
        log.debug({ err: errorMessage(err), jid }, 'whatsapp onWhatsApp check failed; sending anyway');
        return;
      }
    }
    if (!exists) throw permanent('this number is not on WhatsApp', { chatId: jid });
  }

  async function sendNow(msg: OutboundMessage): Promise<{ ref?: string }> {
    const context = { chatId: msg.chatId };
    const sock = connection?.openSocket;
    if (!sock) throw transient(`WhatsApp is not connected (${connection?.status ?? 'not started'})`, context);
    await checkRegistered(sock, msg.chatId);
    const text = renderWhatsApp(msg);
    let sent;
    try {
      sent = await withTimeout(sock.sendMessage(msg.chatId, { text, linkPreview: null }), o.sendTimeoutMs, () =>
        transient(`WhatsApp send timed out after ${o.sendTimeoutMs} ms`, context),
      );
    } catch (err) {
      if (err instanceof SendError) throw err;
      throw transient(`WhatsApp send failed: ${errorMessage(err)}`, { ...context, statusCode: disconnectCode(err) }, err);
    }
    const ref = sent?.key?.id ?? undefined;
    return ref ? { ref } : {};
  }

  const sender: ChannelSender = {
    channel: 'whatsapp',
    async send(msg) {
      // Files are not relayed on WhatsApp (staff see them on the ticket); the text goes alone.
      if (!isSendableJid(msg.chatId)) throw permanent(`not a WhatsApp chat: ${msg.chatId}`, { chatId: msg.chatId });
      if (msg.text.trim() === '' && !msg.choices?.length) return {};
      return queue.run(() => sendNow(msg));
    },
  };

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────

  return {
    channel: 'whatsapp',
    sender,
    get status() {
      return connection?.status ?? 'idle';
    },
    idle: async () => {
      // Handling a message can queue another turn of the chain; wait until it is still.
      for (;;) {
        const seen = inbox;
        await seen;
        if (seen === inbox) return;
      }
    },
    async start(onMessage) {
      if (connection) throw new Error('The WhatsApp channel is already started.');
      const auth = createSqliteAuthState(store.whatsappAuth, clock);
      if (!isPaired(auth.state.creds)) throw new Error(NOT_PAIRED_MESSAGE);
      handler = onMessage;
      const conn = createConnection({
        auth,
        socketFactory: o.socketFactory ?? defaultSocketFactory,
        log,
        baileysLogger: baileysLoggerOf(log, o.baileysLogLevel),
        mode: 'run',
        attach,
        onFatal,
        ...(o.reconnect ? { reconnect: o.reconnect } : {}),
        ...(o.badSessionLimit !== undefined ? { badSessionLimit: o.badSessionLimit } : {}),
        ...(o.random ? { random: o.random } : {}),
      });
      connection = conn;
      conn.start();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), o.startTimeoutMs);
      });
      try {
        const first = await Promise.race([conn.whenOpen().then(() => 'open' as const), timedOut]);
        if (first === 'timeout') {
          log.warn({ waitedMs: o.startTimeoutMs, status: conn.status }, 'whatsapp not connected yet; going on and reconnecting in the background');
        }
      } catch (err) {
        // Logged out, banned or replaced before the first open: say so instead of running deaf.
        await conn.stop();
        const advice =
          conn.status === 'replaced'
            ? 'Stop the other instance using this WhatsApp session, then start again.'
            : 'Pair the number again with `npm run cli -- whatsapp login`, then start again.';
        throw new Error(`WhatsApp could not start: ${errorMessage(err)} ${advice}`, { cause: err });
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      stopped = true;
      queue.close(() => transient('WhatsApp channel stopping', {}));
      await connection?.stop();
      await inbox;
    },
  };
}
