import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import { fastifySSE as sse } from '@fastify/sse';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { texts } from '../../core/catalogue.js';
import {
  uploadedFile,
  type Attachment,
  type ChannelSender,
  type FetchFile,
  type InboundHandler,
  type OutboundMessage,
} from '../../core/channel.js';
import type { Clock } from '../../core/clock.js';
import type { Contact } from '../../core/contact.js';
import { errorMessage, SendError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { ContactIdentity } from '../../store/contacts.js';
import { fetchForeign, withFilesLeft, type FileLeft } from '../foreign-files.js';
import type { WebChatFile, WebChatRepo, WebMessageRow } from '../../store/web-chat.js';
import { CHAT_SCRIPT, CHAT_SCRIPT_PATH, CHAT_STYLE, CHAT_STYLE_PATH } from '../../web/chat-assets.js';
import {
  CHAT_CONTACT_PATH,
  CHAT_EVENTS_PATH,
  CHAT_MESSAGES_PATH,
  chatMessageHtml,
  chatPage,
  type ChatForms,
  type ChatMessageView,
} from '../../web/chat-page.js';
import { messagePage, type RenderMode } from '../../web/pages.js';

const c = texts.webChat;

/** The session cookie: a random token (256 bits), HttpOnly, SameSite=Lax, sent only to /chat. */
export const CHAT_COOKIE = 'pbj_chat';
const COOKIE_MAX_AGE_S = 180 * 24 * 60 * 60;
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;
const CLIENT_ID_RE = /^[A-Za-z0-9_-]{8,64}$/;
/**
 * A button press is stored under the client id of the message whose button it was: the unique
 * (session, client id) index then lets each desk message be answered once, and a retried press
 * stays one press.
 */
const pressOf = (messageId: number) => `choice-${messageId}`;
const PRESS_RE = /^choice-(\d+)$/;
/** The newest messages a page shows on load; older ones stay in the database. */
const PAGE_MESSAGES = 200;
const HISTORY_LIMIT = 500;

/** Uploads the chat accepts, told by their first bytes (the browser's type is not trusted). */
const UPLOAD_TYPES: Array<{ mime: string; ext: string; kind: 'photo' | 'document'; magic: (b: Buffer) => boolean }> = [
  { mime: 'image/jpeg', ext: '.jpg', kind: 'photo', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: 'image/png',
    ext: '.png',
    kind: 'photo',
    magic: (b) => b.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])),
  },
  {
    mime: 'image/webp',
    ext: '.webp',
    kind: 'photo',
    magic: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  { mime: 'application/pdf', ext: '.pdf', kind: 'document', magic: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

export interface WebChatLimits {
  /** Messages per minute from one session, and from one client address. */
  perSession: number;
  perIp: number;
  /** Characters in one message. */
  maxChars: number;
  /** Bytes in one upload. */
  maxFileBytes: number;
  /** Bytes in one file staff send from another channel (Telegram hands a bot at most 20 MB). */
  maxRelayBytes: number;
}

export const DEFAULT_WEB_CHAT_LIMITS: WebChatLimits = {
  perSession: 20,
  perIp: 120,
  maxChars: 2_000,
  maxFileBytes: 5 * 1024 * 1024,
  maxRelayBytes: 20 * 1024 * 1024,
};

export interface WebChatDeps {
  chats: WebChatRepo;
  /** The contact of a session (what the person left for staff), and saving it. */
  contactOf(sessionId: string): Contact | undefined;
  saveDetails(identity: ContactIdentity, details: { email?: string | undefined; replace?: boolean }, now: Date): void;
  /** Where uploads are written (under the desk's data folder). */
  uploadsDir: string;
  mode: RenderMode;
  /** The site is public over HTTPS (WEB_PUBLIC_URL https://): the cookie is Secure whatever the request says. */
  secure: boolean;
  /** The public origin (WEB_PUBLIC_URL), also accepted as a POST's Origin. */
  publicUrl?: string | undefined;
  /** Pages that may show the chat in a frame (WEB_CHAT_EMBED_ORIGINS): the widget opens it there, elsewhere in a new tab. */
  embedOrigins?: readonly string[] | undefined;
  clock: Clock;
  log: Logger;
  limits?: Partial<WebChatLimits>;
  /** The web chat's mail is on (mail.ts): the contact form says replies also go to the e-mail. */
  mailsReplies?: boolean | undefined;
}

/**
 * The web chat between the microsite's server and the desk: its routes under /chat (a Fastify
 * plugin the microsite registers), the live streams of open pages, and the sender the web
 * channel's dispatcher delivers through. Inbound messages wait for `attach` (the channel's start).
 */
export interface WebChatHub {
  plugin(app: FastifyInstance): Promise<void>;
  /**
   * The sender that delivers the desk's messages into the conversations: files from other
   * channels are fetched with `fetchFile` at send time; without it they are only said to be there.
   */
  senderFor(fetchFile?: FetchFile): ChannelSender;
  attach(onMessage: InboundHandler, deliver: () => Promise<void>): void;
  detach(): void;
  /** Open live streams, for tests and the bench. */
  streams(): number;
}

interface ChatSession {
  id: string;
  token: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    chatSession?: ChatSession;
    /** The form's fields as far as they were read (a refusal gives the typed text back). */
    chatFields?: Record<string, string>;
  }
}

/** The session id kept in the database and used as chat and user id: a hash of the cookie's token. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(`web-chat-session:${token}`).digest('hex').slice(0, 32);
}

/** The session's CSRF token: derived from the HttpOnly cookie, so another site can neither read nor make it. */
export function csrfOf(token: string): string {
  return createHash('sha256').update(`web-chat-csrf:${token}`).digest('base64url');
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

class ChatRefusal extends Error {
  constructor(
    readonly status: number,
    readonly notice: string,
  ) {
    super(notice);
  }
}

export const WIDGET_PATH = '/chat/widget.js';

/** Second-level labels under which a country's domains are registered (`kalteng.go.id`, `contoh.co.id`). */
const SECOND_LEVEL = new Set([
  'ac',
  'co',
  'com',
  'edu',
  'go',
  'gov',
  'mil',
  'net',
  'or',
  'org',
  'sch',
  'web',
  'my',
  'biz',
  'ponpes',
  'desa',
]);

/** The registrable part of a host (`lpse.kalteng.go.id` → `kalteng.go.id`), without a public-suffix list: good enough to warn and choose. */
function siteOf(host: string): string {
  if (/^[\d.]+$|:/.test(host)) return host;
  const labels = host.split('.');
  const n = labels.length >= 3 && SECOND_LEVEL.has(labels.at(-2)!) ? 3 : 2;
  return labels.slice(-n).join('.');
}

/** Whether a page of `a` sends a SameSite=Lax cookie of `b` along in a frame: same scheme, same registrable domain. */
export function sameSite(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.protocol === y.protocol && siteOf(x.hostname) === siteOf(y.hostname);
  } catch {
    return false;
  }
}

/**
 * The embeddable widget: a button in the corner of the page that includes it; pressing it opens the
 * chat in a frame there when that page's origin may frame it (WEB_CHAT_EMBED_ORIGINS), else in a new
 * tab. The chat's cookie reaches a frame only when the two hosts are the same site (both under
 * kalteng.go.id, say); the README says so.
 */
function widgetScript(origins: string[]): string {
  const t = JSON.stringify({ origins, open: c.widgetButton, close: c.widgetClose, title: c.pageTitle });
  return `(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src || !window.URL) return;
  var base = new URL(script.src).origin;
  var t = ${t};
  function css(el, rules) { for (var k in rules) el.style[k] = rules[k]; }
  function start() {
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = t.open;
    // Expanded or not only where it opens a frame here; elsewhere it opens a tab.
    var framed = t.origins.indexOf(window.location.origin) >= 0;
    if (framed) button.setAttribute('aria-expanded', 'false');
    css(button, { position: 'fixed', right: '16px', bottom: '16px', zIndex: '2147483000', background: '#0b4f8a', color: '#fff',
      border: '0', borderRadius: '24px', padding: '12px 18px', font: '700 16px system-ui, sans-serif', cursor: 'pointer',
      boxShadow: '0 2px 8px rgba(0,0,0,.3)' });
    var frame = null;
    button.addEventListener('click', function () {
      if (!framed) { window.open(base + '/chat', '_blank', 'noopener'); return; }
      if (!frame) {
        frame = document.createElement('iframe');
        frame.src = base + '/chat?embed=1';
        frame.title = t.title;
        css(frame, { position: 'fixed', right: '16px', bottom: '72px', width: 'min(380px, calc(100vw - 32px))',
          height: 'min(600px, calc(100vh - 100px))', border: '1px solid #d9dee3', borderRadius: '8px', background: '#fff',
          zIndex: '2147483000', display: 'none' });
        document.body.appendChild(frame);
      }
      var open = button.getAttribute('aria-expanded') === 'true';
      frame.style.display = open ? 'none' : 'block';
      button.textContent = open ? t.open : t.close;
      button.setAttribute('aria-expanded', String(!open));
    });
    // Escape closes the open frame and gives the keyboard back to the button (the chat in the
    // frame says so by a message, since its keys never reach this page).
    var close = function () {
      if (!frame || button.getAttribute('aria-expanded') !== 'true') return;
      button.click();
      button.focus();
    };
    document.addEventListener('keydown', function (e) { if (e.key === 'Escape') close(); });
    window.addEventListener('message', function (e) { if (e.origin === base && e.data === 'pbj-chat:close') close(); });
    document.body.appendChild(button);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
`;
}

export function createWebChatHub(deps: WebChatDeps): WebChatHub {
  const { chats, clock, log, mode } = deps;
  const limits: WebChatLimits = { ...DEFAULT_WEB_CHAT_LIMITS, ...deps.limits };
  const listeners = new Map<string, Set<(row: WebMessageRow) => void>>();
  const closers = new Set<() => void>();
  let handler: { onMessage: InboundHandler; deliver: () => Promise<void> } | undefined;

  function publish(row: WebMessageRow): void {
    for (const l of listeners.get(row.sessionId) ?? []) l(row);
  }

  function view(row: WebMessageRow, chosen?: string): ChatMessageView {
    const files = row.files ?? [];
    const answers = row.direction === 'in' ? PRESS_RE.exec(row.clientId ?? '')?.[1] : undefined;
    return {
      id: row.id,
      direction: row.direction,
      text: row.text,
      choices: row.choices ?? [],
      files: files.flatMap((f, i) =>
        f.path || f.data ? [{ name: f.fileName, url: `/chat/berkas/${row.id}/${i}`, caption: f.caption }] : [],
      ),
      at: row.createdAt,
      ...(files.some((f) => !f.path && !f.data) ? { hiddenFiles: true } : {}),
      ...(chosen !== undefined ? { chosen } : {}),
      ...(answers ? { answers: Number(answers) } : {}),
    };
  }

  /** A page's messages, each desk message with the choice pressed on it, if any. */
  function views(rows: WebMessageRow[]): ChatMessageView[] {
    const pressed = new Map<number, string>();
    for (const row of rows) {
      const of = row.direction === 'in' ? PRESS_RE.exec(row.clientId ?? '')?.[1] : undefined;
      if (of) pressed.set(Number(of), row.text);
    }
    return rows.map((row) => {
      const label = pressed.get(row.id);
      return view(row, label === undefined ? undefined : (row.choices?.find((ch) => ch.label === label)?.id ?? ''));
    });
  }
  /** What a page was given counts as seen: the mail job (mail.ts) mails only desk messages no page has shown. */
  const seen = (sessionId: string, rows: WebMessageRow[]) => {
    const last = rows.at(-1);
    if (last) chats.markSeen(sessionId, last.id);
  };

  const formsOf = (session: ChatSession): ChatForms => ({ csrf: csrfOf(session.token), clientId: () => randomUUID() });
  const wire = (row: WebMessageRow, forms: ChatForms) => ({ id: row.id, html: chatMessageHtml(view(row), forms, mode.timeZone) });

  /**
   * A staff member's file from another channel, written into the session's upload folder (so it
   * goes with the session) under a name made from the delivery, so a retried delivery finds it
   * there instead of fetching and writing it again. Only what the page can show (an image or a
   * PDF, told by its bytes) and at most `maxRelayBytes`; anything else stays behind and is said.
   */
  async function relayForeign(
    sessionId: string,
    delivery: string,
    a: Attachment,
    fetchFile: FetchFile,
  ): Promise<WebChatFile | FileLeft> {
    if (a.kind !== 'photo' && a.kind !== 'document') return 'not_sendable';
    const dir = join(deps.uploadsDir, sessionId);
    const stem = `relay-${delivery}`;
    const kept = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith(`${stem}.`) && !f.endsWith('.part')) : undefined;
    const keptType = kept ? UPLOAD_TYPES.find((t) => kept.endsWith(t.ext)) : undefined;
    const stored = (type: (typeof UPLOAD_TYPES)[number], path: string): WebChatFile => ({
      kind: type.kind,
      fileName: cleanName(
        a.fileName ?? (a.kind === 'photo' ? texts.fileRelay.unnamedPhoto : texts.fileRelay.unnamedFile),
        type.ext,
      ),
      mimeType: type.mime,
      path,
    });
    if (kept && keptType) return stored(keptType, join(dir, kept));
    const got = await fetchForeign(a, { fetchFile, maxBytes: limits.maxRelayBytes, log, context: { delivery } });
    if ('left' in got) return got.left;
    const type = UPLOAD_TYPES.find((t) => t.magic(got.bytes));
    if (!type) {
      log.warn(
        { delivery, source: a.channel, kind: a.kind },
        'a file from another channel is not an image or PDF; the user is told',
      );
      return 'not_sendable';
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, `${stem}${type.ext}`);
    // Whole or not at all: a crash mid-write leaves only a .part, which a retry writes again.
    writeFileSync(`${path}.part`, got.bytes, { mode: 0o600 });
    renameSync(`${path}.part`, path);
    return stored(type, path);
  }

  /** The sender; with `fetchFile`, a file from another channel is delivered, else the page says one was not shown. */
  function senderFor(fetchFile?: FetchFile): ChannelSender {
    return {
      channel: 'web',
      async send(msg: OutboundMessage) {
        const sessionId = msg.chatId;
        if (!chats.hasSession(sessionId)) throw new SendError('no such web chat session', { permanent: true });
        const outboxId = msg.deliveryId?.startsWith('outbox:') ? Number(msg.deliveryId.slice('outbox:'.length)) : undefined;
        const attachments = msg.attachments ?? [];
        const foreign = attachments.filter((a) => a.channel !== 'web');
        const relayed: WebChatFile[] = [];
        const left: FileLeft[] = [];
        // Without a delivery id (a direct call) nothing can be found again: each call is its own.
        const delivery = outboxId !== undefined ? String(outboxId) : randomUUID();
        if (fetchFile)
          for (const [i, a] of foreign.entries()) {
            const r = await relayForeign(sessionId, `${delivery}-${i}`, a, fetchFile);
            if (typeof r === 'string') left.push(r);
            else relayed.push(r);
          }
        const files: WebChatFile[] = [
          ...(msg.files ?? []),
          ...attachments.flatMap((a) => uploadedFile(a) ?? []),
          ...relayed,
          // A file that lives on another platform cannot be shown here: the page says so.
          ...(fetchFile ? [] : foreign.map((a) => ({ kind: 'document' as const, fileName: a.fileName ?? '' }))),
        ];
        const { row, created } = chats.addOutbound(
          sessionId,
          outboxId,
          { text: withFilesLeft(msg.text, left), choices: msg.choices, files },
          clock.now(),
        );
        // Stored: the page shows it now if it is open, else on the next visit. A retried delivery is not shown twice.
        if (created) publish(row);
        return { ref: String(row.id) };
      },
    };
  }
  function sessionFrom(request: FastifyRequest): ChatSession | undefined {
    const token = request.cookies[CHAT_COOKIE];
    if (!token || !TOKEN_RE.test(token)) return undefined;
    const id = sessionIdOf(token);
    return chats.hasSession(id) ? { id, token } : undefined;
  }

  function newSession(request: FastifyRequest, reply: FastifyReply): ChatSession {
    const token = randomBytes(32).toString('base64url');
    const id = sessionIdOf(token);
    chats.createSession(id, clock.now());
    reply.setCookie(CHAT_COOKIE, token, {
      path: '/chat',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secure || request.protocol === 'https',
      maxAge: COOKIE_MAX_AGE_S,
    });
    return { id, token };
  }

  /** A POST from another site is refused: the Origin (when the browser sends one) must be this site. */
  function sameOrigin(request: FastifyRequest): boolean {
    const origin = request.headers.origin;
    if (origin === undefined) return true;
    const own = [`${request.protocol}://${request.host}`, deps.publicUrl ? new URL(deps.publicUrl).origin : undefined];
    return own.includes(origin);
  }

  /** A script's request (it wants JSON) rather than a plain form, which gets a page back. */
  // The page's EventSource counts as a script: a refused stream must not be redirected to a new page (a new session each retry).
  const wantsJson = (request: FastifyRequest) =>
    request.headers['x-csrf-token'] !== undefined || /application\/json|text\/event-stream/.test(request.headers.accept ?? '');

  /**
   * A refusal. A script gets JSON. A plain form (no script) gets the page again, with the notice and
   * what the person typed back in its box, so nothing typed is lost — but only for a form of this
   * session that passes the CSRF and origin checks: a text another site put into a form is never
   * shown back as if the person had typed it. Anything else is sent to the page with the notice's code.
   */
  async function refuse(request: FastifyRequest, reply: FastifyReply, status: number, notice: string) {
    if (wantsJson(request)) return reply.code(status).header('cache-control', 'no-store').send({ error: notice });
    const code = noticeCode(notice);
    const posted = request.method === 'POST' ? await postedForm(request) : undefined;
    if (posted) {
      const contact = request.routeOptions.url === CHAT_CONTACT_PATH;
      const f = posted.fields;
      return sendPage(reply, posted.session, {
        status,
        notice,
        noticeFor: contact ? 'contact' : 'message',
        ...(contact
          ? { details: { name: f.name ?? '', email: f.email ?? '', phone: f.phone ?? '' } }
          : { draft: (f.text ?? '').replace(/\r\n?/g, '\n') }),
      });
    }
    return reply
      .code(303)
      .header('location', `/chat?n=${code}#${CONTACT_NOTICES.has(code) ? 'kontak' : 'kirim'}`)
      .send();
  }

  /** The refused form's session and fields, when it is this session's own form (CSRF token and origin). */
  async function postedForm(
    request: FastifyRequest,
  ): Promise<{ session: ChatSession; fields: Record<string, string> } | undefined> {
    const session = request.chatSession ?? sessionFrom(request);
    if (!session) return undefined;
    let fields = request.chatFields;
    // Refused before its body was read (a rate limit): read its fields now, the file dropped.
    if (!fields)
      try {
        fields = (await readPost(request)).fields;
      } catch {
        fields = request.chatFields ?? {};
      }
    try {
      checkCsrf(request, session, fields);
    } catch {
      return undefined;
    }
    return { session, fields };
  }

  /** The chat page of a session; a refused form's notice and typed values when given. */
  function sendPage(
    reply: FastifyReply,
    session: ChatSession,
    opts: {
      status?: number;
      notice?: string | undefined;
      noticeFor?: 'message' | 'contact';
      draft?: string;
      details?: { name?: string; email?: string; phone?: string };
      embedded?: boolean;
    },
  ) {
    chats.touchSession(session.id, clock.now());
    const contact = deps.contactOf(session.id);
    const shown = chats.latest(session.id, PAGE_MESSAGES);
    seen(session.id, shown);
    const html = chatPage(mode, {
      messages: views(shown),
      forms: formsOf(session),
      details: opts.details ?? {
        name: contact?.displayName ?? undefined,
        email: contact?.email ?? undefined,
        phone: contact?.phone ? `+${contact.phone}` : undefined,
      },
      notice: opts.notice,
      noticeFor: opts.noticeFor ?? 'message',
      ...(opts.draft !== undefined ? { draft: opts.draft } : {}),
      maxChars: limits.maxChars,
      maxFileBytes: limits.maxFileBytes,
      mailsReplies: deps.mailsReplies,
      embedded: opts.embedded,
    });
    if (embedOrigins.length > 0) {
      // The LPSE home page's widget shows this page in a frame: those origins (only) may frame it.
      const csp = String(reply.getHeader('content-security-policy') ?? '');
      reply.header(
        'content-security-policy',
        csp.replace(/frame-ancestors [^;]*/, `frame-ancestors 'self' ${embedOrigins.join(' ')}`),
      );
      reply.removeHeader('x-frame-options');
    }
    return (
      reply
        .code(opts.status ?? 200)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-robots-tag', 'noindex, nofollow')
        // Not no-referrer: with it Chromium sends `Origin: null` on the page's own form posts, which the
        // origin check must refuse; same-origin still keeps the address from every other site.
        .header('referrer-policy', 'same-origin')
        .send(html)
    );
  }

  /** Notices a plain form's redirect may carry: codes, so the address never carries the person's text. */
  const NOTICES: Record<string, string> = {
    saved: c.detailsSaved,
    cleared: c.detailsCleared,
    long: c.tooLong(limits.maxChars),
    empty: c.emptyMessage,
    many: c.tooMany,
    big: c.fileTooLarge(Math.round(limits.maxFileBytes / 1024 / 1024)),
    type: c.fileType,
    email: c.badEmail,
    phone: c.badPhone,
    none: c.noDetails,
    ready: c.notReady,
    failed: c.failed,
    forbidden: c.forbidden,
    session: c.sessionMissing,
  };
  /** Notices about the contact form: shown in it (opened), not above the message box. */
  const CONTACT_NOTICES = new Set(['saved', 'cleared', 'email', 'phone', 'none']);
  const embedOrigins = [...(deps.embedOrigins ?? [])];
  // A frame on another site never gets the session cookie (SameSite=Lax): there the widget opens a tab instead.
  const own = deps.publicUrl ? new URL(deps.publicUrl).origin : undefined;
  const frameOrigins = own ? embedOrigins.filter((o) => sameSite(o, own)) : embedOrigins;
  const crossSite = embedOrigins.length - frameOrigins.length;
  if (crossSite > 0)
    log.warn(
      { origins: embedOrigins.filter((o) => !frameOrigins.includes(o)) },
      'WEB_CHAT_EMBED_ORIGINS lists pages on another site than WEB_PUBLIC_URL: browsers keep no chat cookie in a frame there, so the widget opens the chat in a new tab on them',
    );
  const widget = widgetScript(frameOrigins);

  const noticeCode = (notice: string) => Object.entries(NOTICES).find(([, t]) => t === notice)?.[0] ?? 'failed';

  interface Posted {
    fields: Record<string, string>;
    file?: { buffer: Buffer; fileName: string } | undefined;
  }

  /** The POST's fields and file (multipart from the page, JSON from a script), the file held until the CSRF check passed. */
  async function readPost(request: FastifyRequest): Promise<Posted> {
    const fields: Record<string, string> = {};
    request.chatFields = fields;
    if (!request.isMultipart()) {
      const body = (request.body ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(body)) if (typeof v === 'string') fields[k] = v;
      return { fields };
    }
    let file: Posted['file'];
    for await (const part of request.parts({
      limits: { fileSize: limits.maxFileBytes, files: 1, fields: 10, fieldSize: 64 * 1024 },
    })) {
      if (part.type === 'file') {
        const buffer = await part.toBuffer();
        if (buffer.length > 0) file = { buffer, fileName: part.filename };
      } else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
    }
    return { fields, file };
  }

  function checkCsrf(request: FastifyRequest, session: ChatSession, fields: Record<string, string>): void {
    const given = request.headers['x-csrf-token'] ?? fields._csrf;
    if (typeof given !== 'string' || !same(given, csrfOf(session.token)) || !sameOrigin(request))
      throw new ChatRefusal(403, c.forbidden);
  }

  /** A safe file name to show and send on (no path, no control characters), with the extension its content has. */
  function cleanName(name: string, ext: string): string {
    const base = name
      .replace(/^.*[\\/]/, '')
      .replace(/[\p{C}"<>:|?*]/gu, '')
      .trim()
      .slice(0, 80);
    const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '') || texts.fileRelay.unnamedFile;
    return `${stem}${ext}`;
  }

  /**
   * The upload on disk, named by the message's client id: a retried POST of the same message finds
   * its file already there and keeps it, instead of leaving a second copy no message names.
   */
  function storeUpload(session: ChatSession, clientId: string, file: NonNullable<Posted['file']>): Attachment {
    const type = UPLOAD_TYPES.find((t) => t.magic(file.buffer));
    if (!type) throw new ChatRefusal(415, c.fileType);
    const dir = join(deps.uploadsDir, session.id);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Prefixed: a person's client id can never name a file the desk keeps there (relay-…).
    const path = join(dir, `up-${clientId}${type.ext}`);
    try {
      writeFileSync(path, file.buffer, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    return { kind: type.kind, ref: path, fileName: cleanName(file.fileName, type.ext), mimeType: type.mime, channel: 'web' };
  }

  /** The uploads a stored message carries, as the desk receives them. */
  const attachmentsOf = (row: WebMessageRow): Attachment[] =>
    (row.files ?? []).flatMap((f) =>
      f.path
        ? [
            {
              kind: f.kind,
              ref: f.path,
              fileName: f.fileName,
              ...(f.mimeType ? { mimeType: f.mimeType } : {}),
              channel: 'web' as const,
            },
          ]
        : [],
    );

  async function plugin(app: FastifyInstance): Promise<void> {
    await app.register(cookie);
    await app.register(multipart, { limits: { fileSize: limits.maxFileBytes, files: 1 } });
    await app.register(sse, { heartbeatInterval: 25_000 });

    // Open streams would hold the server's close: they end first.
    app.addHook('preClose', (done) => {
      for (const close of [...closers]) close();
      done();
    });

    // Two limits on one request: the plugin's own route hooks run only one, so both are checked here.
    const ipLimit = app.createRateLimit({ max: limits.perIp, timeWindow: '1 minute', keyGenerator: (r) => `chat-ip:${r.ip}` });
    const sessionLimit = app.createRateLimit({
      max: limits.perSession,
      timeWindow: '1 minute',
      keyGenerator: (r) => `chat-session:${r.chatSession?.id ?? r.ip}`,
    });
    const over = (l: { isAllowed: true } | { isAllowed: false; isExceeded: boolean }) => !l.isAllowed && l.isExceeded;
    const perIp = async (request: FastifyRequest) => {
      if (over(await ipLimit(request))) throw new ChatRefusal(429, c.tooMany);
    };
    const perSession = async (request: FastifyRequest) => {
      if (over(await sessionLimit(request))) throw new ChatRefusal(429, c.tooMany);
    };
    const requireSession = async (request: FastifyRequest, reply: FastifyReply) => {
      const session = sessionFrom(request);
      if (!session) return refuse(request, reply, 401, c.sessionMissing);
      request.chatSession = session;
    };

    app.setErrorHandler(async (err: { statusCode?: number; code?: string }, request, reply) => {
      if (err instanceof ChatRefusal) return refuse(request, reply, err.status, err.notice);
      if (err.statusCode === 429) return refuse(request, reply, 429, c.tooMany);
      if (err.code === 'FST_REQ_FILE_TOO_LARGE') return refuse(request, reply, 413, NOTICES.big ?? c.failed);
      // A body past the server's limit is a message far too long.
      if (err.statusCode === 413) return refuse(request, reply, 413, c.tooLong(limits.maxChars));
      if (err.statusCode && err.statusCode < 500) return refuse(request, reply, err.statusCode, c.failed);
      log.error({ err: errorMessage(err), url: request.routeOptions.url }, 'web chat request failed');
      return refuse(request, reply, 500, c.failed);
    });

    const asset = (body: string, type: string) => (_q: FastifyRequest, reply: FastifyReply) =>
      reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').send(body);
    app.get(CHAT_STYLE_PATH, asset(CHAT_STYLE, 'text/css; charset=utf-8'));
    app.get(CHAT_SCRIPT_PATH, asset(CHAT_SCRIPT, 'text/javascript; charset=utf-8'));

    // The widget for other sites (the LPSE home page): loaded from there, so readable cross-origin.
    app.get(WIDGET_PATH, (_q, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(widget),
    );

    app.get<{ Querystring: { n?: string; embed?: string } }>('/chat', { preHandler: [perIp] }, (request, reply) => {
      const session = sessionFrom(request) ?? newSession(request, reply);
      const code = typeof request.query.n === 'string' ? request.query.n : undefined;
      return sendPage(reply, session, {
        notice: code ? NOTICES[code] : undefined,
        noticeFor: code && CONTACT_NOTICES.has(code) ? 'contact' : 'message',
        embedded: request.query.embed === '1',
      });
    });

    app.post(CHAT_MESSAGES_PATH, { preHandler: [perIp, requireSession, perSession] }, async (request, reply) => {
      const session = request.chatSession!;
      const { fields, file } = await readPost(request);
      checkCsrf(request, session, fields);
      if (!handler) throw new ChatRefusal(503, c.notReady);
      const text = (fields.text ?? '').replace(/\r\n?/g, '\n').trim();
      const choice = (fields.choice ?? '').trim().slice(0, 64);
      if ([...text].length > limits.maxChars) throw new ChatRefusal(413, c.tooLong(limits.maxChars));
      if (text === '' && choice === '' && !file) throw new ChatRefusal(400, c.emptyMessage);
      // A pressed button names its message: it is checked there, and answered once.
      const from = /^\d{1,15}$/.test(fields.from ?? '') ? Number(fields.from) : undefined;
      let pressed: string | undefined;
      // Without the message it names, a press cannot be checked or kept to once: refused like a stale one.
      if (choice && from === undefined) throw new ChatRefusal(409, c.choiceGone);
      if (choice && from !== undefined) {
        const source = chats.message(session.id, from);
        pressed = source?.direction === 'out' ? source.choices?.find((ch) => ch.id === choice)?.label : undefined;
        if (pressed === undefined) throw new ChatRefusal(409, c.choiceGone);
        const before = chats.byClient(session.id, pressOf(from));
        // The same press again is a retry (counted once below); another button of that message is refused.
        if (before && before.text !== pressed) throw new ChatRefusal(409, c.choiceUsed);
      }
      const clientId =
        from !== undefined && pressed !== undefined
          ? pressOf(from)
          : CLIENT_ID_RE.test(fields.clientId ?? '') && !PRESS_RE.test(fields.clientId!)
            ? fields.clientId!
            : randomUUID();
      const attachment = file ? storeUpload(session, clientId, file) : undefined;
      const now = clock.now();
      const shown = choice ? (pressed ?? text) : text;
      const { row, created } = chats.addInbound(
        session.id,
        clientId,
        {
          text: shown,
          files: attachment
            ? [
                {
                  kind: attachment.kind === 'photo' ? 'photo' : 'document',
                  fileName: attachment.fileName!,
                  mimeType: attachment.mimeType,
                  path: attachment.ref,
                },
              ]
            : undefined,
        },
        now,
      );
      // Two tabs pressing two buttons of one message at once: the first is the answer.
      if (!created && pressed !== undefined && row.text !== pressed) throw new ChatRefusal(409, c.choiceUsed);
      if (created) publish(row);
      // A retried POST (same client id) reaches the desk again: it records each message once.
      await handler.onMessage({
        channel: 'web',
        externalId: `${session.id}:${clientId}`,
        chatId: session.id,
        userId: session.id,
        text: choice ? shown : text,
        attachments: attachmentsOf(row),
        ...(choice ? { choice } : {}),
        privateChat: true,
        receivedAt: now,
      });
      if (wantsJson(request))
        return reply
          .code(202)
          .header('cache-control', 'no-store')
          .send({ message: wire(row, formsOf(session)) });
      // Without the script the page comes back with the answer on it, scrolled to what was sent.
      await handler.deliver();
      return reply.code(303).header('location', `/chat#m-${row.id}`).send();
    });

    app.post(CHAT_CONTACT_PATH, { preHandler: [perIp, requireSession, perSession] }, async (request, reply) => {
      const session = request.chatSession!;
      const { fields } = await readPost(request);
      checkCsrf(request, session, fields);
      const name = (fields.name ?? '').replace(/\s+/g, ' ').trim().slice(0, 100);
      const email = (fields.email ?? '').trim().slice(0, 200);
      const phoneTyped = (fields.phone ?? '').trim();
      const before = deps.contactOf(session.id);
      const had = Boolean(before?.displayName || before?.email || before?.phone);
      // An empty form clears what was left before: a person may take their details back.
      if (name === '' && email === '' && phoneTyped === '' && !had) throw new ChatRefusal(400, c.noDetails);
      if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new ChatRefusal(400, c.badEmail);
      let phone = phoneTyped.replace(/[\s().-]/g, '');
      if (phone !== '' && !/^\+?\d{8,15}$/.test(phone)) throw new ChatRefusal(400, c.badPhone);
      phone = phone.replace(/^\+/, '').replace(/^0/, '62');
      // Kept on the contact for staff; never logged.
      deps.saveDetails(
        { channel: 'web', userId: session.id, chatId: session.id, displayName: name || undefined, phone: phone || undefined },
        { email: email || undefined, replace: true },
        clock.now(),
      );
      const cleared = name === '' && email === '' && phone === '';
      if (wantsJson(request))
        return reply.header('cache-control', 'no-store').send({ notice: cleared ? c.detailsCleared : c.detailsSaved });
      return reply
        .code(303)
        .header('location', `/chat?n=${cleared ? 'cleared' : 'saved'}#kontak`)
        .send();
    });

    app.get<{ Querystring: { after?: string } }>(
      CHAT_MESSAGES_PATH,
      { preHandler: [perIp, requireSession] },
      (request, reply) => {
        const session = request.chatSession!;
        const after = Math.max(0, Number.parseInt(request.query.after ?? '0', 10) || 0);
        const forms = formsOf(session);
        const rows = chats.history(session.id, after, HISTORY_LIMIT);
        seen(session.id, rows);
        return reply.header('cache-control', 'no-store').send({ messages: rows.map((row) => wire(row, forms)) });
      },
    );

    app.get<{ Querystring: { after?: string } }>(
      CHAT_EVENTS_PATH,
      { sse: true, preHandler: [perIp, requireSession] },
      async (request, reply) => {
        const session = request.chatSession!;
        const forms = formsOf(session);
        // Where the page left off: the last event it got (the browser's Last-Event-ID on a reconnect) or what it rendered.
        const fromHeader = Number.parseInt(reply.sse.lastEventId ?? '', 10) || 0;
        const fromQuery = Number.parseInt(request.query.after ?? '', 10) || 0;
        let sent = Math.max(0, fromHeader, fromQuery);
        let chain = Promise.resolve();
        const push = (row: WebMessageRow) => {
          if (row.id <= sent) return;
          sent = row.id;
          const event = wire(row, forms);
          chain = chain
            .then(() => reply.sse.send({ id: String(row.id), data: event }))
            // Written to an open page: it is not mailed (mail.ts). One write for a replayed backlog: only its last row marks.
            .then(() => {
              if (sent === row.id) chats.markSeen(session.id, row.id);
            })
            .catch(() => undefined);
        };
        // Subscribed and the backlog read in one synchronous step: no message falls between the two.
        const set = listeners.get(session.id) ?? new Set();
        listeners.set(session.id, set);
        set.add(push);
        for (const row of chats.history(session.id, sent, HISTORY_LIMIT)) push(row);
        // On shutdown the stream ends at once, even if the browser has stopped reading: the page reconnects later and resumes.
        const close = () => {
          reply.sse.close();
          reply.raw.destroy();
        };
        closers.add(close);
        reply.sse.onClose(() => {
          set.delete(push);
          if (set.size === 0) listeners.delete(session.id);
          closers.delete(close);
        });
        reply.sse.keepAlive();
        // The stream is open even with nothing to send yet (the plugin writes its headers lazily).
        reply.sse.sendHeaders();
        reply.raw.flushHeaders();
        await chain;
      },
    );

    app.get<{ Params: { id: string; index: string } }>(
      '/chat/berkas/:id/:index',
      { preHandler: [perIp, requireSession] },
      (request, reply) => {
        const session = request.chatSession!;
        const row = chats.message(session.id, Number.parseInt(request.params.id, 10) || 0);
        const file = row?.files?.[Number.parseInt(request.params.index, 10) || 0];
        // Another session's file is the same 404 as no file at all.
        if (!file || (!file.data && !(file.path && existsSync(file.path))))
          return wantsJson(request)
            ? reply.code(404).send({ error: c.fileGoneBody })
            : reply
                .code(404)
                .type('text/html; charset=utf-8')
                .send(messagePage(mode, c.fileGoneTitle, c.fileGoneBody));
        const type = UPLOAD_TYPES.find((t) => t.mime === file.mimeType)?.mime ?? 'application/octet-stream';
        reply
          .type(type)
          .header('cache-control', 'private, no-store')
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
        return reply.send(file.data ? Buffer.from(file.data, 'base64') : createReadStream(file.path!));
      },
    );
  }

  return {
    plugin,
    senderFor,
    attach(onMessage, deliver) {
      handler = { onMessage, deliver };
    },
    detach() {
      handler = undefined;
    },
    streams: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}
