import { texts } from '../core/catalogue.js';
import type { Clock } from '../core/clock.js';
import type { ChannelName } from '../core/channel.js';
import type { Logger } from '../core/log.js';
import { CONVERSATION_GROUP } from '../faq/feature.js';
import type { Matcher } from '../faq/matcher.js';
import type { Intent, IntentOwner } from '../faq/types.js';
import { computeReport, type ReportSources } from '../staff/report.js';
import type { AnnouncementsRepo, Announcement } from '../store/announcements.js';
import type { FaqRepo } from '../store/faq.js';
import type { TicketTokensRepo } from '../store/ticket-tokens.js';
import type { TicketsRepo } from '../store/tickets.js';
import type { Categories } from '../tickets/categories.js';
import type { WorkingCalendar } from '../tickets/sla.js';
import type { Ticket, TicketEventRow } from '../tickets/ticket.js';

/** The figures on /transparansi cover this many days. */
export const TRANSPARENCY_DAYS = 30;
/** Past this a search is a report, not a question (as in the chat). */
export const MAX_QUERY_CHARS = 300;
const HOME_TOPICS = 6;
const RELATED = 4;
const SEARCH_RESULTS = 3;

/** The site's searches are FAQ gaps like the chat's, recorded under the web channel's name. */
const WEB_SOURCE: ChannelName = 'web';

/** The latest IKM (the survey issue supplies it); the page keeps a marked slot until then. */
/** What the public may know of an incident: no reporter, no staff, no linked ticket. */
export interface PublicIncident {
  label: string;
  title: string;
  system: string;
  owner: string;
  status: string;
  startedAt: Date;
  externalRef: string | null;
}

export interface IkmFigure {
  index: number;
  grade: string;
  period: string;
}

export interface SiteLinks {
  telegramUrl: string | undefined;
  whatsappUrl: string | undefined;
  publicUrl: string | undefined;
}

/** What the microsite reads: only these ports, never the whole Store. */
export interface SiteDeps {
  intents: readonly Intent[];
  categories: Categories;
  matcher: Matcher;
  calendar: WorkingCalendar;
  faq: Pick<FaqRepo, 'recordUnmatched' | 'feedbackSummary' | 'periodStats'>;
  tickets: Pick<
    TicketsRepo,
    'byId' | 'events' | 'byStatus' | 'lastEvent' | 'createdBetween' | 'periodFigures' | 'firstResponses'
  >;
  tokens: Pick<TicketTokensRepo, 'ticketOf'>;
  announcements: Pick<AnnouncementsRepo, 'latest'>;
  /** True when the database answers. */
  ping: () => boolean;
  latestIkm?: () => IkmFigure | undefined;
  /** Incidents not yet resolved (SPSE or the e-katalog down for everyone), newest first. */
  openIncidents?: () => PublicIncident[];
  links: SiteLinks;
  timeZone: string;
  clock: Clock;
  log: Logger;
}

export interface Topic {
  id: string;
  title: string;
  group: string;
  owner: IntentOwner;
}

export interface TopicGroup {
  id: string;
  label: string;
  topics: Topic[];
}

export interface SearchOutcome {
  query: string;
  results: Topic[];
  tooLong: boolean;
}

export interface PublicEvent {
  at: Date;
  label: string;
  text: string | null;
}

export interface TicketView {
  id: number;
  category: string;
  status: string;
  created: Date;
  due: { kind: 'response' | 'resolution'; at: Date } | undefined;
  description: string;
  history: PublicEvent[];
}

export interface Transparency {
  days: number;
  groups: Array<{ label: string; topics: Topic[] }>;
  categories: Array<{ label: string; owner: IntentOwner; firstResponseMinutes: number }>;
  opened: number;
  onTime: { pct: number; onTime: number; measured: number } | undefined;
  resolved: number;
  escalations: Array<{ party: string; count: number; longestHours: number }>;
  ikm: IkmFigure | undefined;
}

const topicOf = (i: Intent): Topic => ({ id: i.id, title: i.title, group: i.group, owner: i.owner });
const groupLabel = (group: string) => texts.web.group[group] ?? group.charAt(0).toUpperCase() + group.slice(1);

/** The site's view of the desk's content and records. Pure reads, except that a failed search is recorded as a gap. */
export function createSite(deps: SiteDeps) {
  // Greetings and "buat tiket" are chat moves, not help pages.
  const published = deps.intents.filter((i) => i.group !== CONVERSATION_GROUP);
  const byId = new Map(published.map((i) => [i.id, i]));
  const groupOrder = [...new Set(published.map((i) => i.group))];

  function groups(): TopicGroup[] {
    return groupOrder.map((g) => ({
      id: g,
      label: groupLabel(g),
      topics: published.filter((i) => i.group === g).map(topicOf),
    }));
  }

  /** The topics asked about most (answer feedback counts), then the content's own order. */
  function popular(limit = HOME_TOPICS): Topic[] {
    const asked = deps.faq
      .feedbackSummary()
      .map((f) => byId.get(f.intentId))
      .filter((i): i is Intent => i !== undefined);
    // Then the groups' first topics, then their second ones…: every group shows early.
    const byGroup = groupOrder.map((g) => published.filter((i) => i.group === g));
    const depth = Math.max(0, ...byGroup.map((l) => l.length));
    const interleaved = Array.from({ length: depth }, (_, k) => byGroup.flatMap((l) => (l[k] ? [l[k]] : []))).flat();
    return [...new Set([...asked, ...interleaved])].slice(0, limit).map(topicOf);
  }

  function related(intent: Intent): Topic[] {
    const near = deps.matcher
      .match(intent.title)
      .suggestions.map((s) => byId.get(s.id))
      .filter((i): i is Intent => i !== undefined);
    const sameGroup = published.filter((i) => i.group === intent.group);
    return [...new Set([...near, ...sameGroup])]
      .filter((i) => i.id !== intent.id)
      .slice(0, RELATED)
      .map(topicOf);
  }

  /**
   * The bot's matcher on a question: its answer and candidates (scores never leave here). A
   * question that finds nothing is recorded like a chat question the FAQ could not answer, unless
   * `record` is false (search as you type asks on every pause).
   */
  function search(raw: string, record: boolean): SearchOutcome {
    const query = raw.replace(/\s+/g, ' ').trim();
    if (query.length > MAX_QUERY_CHARS) return { query: query.slice(0, MAX_QUERY_CHARS), results: [], tooLong: true };
    if (query === '') return { query, results: [], tooLong: false };
    const result = deps.matcher.match(query);
    const ids = [...(result.intent ? [result.intent] : []), ...result.suggestions.map((s) => s.id)];
    const results = [...new Set(ids)]
      .map((id) => byId.get(id))
      .filter((i): i is Intent => i !== undefined)
      .slice(0, SEARCH_RESULTS)
      .map(topicOf);
    const worthRecording = !result.smallTalk && query.replace(/[^\p{L}]/gu, '').length >= 4;
    if (results.length === 0 && record && worthRecording) {
      deps.faq.recordUnmatched(
        {
          channel: WEB_SOURCE,
          contactId: null,
          question: query,
          bestIntent: result.nearest?.id ?? result.suggestions[0]?.id ?? null,
          bestScore: result.score,
        },
        deps.clock.now(),
      );
    }
    return { query, results, tooLong: false };
  }

  function ticketView(token: string): TicketView | undefined {
    const id = deps.tokens.ticketOf(token);
    const ticket: Ticket | undefined = id === undefined ? undefined : deps.tickets.byId(id);
    if (!ticket) return undefined;
    const open = ticket.status !== 'resolved' && ticket.status !== 'closed';
    const due =
      !open || ticket.status === 'waiting_user'
        ? undefined
        : !ticket.firstRespondedAt && ticket.firstResponseDueAt
          ? { kind: 'response' as const, at: ticket.firstResponseDueAt }
          : ticket.resolutionDueAt
            ? { kind: 'resolution' as const, at: ticket.resolutionDueAt }
            : undefined;
    return {
      id: ticket.id,
      category: deps.categories.byId(ticket.category)?.label ?? ticket.category,
      status: texts.tickets.status[ticket.status],
      created: ticket.createdAt,
      due,
      description: ticket.description,
      history: deps.tickets.events(ticket.id).flatMap(publicEvent),
    };
  }

  function transparency(): Transparency {
    const now = deps.clock.now();
    const sources: ReportSources = { tickets: deps.tickets, faq: deps.faq };
    const f = computeReport(sources, deps.calendar, TRANSPARENCY_DAYS, now);
    const escalated = deps.tickets.byStatus(['escalated'], 10_000);
    const parties = new Map<string, number[]>();
    for (const t of escalated) {
      const since = deps.tickets.lastEvent(t.id, 'escalate')?.at ?? t.updatedAt;
      const party = t.externalParty ?? 'LKPP/Telkom';
      parties.set(party, [...(parties.get(party) ?? []), now.getTime() - since.getTime()]);
    }
    return {
      days: TRANSPARENCY_DAYS,
      groups: groups().map((g) => ({ label: g.label, topics: g.topics })),
      categories: deps.categories.list.map((c) => ({
        label: c.label,
        owner: c.owner,
        firstResponseMinutes: c.firstResponseMinutes,
      })),
      opened: f.opened,
      onTime:
        f.firstResponseMeasured > 0
          ? {
              pct: Math.round((100 * f.firstResponseOnTime) / f.firstResponseMeasured),
              onTime: f.firstResponseOnTime,
              measured: f.firstResponseMeasured,
            }
          : undefined,
      resolved: f.resolved,
      escalations: [...parties].map(([party, waits]) => ({
        party,
        count: waits.length,
        longestHours: Math.floor(Math.max(...waits) / 3_600_000),
      })),
      ikm: deps.latestIkm?.(),
    };
  }

  return {
    groups,
    popular,
    openIncidents: () => deps.openIncidents?.() ?? [],
    related,
    search,
    ticketView,
    transparency,
    intent: (id: string) => byId.get(id),
    published: () => published,
    announcements: (limit: number): Announcement[] => deps.announcements.latest(limit),
    healthy: () => deps.ping(),
    links: deps.links,
    timeZone: deps.timeZone,
  };
}

export type Site = ReturnType<typeof createSite>;

/**
 * What the user may see of a history row: their ticket's creation, staff replies and status
 * changes, with the staff member reduced to a role. Internal notes, assignments (staff names),
 * ratings and anything unknown are left out.
 */
function publicEvent(e: TicketEventRow): PublicEvent[] {
  const w = texts.web;
  const status = e.toStatus && e.fromStatus !== e.toStatus ? w.eventStatus(texts.tickets.status[e.toStatus]) : undefined;
  switch (e.kind) {
    case 'created':
      return [{ at: e.at, label: w.eventCreated, text: null }];
    case 'reply':
      return [{ at: e.at, label: status ? `${w.eventReply} · ${status}` : w.eventReply, text: e.text }];
    case 'user_message':
    case 'reopened_by_user':
      return [{ at: e.at, label: status ? `${w.eventUserMessage} · ${status}` : w.eventUserMessage, text: e.text }];
    case 'escalate':
      return [{ at: e.at, label: w.eventEscalated(e.text?.split(' ')[0] ?? 'LKPP/Telkom'), text: null }];
    case 'wait':
    case 'resolve':
      return status ? [{ at: e.at, label: status, text: e.text }] : [];
    case 'note':
    case 'assigned':
    case 'rating':
    case 'rating_comment':
      // An assignment that started the ticket still shows the status change, without who.
      return e.kind === 'assigned' && status ? [{ at: e.at, label: status, text: null }] : [];
    default:
      return status ? [{ at: e.at, label: status, text: null }] : [];
  }
}
