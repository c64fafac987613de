import { isLidUser, isPnUser, jidDecode, jidNormalizedUser, type BaileysEventMap } from '@whiskeysockets/baileys';
import { existsSync } from 'node:fs';
import type { Config } from '../../config.js';
import { logId } from '../../logger.js';
import { texts } from '../../core/catalogue.js';
import type {
  Attachment,
  ChannelAdapter,
  ChannelContext,
  ChannelSender,
  FetchFile,
  InboundHandler,
  OutboundMessage,
} from '../../core/channel.js';
import { fetchForeign, withFilesLeft, type FileLeft } from '../foreign-files.js';
import { errorMessage, SendError } from '../../core/errors.js';
import { withoutMissingFiles } from '../../core/removed-files.js';
import type { WhatsAppAuthRepo } from '../../store/whatsapp-auth.js';
import type { WhatsAppIdentityRepo } from '../../store/whatsapp-identity.js';
import { createSqliteAuthState, isPaired } from './auth-state.js';
import {
  createConnection,
  defaultSocketFactory,
  disconnectCode,
  baileysLoggerOf,
  type Connection,
  type ConnectionStatus,
  type FatalReason,
  type GetMessage,
  type SocketFactory,
  type WhatsAppSocket,
  operatorMessage,
  WhatsAppStoppedError,
} from './connection.js';
import { combinedLidLookup, createIdentityMerger, lidLookupFrom, type WhatsAppContactLookups } from './identity.js';
import { renderWhatsApp } from './render.js';
import { createPacedQueue } from './send-queue.js';
import { withTimeout } from './timeout.js';
import { translateMessage } from './translate.js';

/** What the WhatsApp adapter needs from the desk. */
export interface WhatsAppAdapterDeps extends ChannelContext, WhatsAppContactLookups {
  /** WHATSAPP_SEND_INTERVAL_MS, WHATSAPP_SEND_JITTER_MS, WHATSAPP_APPEND_WINDOW_MINUTES and WHATSAPP_DEBUG. */
  config: Pick<Config['whatsapp'], 'sendIntervalMs' | 'sendJitterMs' | 'appendWindowMs' | 'debug'>;
  /** The session: Baileys' auth state, with the LID ↔ phone mappings it learns. */
  auth: WhatsAppAuthRepo;
  /** Merges a contact known by phone into its LID contact. */
  identities: Pick<WhatsAppIdentityRepo, 'merge'>;
  /** What the desk sent on WhatsApp under this message id, newest first (a recipient asking for it again). */
  sentMessages(id: string): OutboundMessage[];
  /** A file of another channel (a staff member's Telegram screenshot), fetched when its message is sent. */
  fetchFile?: FetchFile | undefined;
}

/**
 * WhatsApp's own limit for an image is 16 MB; a document may be larger, but the file's own channel
 * caps it first (Telegram hands a bot at most 20 MB).
 */
export const WHATSAPP_IMAGE_LIMIT = 16 * 1024 * 1024;
export const WHATSAPP_DOCUMENT_LIMIT = 100 * 1024 * 1024;

/** A file about to be sent: one the desk made (OutboundFile), or one fetched from another channel. */
interface MediaToSend {
  kind: 'photo' | 'document';
  fileName: string;
  mimeType?: string | undefined;
  media: Buffer | { url: string };
  caption?: string | undefined;
}

/** Tunables; every one has a default fit for production. */
export interface WhatsAppAdapterOptions {
  /** The Baileys socket; tests pass a fake. */
  socketFactory?: SocketFactory;
  /** How long a send may take before it counts as failed (transient). */
  sendTimeoutMs?: number;
  /** Reconnect back-off: 2 s doubling up to 5 min by default. */
  reconnect?: { baseMs?: number; maxMs?: number };
  /** Consecutive stream-error closes (500) before the admins are told (the session is kept). */
  badSessionLimit?: number;
  /** No stable connection this long alerts the admins (15 min by default). */
  outageAlertMs?: number;
  /** How long a connection must stay open to count as back (60 s by default). */
  stableMs?: number;
  /** How long start() waits for the first connection before going on in the background. */
  startTimeoutMs?: number;
}

export interface WhatsAppAdapter extends ChannelAdapter {
  readonly status: ConnectionStatus;
  /** Resolves when every inbound message received so far has been handled. */
  idle(): Promise<void>;
}

const DEFAULTS = {
  sendTimeoutMs: 30_000,
  startTimeoutMs: 60_000,
};

const NOT_PAIRED_MESSAGE = operatorMessage({
  reason: 'unpaired',
  message: 'WhatsApp is enabled but no number is paired.',
});

/** Only private chats with a person can be written to: `digits@s.whatsapp.net` or `digits@lid`. */
function isSendableJid(jid: string): boolean {
  const decoded = jidDecode(jid);
  return Boolean(decoded && /^\d+$/.test(decoded.user) && (isPnUser(jid) || isLidUser(jid)));
}

/**
 * The WhatsApp adapter (Baileys 7). Inbound: private-chat messages become InboundMessage, keyed
 * on the sender's LID and carrying the phone number when known (staff are matched by phone); a
 * contact known by phone before its LID is merged into the LID contact (identity.ts). Outbound:
 * rendered for WhatsApp and sent through one paced queue. The session lives in the desk's
 * database; the `whatsapp login` command pairs it (see operatorMessage).
 */
export function createWhatsAppAdapter(deps: WhatsAppAdapterDeps, options: WhatsAppAdapterOptions = {}): WhatsAppAdapter {
  const { clock, config } = deps;
  // The composition root hands over a logger already tagged with the channel.
  const log = deps.log;
  const o = { ...DEFAULTS, ...options };
  const lidLookup = combinedLidLookup(lidLookupFrom(deps.auth), deps);
  const identity = createIdentityMerger({ identities: deps.identities, contactOf: deps.contactOf, log });
  const queue = createPacedQueue({ intervalMs: config.sendIntervalMs, jitterMs: config.sendJitterMs, clock });

  let connection: Connection | undefined;
  let handler: InboundHandler | undefined;
  let inbox: Promise<void> = Promise.resolve();
  /** start() returned: from now on a fatal stop is reported through deps.fatal, not by a throw. */
  let running = false;

  // ── inbound ────────────────────────────────────────────────────────────────────────────

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
      if (type === 'append' && t.sentAt && now.getTime() - t.sentAt.getTime() > config.appendWindowMs) {
        t.message.recordOnly = true;
        tooOld++;
      }
      identity.messageFrom(t.identity);
      try {
        await handler(t.message);
      } catch (err) {
        log.error(
          { err: errorMessage(err), externalId: t.message.externalId, chat: logId(t.message.chatId) },
          'whatsapp message could not be handled',
        );
      }
    }
    if (tooOld > 0) {
      log.info(
        { count: tooOld, windowMs: config.appendWindowMs },
        'whatsapp messages received while offline are too old to answer; recorded for staff',
      );
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
      for (const mapping of lidPnMappings ?? []) identity.mapped(mapping);
    };
    const onLidMapping = (mapping: BaileysEventMap['lid-mapping.update']) => identity.mapped(mapping);
    sock.ev.on('messages.upsert', onUpsert);
    sock.ev.on('lid-mapping.update', onLidMapping);
    sock.ev.on('messaging-history.set', onHistory);
    return () => {
      sock.ev.off('messages.upsert', onUpsert);
      sock.ev.off('lid-mapping.update', onLidMapping);
      sock.ev.off('messaging-history.set', onHistory);
    };
  }

  /** What the admins are told. */
  function alertText(reason: FatalReason): string {
    const { alerts, reasons } = texts.whatsapp;
    switch (reason) {
      case 'replaced':
        return alerts.replaced;
      case 'loggedOut':
      case 'forbidden':
        return alerts.loggedOut(reasons[reason]);
      case 'multideviceMismatch':
        return alerts.mismatch;
      default:
        // 'unpaired': WhatsApp showed a QR (run mode never waits for one to time out).
        return alerts.unpaired;
    }
  }

  function onFatal(err: WhatsAppStoppedError): void {
    const message = operatorMessage(err);
    log.error({ reason: err.reason, statusCode: err.statusCode }, `WHATSAPP STOPPED: ${message}`);
    const text = alertText(err.reason);
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
      const sent = deps.sentMessages(key.id);
      // The retry may name the chat by the other address (LID for a phone chat, or the reverse).
      const chatId = key.remoteJid ? jidNormalizedUser(key.remoteJid) : undefined;
      const msg = sent.find((m) => m.chatId === chatId) ?? sent[0];
      return msg ? { conversation: renderWhatsApp(msg) } : undefined;
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

  const notConnected = (context: Record<string, unknown>) =>
    transient(`WhatsApp is not connected (${connection?.status ?? 'not started'})`, context);

  /**
   * Files staff sent on another channel, fetched before anything of the message is sent: WhatsApp
   * keeps no progress of a half-sent message, so a fetch that fails now (and is retried) must not
   * leave the text already delivered. What cannot go is said in a line under the text.
   */
  async function foreignMedia(msg: OutboundMessage): Promise<{ media: MediaToSend[]; left: FileLeft[] }> {
    const media: MediaToSend[] = [];
    const left: FileLeft[] = [];
    const foreign = (msg.attachments ?? []).filter((a) => a.channel !== undefined && a.channel !== 'whatsapp');
    if (!deps.fetchFile || foreign.length === 0) return { media, left };
    const context = { chat: logId(msg.chatId) };
    for (const a of foreign) {
      if (a.kind !== 'photo' && a.kind !== 'document') {
        left.push('not_sendable');
        continue;
      }
      const maxBytes = a.kind === 'photo' ? WHATSAPP_IMAGE_LIMIT : WHATSAPP_DOCUMENT_LIMIT;
      const got = await fetchForeign(a, { fetchFile: deps.fetchFile, maxBytes, log, context });
      if ('left' in got) left.push(got.left);
      else media.push(fetchedMedia(a, got.bytes));
    }
    return { media, left };
  }

  /** A Telegram photo is always a JPEG; a document keeps its name and type. */
  const fetchedMedia = (a: Attachment, bytes: Buffer): MediaToSend =>
    a.kind === 'photo'
      ? { kind: 'photo', fileName: a.fileName ?? 'foto.jpg', mimeType: a.mimeType ?? 'image/jpeg', media: bytes }
      : { kind: 'document', fileName: a.fileName ?? texts.fileRelay.unnamedFile, mimeType: a.mimeType, media: bytes };

  async function sendNow(msg: OutboundMessage, extra: MediaToSend[]): Promise<{ ref?: string }> {
    const context = { chat: logId(msg.chatId) };
    // Checked again here: the connection may have dropped while this send waited its turn.
    const sock = connection?.openSocket;
    if (!sock) throw notConnected(context);
    let sent;
    if (msg.text.trim() !== '' || msg.choices?.length) {
      const text = renderWhatsApp(msg);
      try {
        sent = await withTimeout(clock, sock.sendMessage(msg.chatId, { text, linkPreview: null }), o.sendTimeoutMs, () => {
          throw transient(`WhatsApp send timed out after ${o.sendTimeoutMs} ms`, context);
        });
      } catch (err) {
        if (err instanceof SendError) throw err;
        throw transient(`WhatsApp send failed: ${errorMessage(err)}`, { ...context, statusCode: disconnectCode(err) }, err);
      }
    }
    const made: MediaToSend[] = (msg.files ?? []).map((file) => ({
      kind: file.kind,
      fileName: file.fileName,
      mimeType: file.mimeType,
      media: file.data !== undefined ? Buffer.from(file.data, 'base64') : { url: file.path! },
      caption: file.caption ? renderWhatsApp({ text: file.caption }) : undefined,
    }));
    // An image or a document each; where the socket refuses one, its caption goes as text.
    for (const file of [...made, ...extra]) {
      const { caption, media } = file;
      const content =
        file.kind === 'photo'
          ? { image: media, ...(caption ? { caption } : {}), ...(file.mimeType ? { mimetype: file.mimeType } : {}) }
          : {
              document: media,
              fileName: file.fileName,
              mimetype: file.mimeType ?? 'application/octet-stream',
              ...(caption ? { caption } : {}),
            };
      try {
        const res = await withTimeout(clock, sock.sendMessage(msg.chatId, content), o.sendTimeoutMs, () => {
          throw transient(`WhatsApp send timed out after ${o.sendTimeoutMs} ms`, context);
        });
        sent ??= res;
      } catch (err) {
        log.warn(
          { ...context, kind: file.kind, err: errorMessage(err) },
          'whatsapp file could not be sent; sending its caption as text',
        );
        if (caption)
          try {
            sent ??= await sock.sendMessage(msg.chatId, { text: caption, linkPreview: null });
          } catch (err2) {
            throw transient(`WhatsApp send failed: ${errorMessage(err2)}`, context, err2);
          }
      }
    }
    const ref = sent?.key?.id ?? undefined;
    return ref ? { ref } : {};
  }

  const sender: ChannelSender = {
    channel: 'whatsapp',
    async send(sent) {
      // A file deleted after the web chat's retention period is left out; the text says so.
      const msg = withoutMissingFiles(sent, existsSync);
      // Only a malformed or non-private JID is known to be undeliverable: Baileys 7 cannot tell
      // whether a number is on WhatsApp (onWhatsApp leaves unknown numbers out), so that is not guessed.
      if (!isSendableJid(msg.chatId)) throw permanent(`not a WhatsApp chat: ${logId(msg.chatId)}`, { chat: logId(msg.chatId) });
      // A WhatsApp user's own files are not relayed back to WhatsApp (staff see them on the ticket);
      // files staff sent on another channel are fetched and sent here.
      const hasForeign = (msg.attachments ?? []).some((a) => a.channel !== undefined && a.channel !== 'whatsapp');
      if (msg.text.trim() === '' && !msg.choices?.length && !msg.files?.length && !hasForeign) return {};
      // Offline: fail at once (the dispatcher retries later) rather than wait out the pace first.
      if (!connection?.openSocket) throw notConnected({ chat: logId(msg.chatId) });
      const { media, left } = await foreignMedia(msg);
      const text = withFilesLeft(msg.text, left);
      return queue.run(() => sendNow({ ...msg, text }, media));
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
      const auth = createSqliteAuthState(deps.auth, clock);
      if (!isPaired(auth.state.creds)) throw new Error(NOT_PAIRED_MESSAGE);
      handler = onMessage;
      const conn = createConnection({
        auth,
        socketFactory: o.socketFactory ?? defaultSocketFactory,
        log,
        baileysLogger: baileysLoggerOf(log, config.debug),
        mode: 'run',
        attach,
        onFatal,
        getMessage,
        clock,
        ...(o.reconnect ? { reconnect: o.reconnect } : {}),
        ...(o.badSessionLimit !== undefined ? { badSessionLimit: o.badSessionLimit } : {}),
        ...(o.outageAlertMs !== undefined ? { outageAlertMs: o.outageAlertMs } : {}),
        ...(o.stableMs !== undefined ? { stableMs: o.stableMs } : {}),
        alertAdmins: deps.alertAdmins,
      });
      connection = conn;
      conn.start();
      try {
        const first = await withTimeout<'open' | 'timeout'>(
          clock,
          conn.whenOpen().then(() => 'open'),
          o.startTimeoutMs,
          () => 'timeout',
        );
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
        const why = err instanceof WhatsAppStoppedError ? operatorMessage(err) : errorMessage(err);
        throw new Error(`WhatsApp could not start: ${why}`, { cause: err });
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
