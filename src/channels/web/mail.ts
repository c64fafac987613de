import nodemailer from 'nodemailer';
import { createHash } from 'node:crypto';
import { texts } from '../../core/catalogue.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { unescapeMarkup } from '../../core/text.js';
import { formatDateTime } from '../../core/time.js';
import type { WebChatRepo, WebUnmailedMessage } from '../../store/web-chat.js';
import { toPlainText } from '../format.js';

const c = texts.webChat;

/** How often the job looks for owed mail; the delay (WEB_CHAT_MAIL_AFTER_MINUTES) is in minutes. */
export const WEB_CHAT_MAIL_INTERVAL_MS = 60_000;
/** Sessions mailed in one run, and messages in one mail: a long backlog goes out over later runs. */
const SESSIONS_PER_RUN = 50;
/** The longest wait between two tries of a mail the server put off, and when it is given up. */
const MAX_WAIT_MS = 6 * 60 * 60_000;
const GIVE_UP_MS = 3 * 24 * 60 * 60_000;
const MESSAGES_PER_MAIL = 50;

/** One mail, as the transport sends it. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Deterministic per session and last message: a mail sent twice (a crash before the mark) is one thread to the client. */
  messageId: string;
}

/** Where mail goes: SMTP through nodemailer here; anything that sends or throws. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * An SMTP transport from SMTP_URL (smtp:// or smtps://, credentials in the URL: a secret, so
 * nothing here logs it or puts it in an error). Short timeouts: an unreachable server fails the
 * run, which is simply tried again on the next one.
 */
export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(mail) {
      await transporter.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        // RFC 3834: out-of-office replies and the like are not sent back to an automatic mail.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
    close: () => transporter.close(),
  };
}

/** What a failed send says that may be logged: nodemailer's code and the server's reply code, never its text (it can hold the address). */
function failureOf(err: unknown): { code: string | undefined; responseCode: number | undefined } {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown };
  return {
    code: typeof e.code === 'string' ? e.code : undefined,
    responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
  };
}

/** The server answered about this mail (its recipient or its content), not about the connection or the login. */
const aboutThisMail = (f: ReturnType<typeof failureOf>) => f.code === 'EENVELOPE' || f.code === 'EMESSAGE';
/** ...and for good (5xx): trying again would only repeat it every run. */
const refusedForGood = (f: ReturnType<typeof failureOf>) =>
  aboutThisMail(f) && f.responseCode !== undefined && f.responseCode >= 500;

// The desk's Markdown-light, as the page reads it: `_x_` only as a word of its own.
const ITALIC_RE = /(?<![\p{L}\p{N}_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\p{L}\p{N}_])/gu;

/** The desk's Markdown-light as plain text: no markers left, the person's own characters as typed, URLs as they are. */
export function mailPlainText(text: string): string {
  return toPlainText(text.replace(ITALIC_RE, '$1')).trim();
}

const domainOf = (from: string) => {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1).trim() || 'localhost';
};

/** The Message-ID of the mail that carries a session's messages up to `lastId`: the same on every try. */
export function mailMessageId(sessionId: string, lastId: number, from: string): string {
  // Not the session id itself: it is the desk's key for the chat, and this header travels.
  const key = createHash('sha256').update(`web-chat-mail:${sessionId}`).digest('hex').slice(0, 24);
  return `<web-chat.${key}.${lastId}@${domainOf(from)}>`;
}

/** The mail for a session's unseen desk messages: the desk's words only, as plain text. */
export function composeMail(
  messages: readonly WebUnmailedMessage[],
  opts: { chatUrl: string; timeZone: string },
): { subject: string; text: string } {
  const tickets = [...new Set(messages.flatMap((m) => (m.ticketId === null ? [] : [m.ticketId])))].sort((a, b) => a - b);
  const blocks = messages.map((m) => {
    const lines = [c.mailFrom(formatDateTime(m.createdAt, opts.timeZone))];
    const body = mailPlainText(m.text);
    if (body !== '') lines.push(body);
    if (m.choices.length > 0) lines.push(mailPlainText(c.mailChoices(m.choices.map((ch) => ch.label))));
    if (m.files > 0) lines.push(c.mailFiles);
    return lines.join('\n');
  });
  const text = [
    c.mailIntro(messages.length),
    ...blocks,
    unescapeMarkup(c.mailComeBack(opts.chatUrl)),
    `-- \n${c.mailFooter}`,
  ].join('\n\n');
  return { subject: unescapeMarkup(c.mailSubject(tickets)), text: `${text}\n` };
}

export interface WebChatMailerDeps {
  chats: Pick<WebChatRepo, 'mailDue' | 'unmailed' | 'markMailed'>;
  transport: MailTransport;
  /** SMTP_FROM: the Message-ID's domain is its own. */
  from: string;
  /** The chat's public address (WEB_PUBLIC_URL + /chat): opens the conversation again in the same browser. */
  chatUrl: string;
  /** WEB_CHAT_MAIL_AFTER_MINUTES: how long a desk message stays unseen before it is mailed. */
  afterMinutes: number;
  timeZone: string;
  clock: Clock;
  log: Logger;
}

export interface MailRun {
  /** Mails sent (one per session). */
  sent: number;
  /** Sessions whose mail failed and stays owed (tried again on the next run). */
  failed: number;
  /** Sessions whose address the server refused for good: marked, not tried again. */
  refused: number;
}

export interface WebChatMailer {
  /** One pass over the owed sessions (a pass already under way is joined, not doubled). */
  runOnce(): Promise<MailRun>;
  /** Runs now and every `intervalMs` (unref'd: it alone keeps no process alive) until `stop`. */
  start(intervalMs?: number): void;
  /** Stops the timer, waits for a pass under way, closes the transport. */
  stop(): Promise<void>;
}

/**
 * The web chat's mail: a person who left an e-mail and closed the page gets, once the oldest of
 * them has waited `afterMinutes` unseen, ONE mail with every desk message no page of the session
 * showed (seen_through, moved by the hub) and none mailed before (mailed_through). The mark is set
 * after the server took the mail: a failure leaves the messages owed for the next run, and a crash
 * between the two at worst sends the same mail again with the same Message-ID.
 */
export function createWebChatMailer(deps: WebChatMailerDeps): WebChatMailer {
  const { chats, transport, clock, log } = deps;
  let running: Promise<MailRun> | undefined;
  let timer: TimerHandle | undefined;
  let stopped = false;
  /**
   * Conversations whose mail the server put off (a full mailbox, greylisting): each waits longer
   * before its next try, so a few such addresses never take every run's places from the others,
   * and after GIVE_UP_MS it is given up like a refusal. Kept in memory: a restart tries them once more.
   */
  const putOff = new Map<string, { tries: number; first: number; until: number }>();

  async function pass(): Promise<MailRun> {
    const run: MailRun = { sent: 0, failed: 0, refused: 0 };
    const now = clock.now().getTime();
    const storedBy = new Date(now - deps.afterMinutes * 60_000);
    const due = chats
      .mailDue(storedBy, SESSIONS_PER_RUN + putOff.size)
      .filter((s) => (putOff.get(s.sessionId)?.until ?? 0) <= now)
      .slice(0, SESSIONS_PER_RUN);
    for (const [i, session] of due.entries()) {
      const messages = chats.unmailed(session.sessionId, session.after, MESSAGES_PER_MAIL);
      const last = messages.at(-1);
      if (!last) continue;
      const { subject, text } = composeMail(messages, { chatUrl: deps.chatUrl, timeZone: deps.timeZone });
      try {
        await transport.send({
          to: session.email,
          subject,
          text,
          messageId: mailMessageId(session.sessionId, last.id, deps.from),
        });
        chats.markMailed(session.sessionId, last.id);
        putOff.delete(session.sessionId);
        run.sent += 1;
      } catch (err) {
        const failure = failureOf(err);
        if (refusedForGood(failure)) {
          chats.markMailed(session.sessionId, last.id);
          run.refused += 1;
          log.warn({ ...failure }, 'web chat mail refused for good; not tried again');
          continue;
        }
        if (aboutThisMail(failure)) {
          // Not now for this one (a full mailbox, greylisting): owed, and the others go on.
          const before = putOff.get(session.sessionId) ?? { tries: 0, first: now, until: now };
          if (now - before.first >= GIVE_UP_MS) {
            chats.markMailed(session.sessionId, last.id);
            putOff.delete(session.sessionId);
            run.refused += 1;
            log.warn({ ...failure }, 'web chat mail put off for days; given up');
            continue;
          }
          const tries = before.tries + 1;
          putOff.set(session.sessionId, {
            tries,
            first: before.first,
            until: now + Math.min(MAX_WAIT_MS, 5 * 60_000 * 2 ** (tries - 1)),
          });
          run.failed += 1;
          log.warn({ ...failure, owed: 1 }, 'web chat mail failed; tried again on the next run');
          continue;
        }
        // The server is down or refuses us (not this address): the rest would fail alike.
        run.failed += due.length - i;
        log.warn({ ...failure, owed: due.length - i }, 'web chat mail failed; tried again on the next run');
        break;
      }
    }
    if (run.sent > 0 || run.refused > 0) log.info({ ...run }, 'web chat mail');
    return run;
  }

  const runOnce = (): Promise<MailRun> => {
    running ??= pass().finally(() => (running = undefined));
    return running;
  };

  const tick = (intervalMs: number) => {
    runOnce()
      // Not a send (those are handled in the pass): the store, say. Its message names no person.
      .catch((err: unknown) => log.error({ err: errorMessage(err) }, 'web chat mail run failed'))
      .finally(() => {
        if (!stopped) timer = clock.setTimeout(() => tick(intervalMs), intervalMs, { unref: true });
      });
  };

  return {
    runOnce,
    start(intervalMs = WEB_CHAT_MAIL_INTERVAL_MS) {
      stopped = false;
      tick(intervalMs);
    },
    async stop() {
      stopped = true;
      clock.clearTimeout(timer);
      await running?.catch(() => undefined);
      transport.close();
    },
  };
}
