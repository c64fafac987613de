import {
  DisconnectReason,
  makeWASocket,
  type AnyMessageContent,
  type AuthenticationState,
  type BaileysEventEmitter,
  type BaileysEventMap,
  type ConnectionState,
  type Contact,
  type makeEventBuffer,
  type MiscMessageGenerationOptions,
  type proto,
  type WAMessage,
  type WAMessageKey,
} from '@whiskeysockets/baileys';
import { texts } from '../../core/catalogue.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { backoffDelay } from '../../outbox/dispatcher.js';
import type { SqliteAuthState } from './auth-state.js';

/** Baileys' logger interface (pino fits it). */
export type BaileysLogger = Parameters<typeof makeEventBuffer>[0];

/** Levels from the most to the least verbose. */
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/**
 * Baileys' logger: a child at `warn` or quieter whatever the desk's level, since below that Baileys
 * logs phone numbers, names and message contents; with `debug` (WHATSAPP_DEBUG=true) at the
 * desk's own level.
 */
export function baileysLoggerOf(log: Logger, debug = false): BaileysLogger {
  const own = LEVELS.indexOf(log.level);
  const level = debug || own >= LEVELS.indexOf('warn') ? log.level : 'warn';
  return log.child({ module: 'baileys' }, { level }) as unknown as BaileysLogger;
}

/** The part of a Baileys socket the adapter uses; the real one is makeWASocket's, tests pass a fake. */
export interface WhatsAppSocket {
  /** Baileys' emitter; `flush` hands over events it holds back while buffering (offline catch-up). */
  ev: Pick<BaileysEventEmitter, 'on' | 'off'> & { flush?(): boolean };
  readonly user?: Contact | undefined;
  sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions): Promise<WAMessage | undefined>;
  end(error: Error | undefined): Promise<void> | void;
  requestPairingCode(phoneNumber: string): Promise<string>;
}

/** Finds a message the desk sent, so Baileys can encrypt it again when a recipient asks (retry receipt). */
export type GetMessage = (key: WAMessageKey) => Promise<proto.IMessage | undefined>;

export type SocketFactory = (opts: {
  auth: AuthenticationState;
  logger: BaileysLogger;
  getMessage?: GetMessage;
}) => WhatsAppSocket;

/**
 * The real socket. No full history (a help desk answers what arrives), but Baileys' default
 * recent-history sync stays on: rc14 warns that turning all of it off keeps it from learning
 * the initial LID mappings. The number is not marked online, so the phone keeps notifying.
 */
export const defaultSocketFactory: SocketFactory = ({ auth, logger, getMessage }) =>
  makeWASocket({
    auth,
    logger,
    markOnlineOnConnect: false,
    syncFullHistory: false,
    // Without it a recipient's retry request after a restart finds nothing to resend.
    ...(getMessage ? { getMessage } : {}),
  });

/**
 * Why the connection stopped for good; the ones marked in SESSION_LOST also cleared the auth state.
 * A bad session (500) is not among them: Baileys gives 500 to every stream error it does not know,
 * so it says nothing sure about the session, which is kept while the reconnects back off.
 */
export type FatalReason = 'loggedOut' | 'forbidden' | 'multideviceMismatch' | 'replaced' | 'unpaired' | 'qrTimeout';
export const SESSION_LOST: ReadonlySet<FatalReason> = new Set(['loggedOut', 'forbidden']);

export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'waiting' | 'stopped' | FatalReason;

/**
 * What the operator must do after the channel stopped for `err.reason`, after what happened
 * (`err.message`): in English, for the log and the terminal (the admins get the catalogue text).
 */
export function operatorMessage(err: { reason: FatalReason; message: string }): string {
  const login = '`npm run cli -- whatsapp login` (or `… whatsapp login --pairing-code 62812…`)';
  if (err.reason === 'replaced')
    return `${err.message} Stop the other instance using this WhatsApp session, then restart the desk.`;
  if (SESSION_LOST.has(err.reason))
    return `${err.message} The session was deleted; pair again with ${login}, then restart the desk.`;
  if (err.reason === 'multideviceMismatch')
    return `${err.message} Update WhatsApp on the phone, pair again with \`npm run cli -- whatsapp login --force\`, then restart the desk.`;
  return `${err.message} Pair with ${login}, then restart the desk.`;
}

export class WhatsAppStoppedError extends Error {
  constructor(
    readonly reason: FatalReason,
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'WhatsAppStoppedError';
  }
}

export interface ConnectionOptions {
  auth: SqliteAuthState;
  socketFactory: SocketFactory;
  log: Logger;
  /** The logger handed to Baileys (usually a quieter child of `log`). */
  baileysLogger: BaileysLogger;
  /**
   * `run` serves the desk: a QR means the session is not paired, which stops it. `login` pairs:
   * QR codes are handed to onQr and an expired QR ends the attempt.
   */
  mode: 'run' | 'login';
  /** Attaches the caller's listeners to a new socket; returns what removes them. */
  attach?(sock: WhatsAppSocket): () => void;
  onQr?(qr: string, sock: WhatsAppSocket): void;
  onOpen?(sock: WhatsAppSocket): void;
  onFatal?(error: WhatsAppStoppedError): void;
  /** Back-off between reconnects (full jitter between half and all of the capped exponential). */
  reconnect?: { baseMs?: number; maxMs?: number };
  /**
   * Consecutive stream-error closes (500) without a stable connection in between before the admins
   * are told (the session is kept and the reconnects go on backing off).
   */
  badSessionLimit?: number;
  /** Tells the bureau's admins (on their other channels): long outages, repeated 500s, and the recovery after them. */
  alertAdmins?(text: string): void;
  /** No stable connection for this long is an outage the admins are told of (once; 15 min by default). */
  outageAlertMs?: number;
  /** A connection open this long without closing is stable: the back-off starts over (60 s by default). */
  stableMs?: number;
  /** For the message a recipient asks for again (see GetMessage). */
  getMessage?: GetMessage;
  /** For the back-off jitter; Math.random by default (tests pin it). */
  random?: () => number;
  /** Times the reconnects and the restart window. */
  clock: Clock;
}

export interface Connection {
  /** Creates the first socket. */
  start(): void;
  /** Ends the socket without logging out (the session stays paired) and stops reconnecting. */
  stop(): Promise<void>;
  readonly status: ConnectionStatus;
  /** The socket while it is open. */
  readonly openSocket: WhatsAppSocket | undefined;
  /** Resolves when a connection is open (now or later); rejects if the connection stops for good first. */
  whenOpen(): Promise<WhatsAppSocket>;
  /** Why the last socket closed, for messages to the operator. */
  readonly lastError: string | undefined;
}

/**
 * A restart request (515) is answered at once when the previous one came at least this long ago;
 * one sooner (WhatsApp asking again and again) waits the next step of a back-off that only this
 * calm resets, so a 515 loop slows down to one reconnect per maxDelay instead of spinning.
 */
const RESTART_CALM_MS = 10 * 60_000;

type Boomish = { output?: { statusCode?: number }; isBoom?: boolean };

/** Baileys closes with a Boom whose output.statusCode is a DisconnectReason; anything else has none. */
export function disconnectCode(error: unknown): number | undefined {
  const code = (error as Boomish | undefined)?.output?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/**
 * The socket lifecycle. One socket at a time: a closed socket's listeners are removed before
 * anything else happens, and at most one reconnect is ever scheduled. A restart request (515,
 * sent right after pairing) reconnects at once, but one within ten minutes of the previous waits a
 * growing back-off so a restart loop never spins; a lost connection or a stream error (500)
 * reconnects with jittered back-off, which starts over only once a connection stayed open for
 * `stableMs`. Logged-out and forbidden clear the auth state and stop; a replaced connection
 * (another instance opened the same session) and a multi-device mismatch (411) stop without
 * clearing it. The admins hear of an outage longer than `outageAlertMs` or of repeated 500s,
 * once, and again when the connection is stable.
 */
export function createConnection(opts: ConnectionOptions): Connection {
  const { auth, socketFactory, log, mode } = opts;
  const policy = {
    baseDelayMs: opts.reconnect?.baseMs ?? 2_000,
    maxDelayMs: opts.reconnect?.maxMs ?? 5 * 60_000,
  };
  const badSessionLimit = Math.max(1, opts.badSessionLimit ?? 3);
  const outageAlertMs = opts.outageAlertMs ?? 15 * 60_000;
  const stableMs = opts.stableMs ?? 60_000;
  const random = opts.random ?? Math.random;
  const { clock } = opts;
  const now = () => clock.now().getTime();
  /** When the last restart request came, and how many came in a row without a calm between. */
  let lastRestartAt: number | undefined;
  let restartStreak = 0;
  /** Since when no connection has been stable (undefined while one is), and the alert timer for it. */
  let downSince: number | undefined;
  let outageTimer: TimerHandle | undefined;
  let stableTimer: TimerHandle | undefined;
  /** The admins were told of this outage (or of repeated 500s) and will hear when it is over. */
  let alerted = false;

  let status: ConnectionStatus = 'idle';
  let current: WhatsAppSocket | undefined;
  let detachCurrent: (() => void) | undefined;
  let sawQr = false;
  let timer: TimerHandle | undefined;
  let attempts = 0;
  let badSessions = 0;
  let created = 0;
  let stopping = false;
  let fatal: WhatsAppStoppedError | undefined;
  let lastError: string | undefined;
  const waiters: Array<{ resolve: (s: WhatsAppSocket) => void; reject: (e: Error) => void }> = [];

  function connect(): void {
    timer = undefined;
    if (stopping || fatal) return;
    status = 'connecting';
    sawQr = false;
    created++;
    let sock: WhatsAppSocket;
    try {
      sock = socketFactory({
        auth: auth.state,
        logger: opts.baileysLogger,
        ...(opts.getMessage ? { getMessage: opts.getMessage } : {}),
      });
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'whatsapp socket could not be created');
      schedule(undefined);
      return;
    }
    current = sock;
    const detachers: Array<() => void> = [];
    const on = <E extends keyof BaileysEventMap>(event: E, fn: (arg: BaileysEventMap[E]) => void) => {
      sock.ev.on(event, fn);
      detachers.push(() => sock.ev.off(event, fn));
    };
    // Baileys has merged the update into auth.state.creds already (its own listener came first).
    on('creds.update', () => {
      try {
        auth.saveCreds();
      } catch (err) {
        log.error({ err: errorMessage(err) }, 'whatsapp creds could not be saved');
      }
    });
    on('connection.update', (update) => onUpdate(sock, update));
    if (opts.attach) detachers.push(opts.attach(sock));
    detachCurrent = () => {
      for (const d of detachers.splice(0)) d();
    };
  }

  /**
   * Lets go of a socket: first the events Baileys still holds in its buffer (messages it already
   * acknowledged while catching up) are handed to the listeners, then the listeners are removed.
   */
  function release(sock: WhatsAppSocket): void {
    if (sock !== current) return;
    try {
      sock.ev.flush?.();
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'whatsapp buffered events could not be flushed');
    }
    detachCurrent?.();
    detachCurrent = undefined;
    current = undefined;
  }

  function onUpdate(sock: WhatsAppSocket, update: Partial<ConnectionState>): void {
    if (sock !== current) return;
    if (update.qr) {
      sawQr = true;
      if (mode === 'run') {
        release(sock);
        void Promise.resolve(sock.end(undefined)).catch(() => undefined);
        stopFor('unpaired', 'WhatsApp asks for a new pairing: the session is not paired.');
        return;
      }
      opts.onQr?.(update.qr, sock);
    }
    if (update.connection === 'open') {
      status = 'open';
      // Not the number itself: no phone numbers in the log.
      log.info({ paired: Boolean(sock.user?.id) }, 'whatsapp connection open');
      // The back-off and the outage end only once it stays open: a connection that opens and
      // drops at once, again and again, is still an outage.
      clock.clearTimeout(stableTimer);
      stableTimer = clock.setTimeout(() => stable(sock), stableMs);
      opts.onOpen?.(sock);
      for (const w of waiters.splice(0)) w.resolve(sock);
    } else if (update.connection === 'close') {
      release(sock);
      onClose(update.lastDisconnect?.error);
    }
  }

  function stable(sock: WhatsAppSocket): void {
    stableTimer = undefined;
    if (sock !== current || status !== 'open') return;
    attempts = 0;
    badSessions = 0;
    clock.clearTimeout(outageTimer);
    outageTimer = undefined;
    const wasDownFor = downSince === undefined ? undefined : now() - downSince;
    downSince = undefined;
    if (alerted) {
      alerted = false;
      log.info({ downForMs: wasDownFor }, 'whatsapp connection stable again; admins told');
      alert(texts.whatsapp.alerts.recovered);
    }
  }

  function alert(text: string): void {
    try {
      opts.alertAdmins?.(text);
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'admins could not be alerted about whatsapp');
    }
  }

  /** The connection is down (not stable) from now, unless it already was: the outage clock starts. */
  function down(): void {
    if (downSince !== undefined || !opts.alertAdmins) return;
    downSince = now();
    outageTimer = clock.setTimeout(() => {
      outageTimer = undefined;
      if (alerted || stopping || fatal || downSince === undefined) return;
      alerted = true;
      const minutes = Math.round((now() - downSince) / 60_000);
      log.error(
        { downForMs: now() - downSince, err: lastError },
        'whatsapp has not connected for long; admins alerted, still retrying',
      );
      alert(texts.whatsapp.alerts.unreachable(minutes, lastError ?? 'tidak tersambung'));
    }, outageAlertMs);
  }

  function onClose(error: unknown): void {
    clock.clearTimeout(stableTimer);
    stableTimer = undefined;
    if (stopping || fatal) return;
    const code = disconnectCode(error);
    const detail = { statusCode: code, err: error ? errorMessage(error) : undefined };
    lastError = detail.err;
    switch (code) {
      case DisconnectReason.restartRequired: {
        down();
        const at = now();
        restartStreak = lastRestartAt !== undefined && at - lastRestartAt < RESTART_CALM_MS ? restartStreak + 1 : 0;
        lastRestartAt = at;
        if (restartStreak === 0) {
          log.info(detail, 'whatsapp asked for a restart; reconnecting now');
          schedule(0);
          return;
        }
        // Asked again and again: something is wrong, and hammering WhatsApp makes it worse.
        schedule(backoffDelay(restartStreak, policy, random), { ...detail, restartsInARow: restartStreak + 1 });
        return;
      }
      case DisconnectReason.loggedOut:
        stopFor('loggedOut', 'The WhatsApp session was logged out (401).', code);
        return;
      case DisconnectReason.forbidden:
        stopFor('forbidden', 'WhatsApp refused the session (403): the number may be banned.', code);
        return;
      case DisconnectReason.connectionReplaced:
        stopFor('replaced', 'Another instance opened the same WhatsApp session (440 conflict); not reconnecting.', code);
        return;
      case DisconnectReason.multideviceMismatch:
        // Only sent when WhatsApp tells this companion to downgrade (`ib downgrade_webclient`):
        // the same credentials get the same answer, so retrying only hammers WhatsApp.
        stopFor(
          'multideviceMismatch',
          'WhatsApp refused this linked device (411 multi-device mismatch); reconnecting would get the same answer.',
          code,
        );
        return;
      case DisconnectReason.badSession:
        // Baileys' code for any stream error it does not know: not proof of a corrupt session.
        // Deleting the session would need a re-pairing; backing off and telling the admins does not.
        badSessions++;
        if (badSessions === badSessionLimit && !alerted && opts.alertAdmins) {
          alerted = true;
          log.error(
            { ...detail, inARow: badSessions },
            'whatsapp keeps closing with stream errors (500); session kept, admins alerted, still retrying',
          );
          alert(texts.whatsapp.alerts.streamErrors(badSessions));
        }
        break;
      case DisconnectReason.timedOut:
        if (mode === 'login' && sawQr) {
          stopFor('qrTimeout', 'Nobody scanned the QR code in time.', code);
          return;
        }
        break;
    }
    down();
    schedule(undefined, detail);
  }

  /** Exactly one pending reconnect, ever; `delay` undefined means the next back-off step. */
  function schedule(delay: number | undefined, detail: Record<string, unknown> = {}): void {
    if (stopping || fatal || timer || current) return;
    let wait = delay;
    if (wait === undefined) {
      attempts++;
      wait = backoffDelay(attempts, policy, random);
      log.warn({ ...detail, attempt: attempts, delayMs: wait }, 'whatsapp connection closed; reconnecting');
    } else if (wait > 0) {
      log.warn({ ...detail, delayMs: wait }, 'whatsapp keeps asking for a restart; reconnecting after a pause');
    }
    status = 'waiting';
    timer = clock.setTimeout(connect, wait);
  }

  function clearTimers(): void {
    for (const t of [timer, outageTimer, stableTimer]) clock.clearTimeout(t);
    timer = outageTimer = stableTimer = undefined;
  }

  function stopFor(reason: FatalReason, message: string, statusCode?: number): void {
    clearTimers();
    fatal = new WhatsAppStoppedError(reason, message, statusCode);
    status = reason;
    if (SESSION_LOST.has(reason)) {
      try {
        auth.clear();
      } catch (err) {
        log.error({ err: errorMessage(err) }, 'whatsapp auth state could not be cleared');
      }
    }
    for (const w of waiters.splice(0)) w.reject(fatal);
    opts.onFatal?.(fatal);
  }

  return {
    start() {
      if (created > 0 || stopping) return;
      // Not connected yet: a first connection that never comes is an outage too.
      down();
      connect();
    },
    async stop() {
      stopping = true;
      clearTimers();
      const sock = current;
      if (sock) release(sock);
      if (!fatal) status = 'stopped';
      for (const w of waiters.splice(0)) w.reject(new Error('WhatsApp connection stopped'));
      if (sock)
        await Promise.resolve(sock.end(undefined)).catch((err: unknown) =>
          log.debug({ err: errorMessage(err) }, 'whatsapp socket end failed'),
        );
    },
    get status() {
      return status;
    },
    get openSocket() {
      return status === 'open' ? current : undefined;
    },
    whenOpen() {
      if (fatal) return Promise.reject(fatal);
      if (status === 'open' && current) return Promise.resolve(current);
      if (stopping) return Promise.reject(new Error('WhatsApp connection stopped'));
      return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
    },
    get lastError() {
      return lastError;
    },
  };
}
