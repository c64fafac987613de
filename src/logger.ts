import { createHash } from 'node:crypto';
import { pino, type DestinationStream, type LogFn } from 'pino';
import type { Logger } from './core/log.js';

/** Fixed, so the same person gets the same id in every log line, across restarts. */
const LOG_ID_PREFIX = 'pbj-frontdesk/log-id/v1:';

/**
 * A WhatsApp address of a person or group: `user[:device]@server` (phone numbers and LIDs are
 * digits; an old group's is its creator's number, a dash and a timestamp).
 */
const JID = /\b(\d{5,}(?:-\d+)?)(?::\d+)?@(s\.whatsapp\.net|c\.us|lid|g\.us|broadcast|newsletter)\b/g;

/**
 * A stable short stand-in for a WhatsApp address or phone number: `wa#` and the first 10 hex
 * characters of a prefixed sha256. A JID with or without its device, the `@c.us` form and the bare
 * number all give the same id, so one person's lines can be followed without the number.
 */
export function logId(value: string): string {
  const m = /^\+?(\d+(?:-\d+)?)(?::\d+)?(?:@(s\.whatsapp\.net|c\.us|lid|g\.us|broadcast|newsletter))?$/.exec(value.trim());
  const key = m ? `${m[1]}@${m[2] === undefined || m[2] === 'c.us' ? 's.whatsapp.net' : m[2]}` : value;
  return `wa#${createHash('sha256')
    .update(LOG_ID_PREFIX + key)
    .digest('hex')
    .slice(0, 10)}`;
}

/** Every WhatsApp address in a text replaced by its logId. */
export function scrubText(text: string): string {
  return text.replace(JID, (jid) => logId(jid));
}

/** Keys whose value is what a person wrote or is called: never logged. */
const PERSONAL_TEXT = new Set(['text', 'body', 'caption', 'conversation', 'pushName', 'displayName', 'notify', 'verifiedName']);
/** Keys whose value is a phone number (bare digits, which the JID pattern does not see). */
const PHONE = new Set(['phone', 'phoneNumber', 'pn', 'number']);
const MAX_DEPTH = 8;

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array || value instanceof Date) return value;
  if (depth >= MAX_DEPTH) return '[deep]';
  if (value instanceof Error) {
    // Still an error of its class (pino's err serializer names it), with the addresses taken out.
    const copy = Object.create(Object.getPrototypeOf(value) as object) as Error;
    Object.assign(copy, scrub({ ...value }, depth + 1));
    copy.message = scrubText(value.message);
    if (value.stack) copy.stack = scrubText(value.stack);
    if (value.cause !== undefined) copy.cause = scrub(value.cause, depth + 1);
    return copy;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (PERSONAL_TEXT.has(k) && v != null) out[k] = '[redacted]';
    else if (PHONE.has(k) && (typeof v === 'string' || typeof v === 'number')) out[k] = logId(String(v));
    else out[k] = scrub(v, depth + 1);
  }
  return out;
}

/**
 * What every log line goes through (the desk's own and Baileys', which is a child): WhatsApp
 * addresses become their logId, phone-number fields too, and what a person wrote or is called is
 * left out. Telegram's numeric ids are left as they are (the README tells operators to find the
 * staff group's id in the log).
 */
export function scrubLogObject(obj: Record<string, unknown>): Record<string, unknown> {
  return scrub(obj, 0) as Record<string, unknown>;
}

/**
 * Structured JSON logs on stderr, so stdout stays the conversation in the console channel and
 * a clean data stream for the CLI. Anything that looks like a secret is redacted by path, and
 * people's numbers, names and words are taken out (see scrubLogObject).
 * (Outside core/: making a logger is I/O; core only names the Logger port.)
 * `destination` is a file descriptor, or a stream (tests capture the log in memory).
 */
export function createLogger(level: string = 'info', destination: number | DestinationStream = 2): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['token', '*.token', '*.*.token', 'botToken', 'authorization', '*.authorization', 'creds', '*.creds'],
        censor: '[redacted]',
      },
      // Child bindings are not scrubbed (pino formats only the root's): none carries a person's address.
      formatters: { log: scrubLogObject },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a));
          method.apply(this, scrubbed as Parameters<LogFn>);
        },
      },
    },
    typeof destination === 'number' ? pino.destination({ fd: destination, sync: true }) : destination,
  );
}

/** A logger that drops everything; for tests and the quiet CLI. */
export const silentLogger: Logger = pino({ level: 'silent' });
