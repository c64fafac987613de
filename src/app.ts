import { servedChannels, type Config } from './config.js';
import type { Clock } from './core/clock.js';
import type { Logger } from './core/log.js';
import { createRouter, type DeskContext, type Router } from './core/router.js';
import { createDesk, type Desk } from './desk.js';
import { createFaqFeature } from './faq/feature.js';
import { createTopicReader } from './faq/reader.js';
import { CONTACTS_FILE, loadFaqContent, unfilledContacts, type FaqContent } from './faq/loader.js';
import { createMatcher, type Matcher } from './faq/matcher.js';
import { createNormaliser } from './faq/normalise.js';
import { createBroadcast } from './announcements/broadcast.js';
import { createLinkFeature } from './links/feature.js';
import { createAnnouncementsFeature, subscribeIntentAction } from './announcements/feature.js';
import { filesReach } from './channels/index.js';
import { createStaffFeature } from './staff/feature.js';
import { renderIncidentReport } from './incidents/report.js';
import { createStaffNotifier } from './staff/notices.js';
import { createStaffRegistry, type StaffRegistry } from './staff/registry.js';
import { openStore, type Store } from './store/index.js';
import { loadCategories, type Categories } from './tickets/categories.js';
import { TICKET_OFFER, ticketChoice } from './tickets/choices.js';
import { createCategoryGuesser } from './tickets/category-guess.js';
import { createTicketFeature, ticketIntentActions } from './tickets/feature.js';
import { ticketSummary } from './tickets/notices.js';
import { createTicketService, type TicketService } from './tickets/service.js';
import { createWorkingCalendar, type WorkingCalendar } from './tickets/sla.js';
import { createTrackingLine } from './web/tracking.js';
import { loadSurveyContent, type SurveyContent } from './survey/content.js';
import { createSurveyFeature } from './survey/feature.js';
import { createIncidentFeature } from './incidents/feature.js';
import { createReportsFeature } from './reports/feature.js';
import { createReportDelivery, type ReportDelivery } from './reports/delivery.js';
import { reportDeps } from './reports/service.js';

export interface App {
  config: Config;
  store: Store;
  router: Router;
  desk: Desk;
  faq: FaqContent;
  categories: Categories;
  calendar: WorkingCalendar;
  tickets: TicketService;
  staff: StaffRegistry;
  /** The FAQ matcher the desk answers with (the microsite's search uses the same one). */
  matcher: Matcher;
  /** The IKM questionnaire, when the content has one (the microsite shows the latest index). */
  surveyContent?: SurveyContent | undefined;
  /** Periodic work: closes resolved tickets whose reopen window has passed. */
  housekeeping(): void;
  /** Period reports to admins' chats: `/laporanberkala` requests and REPORT_SCHEDULE (started by run.ts). */
  reports: ReportDelivery;
  close(): void;
}

/** The desk's content (FAQ, categories) and the matcher built from it: loaded once, shareable. */
export interface Content {
  faq: FaqContent;
  categories: Categories;
  matcher: Matcher;
  /** The IKM questionnaire (`_survey.yaml`); undefined when the folder has none. */
  survey?: SurveyContent | undefined;
}

/** Reads and validates the content folder; a broken file throws with its path and field. */
export function loadContent(intentsDir: string): Content {
  const faq = loadFaqContent(intentsDir);
  const categories = loadCategories(intentsDir);
  const survey = loadSurveyContent(intentsDir);
  return { faq, categories, matcher: createMatcher({ intents: faq.intents, lexicon: faq.lexicon }), survey };
}

export interface AppDeps {
  config: Config;
  /**
   * Content loaded before (tests and benchmarks share one); read from `config.intentsDir` when
   * absent. It is never changed by the desk, so sharing it is safe.
   */
  content?: Content;
  clock: Clock;
  log: Logger;
  /**
   * Write the configured staff to the database (default). The desk does; read-only tools (the
   * report CLI) must not, or running them without the staff variables would deactivate everyone.
   */
  syncStaff?: boolean;
}

/**
 * Everything channel-independent, wired once: the store (migrated), the features and the desk.
 * Channels and dispatchers are attached by the caller (main, tests, benchmarks).
 */
export function createApp({ config, clock, log, syncStaff = true, content }: AppDeps): App {
  // Content first: a broken content file should stop the start before the database is touched.
  const { faq, categories, matcher, survey: surveyContent } = content ?? loadContent(config.intentsDir);
  const calendar = createWorkingCalendar({
    timeZone: config.timeZone,
    startHour: config.tickets.workStartHour,
    endHour: config.tickets.workEndHour,
    extraHolidays: config.tickets.extraHolidays,
  });
  const store = openStore(config.databasePath);
  try {
    const staff = createStaffRegistry({
      staff: store.staff,
      contacts: store.contacts,
      transaction: store.transaction,
      state: store.deskState,
      config,
      served: servedChannels(config),
      log,
    });
    if (syncStaff) staff.sync(clock.now());
    const staffNotifier = createStaffNotifier({ registry: staff, categories });
    const tickets = createTicketService({
      tickets: store.tickets,
      transaction: store.transaction,
      calendar,
      categories,
      log,
      autoCloseDays: config.tickets.autoCloseDays,
      notifyStaff: (notice) => [
        ...staffNotifier(notice),
        // A new ticket about an active incident's outage is linked to it; one about an outage counts towards a surge.
        ...(notice.kind === 'new_ticket'
          ? incidentFeature.onNewTicket(notice.ticket, notice.text, notice.contact?.userId, notice.ticket.createdAt)
          : []),
      ],
      personOf: (contact) => store.contacts.linked(contact).map((c) => c.id),
      handoffs: store.handoffs,
      handoffIdleMs: config.handoffIdleHours * 60 * 60_000,
    });
    const reader = createTopicReader({ matcher, intents: faq.intents });
    const recentTexts = (ctx: DeskContext, limit: number) => store.inbound.recentTexts(ctx.msg.channel, ctx.msg.chatId, limit);
    const isStaffGroup = (ctx: DeskContext) => staff.isStaffGroup(ctx.msg.channel, ctx.msg.chatId);
    const surveyFeature = createSurveyFeature({
      content: surveyContent,
      survey: store.survey,
      contacts: store.contacts,
      periodKind: config.survey.period,
      timeZone: config.timeZone,
      population: config.survey.population,
      inviteAfterTicket: config.survey.inviteAfterTicket,
      isAdmin: (ctx) => staff.identify(ctx.msg.channel, ctx.msg.userId, ctx.contact)?.role === 'admin',
      isStaffGroup,
      channelRunning: staff.channelRunning,
      log,
    });
    const ticketFeature = createTicketFeature({
      surveyInvite: surveyFeature.inviteAfterTicket,
      tickets,
      categories,
      history: store.tickets,
      ticketOfReply: store.outbox.ticketOfSent,
      timeZone: config.timeZone,
      classify: reader.classify,
      recentTexts,
      isStaffGroup,
      trackingLine: createTrackingLine(config.web.publicUrl, store.ticketTokens),
      // "/tiket layar putih saat upload penawaran" files itself under the category its words and its
      // FAQ topics suggest (tickets/category-guess.ts); nothing found: the default.
      guessCategory: createCategoryGuesser({
        categories: categories.list,
        intents: faq.intents,
        normalise: createNormaliser(faq.lexicon),
        match: reader.match,
      }).guess,
    });
    // The FAQ's greeting intents show the main menu, which the router assembles from all features.
    const menu: Router['menu'] = (ctx) => router.menu(ctx);
    const faqFeature = createFaqFeature({
      matcher: reader,
      intents: faq.intents,
      faq: store.faq,
      recentTexts,
      menu,
      ticketOffer: TICKET_OFFER,
      ticketOfferFor: (id) => {
        const category = categories.byId(id);
        return category ? ticketChoice.choice(category.label, 'kat', category.id) : undefined;
      },
      actions: { ...ticketIntentActions(ticketFeature), subscribe: subscribeIntentAction },
    });
    const reportsFeature = createReportsFeature({
      repo: store.periodReport,
      isAdmin: (ctx) => staff.identify(ctx.msg.channel, ctx.msg.userId, ctx.contact)?.role === 'admin',
      timeZone: config.timeZone,
    });
    const periodReport = reportsFeature.commands?.['laporanberkala'];
    const staffFeature = createStaffFeature({
      registry: staff,
      tickets,
      records: store.tickets,
      staff: store.staff,
      contacts: store.contacts,
      ticketOfReply: store.outbox.ticketOfSent,
      filesReach,
      report: store,
      broadcast: createBroadcast({
        contacts: store.contacts,
        channelRunning: staff.channelRunning,
        log,
        announcements: store.announcements,
        sitePublishes: config.web.port !== undefined,
      }),
      sitePublishes: config.web.port !== undefined,
      ...(periodReport ? { periodReport: (ctx: DeskContext, args: string) => periodReport(ctx, args) } : {}),
      incidentSection: (from, to) => renderIncidentReport(store.incidents.inPeriod(from, to)),
      search: store.ticketSearch,
      gaps: { questions: store.faq, normalise: createNormaliser(faq.lexicon) },
      broadcastAudience: () => store.contacts.subscribers().filter((c) => staff.channelRunning(c.channel)).length,
      classify: reader.classify,
      categories,
      calendar,
      intents: faq.intents,
      timeZone: config.timeZone,
      log,
    });
    // An open incident answers questions about its outage before the FAQ's generic answer.
    const incidentFeature = createIncidentFeature({
      incidents: store.incidents,
      registry: staff,
      contacts: store.contacts,
      tickets,
      records: store.tickets,
      match: reader.match,
      fallback: faqFeature.text,
      surge: { count: config.incidents.surgeCount, minutes: config.incidents.surgeMinutes },
      timeZone: config.timeZone,
      log,
    });
    // Order matters for free text: staff replies in a ticket's thread, then the user's ticket
    // follow-ups ("#12 …", replies to a notice), then the FAQ.
    const identity = createLinkFeature({ contacts: store.contacts, codes: store.linkCodes, log, isStaffGroup });
    const router = createRouter([
      staffFeature,
      ticketFeature,
      createAnnouncementsFeature({ contacts: store.contacts, isStaffGroup }),
      identity,
      surveyFeature,
      incidentFeature,
      reportsFeature,
      faqFeature,
    ]);
    const desk = createDesk({
      store,
      router,
      clock,
      log,
      describeTicket: (id) => {
        const ticket = store.tickets.byId(id);
        return ticket && ticketSummary(ticket, categories.byId(ticket.category)?.label ?? ticket.category);
      },
    });
    const reports = createReportDelivery({
      repo: store.periodReport,
      post: (messages) => desk.post(messages),
      transaction: (fn) => store.transaction(fn),
      report: reportDeps({ store, categories, calendar, faq, config, surveyContent: surveyContent ?? null }),
      admins: () =>
        staff
          .list()
          .filter((m) => m.active && m.role === 'admin')
          .map((member) => ({ member, chat: staff.privateChat(member) })),
      clock,
      log,
      timeZone: config.timeZone,
      schedule: config.reportSchedule,
    });
    log.debug({ intents: faq.intents.length, categories: categories.list.length }, 'content loaded');
    const unfilled = unfilledContacts(faq.contacts);
    if (unfilled.length > 0)
      log.warn(
        { keys: unfilled, file: `${config.intentsDir}/${CONTACTS_FILE}` },
        'contact details are still placeholders; answers show them as written',
      );
    return {
      config,
      store,
      router,
      desk,
      faq,
      categories,
      calendar,
      tickets,
      staff,
      matcher,
      surveyContent,
      reports,
      housekeeping: () => {
        const { closed } = desk.apply(() => tickets.autoClose(clock.now()));
        if (closed > 0) log.info({ closed }, 'resolved tickets closed automatically');
      },
      close: () => store.close(),
    };
  } catch (err) {
    store.close();
    throw err;
  }
}
