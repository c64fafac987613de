import {
  makeEventBuffer,
  type AnyMessageContent,
  type AuthenticationState,
  type BaileysEventMap,
  type LIDMapping,
  type MessageUpsertType,
  type WAMessage,
} from '@whiskeysockets/baileys';
import { silentLogger } from '../../../src/logger.js';
import type { BaileysLogger, GetMessage, SocketFactory, WhatsAppSocket } from '../../../src/channels/whatsapp/connection.js';

/**
 * A stand-in for Baileys' socket built on Baileys' own event machinery (makeEventBuffer): events
 * are emitted, buffered and flushed exactly as the real socket does it. sendMessage records
 * what was sent; nothing touches the network.
 */
export interface FakeSocket extends WhatsAppSocket {
  ev: ReturnType<typeof makeEventBuffer>;
  readonly auth: AuthenticationState;
  /** What the adapter gave makeWASocket to look sent messages up (a recipient's retry request). */
  readonly getMessage: GetMessage | undefined;
  ended: boolean;
  pairingRequests: string[];
}

export interface SentRecord {
  jid: string;
  text: string;
  /** What was given to sendMessage (an image's bytes, say). */
  content: AnyMessageContent;
  id: string;
  socket: number;
}

/** The Boom shape Baileys closes sockets with (output.statusCode is the DisconnectReason). */
export function boom(statusCode: number, message = `closed with ${statusCode}`): Error {
  return Object.assign(new Error(message), { isBoom: true, output: { statusCode, payload: { statusCode, message } } });
}

export interface FakeWhatsApp {
  factory: SocketFactory;
  sockets: FakeSocket[];
  readonly current: FakeSocket;
  sent: SentRecord[];
  /** Open every new socket by itself (as a paired session would), shortly after creation. */
  autoOpen: boolean;
  /** Emit a QR on every new socket (an unpaired session). */
  autoQr: boolean;
  /**
   * Close every new socket with this code right after "connecting" (WhatsApp refusing each
   * attempt); undefined: leave it to autoOpen. With autoOpen too, it opens first, then closes.
   */
  autoClose: number | undefined;
  /** Errors for the next sendMessage calls, in order. */
  sendFailures: Error[];
  open(sock?: FakeSocket): void;
  /** Closes the socket the way Baileys does: a connection.update with the Boom. */
  close(statusCode: number | undefined, sock?: FakeSocket): void;
  deliver(messages: WAMessage[], type?: MessageUpsertType, sock?: FakeSocket): void;
  /** Delivers as Baileys does after being offline: buffered, then flushed as one batch. */
  deliverBuffered(messages: WAMessage[], type: MessageUpsertType): void;
  /**
   * Emits while Baileys is still catching up (its buffer on) and does not flush: the messages
   * were received and acknowledged, but reach the listeners only when the buffer is flushed.
   */
  deliverHeld(messages: WAMessage[], type: MessageUpsertType): void;
  lidMapping(mapping: LIDMapping): void;
  emit<E extends keyof BaileysEventMap>(event: E, data: BaileysEventMap[E], sock?: FakeSocket): void;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createFakeWhatsApp(opts: { autoOpen?: boolean; autoQr?: boolean } = {}): FakeWhatsApp {
  let sentSeq = 0;
  const fake: FakeWhatsApp = {
    sockets: [],
    sent: [],
    autoOpen: opts.autoOpen ?? true,
    autoQr: opts.autoQr ?? false,
    autoClose: undefined,
    sendFailures: [],
    get current() {
      const last = fake.sockets[fake.sockets.length - 1];
      if (!last) throw new Error('no socket was created');
      return last;
    },
    factory: ({ auth, logger, getMessage }) => {
      const index = fake.sockets.length;
      const ev = makeEventBuffer((logger ?? silentLogger) as BaileysLogger);
      // As makeWASocket does: the update lands in the creds object before the app's listeners run.
      ev.on('creds.update', (update) => Object.assign(auth.creds, update));
      const sock: FakeSocket = {
        ev,
        auth,
        getMessage,
        ended: false,
        pairingRequests: [],
        get user() {
          return auth.creds.me;
        },
        async sendMessage(jid: string, content: AnyMessageContent) {
          await tick();
          const failure = fake.sendFailures.shift();
          if (failure) throw failure;
          const id = `OUT${++sentSeq}`;
          const text = 'text' in content && typeof content.text === 'string' ? content.text : JSON.stringify(content);
          fake.sent.push({ jid, text, content, id, socket: index });
          return { key: { remoteJid: jid, id, fromMe: true }, message: { conversation: text } } as WAMessage;
        },
        async end(error: Error | undefined) {
          if (sock.ended) return;
          sock.ended = true;
          ev.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
        },
        async requestPairingCode(phoneNumber: string) {
          sock.pairingRequests.push(phoneNumber);
          auth.creds.me = { id: `${phoneNumber}@s.whatsapp.net`, name: '~' };
          ev.emit('creds.update', { me: auth.creds.me });
          return 'ABCD1234';
        },
      };
      fake.sockets.push(sock);
      // Like Baileys: "connecting" on the next tick, then (for a paired session) "open".
      process.nextTick(() => {
        if (sock.ended) return;
        ev.emit('connection.update', { connection: 'connecting', receivedPendingNotifications: false, qr: undefined });
        if (fake.autoQr) ev.emit('connection.update', { qr: `2@fake-qr-${index}` });
        if (fake.autoClose !== undefined) {
          if (fake.autoOpen) fake.open(sock);
          fake.close(fake.autoClose, sock);
        } else if (fake.autoOpen) setImmediate(() => fake.open(sock));
      });
      return sock;
    },
    open(sock = fake.current) {
      if (sock.ended) return;
      sock.ev.emit('connection.update', { connection: 'open' });
    },
    close(statusCode, sock = fake.current) {
      if (sock.ended) return;
      sock.ended = true;
      sock.ev.emit('connection.update', {
        connection: 'close',
        lastDisconnect: { error: statusCode === undefined ? new Error('socket hang up') : boom(statusCode), date: new Date() },
      });
    },
    deliver(messages, type = 'notify', sock = fake.current) {
      sock.ev.emit('messages.upsert', { messages, type });
    },
    deliverBuffered(messages, type) {
      const { ev } = fake.current;
      ev.buffer();
      for (const m of messages) ev.emit('messages.upsert', { messages: [m], type });
      ev.flush();
    },
    deliverHeld(messages, type) {
      const { ev } = fake.current;
      ev.buffer();
      for (const m of messages) ev.emit('messages.upsert', { messages: [m], type });
    },
    lidMapping(mapping) {
      fake.current.ev.emit('lid-mapping.update', mapping);
    },
    emit(event, data, sock = fake.current) {
      sock.ev.emit(event, data);
    },
  };
  return fake;
}

let msgSeq = 0;

export interface WaMessageOptions {
  remoteJid: string;
  remoteJidAlt?: string;
  id?: string;
  /** Sent at (ms since epoch). */
  at?: number;
  fromMe?: boolean;
  pushName?: string;
  message?: WAMessage['message'];
}

/** An incoming message as Baileys 7 hands it over in messages.upsert. */
export function waMessage(text: string, o: WaMessageOptions): WAMessage {
  msgSeq++;
  const key: WAMessage['key'] = {
    remoteJid: o.remoteJid,
    id: o.id ?? `3EB0${String(msgSeq).padStart(16, '0')}`,
    fromMe: o.fromMe ?? false,
  };
  if (o.remoteJidAlt) key.remoteJidAlt = o.remoteJidAlt;
  const msg: WAMessage = { key, message: o.message ?? { conversation: text }, pushName: o.pushName ?? 'Budi' };
  if (o.at !== undefined) msg.messageTimestamp = Math.floor(o.at / 1000);
  return msg;
}
