import qrcodeTerminal from 'qrcode-terminal';
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { WhatsAppAuthRepo } from '../../store/whatsapp-auth.js';
import { createSqliteAuthState, isPaired } from './auth-state.js';
import {
  createConnection,
  baileysLoggerOf,
  defaultSocketFactory,
  type SocketFactory,
  type WhatsAppSocket,
} from './connection.js';
import { withTimeout } from './timeout.js';

export interface WhatsAppLoginOptions {
  authRepo: WhatsAppAuthRepo;
  clock: Clock;
  log: Logger;
  /** Where the QR code, the pairing code and the instructions go (the terminal). */
  out: NodeJS.WritableStream;
  /** Phone number to pair by code instead of QR: international form, digits only (config's normalisePhone). */
  pairingNumber?: string;
  /** Forget a paired session and pair again. */
  force?: boolean;
  /** Give up after this long without a completed pairing. */
  timeoutMs?: number;
  /** After the connection opens, how long to let Baileys finish writing keys before closing. */
  settleMs?: number;
  socketFactory?: SocketFactory;
  /** Turns a QR payload into terminal text; qrcode-terminal by default. */
  renderQr?: (qr: string) => Promise<string>;
}

export type WhatsAppLoginResult = { ok: true; me: string | undefined; alreadyPaired: boolean } | { ok: false; message: string };

export const DEFAULT_LOGIN_TIMEOUT_MS = 5 * 60_000;

const defaultRenderQr = (qr: string) => new Promise<string>((resolve) => qrcodeTerminal.generate(qr, { small: true }, resolve));

/** "ABCD1234" → "ABCD-1234", as WhatsApp shows it. */
const formatCode = (code: string) => (code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code);

/**
 * Pairs the desk's WhatsApp number: shows QR codes to scan (or asks WhatsApp for a pairing code
 * for `pairingNumber`) and resolves once the connection opened with the new session, which is
 * then saved in the database. WhatsApp restarts the stream (515) right after pairing; that
 * restart is part of the flow.
 */
export async function runWhatsAppLogin(opts: WhatsAppLoginOptions): Promise<WhatsAppLoginResult> {
  const { authRepo, clock, log, out } = opts;
  const auth = createSqliteAuthState(authRepo, clock);
  if (isPaired(auth.state.creds) && !opts.force) {
    return { ok: true, me: auth.state.creds.me?.id, alreadyPaired: true };
  }
  // A half-finished earlier attempt (a pairing code never entered) would make Baileys try to log
  // in with an identity WhatsApp never accepted: start from nothing.
  auth.clear();

  const { pairingNumber } = opts;
  const renderQr = opts.renderQr ?? defaultRenderQr;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
  const settleMs = opts.settleMs ?? 3_000;
  const codeRequested = new WeakSet<WhatsAppSocket>();
  let failure: string | undefined;
  let failNow: ((message: string) => void) | undefined;
  const failed = new Promise<'failed'>((resolve) => {
    failNow = (message) => {
      failure ??= message;
      resolve('failed');
    };
  });

  const onQr = (qr: string, sock: WhatsAppSocket) => {
    if (pairingNumber) {
      if (codeRequested.has(sock)) return;
      codeRequested.add(sock);
      sock.requestPairingCode(pairingNumber).then(
        (code) =>
          out.write(
            `\nPairing code for ${pairingNumber}: ${formatCode(code)}\n` +
              'On that phone: WhatsApp → Settings → Linked devices → Link a device → "Link with phone number instead", then enter the code.\n',
          ),
        (err: unknown) => failNow?.(`WhatsApp refused to give a pairing code: ${errorMessage(err)}`),
      );
      return;
    }
    void renderQr(qr).then((art) =>
      out.write(
        `\n${art}\nScan this QR code with the desk's WhatsApp: Settings → Linked devices → Link a device.\n` +
          '(A new code appears every 20 seconds or so; scan the latest one.)\n',
      ),
    );
  };

  const conn = createConnection({
    auth,
    socketFactory: opts.socketFactory ?? defaultSocketFactory,
    log,
    baileysLogger: baileysLoggerOf(log),
    mode: 'login',
    onQr,
    onFatal: (err) =>
      failNow?.(err.reason === 'qrTimeout' && pairingNumber ? 'The pairing code was not entered in time.' : err.message),
    reconnect: { baseMs: 1_000, maxMs: 10_000 },
    clock,
  });

  out.write(
    pairingNumber ? `Connecting to WhatsApp to request a pairing code for ${pairingNumber}…\n` : 'Connecting to WhatsApp…\n',
  );
  conn.start();
  const opened = conn.whenOpen().then(
    () => 'open' as const,
    () => 'failed' as const,
  );
  const outcome = await withTimeout<'open' | 'failed' | 'timeout'>(
    clock,
    Promise.race([opened, failed]),
    timeoutMs,
    () => 'timeout',
  );
  if (outcome === 'open') {
    // Baileys writes the device's own LID session right after opening; let it land.
    await clock.sleep(settleMs);
    auth.saveCreds();
    await conn.stop();
    if (!isPaired(auth.state.creds))
      return { ok: false, message: 'The connection opened but the session is incomplete; run the login again.' };
    return { ok: true, me: auth.state.creds.me?.id, alreadyPaired: false };
  }
  await conn.stop();
  if (!isPaired(auth.state.creds)) auth.clear();
  if (outcome === 'timeout') {
    const last = conn.lastError ? ` Last connection error: ${conn.lastError}.` : '';
    return {
      ok: false,
      message: `Not paired within ${Math.round(timeoutMs / 1000)} s; nothing was saved.${last} Run the login again.`,
    };
  }
  return { ok: false, message: failure ?? `WhatsApp login failed (${conn.status}).` };
}
