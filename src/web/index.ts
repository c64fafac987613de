import type { App } from '../app.js';
import { texts } from '../core/catalogue.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import { periodOf, previousPeriod } from '../survey/period.js';
import { periodReport } from '../survey/service.js';
import { createSite, type IkmFigure, type Site } from './site.js';

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
    latestIkm: () => latestIkm(app, clock),
    openIncidents: () =>
      store.incidents
        .list(20)
        .filter((i) => i.status !== 'resolved')
        .map((i) => ({
          label: `I-${i.id}`,
          title: i.title,
          system: texts.incidents.systemNames[i.system],
          owner: texts.incidents.ownerNames[i.owner],
          status: texts.web.incidentStatus[i.status] ?? i.status,
          startedAt: i.startedAt,
          externalRef: i.externalRef,
        })),
    links: { telegramUrl: config.web.telegramUrl, whatsappUrl: config.web.whatsappUrl, publicUrl: config.web.publicUrl },
    timeZone: config.timeZone,
    clock,
    log,
  });
}

/** The index of the current survey period, else of the one before (a new period starts empty). */
function latestIkm(app: App, clock: Clock): IkmFigure | undefined {
  const content = app.surveyContent;
  if (!content) return undefined;
  const current = periodOf(clock.now(), app.config.survey.period, app.config.timeZone);
  for (const period of [current, previousPeriod(current)]) {
    if (!period) continue;
    const r = periodReport(app.store.survey, content, period, app.config.survey.population);
    if (r.ikm !== null && r.grade !== null) return { index: r.ikm, grade: `${r.grade} (${r.gradeLabel ?? ''})`, period };
  }
  return undefined;
}
