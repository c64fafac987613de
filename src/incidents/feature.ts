import { texts } from '../core/catalogue.js';
import { canQuoteReply, type OutboundMessage } from '../core/channel.js';
import { choiceCodec } from '../core/choice-id.js';
import type { Contact } from '../core/contact.js';
import type { Logger } from '../core/log.js';
import { choiceHandler, reply, type CommandHandler, type DeskContext, type Feature, type TextHandler } from '../core/router.js';
import { excerpt } from '../core/text.js';
import { formatDateTime } from '../core/time.js';
import type { MatchResult } from '../faq/types.js';
import type { StaffMember } from '../staff/member.js';
import type { StaffRegistry } from '../staff/registry.js';
import type { ContactsRepo } from '../store/contacts.js';
import type { IncidentsRepo } from '../store/incidents.js';
import type { TicketsRepo } from '../store/tickets.js';
import { ratingChoices } from '../tickets/notices.js';
import type { Actor, TicketService } from '../tickets/service.js';
import type { Ticket } from '../tickets/ticket.js';
import { parseIncidentCommand, type IncidentCommand } from './commands.js';
import { DEFAULT_OWNER, incidentLabel, type Incident, type IncidentOwner, type IncidentSystem } from './incident.js';
import { isActiveIncident, nextIncidentStatus } from './lifecycle.js';
import { OUTAGE_TOPICS, systemOf } from './systems.js';

const x = texts.incidents;
const LIST_LIMIT = 15;
/** Past this a message is a report of its own, not a question the matcher should judge. */
const MAX_QUESTION_CHARS = 1_000;

/** The surge notice's one-tap button: `insiden:buat:<surge id>`. */
export const incidentChoice = choiceCodec('insiden', { buat: ['int'] });

export interface IncidentFeatureDeps {
  incidents: IncidentsRepo;
  registry: Pick<StaffRegistry, 'identify' | 'noticeTargets' | 'channelRunning' | 'isStaffGroup'>;
  contacts: Pick<ContactsRepo, 'byId' | 'subscribers'>;
  tickets: Pick<TicketService, 'changeStatus' | 'note' | 'reopenDays'>;
  records: Pick<TicketsRepo, 'byId'>;
  /** The FAQ matcher: which topic a message is about. */
  match: (text: string) => MatchResult;
  /** What the desk answers otherwise (the FAQ): the message that raises a surge notice is still answered. */
  fallback?: TextHandler;
  surge: { count: number; minutes: number };
  timeZone: string;
  log: Logger;
}

/**
 * Incidents (issue 16): staff commands (`/insiden`), the incident's status for users asking about
 * an outage while it is active, surge notices to staff, and one message to everyone when resolved.
 */
export interface IncidentFeature extends Feature {
  /**
   * For the ticket service's new-ticket hook (inside its transaction): links a ticket about an
   * active incident's outage to it, or counts it towards the surge; returns staff notices, if any.
   */
  onNewTicket(
    ticket: { id: number; contactId: number; channel: Contact['channel'] },
    description: string,
    userId: string | undefined,
    now: Date,
  ): OutboundMessage[];
}

export function createIncidentFeature(deps: IncidentFeatureDeps): IncidentFeature {
  const { incidents, registry, contacts, log } = deps;
  const when = (d: Date) => formatDateTime(d, deps.timeZone);
  const windowMs = deps.surge.minutes * 60_000;
  const systemName = (s: IncidentSystem) => x.systemNames[s];
  const ownerName = (o: IncidentOwner) => x.ownerNames[o];

  /** An outage topic, answered or offered first: "texts the matcher judges alike". */
  function outageTopic(text: string): boolean {
    if (text === '' || text.length > MAX_QUESTION_CHARS) return false;
    const result = deps.match(text);
    if (result.decision === 'answer') return result.intent !== null && OUTAGE_TOPICS.has(result.intent);
    return result.decision === 'suggest' && OUTAGE_TOPICS.has(result.suggestions[0]?.id ?? '');
  }

  function userStatus(ctx: DeskContext, incident: Incident): OutboundMessage {
    const latest = incidents
      .events(incident.id)
      .filter((e) => e.kind === 'update')
      .at(-1);
    return reply(
      ctx,
      x.userStatus({
        title: incident.title,
        since: when(incident.startedAt),
        system: systemName(incident.system),
        owner: ownerName(incident.owner),
        national: incident.owner !== 'biro',
        ref: incident.externalRef ?? undefined,
        monitoring: incident.status === 'monitoring',
        update: latest?.text ?? undefined,
        updateAt: latest ? when(latest.at) : undefined,
      }),
    );
  }

  /**
   * A report counted towards the system's surge: the staff notice when this report makes a new
   * surge (once per surge), else nothing.
   */
  function countReport(contactId: number, system: IncidentSystem, now: Date): OutboundMessage[] {
    incidents.recordReport(system, contactId, now);
    const since = new Date(now.getTime() - windowMs);
    const reporters = incidents.reporters(system, since).length;
    const last = incidents.lastSurge(system);
    if (last && last.lastAt.getTime() >= since.getTime()) {
      incidents.extendSurge(last.id, Math.max(last.reporters, reporters), now);
      return [];
    }
    if (reporters < deps.surge.count) return [];
    const surge = incidents.startSurge(system, reporters, now);
    log.info({ system, reporters, surgeId: surge.id }, 'incident surge noticed');
    const text = x.surgeNotice({ count: reporters, what: x.defaultTitle(systemName(system)), minutes: deps.surge.minutes });
    return registry.noticeTargets().map((target) => ({
      ...target,
      text,
      choices: [incidentChoice.choice(x.surgeButton, 'buat', surge.id)],
      dedupeKey: `incident-surge:${surge.id}:${target.channel}:${target.chatId}`,
    }));
  }

  /**
   * A new ticket: one about an active incident's outage is linked to it (its user is told when it
   * is resolved); one about an outage with no incident counts towards the surge.
   */
  function onNewTicket(
    ticket: { id: number; contactId: number; channel: Contact['channel'] },
    description: string,
    userId: string | undefined,
    now: Date,
  ): OutboundMessage[] {
    const body = description.trim();
    if (!outageTopic(body)) return [];
    const contact = contacts.byId(ticket.contactId);
    if (userId !== undefined && registry.identify(ticket.channel, userId, contact)) return [];
    const system = systemOf(body);
    const incident = incidents.active(system);
    if (!incident) return countReport(ticket.contactId, system, now);
    if (incidents.linkTicket(incident.id, ticket.id, now)) {
      incidents.addEvent(incident.id, 'link', `#${ticket.id}`, null, now);
      log.info({ incidentId: incident.id, ticketId: ticket.id }, 'incident: new ticket linked');
    }
    return [];
  }

  function text(ctx: DeskContext): OutboundMessage[] | null {
    const { msg } = ctx;
    if (registry.isStaffGroup(msg.channel, msg.chatId)) return null;
    const body = msg.text.trim();
    if (!outageTopic(body)) return null;
    // Staff trying the desk out are neither affected users nor a surge.
    if (registry.identify(msg.channel, msg.userId, ctx.contact)) return null;
    const system = systemOf(body);
    const incident = incidents.active(system);
    if (incident) {
      if (incidents.addUser(incident.id, ctx.contact.id, ctx.now))
        log.info({ incidentId: incident.id, contactId: ctx.contact.id }, 'incident: affected user added');
      return [userStatus(ctx, incident)];
    }
    const notices = countReport(ctx.contact.id, system, ctx.now);
    // The user is still answered (by the FAQ) when their message raises the surge notice.
    return notices.length === 0 ? null : [...(deps.fallback?.(ctx) ?? []), ...notices];
  }

  /** Messages to contacts, one per contact and purpose (the dedupe key keeps a retry from doubling it). */
  function toContacts(ids: Iterable<number>, text: string, key: string): OutboundMessage[] {
    const out: OutboundMessage[] = [];
    for (const id of new Set(ids)) {
      const c = contacts.byId(id);
      if (!c || !registry.channelRunning(c.channel)) continue;
      out.push({ channel: c.channel, chatId: c.chatId, text, dedupeKey: `${key}:${c.id}`, bulk: true });
    }
    return out;
  }

  function ticketUsers(incident: Incident): number[] {
    return incidents.ticketIds(incident.id).flatMap((id) => {
      const t = deps.records.byId(id);
      return t ? [t.contactId] : [];
    });
  }

  function open(
    ctx: DeskContext,
    member: StaffMember,
    input: { title: string; system: IncidentSystem; owner: IncidentOwner; announce: boolean },
    surgeId?: number,
  ): OutboundMessage[] {
    const active = input.system === 'other' ? undefined : incidents.active(input.system);
    if (active) return [reply(ctx, x.alreadyActive(incidentLabel(active.id), active.title))];
    const now = ctx.now;
    const incident = incidents.open({ title: input.title, system: input.system, owner: input.owner, staffId: member.id }, now);
    // Those who reported the outage in the surge (or lately) are affected: they are told when it is resolved.
    const surge = surgeId !== undefined ? incidents.surgeById(surgeId) : incidents.lastSurge(input.system);
    const live = surge && surge.incidentId === null && now.getTime() - surge.lastAt.getTime() <= windowMs;
    if (surge && (live || surgeId !== undefined)) incidents.surgeIncident(surge.id, incident.id);
    const since = new Date((live ? surge.startedAt.getTime() : now.getTime()) - windowMs);
    for (const id of input.system === 'other' ? [] : incidents.reporters(input.system, since))
      incidents.addUser(incident.id, id, now);
    const label = incidentLabel(incident.id);
    const announced = input.announce
      ? toContacts(
          contacts.subscribers().map((c: Contact) => c.id),
          x.opened({ title: incident.title, system: systemName(incident.system), owner: ownerName(incident.owner) }),
          `incident:${incident.id}:opened`,
        )
      : [];
    log.info(
      { staffId: member.id, incidentId: incident.id, system: incident.system, announced: announced.length },
      'incident opened',
    );
    return [
      reply(
        ctx,
        x.openedConfirm({
          label,
          title: incident.title,
          system: systemName(incident.system),
          owner: ownerName(incident.owner),
          users: incidents.userIds(incident.id).length,
          announced: announced.length,
        }),
      ),
      ...announced,
    ];
  }

  function list(ctx: DeskContext): OutboundMessage[] {
    const all = incidents.list(LIST_LIMIT);
    const lines = all.map((i) =>
      x.listLine({
        label: incidentLabel(i.id),
        status: x.statusNames[i.status],
        system: systemName(i.system),
        owner: ownerName(i.owner),
        title: excerpt(i.title, 80),
        since: when(i.startedAt),
        users: incidents.userIds(i.id).length,
      }),
    );
    return [reply(ctx, [x.listHeader(all.length), ...lines, '', x.usage].join('\n'))];
  }

  function view(ctx: DeskContext, incident: Incident): OutboundMessage[] {
    const ticketIds = incidents.ticketIds(incident.id);
    const head = x.detail({
      label: incidentLabel(incident.id),
      title: incident.title,
      status: x.statusNames[incident.status],
      system: systemName(incident.system),
      owner: ownerName(incident.owner),
      ref: incident.externalRef ?? undefined,
      since: when(incident.startedAt),
      until: incident.endedAt ? when(incident.endedAt) : undefined,
      users: incidents.userIds(incident.id).length,
      tickets: ticketIds.length > 0 ? ticketIds.map((id) => `#${id}`).join(' ') : '—',
    });
    const history = incidents
      .events(incident.id)
      .map((e) => x.historyLine(when(e.at), x.eventNames[e.kind], e.text ? excerpt(e.text, 160) : undefined));
    return [reply(ctx, [head, '', ...history].join('\n'))];
  }

  /**
   * The one message to a chat whose tickets were resolved with the incident: the incident's text,
   * the tickets by number, how to reopen them, and the rating question (for the oldest unrated one:
   * a chat is asked once; the others are asked again with their closing notice).
   */
  function resolvedWithTickets(incident: Incident, text: string, tickets: Ticket[]): OutboundMessage {
    const sorted = [...tickets].sort((a, b) => a.id - b.id);
    const first = sorted[0]!;
    const toRate = sorted.find((t) => t.rating === null);
    const ids = sorted.map((t) => t.id);
    const body = x.resolvedTickets({
      title: incident.title,
      text,
      ids,
      days: deps.tickets.reopenDays,
      quote: canQuoteReply(first.channel),
    });
    return {
      channel: first.channel,
      chatId: first.chatId,
      text: toRate ? `${body}\n\n${ids.length > 1 ? x.rateTicket(toRate.id) : texts.tickets.rating.ask}` : body,
      dedupeKey: `incident:${incident.id}:resolved:${first.contactId}`,
      // A reply to it is a message on the ticket only when there is just one to mean.
      ...(sorted.length === 1 ? { ticketId: first.id, replyTarget: true } : {}),
      ...(toRate ? { choices: ratingChoices(toRate.id) } : {}),
    };
  }

  function resolve(
    ctx: DeskContext,
    member: StaffMember,
    incident: Incident,
    text: string,
    keepTickets: boolean,
  ): OutboundMessage[] {
    const label = incidentLabel(incident.id);
    const now = ctx.now;
    const actor: Actor = { kind: 'staff', id: String(member.id) };
    incidents.update(incident.id, { status: 'resolved', endedAt: now, resolution: text });
    incidents.addEvent(incident.id, 'resolved', text, member.id, now);
    const messages: OutboundMessage[] = [];
    // The linked tickets each chat had resolved with the incident: that chat hears it in one message
    // naming them all (not one ticket notice each, nor an incident notice besides).
    const byChat = new Map<string, Ticket[]>();
    const linked = incidents.ticketIds(incident.id);
    for (const ticketId of linked) {
      if (keepTickets) {
        messages.push(...(deps.tickets.note(ticketId, actor, x.ticketResolvedNote(label), now).messages ?? []));
        continue;
      }
      const outcome = deps.tickets.changeStatus(ticketId, 'resolve', actor, { text }, now);
      if (!outcome.ok) continue;
      const t = outcome.ticket;
      // What the change tells the ticket's own chat is replaced by that one message; anything else stays.
      messages.push(...outcome.messages.filter((m) => m.channel !== t.channel || m.chatId !== t.chatId));
      const key = `${t.channel}:${t.chatId}`;
      byChat.set(key, [...(byChat.get(key) ?? []), t]);
    }
    const told = new Set<number>();
    const ticketNotices = [...byChat.values()].map((tickets) => {
      for (const t of tickets) told.add(t.contactId);
      return resolvedWithTickets(incident, text, tickets);
    });
    const recipients = [...incidents.userIds(incident.id), ...ticketUsers(incident)].filter((id) => !told.has(id));
    const notices = [
      ...ticketNotices,
      ...toContacts(recipients, x.resolved({ title: incident.title, text }), `incident:${incident.id}:resolved`),
    ];
    log.info(
      { staffId: member.id, incidentId: incident.id, recipients: notices.length, tickets: linked.length },
      'incident resolved',
    );
    return [
      reply(ctx, x.resolvedConfirm({ label, users: notices.length, tickets: linked.length, kept: keepTickets })),
      ...messages,
      ...notices,
    ];
  }

  function execute(ctx: DeskContext, member: StaffMember, command: IncidentCommand): OutboundMessage[] {
    if (command.name === 'list') return list(ctx);
    if (command.name === 'open') {
      const system = command.system ?? 'spse';
      return open(ctx, member, {
        title: command.title,
        system,
        owner: command.owner ?? DEFAULT_OWNER[system],
        announce: command.announce,
      });
    }
    const incident = incidents.byId(command.id);
    const label = incidentLabel(command.id);
    if (!incident) return [reply(ctx, x.notFound(label))];
    if (command.name === 'view') return view(ctx, incident);
    if (!isActiveIncident(incident.status)) return [reply(ctx, x.alreadyResolved(label))];
    const now = ctx.now;
    switch (command.name) {
      case 'info': {
        const event = incidents.addEvent(incident.id, 'update', command.text, member.id, now);
        const out = toContacts(
          [...incidents.userIds(incident.id), ...ticketUsers(incident)],
          x.update({ title: incident.title, text: command.text }),
          `incident:${incident.id}:update:${event.id}`,
        );
        return [reply(ctx, x.updateSent(label, out.length)), ...out];
      }
      case 'ref':
        incidents.update(incident.id, { externalRef: command.ref });
        incidents.addEvent(incident.id, 'ref', command.ref, member.id, now);
        return [reply(ctx, x.refSet(label, command.ref))];
      case 'link': {
        const missing = command.ticketIds.filter((id) => !deps.records.byId(id));
        if (missing.length > 0) return [reply(ctx, x.linkMissing(missing.map((id) => `#${id}`).join(' ')))];
        const actor: Actor = { kind: 'staff', id: String(member.id) };
        const messages: OutboundMessage[] = [];
        for (const ticketId of command.ticketIds) {
          if (!incidents.linkTicket(incident.id, ticketId, now)) continue;
          incidents.addEvent(incident.id, 'link', `#${ticketId}`, member.id, now);
          messages.push(...(deps.tickets.note(ticketId, actor, x.ticketLinked(label, incident.title), now).messages ?? []));
        }
        return [reply(ctx, x.linked(label, command.ticketIds.map((id) => `#${id}`).join(' '))), ...messages];
      }
      case 'monitor': {
        const next = nextIncidentStatus(incident.status, 'monitor');
        if (!next) return [reply(ctx, x.notAllowed(label, x.statusNames[incident.status]))];
        incidents.update(incident.id, { status: next });
        incidents.addEvent(incident.id, 'monitoring', null, member.id, now);
        return [reply(ctx, x.monitoringSet(label))];
      }
      case 'resolve':
        return resolve(ctx, member, incident, command.text, command.keepTickets);
    }
  }

  /** Only configured staff; every refusal and every command is logged (no personal data). */
  function staffOnly(ctx: DeskContext, action: string, run: (member: StaffMember) => OutboundMessage[]): OutboundMessage[] {
    const member = registry.identify(ctx.msg.channel, ctx.msg.userId, ctx.contact);
    if (!member) {
      log.warn({ channel: ctx.msg.channel, userId: ctx.msg.userId, command: 'insiden' }, 'staff command refused: not staff');
      return [reply(ctx, texts.staff.notStaff)];
    }
    log.info({ staffId: member.id, command: 'insiden', action }, 'staff command');
    return run(member);
  }

  const command: CommandHandler = (ctx, args) => {
    // Parsed only for staff: a stranger learns nothing about the command's shape.
    return staffOnly(ctx, args.split(/\s+/)[0] ?? '', (member) => {
      const parsed = parseIncidentCommand(args);
      if (!parsed.ok) {
        if (parsed.error === 'system') return [reply(ctx, x.unknownSystem(parsed.value))];
        if (parsed.error === 'owner') return [reply(ctx, x.unknownOwner(parsed.value))];
        return [reply(ctx, x.usage)];
      }
      return execute(ctx, member, parsed.command);
    });
  };

  return {
    name: 'incidents',
    onNewTicket,
    commands: { insiden: command, incident: command },
    choices: choiceHandler(incidentChoice, (ctx, choice) =>
      staffOnly(ctx, 'buat', (member) => {
        const surge = incidents.surgeById(choice.args[0]);
        if (!surge) return [reply(ctx, x.surgeExpired)];
        if (surge.incidentId !== null) return [reply(ctx, x.surgeTaken(incidentLabel(surge.incidentId)))];
        const system = surge.system;
        return open(
          ctx,
          member,
          { title: x.defaultTitle(systemName(system)), system, owner: DEFAULT_OWNER[system], announce: false },
          surge.id,
        );
      }),
    ),
    text,
  };
}
