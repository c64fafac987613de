import { createApp, type App } from '../../../src/app.js';
import { createWebChatHub, type WebChatHub, type WebChatLimits } from '../../../src/channels/web/hub.js';
import { createConfig } from '../../../src/config.js';
import type { InboundMessage } from '../../../src/core/channel.js';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logger.js';
import { startPlatforms, type Platforms } from '../../../src/platforms.js';
import { siteOf } from '../../../src/web/index.js';
import { startWebServer, type RunningWebServer } from '../../../src/web/server.js';
import { E2E_TOKEN } from '../../e2e/support.js';
import { inbound, tempDbPath, tempDir, testContent } from '../../helpers.js';
import { idlePollDelay } from '../telegram/platform.js';

export const STAFF = { channel: 'telegram' as const, chatId: '1001', userId: '1001', displayName: 'Sari Wulandari' };
/** Staff on Telegram (no Telegram channel runs here: their rows stay in the outbox, to be read). */
export const CHAT_ENV = { STAFF_TELEGRAM_IDS: '1001', TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12' };

export interface ChatDesk {
  app: App;
  hub: WebChatHub;
  server: RunningWebServer;
  platforms: Platforms;
  url: string;
  uploadsDir: string;
  /** A staff member's message to the desk (as if from Telegram); the web dispatcher is woken. */
  staff(text: string, over?: Partial<InboundMessage>): void;
  close(): Promise<void>;
}

/**
 * The desk with its microsite and the web chat on a free port, over real HTTP: the real app on a
 * temp SQLite file, the hub, the web channel and its outbox dispatcher (system clock).
 */
export async function chatDesk(
  env: Record<string, string> = CHAT_ENV,
  limits: Partial<WebChatLimits> = {},
  /** Runs the Telegram channel too, against the Bot API emulator at this root (staff there). */
  telegramApiRoot?: string,
): Promise<ChatDesk> {
  const telegram = telegramApiRoot
    ? { TELEGRAM_BOT_TOKEN: E2E_TOKEN, TELEGRAM_API_ROOT: telegramApiRoot, TELEGRAM_CHAT_INTERVAL_MS: '0' }
    : {};
  const config = createConfig({ DATABASE_PATH: tempDbPath(), WEB_PORT: '0', ...env, ...telegram });
  const app = createApp({ config, clock: systemClock, log: silentLogger, content: await testContent() });
  const site = siteOf(app, systemClock, silentLogger);
  const uploadsDir = tempDir();
  const hub = createWebChatHub({
    chats: app.store.webChat,
    contactOf: (id) => app.store.contacts.find('web', id),
    saveDetails: (identity, details, now) => void app.store.contacts.saveDetails(identity, details, now),
    uploadsDir,
    mode: { links: site.links, timeZone: site.timeZone, chat: true },
    secure: config.web.publicUrl?.startsWith('https:') === true,
    publicUrl: config.web.publicUrl,
    embedOrigins: config.web.chatEmbedOrigins,
    clock: systemClock,
    log: silentLogger,
    limits,
  });
  const server = await startWebServer({ site, log: silentLogger, host: '127.0.0.1', port: 0, plugins: [hub.plugin], chat: true });
  const platforms = await startPlatforms({
    app,
    channels: telegramApiRoot ? ['telegram', 'web'] : ['web'],
    clock: systemClock,
    log: silentLogger,
    webChat: hub,
    options: { telegram: { pollRetryMs: 50, apiTransformers: [idlePollDelay(10)] } },
    dispatcher: { pollMs: 50 },
  });
  return {
    app,
    hub,
    server,
    platforms,
    url: server.url,
    uploadsDir,
    staff(text, over = {}) {
      app.desk.receive(inbound(text, { ...STAFF, receivedAt: systemClock.now(), ...over }));
      platforms.kickAll();
    },
    async close() {
      await server.close();
      await platforms.stop();
      app.close();
    },
  };
}

export interface WireMessage {
  id: number;
  html: string;
}

/** A browser without a browser: a cookie jar, the page's CSRF token, fetch for posts. */
export interface ChatClient {
  cookie: string;
  csrf: string;
  page(): Promise<string>;
  send(body: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
  history(after?: number): Promise<WireMessage[]>;
  /** Waits until the history has a desk message whose HTML matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<WireMessage>;
}

let clientSeq = 0;
export const clientId = () => `test-${Date.now().toString(36)}-${(clientSeq += 1)}`;

export async function chatClient(url: string, headers: Record<string, string> = {}): Promise<ChatClient> {
  const first = await fetch(`${url}/chat`, { headers });
  const setCookie = first.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  const html = await first.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const client: ChatClient = {
    cookie,
    csrf,
    page: async () => (await fetch(`${url}/chat`, { headers: { cookie } })).text(),
    send: (body, extra = {}) =>
      fetch(`${url}/chat/api/messages`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf, ...extra },
        body: JSON.stringify({ clientId: clientId(), ...body }),
      }),
    async history(after = 0) {
      const r = await fetch(`${url}/chat/api/messages?after=${after}`, { headers: { cookie, accept: 'application/json' } });
      return ((await r.json()) as { messages: WireMessage[] }).messages;
    },
    async waitFor(pattern, timeoutMs = 5_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = (await client.history()).find((m) => m.html.includes('msg-out') && pattern.test(m.html));
        if (found) return found;
        if (Date.now() > end) throw new Error(`no desk message matching ${pattern} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
  return client;
}

/** A real HTTP SSE client: reads the stream as a browser's EventSource would, collecting events. */
export function sseClient(url: string, cookie: string, opts: { lastEventId?: string; after?: number } = {}) {
  const events: Array<{ id: string; data: WireMessage }> = [];
  const controller = new AbortController();
  let status = 0;
  const opened = fetch(`${url}/chat/api/events${opts.after !== undefined ? `?after=${opts.after}` : ''}`, {
    headers: { cookie, accept: 'text/event-stream', ...(opts.lastEventId ? { 'last-event-id': opts.lastEventId } : {}) },
    signal: controller.signal,
  }).then(async (r) => {
    status = r.status;
    const reader = r.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: ?(.*)$/m.exec(block)?.[1];
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.replace(/^data: ?/, ''))
            .join('\n');
          if (id !== undefined && data) events.push({ id, data: JSON.parse(data) as WireMessage });
        }
      }
    })().catch(() => undefined);
    return r;
  });
  return {
    events,
    opened,
    status: () => status,
    async waitFor(pattern: RegExp, timeoutMs = 5_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find((e) => pattern.test(e.data.html));
        if (found) return found;
        if (Date.now() > end) throw new Error(`no event matching ${pattern} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () => controller.abort(),
  };
}
