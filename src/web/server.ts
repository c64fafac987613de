import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { texts } from '../core/catalogue.js';
import type { Logger } from '../core/log.js';
import { SCRIPT, SCRIPT_PATH, STYLE, STYLE_PATH } from './assets.js';
import { atomFeed, robots, sitemap } from './feeds.js';
import {
  announcementsPage,
  faqIndexPage,
  faqPage,
  homePage,
  messagePage,
  notFoundPage,
  searchFragment,
  searchPage,
  ticketPage,
  transparencyPage,
  type RenderMode,
} from './pages.js';
import type { Site } from './site.js';

const w = texts.web;
const HOME_ANNOUNCEMENTS = 3;
const ALL_ANNOUNCEMENTS = 50;
/** Public pages may be cached briefly by browsers and proxies; content changes are not urgent. */
const PUBLIC_CACHE = 'public, max-age=300';

export interface WebServerOptions {
  site: Site;
  log: Logger;
  /** Requests per minute per client address on /cari and on /tiket/*. */
  rateLimit?: { search: number; ticket: number };
  /**
   * Routes others add to the same server before it starts (the web chat channel mounts /chat here).
   * Each is registered as a Fastify plugin, inside the same security headers.
   */
  plugins?: Array<(app: FastifyInstance) => Promise<void> | void>;
  /** The web chat is among the plugins (/chat): the pages link to it. */
  chat?: boolean;
}

/** The public paths of the site (what the sitemap lists and the static export writes). */
export function publicPaths(site: Site): Array<{ path: string; updated?: string }> {
  return [
    { path: '/' },
    { path: '/faq' },
    ...site.published().map((i) => ({ path: `/faq/${i.id}`, updated: i.updated })),
    { path: '/pengumuman' },
    { path: '/transparansi' },
  ];
}

/** The site's absolute address: the configured one, else what the request was sent to. */
function baseOf(site: Site, request: FastifyRequest): string {
  return site.links.publicUrl ?? `${request.protocol}://${request.host}`;
}

/**
 * The microsite on Fastify: server-rendered pages, the two static assets, feeds and health. No
 * route sets a cookie; ticket pages are `noindex` and `no-store`; /cari and /tiket/* are rate limited.
 */
export async function buildWebServer(opts: WebServerOptions & { exported?: boolean }): Promise<FastifyInstance> {
  const { site } = opts;
  const limits = opts.rateLimit ?? { search: 60, ticket: 30 };
  const mode: RenderMode = {
    links: site.links,
    timeZone: site.timeZone,
    ...(opts.exported ? { exported: true } : {}),
    ...(opts.chat && !opts.exported ? { chat: true } : {}),
  };
  // X-Forwarded-For is believed only from a proxy on this machine or a private network (the rate limits count per client).
  const app = Fastify({ logger: false, trustProxy: 'loopback,linklocal,uniquelocal', return503OnClosing: true });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    // Sent only when the site is public over HTTPS: on plain http (local, tests) it would break assets.
    hsts: site.links.publicUrl?.startsWith('https:') ? { maxAge: 15_552_000 } : false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, { global: false });

  const html = (reply: FastifyReply, body: string, cache = PUBLIC_CACHE) =>
    reply.type('text/html; charset=utf-8').header('cache-control', cache).send(body);

  app.setNotFoundHandler((_request, reply) => html(reply.code(404), notFoundPage(mode), 'no-store'));
  app.setErrorHandler((err: { statusCode?: number }, request, reply) => {
    const code = err.statusCode ?? 500;
    if (code === 429) return html(reply.code(429), messagePage(mode, w.tooManyRequests, w.tooManyRequests), 'no-store');
    if (code >= 500) opts.log.error({ err, url: request.routeOptions.url }, 'web page failed');
    return html(reply.code(code >= 400 ? code : 500), messagePage(mode, w.serverError, w.serverError), 'no-store');
  });

  app.get(STYLE_PATH, (_q, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(STYLE),
  );
  app.get(SCRIPT_PATH, (_q, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(SCRIPT),
  );

  app.get('/', (_q, reply) =>
    html(
      reply,
      homePage(mode, {
        popular: site.popular(),
        announcements: site.announcements(HOME_ANNOUNCEMENTS),
        incidents: site.openIncidents(),
      }),
    ),
  );
  app.get('/faq', (_q, reply) => html(reply, faqIndexPage(mode, site.groups())));
  app.get<{ Params: { id: string } }>('/faq/:id', (request, reply) => {
    const intent = site.intent(request.params.id);
    if (!intent) return html(reply.code(404), notFoundPage(mode), 'no-store');
    return html(reply, faqPage(mode, intent, site.related(intent)));
  });
  app.get<{ Querystring: { q?: string | string[]; live?: string } }>(
    '/cari',
    { config: { rateLimit: { max: limits.search, timeWindow: '1 minute' } } },
    (request, reply) => {
      const q = request.query.q;
      const query = Array.isArray(q) ? (q[0] ?? '') : (q ?? '');
      const live = request.query.live === '1';
      const outcome = site.search(query, !live);
      // A search page is about one person's question: not for shared caches or search engines.
      reply.header('x-robots-tag', 'noindex');
      return html(reply, live ? searchFragment(mode, outcome) : searchPage(mode, outcome), 'private, no-store');
    },
  );
  app.get('/pengumuman', (_q, reply) => html(reply, announcementsPage(mode, site.announcements(ALL_ANNOUNCEMENTS))));
  app.get('/feed.xml', (request, reply) =>
    reply
      .type('application/atom+xml; charset=utf-8')
      .header('cache-control', PUBLIC_CACHE)
      .send(atomFeed(baseOf(site, request), site.announcements(ALL_ANNOUNCEMENTS), site.timeZone)),
  );
  app.get('/transparansi', (_q, reply) => html(reply, transparencyPage(mode, site.transparency())));
  app.get<{ Params: { token: string } }>(
    '/tiket/:token',
    { config: { rateLimit: { max: limits.ticket, timeWindow: '1 minute' } } },
    (request, reply) => {
      reply.header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'no-referrer');
      const view = site.ticketView(request.params.token);
      // A wrong, revoked or malformed token is the same plain 404 as any unknown page.
      if (!view) return html(reply.code(404), notFoundPage(mode), 'no-store');
      return html(reply, ticketPage(mode, view), 'no-store');
    },
  );
  app.get('/sitemap.xml', (request, reply) =>
    reply
      .type('application/xml; charset=utf-8')
      .header('cache-control', PUBLIC_CACHE)
      .send(sitemap(baseOf(site, request), publicPaths(site))),
  );
  app.get('/robots.txt', (request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', PUBLIC_CACHE)
      .send(robots(baseOf(site, request))),
  );
  app.get('/healthz', (_q, reply) => {
    const ok = site.healthy();
    return reply
      .code(ok ? 200 : 503)
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(ok ? w.healthOk : w.healthDown);
  });

  for (const plugin of opts.plugins ?? []) await app.register(async (scope) => plugin(scope));
  return app;
}

export interface RunningWebServer {
  /** The address it listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** Builds and starts the server on host:port (port 0: any free one). */
export async function startWebServer(opts: WebServerOptions & { host: string; port: number }): Promise<RunningWebServer> {
  const app = await buildWebServer(opts);
  try {
    await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await app.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  opts.log.info({ host: opts.host, port }, 'microsite listening');
  return { url: `http://${host}:${port}`, app, close: () => app.close() };
}
