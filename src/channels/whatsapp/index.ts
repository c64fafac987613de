import { texts } from '../../core/catalogue.js';
import {
  isLidUser,
  isPnUser,
  jidDecode,
  jidNormalizedUser,
  type BaileysEventMap,
  type LIDMapping,
} from '@whiskeysockets/baileys';
import { errorMessage, SendError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { OutboundMessage } from '../../core/message.js';
import type { ChannelSender } from '../../notify/dispatcher.js';
import { createWhatsAppIdentityRepo, type WhatsAppIdentityRepo } from '../../store/whatsapp-identity.js';
import type { WhatsAppAuthRepo } from '../../store/whatsapp-auth.js';
import { createWhatsAppMessagesRepo } from '../../store/whatsapp-messages.js';
import type { ChannelAdapter, ChannelDeps, InboundHandler } from '../types.js';
import { createSqliteAuthState, deserialise, isPaired } from './auth-state.js';
import {
  createConnection,
  defaultSocketFactory,
  disconnectCode,
  type BaileysLogger,
  type Connection,
  type ConnectionStatus,
  type GetMessage,
  SESSION_LOST,
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
  /**
   * Messages queued while offline (`append`) younger than this are answered; older ones are
   * recorded and shown to staff without an answer to the user (WHATSAPP_APPEND_WINDOW_MINUTES).
   */
  appendWindowMs?: number;
  /** Reconnect back-off: 2 s doubling up to 5 min by default. */
  reconnect?: { baseMs?: number; maxMs?: number };
  /** Restart requests (515) answered at once before the back-off applies: 1 per minute by default. */
  immediateRestarts?: { count?: number; windowMs?: number };
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

/**
 * Who is who: the mapping Baileys keeps in the auth state first, then the phone numbers the desk
 * recorded on LID contacts (which survive a logout that clears the auth state).
 */
export function combinedLidLookup(stored: LidLookup, identities: WhatsAppIdentityRepo): LidLookup {
  return {
    lidForPhone(phone) {
      const known = stored.lidForPhone(phone);
      if (known) return known;
      const jid = identities.lidOfPhone(phone);
      const user = jid ? jidDecode(jid)?.user : undefined;
      return user && /^\d+$/.test(user) ? user : undefined;
    },
    phoneForLid: (lidUser) => stored.phoneForLid(lidUser) ?? identities.phoneOf(`${lidUser}@lid`),
  };
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
 * phone); a contact known by phone before its LID is merged into the LID contact. Outbound:
 * rendered for WhatsApp and sent through one paced queue. The session lives in the desk's
 * database; `npm run cli -- whatsapp login` pairs it.
 */
export function createWhatsAppAdapter(deps: ChannelDeps, options: WhatsAppAdapterOptions = {}): WhatsAppAdapter {
  const { store, clock } = deps;
  const log = deps.log.child({ channel: 'whatsapp' });
  const o = { ...DEFAULTS, ...options };
  const identities: WhatsAppIdentityRepo = createWhatsAppIdentityRepo(store.handle);
  const sentMessages = createWhatsAppMessagesRepo(store.handle);
  const lidLookup = combinedLidLookup(lidLookupFrom(store.whatsappAuth), identities);
  const queue = createPacedQueue({
    intervalMs: o.sendIntervalMs,
    jitterMs: o.sendJitterMs,
    ...(o.random ? { random: o.random } : {}),
  });

  let connection: Connection | undefined;
  let handler: InboundHandler | undefined;
  let inbox: Promise<void> = Promise.resolve();
  /** start() returned: from now on a fatal stop is reported through deps.fatal, not by a throw. */
  let running = false;

  // ── inbound ────────────────────────────────────────────────────────────────────────────

  function recordPhone(identity: WhatsAppIdentity, displayName: string | undefined): void {
    if (!identity.phone) return;
    try {
      identities.recordPhone({ userId: identity.userId, chatId: identity.chatId, displayName }, identity.phone, clock.now());
      // Known by phone before WhatsApp revealed the LID: that history is this person's too.
      if (identity.lidJid) merge(identity.lidJid, `${identity.phone}@s.whatsapp.net`, identity.phone);
    } catch (err) {
      log.error({ err: errorMessage(err), userId: identity.userId }, 'whatsapp phone number could not be recorded');
    }
  }

  /** Moves the phone contact's tickets and history onto the LID contact (see WhatsAppIdentityRepo.merge). */
  function merge(lidJid: string, pnJid: string, phone: string): void {
    const result = identities.merge(lidJid, pnJid, phone);
    if (result?.fromContactId !== undefined && result.tickets + result.feedback + result.unmatched > 0) {
      log.info({ lid: lidJid, ...result }, 'whatsapp contact known by phone merged into its LID contact');
    }
  }

  async function handleUpsert({ messages, type }: BaileysEventMap['messages.upsert']): Promise<void> {
    const now = clock.now();
    let tooOld = 0;
    for (const raw of messages) {
      // Every message Baileys handed over is handled, even while stopping: it was acknowledged.
      if (!handler) return;
      const t = translateMessage(raw, lidLookup, now);
      if (t.kind === 'ignore') {
        log.debug({ id: raw.key?.id, reason: t.reason, type }, 'whatsapp message ignored');
        continue;
      }
      // Queued while offline: answer what is still fresh; older ones are recorded and shown to
      // staff, but an answer hours later to a conversation that moved on would do more harm.
      if (type === 'append' && t.sentAt && now.getTime() - t.sentAt.getTime() > o.appendWindowMs) {
        t.message.recordOnly = true;
        tooOld++;
      }
      // The phone first: a staff member writing from a LID is recognised by it.
      recordPhone(t.identity, t.message.displayName);
      try {
        await handler(t.message);
      } catch (err) {
        log.error(
          { err: errorMessage(err), externalId: t.message.externalId, chatId: t.message.chatId },
          'whatsapp message could not be handled',
        );
      }
    }
    if (tooOld > 0) {
      log.info(
        { count: tooOld, windowMs: o.appendWindowMs },
        'whatsapp messages received while offline are too old to answer; recorded for staff',
      );
    }
  }

  /** LID and phone of one person became known: one contact (the LID's) from now on. */
  function onLidMapping({ lid, pn }: LIDMapping): void {
    const lidJid = isLidUser(lid) ? lid : isLidUser(pn) ? pn : undefined;
    const pnJid = isPnUser(pn) ? pn : isPnUser(lid) ? lid : undefined;
    if (!lidJid || !pnJid) return;
    const phone = jidDecode(pnJid)?.user;
    if (!phone || !/^\d+$/.test(phone)) return;
    try {
      merge(jidNormalizedUser(lidJid), jidNormalizedUser(pnJid), phone);
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'whatsapp lid mapping could not be stored');
    }
  }

  function attach(sock: WhatsAppSocket): () => void {
    const onUpsert = (event: BaileysEventMap['messages.upsert']) => {
      // One message at a time, in arrival order; stop() waits until all of them are handled.
      inbox = inbox
        .then(() => handleUpsert(event))
        .catch((err: unknown) => log.error({ err: errorMessage(err) }, 'whatsapp inbound failed'));
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

  /** What the operator must do, in English for the log (the admins get the catalogue text). */
  function operatorMessage(err: WhatsAppStoppedError): string {
    if (err.reason === 'replaced')
      return `${err.message} Stop the other instance using this WhatsApp session, then restart the desk.`;
    if (SESSION_LOST.has(err.reason)) {
      return `${err.message} The session was deleted; pair again with \`npm run cli -- whatsapp login\`, then restart the desk.`;
    }
    return `${err.message} Pair with \`npm run cli -- whatsapp login\`, then restart the desk.`;
  }

  function onFatal(err: WhatsAppStoppedError): void {
    const message = operatorMessage(err);
    log.error({ reason: err.reason, statusCode: err.statusCode }, `WHATSAPP STOPPED: ${message}`);
    const { alerts, reasons } = texts.whatsapp;
    const text =
      err.reason === 'replaced'
        ? alerts.replaced
        : err.reason === 'unpaired' || err.reason === 'qrTimeout'
          ? alerts.unpaired
          : alerts.loggedOut(reasons[err.reason]);
    let alerted = false;
    try {
      deps.alertAdmins(text);
      alerted = true;
    } catch (alertErr) {
      log.error({ err: errorMessage(alertErr) }, 'admins could not be alerted about whatsapp');
    }
    // Before start() returned, its throw tells the platform; afterwards only this does.
    if (running) deps.fatal(new Error(message, { cause: err }), { adminsAlerted: alerted });
  }

  /**
   * A recipient whose phone could not decrypt one of our messages asks for it again; after a
   * restart Baileys no longer has it in memory and asks here: the text as it was sent.
   */
  const getMessage: GetMessage = async (key) => {
    if (!key.id) return undefined;
    try {
      const sent = sentMessages.sent(key.id, key.remoteJid ? jidNormalizedUser(key.remoteJid) : undefined);
      if (!sent) return undefined;
      return { conversation: renderWhatsApp({ text: sent.text, ...(sent.choices?.length ? { choices: sent.choices } : {}) }) };
    } catch (err) {
      log.error({ err: errorMessage(err), id: key.id }, 'whatsapp message asked for again could not be looked up');
      return undefined;
    }
  };

  // ── outbound ───────────────────────────────────────────────────────────────────────────

  const transient = (message: string, context: Record<string, unknown>, cause?: unknown) =>
    new SendError(message, { permanent: false, context, cause });
  const permanent = (message: string, context: Record<string, unknown>, cause?: unknown) =>
    new SendError(message, { permanent: true, context, cause });

  async function sendNow(msg: OutboundMessage): Promise<{ ref?: string }> {
    const context = { chatId: msg.chatId };
    const sock = connection?.openSocket;
    if (!sock) throw transient(`WhatsApp is not connected (${connection?.status ?? 'not started'})`, context);
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
      // Only a malformed or non-private JID is known to be undeliverable: Baileys 7 cannot tell
      // whether a number is on WhatsApp (onWhatsApp leaves unknown numbers out), so that is not guessed.
      if (!isSendableJid(msg.chatId)) throw permanent(`not a WhatsApp chat: ${msg.chatId}`, { chatId: msg.chatId });
      if (msg.text.trim() === '' && !msg.choices?.length) return {};
      return queue.run(() => sendNow(msg));
    },
  };

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────

  const idle = async () => {
    // Handling a message can queue another turn of the chain; wait until it is still.
    for (;;) {
      const seen = inbox;
      await seen;
      if (seen === inbox) return;
    }
  };

  return {
    channel: 'whatsapp',
    sender,
    get status() {
      return connection?.status ?? 'idle';
    },
    idle,
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
        getMessage,
        now: () => clock.now().getTime(),
        ...(o.reconnect ? { reconnect: o.reconnect } : {}),
        ...(o.immediateRestarts ? { immediateRestarts: o.immediateRestarts } : {}),
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
          log.warn(
            { waitedMs: o.startTimeoutMs, status: conn.status },
            'whatsapp not connected yet; going on and reconnecting in the background',
          );
        }
        running = true;
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
      running = false;
      queue.close(() => transient('WhatsApp channel stopping', {}));
      // Ending the socket hands over what Baileys still buffered, then nothing more comes in;
      // everything received (and acknowledged to WhatsApp) is handled before stop() returns.
      await connection?.stop();
      await idle();
    },
  };
}
