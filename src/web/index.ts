import type { App } from '../app.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import { createSite, type Site } from './site.js';

/** The microsite's view of a running desk: the same content, matcher and records. */
export function siteOf(app: App, clock: Clock, log: Logger): Site {
  const { store, config } = app;
  return createSite({
    intents: app.faq.intents,
    categories: app.categories,
    matcher: app.matcher,
    calendar: app.calendar,
    faq: store.faq,
    tickets: store.tickets,
    tokens: store.ticketTokens,
    announcements: store.announcements,
    ping: () => store.ping(),
    links: { telegramUrl: config.web.telegramUrl, whatsappUrl: config.web.whatsappUrl, publicUrl: config.web.publicUrl },
    timeZone: config.timeZone,
    clock,
    log,
  });
}
