import { Cron } from 'croner';
import { statSync } from 'node:fs';
import { z } from 'zod';
import type { ChannelName } from './core/channel.js';
import { ConfigError } from './core/errors.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** A comma-separated list; blanks and surrounding spaces are ignored. */
function csvOf(item: z.ZodType<string>, expected: string) {
  return z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s.length > 0)
        : v,
    z.array(item, { error: `expected ${expected}` }),
  );
}

const telegramUserId = z.string().regex(/^\d{1,15}$/, { error: 'expected numeric Telegram user ids, comma-separated' });
/**
 * A phone number in international form as digits only ("+62 812-3456…" → "628123456…"), or
 * undefined when it is not one. A national number ("0812-3456-789") gets Indonesia's 62 in place
 * of its leading 0: that is how WhatsApp knows it.
 */
export function normalisePhone(input: string): string | undefined {
  const digits = input.replace(/[\s+().-]/g, '');
  const international = /^0\d/.test(digits) ? `62${digits.slice(1)}` : digits;
  return /^\d{8,15}$/.test(international) ? international : undefined;
}

/** "2026-12-24" that is a day of the calendar ("2026-13-45" and "2026-02-30" are not). */
function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Whether a path is a folder that exists (the content folder is read at start, so say so then). */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A phone number in international form, normalised to digits (see normalisePhone). */
const phoneNumberSchema = z.string().transform((s, ctx) => {
  const phone = normalisePhone(s);
  if (phone === undefined) {
    ctx.addIssue({ code: 'custom', message: 'expected phone numbers in international form (62812…), comma-separated' });
    return z.NEVER;
  }
  return phone;
});

const booleanFlag = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
    .transform((v) => ['true', '1', 'yes'].includes(v)),
);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A whole number within bounds, with messages that say the unit. */
function wholeNumber(unit: string, min: number, max: number, fallback: number, minMessage = `expected ${min} or more`) {
  return z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: `expected a whole number of ${unit}` })
      .int({ error: `expected a whole number of ${unit}` })
      .min(min, { error: minMessage })
      .max(max, { error: `expected at most ${max} ${unit}` })
      .default(fallback),
  );
}

const envSchema = z.object({
  DATABASE_PATH: z.preprocess(emptyToUndefined, z.string().default('data/frontdesk.db')),
  INTENTS_DIR: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('intents')
      .refine(isDirectory, { error: 'expected the folder of the FAQ content (intents/), which does not exist' }),
  ),
  TELEGRAM_BOT_TOKEN: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, { error: 'expected a BotFather token like 123456:ABC-DEF…' })
      .optional(),
  ),
  TELEGRAM_API_ROOT: z.preprocess(emptyToUndefined, z.url({ error: 'expected an http(s) URL of a Bot API server' }).optional()),
  TELEGRAM_STAFF_CHAT_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^-?\d{1,20}$/, { error: 'expected a numeric chat id such as -1001234567890' })
      .optional(),
  ),
  STAFF_TELEGRAM_IDS: z.preprocess(emptyToUndefined, csvOf(telegramUserId, 'numeric Telegram user ids').default([])),
  ADMIN_TELEGRAM_IDS: z.preprocess(emptyToUndefined, csvOf(telegramUserId, 'numeric Telegram user ids').default([])),
  TELEGRAM_MAX_PER_SECOND: wholeNumber('messages per second', 1, 100_000, 30),
  TELEGRAM_CHAT_INTERVAL_MS: wholeNumber('milliseconds', 0, 60_000, 1_000),
  TELEGRAM_GROUP_PER_MINUTE: wholeNumber('messages per minute', 1, 100_000, 20),
  WHATSAPP_ENABLED: z.preprocess(emptyToUndefined, booleanFlag.default(false)),
  STAFF_WHATSAPP_NUMBERS: z.preprocess(emptyToUndefined, csvOf(phoneNumberSchema, 'phone numbers').default([])),
  ADMIN_WHATSAPP_NUMBERS: z.preprocess(emptyToUndefined, csvOf(phoneNumberSchema, 'phone numbers').default([])),
  WHATSAPP_SEND_INTERVAL_MS: wholeNumber(
    'milliseconds',
    200,
    60_000,
    1_000,
    'expected at least 200 ms: faster sending gets the number banned',
  ),
  WHATSAPP_SEND_JITTER_MS: wholeNumber('milliseconds', 0, 60_000, 600),
  WHATSAPP_APPEND_WINDOW_MINUTES: wholeNumber('minutes', 0, 7 * 24 * 60, 10),
  WHATSAPP_DEBUG: z.preprocess(emptyToUndefined, booleanFlag.default(false)),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).optional()),
  WORKING_HOURS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^([01]\d|2[0-3])[:.]([0-5]\d)-([01]\d|2[0-4])[:.]([0-5]\d)$/, { error: 'expected HH:MM-HH:MM such as 08:00-16:00' })
      .default('08:00-16:00'),
  ),
  EXTRA_HOLIDAYS: z.preprocess(
    emptyToUndefined,
    csvOf(z.string().refine(isCalendarDate, { error: 'expected dates as YYYY-MM-DD, comma-separated' }), 'dates').default([]),
  ),
  TICKET_AUTO_CLOSE_DAYS: wholeNumber('days', 1, 90, 7, 'expected at least 1 day'),
  HANDOFF_IDLE_HOURS: wholeNumber('hours', 1, 30 * 24, 24, 'expected at least 1 hour'),
  INCIDENT_SURGE_COUNT: wholeNumber('users', 2, 10_000, 5, 'expected at least 2 users'),
  INCIDENT_SURGE_MINUTES: wholeNumber('minutes', 1, 24 * 60, 15, 'expected at least 1 minute'),
  WEB_PORT: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'expected a TCP port number' })
      .int({ error: 'expected a TCP port number' })
      .min(0, { error: 'expected a TCP port number' })
      .max(65_535, { error: 'expected a TCP port number' })
      .optional(),
  ),
  WEB_HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  WEB_PUBLIC_URL: z.preprocess(
    emptyToUndefined,
    z.url({ error: 'expected the http(s) URL the microsite is reached at' }).optional(),
  ),
  WEB_TELEGRAM_URL: z.preprocess(emptyToUndefined, z.url({ error: 'expected a link such as https://t.me/nama_bot' }).optional()),
  WEB_WHATSAPP_URL: z.preprocess(emptyToUndefined, z.url({ error: 'expected a link such as https://wa.me/62812…' }).optional()),
  WEB_CHAT_EMBED_ORIGINS: z.preprocess(
    emptyToUndefined,
    csvOf(
      z
        .string()
        .regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, { error: 'expected origins such as https://lpse.kalteng.go.id' }),
      'origins such as https://lpse.kalteng.go.id, comma-separated',
    ).default([]),
  ),
  // The web chat's rate limits, a minute each: one browser's messages, and every request from one
  // address (a whole office behind one connection shares it).
  WEB_CHAT_SESSION_PER_MINUTE: wholeNumber('messages', 1, 600, 20),
  WEB_CHAT_ADDRESS_PER_MINUTE: wholeNumber('requests', 1, 100_000, 120),
  // How long a web chat unseen (and without an open ticket) is kept before its messages, uploads
  // and the person's contact details are deleted; the default is the session cookie's lifetime.
  WEB_CHAT_RETENTION_DAYS: wholeNumber('days', 1, 3_650, 180),
  // Mail to a web chat user who left an e-mail, for desk messages no open page showed.
  SMTP_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine(isSmtpUrl, { error: 'expected smtp://user:password@host:587 or smtps://user:password@host:465' })
      .optional(),
  ),
  SMTP_FROM: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine(isMailbox, {
        error: 'expected the sender as helpdesk@example.go.id or "Helpdesk Biro PBJ <helpdesk@example.go.id>"',
      })
      .optional(),
  ),
  WEB_CHAT_MAIL_AFTER_MINUTES: wholeNumber('minutes', 1, 7 * 24 * 60, 10, 'expected at least 1 minute'),
  SURVEY_PERIOD: z.preprocess(
    emptyToUndefined,
    z.enum(['year', 'quarter', 'month'], { error: 'expected year, quarter or month' }).default('year'),
  ),
  SURVEY_POPULATION: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'expected a whole number of service users' })
      .int({ error: 'expected a whole number of service users' })
      .min(1, { error: 'expected 1 or more' })
      .optional(),
  ),
  SURVEY_INVITE_AFTER_TICKET: z.preprocess(emptyToUndefined, booleanFlag.default(true)),
  TZ: z.preprocess(
    emptyToUndefined,
    z.string().refine(isTimeZone, { error: 'expected an IANA time zone such as Asia/Jakarta' }).default('Asia/Jakarta'),
  ),
  /** Cron syntax in TZ (`0 8 1 * *`: 08:00 on the 1st): last month's period report to every admin. */
  REPORT_SCHEDULE: z.preprocess(
    emptyToUndefined,
    z.string().refine(isCronPattern, { error: 'expected a cron pattern such as "0 8 1 * *"' }).optional(),
  ),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ChatMailConfig {
  /** smtp:// or smtps:// with its credentials: a secret, never logged nor shown in an error. */
  smtpUrl: string;
  from: string;
  afterMinutes: number;
}

export interface Config {
  databasePath: string;
  intentsDir: string;
  timeZone: string;
  logLevel: LogLevel | undefined;
  /** A chat in conversation with staff on a ticket goes back to the FAQ after this many quiet hours. */
  handoffIdleHours: number;
  /** Surge detection: this many different users asking about one outage within this many minutes. */
  incidents: { surgeCount: number; surgeMinutes: number };
  tickets: {
    autoCloseDays: number;
    /** Local opening and closing hour of the working day (fractions for half hours). */
    workStartHour: number;
    workEndHour: number;
    extraHolidays: string[];
  };
  telegram: {
    token: string | undefined;
    apiRoot: string | undefined;
    staffChatId: string | undefined;
    staffIds: string[];
    adminIds: string[];
    /** Telegram's sending limits, kept by the dispatcher (raise only for a local Bot API server). */
    pacing: { perSecond: number; chatIntervalMs: number; groupPerMinute: number };
  };
  survey: {
    /** How long one response counts: a respondent answers once per period. */
    period: 'year' | 'quarter' | 'month';
    /** Service users in a period (Krejcie–Morgan's N); undefined: the report shows no sample target. */
    population: number | undefined;
    /** Invite a user to the survey after their ticket is closed (at most once per period). */
    inviteAfterTicket: boolean;
  };
  whatsapp: {
    enabled: boolean;
    staffNumbers: string[];
    adminNumbers: string[];
    /** Pause between two sends, plus up to `sendJitterMs` at random: WhatsApp bans bulk senders. */
    sendIntervalMs: number;
    sendJitterMs: number;
    /** Messages that waited for the desk while it was offline are answered when younger than this. */
    appendWindowMs: number;
    /** Baileys' own log follows LOG_LEVEL; otherwise it logs only warnings and errors. */
    debug: boolean;
  };
  /** The microsite (src/web): served when `port` is set. */
  web: {
    port: number | undefined;
    host: string;
    /** Where the public reaches it, without a trailing slash; tracking links are given only when set. */
    publicUrl: string | undefined;
    telegramUrl: string | undefined;
    whatsappUrl: string | undefined;
    /** Pages that may show the web chat in a frame (the widget script on the LPSE home page). */
    chatEmbedOrigins: string[];
    /** WEB_CHAT_SESSION_PER_MINUTE and WEB_CHAT_ADDRESS_PER_MINUTE. */
    chatLimits: { perSession: number; perIp: number };
    /** WEB_CHAT_RETENTION_DAYS: a web chat unseen this long, with no open ticket, is deleted. */
    chatRetentionDays: number;
    /**
     * SMTP_URL, SMTP_FROM, WEB_CHAT_MAIL_AFTER_MINUTES: desk messages no page showed for that long
     * are mailed to the session's contact e-mail. Undefined (no SMTP_URL): nothing is mailed.
     */
    chatMail: ChatMailConfig | undefined;
  };
  /** REPORT_SCHEDULE: when last month's period report goes to the admins; undefined: never. */
  reportSchedule: string | undefined;
}

/**
 * Reads only the object it is given (and whether INTENTS_DIR exists), so tests pass plain
 * objects and main passes process.env. Throws ConfigError whose message has one line per bad variable.
 */
export function createConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const got = env[name];
      // Never echo a secret back, even a malformed one.
      const shown = got === undefined || /TOKEN|SMTP_URL/.test(name) ? '' : ` (got "${got}")`;
      return `${name}: ${issue.message}${shown}`;
    });
    // A list with two bad items reports the variable twice: once is enough.
    throw new ConfigError(`Invalid configuration: ${[...new Set(lines)].join('; ')}`, {
      variables: parsed.error.issues.map((i) => String(i.path[0])),
    });
  }
  const e = parsed.data;
  const [startH, startM, endH, endM] = e.WORKING_HOURS.split(/[-:.]/).map(Number) as [number, number, number, number];
  const workStartHour = startH + startM / 60;
  const workEndHour = endH + endM / 60;
  if (workEndHour <= workStartHour) {
    throw new ConfigError(
      `Invalid configuration: WORKING_HOURS: the closing time must be after the opening time (got "${e.WORKING_HOURS}")`,
      {
        variables: ['WORKING_HOURS'],
      },
    );
  }
  const publicUrl = e.WEB_PUBLIC_URL?.replace(/\/+$/, '');
  if (e.SMTP_URL !== undefined && (e.SMTP_FROM === undefined || publicUrl === undefined)) {
    // The mail needs a sender, and a link back to the chat.
    const missing = e.SMTP_FROM === undefined ? 'SMTP_FROM' : 'WEB_PUBLIC_URL';
    throw new ConfigError(`Invalid configuration: ${missing}: required when SMTP_URL is set (the web chat's mail)`, {
      variables: [missing],
    });
  }
  return {
    databasePath: e.DATABASE_PATH,
    intentsDir: e.INTENTS_DIR,
    timeZone: e.TZ,
    logLevel: e.LOG_LEVEL,
    handoffIdleHours: e.HANDOFF_IDLE_HOURS,
    incidents: { surgeCount: e.INCIDENT_SURGE_COUNT, surgeMinutes: e.INCIDENT_SURGE_MINUTES },
    tickets: { autoCloseDays: e.TICKET_AUTO_CLOSE_DAYS, workStartHour, workEndHour, extraHolidays: e.EXTRA_HOLIDAYS },
    telegram: {
      token: e.TELEGRAM_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT,
      staffChatId: e.TELEGRAM_STAFF_CHAT_ID,
      staffIds: e.STAFF_TELEGRAM_IDS,
      adminIds: e.ADMIN_TELEGRAM_IDS,
      pacing: {
        perSecond: e.TELEGRAM_MAX_PER_SECOND,
        chatIntervalMs: e.TELEGRAM_CHAT_INTERVAL_MS,
        groupPerMinute: e.TELEGRAM_GROUP_PER_MINUTE,
      },
    },
    survey: {
      period: e.SURVEY_PERIOD,
      population: e.SURVEY_POPULATION,
      inviteAfterTicket: e.SURVEY_INVITE_AFTER_TICKET,
    },
    whatsapp: {
      enabled: e.WHATSAPP_ENABLED,
      staffNumbers: e.STAFF_WHATSAPP_NUMBERS,
      adminNumbers: e.ADMIN_WHATSAPP_NUMBERS,
      sendIntervalMs: e.WHATSAPP_SEND_INTERVAL_MS,
      sendJitterMs: e.WHATSAPP_SEND_JITTER_MS,
      appendWindowMs: e.WHATSAPP_APPEND_WINDOW_MINUTES * 60_000,
      debug: e.WHATSAPP_DEBUG,
    },
    web: {
      port: e.WEB_PORT,
      host: e.WEB_HOST,
      publicUrl,
      telegramUrl: e.WEB_TELEGRAM_URL,
      whatsappUrl: e.WEB_WHATSAPP_URL,
      chatEmbedOrigins: e.WEB_CHAT_EMBED_ORIGINS,
      chatLimits: { perSession: e.WEB_CHAT_SESSION_PER_MINUTE, perIp: e.WEB_CHAT_ADDRESS_PER_MINUTE },
      chatRetentionDays: e.WEB_CHAT_RETENTION_DAYS,
      chatMail:
        e.SMTP_URL !== undefined && e.SMTP_FROM !== undefined
          ? { smtpUrl: e.SMTP_URL, from: e.SMTP_FROM, afterMinutes: e.WEB_CHAT_MAIL_AFTER_MINUTES }
          : undefined,
    },
    reportSchedule: e.REPORT_SCHEDULE,
  };
}

/** smtp:// or smtps:// with a host (nodemailer reads the rest: port, credentials, options). */
function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** An address, bare or with a display name: `a@b.c`, `Nama <a@b.c>`. */
function isMailbox(value: string): boolean {
  const address = /<([^<>]+)>\s*$/.exec(value)?.[1] ?? value;
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(address.trim());
}

function isCronPattern(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** Platform channels that have what they need to start. */
export function configuredChannels(config: Config): Array<'telegram' | 'whatsapp'> {
  const out: Array<'telegram' | 'whatsapp'> = [];
  if (config.telegram.token) out.push('telegram');
  if (config.whatsapp.enabled) out.push('whatsapp');
  return out;
}

/** The channels the desk serves: the configured platforms, or the console when none is. The one place this rule lives. */
export function servedChannels(config: Config): ChannelName[] {
  const platforms = configuredChannels(config);
  // The web chat runs wherever the microsite does; the console still comes when no platform is configured.
  return [
    ...platforms,
    ...(config.web.port !== undefined ? (['web'] as const) : []),
    ...(platforms.length > 0 ? [] : (['console'] as const)),
  ];
}
