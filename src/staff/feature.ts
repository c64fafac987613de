import { z } from 'zod';
import { texts, trustMarkdown } from '../core/catalogue.js';
import { choiceCodec } from '../core/choice-id.js';
import { contactReach } from '../core/contact.js';
import type { Logger } from '../core/log.js';
import type { AttachmentKind, ChannelName, OutboundMessage } from '../core/channel.js';
import { choiceHandler, defineFlow, reply, type CommandHandler, type DeskContext, type Feature } from '../core/router.js';
import { excerpt } from '../core/text.js';
import { DAY_MS, formatDateTime } from '../core/time.js';
import type { Normaliser } from '../faq/normalise.js';
import type { MessageKind } from '../faq/reader.js';
import type { FaqRepo } from '../store/faq.js';
import type { TicketSearch } from '../store/ticket-search.js';
import type { Intent } from '../faq/types.js';
import type { Broadcast } from '../announcements/broadcast.js';
import type { ContactsRepo } from '../store/contacts.js';
import type { StaffRepo } from '../store/staff.js';
import type { TicketsRepo } from '../store/tickets.js';
import type { StaffMember as StaffRow } from './member.js';
import { TICKET_STATUSES, type Ticket, type TicketEventRow } from '../tickets/ticket.js';
import type { Categories } from '../tickets/categories.js';
import { OPEN_STATUSES, type TicketStatus } from '../tickets/lifecycle.js';
import type { Actor, Outcome, TicketService } from '../tickets/service.js';
import { slaState, type WorkingCalendar } from '../tickets/sla.js';
import { ADMIN_ONLY, parseStaffCommand, STAFF_COMMAND_WORDS, type StaffCommand, type StaffCommandName } from './commands.js';
import { groupGaps, renderGaps, renderTopGaps } from './gaps.js';
import { computeReport, renderReport, type ReportSources } from './report.js';
import { staffChoice } from './notices.js';
import type { StaffRegistry } from './registry.js';

const s = texts.staff;
const QUEUE_LIMIT = 30;
const SEARCH_LIMIT = 15;
/** One person's open tickets, read whole so the header counts them all (a person holds dozens, not thousands). */
const MINE_LIMIT = 1_000;
/** Unanswered questions read for one `/celah`: a month of a busy desk, bounded. */
const GAP_QUESTIONS_LIMIT = 5_000;
const GAP_GROUPS_SHOWN = 10;

/** `/siaran` waits for "Kirim" here: the text, and who may confirm it. */
const BROADCAST_FLOW = 'staff_broadcast';
const broadcastFlowSchema = z.object({ name: z.literal(BROADCAST_FLOW), staffId: z.number().int(), text: z.string().min(1) });
type BroadcastFlow = z.infer<typeof broadcastFlowSchema>;
const broadcastChoice = choiceCodec('siaran', { kirim: [], batal: [] });
const BROADCAST_WORDS = { send: ['kirim', 'ya', 'kirim sekarang', 'send'], cancel: ['batal', 'batalkan', 'tidak', 'cancel'] };

/** The order `/bantuan` lists the commands in; admin-only ones come after, under their own heading. */
const HELP_ORDER: readonly StaffCommandName[] = [
  'queue',
  'search',
  'view',
  'reply',
  'take',
  'progress',
  'wait',
  'resolve',
  'close',
  'reopen',
  'escalate',
  'note',
  'recategorise',
  'gaps',
  'broadcast',
  'report',
  'staff_list',
];

export interface StaffFeatureDeps {
  registry: StaffRegistry;
  tickets: TicketService;
  /** Ticket records for the queue and the history view. */
  records: Pick<TicketsRepo, 'byId' | 'byStatus' | 'countByStatus' | 'lastEvent' | 'events' | 'attachments' | 'byContact'>;
  /** `/cari` and `/antrian saya`. */
  search: Pick<TicketSearch, 'search' | 'assignedTo'>;
  /** `/celah`: the period's unanswered questions, grouped by the FAQ's own normaliser. */
  gaps: { questions: Pick<FaqRepo, 'unmatchedBetween'>; normalise: Normaliser };
  /** How many subscribers an announcement reaches now: the `/siaran` preview says it before sending. */
  broadcastAudience: () => number;
  /** `/laporan <periode>`: the period report's own command (src/reports), when it is wired. */
  periodReport?: (ctx: DeskContext, args: string) => OutboundMessage[];
  /** The incidents of a period as a report section (src/incidents), for `/laporan`. */
  incidentSection?: (from: Date, to: Date) => string;
  /** The microsite publishes announcements: one may go out with no chat subscriber yet. */
  sitePublishes?: boolean;
  /**
   * What a plain message is (the FAQ's reader). A staff member's small talk in a private chat is
   * answered with the staff hint instead of the FAQ's vendor ticket offer.
   */
  classify?: (text: string) => MessageKind;
  staff: Pick<StaffRepo, 'byId' | 'setDisplayName'>;
  contacts: Pick<ContactsRepo, 'byId'>;
  /**
   * Whether a file sent on one channel can be delivered to a user on another (a Telegram screenshot
   * to a web chat user): the composition root knows the channels. Within one channel only, when absent.
   */
  filesReach?: (from: ChannelName, to: ChannelName, kind?: AttachmentKind) => boolean;
  /** The ticket a reply is about: found by the platform id of the notice replied to. */
  ticketOfReply: (channel: ChannelName, chatId: string, sentRef: string) => number | undefined;
  report: ReportSources;
  broadcast: Broadcast;
  categories: Categories;
  calendar: WorkingCalendar;
  intents: readonly Intent[];
  timeZone: string;
  log: Logger;
}

/**
 * An FAQ answer sent as a reply on a ticket: the user already has a ticket, so the answer's own
 * "Ketik /tiket …" invitations would only confuse them.
 */
export function withoutTicketHints(answer: string): string {
  const out: string[] = [];
  // A step that was only an invitation to /tiket goes with it, and the steps after it close up,
  // so the user never reads an empty "4." or a list that skips a number.
  let dropped = 0;
  for (const raw of answer.split('\n')) {
    const line = raw.replace(/[^.!?\n]*\/tiket\b[^.!?\n]*[.!?]?/g, '').trimEnd();
    const step = /^(\s*)(\d+)\.(\s*)(.*)$/.exec(line);
    if (step) {
      if (step[4]!.trim() === '') {
        dropped++;
        continue;
      }
      out.push(`${step[1]}${Number(step[2]) - dropped}.${step[3]}${step[4]}`);
      continue;
    }
    if (/^\s*[-*]\s*$/.test(line) && raw.trim() !== line.trim()) continue;
    if (line.trim() !== '') dropped = 0;
    out.push(line);
  }
  return out
    .filter((line, i, all) => line.trim() !== '' || (i > 0 && all[i - 1]!.trim() !== ''))
    .join('\n')
    .trim();
}

/** Staff answer, move and escalate tickets from the chat; anyone else is refused and logged. */
export function createStaffFeature(deps: StaffFeatureDeps): Feature {
  const { registry, tickets, records, staff, contacts, categories, calendar, timeZone, log } = deps;
  const intents = new Map(deps.intents.map((i) => [i.id, i]));
  const when = (d: Date | null) => (d ? formatDateTime(d, timeZone) : '—');
  // Staff read "Menunggu tanggapan pengguna": the user's "…Anda" would mean the staff member.
  const statusLabel = (st: TicketStatus) => s.status[st];
  const categoryLabel = (id: string) => categories.byId(id)?.label ?? id;
  const staffName = (m: StaffRow | undefined) => m?.displayName ?? m?.userId ?? s.unknownStaff;
  const filesReach = deps.filesReach ?? ((from: ChannelName, to: ChannelName) => from === to);

  /** Who is asking, or undefined; keeps the staff member's display name fresh. */
  function identify(ctx: DeskContext): StaffRow | undefined {
    const member = registry.identify(ctx.msg.channel, ctx.msg.userId, ctx.contact);
    if (member && ctx.msg.displayName && member.displayName !== ctx.msg.displayName) {
      staff.setDisplayName(member.id, ctx.msg.displayName);
      return { ...member, displayName: ctx.msg.displayName };
    }
    return member;
  }

  function refusal(outcome: Extract<Outcome, { ok: false }>, ticketId: number, command: string): string {
    const status = outcome.ticket ? statusLabel(outcome.ticket.status) : '';
    switch (outcome.reason) {
      case 'not_found':
        return s.notFound(ticketId);
      case 'closed':
        return s.refusedClosed(ticketId);
      case 'same_status':
        return s.refusedSame(ticketId, status);
      case 'window_passed':
        return s.refusedWindow(ticketId);
      case 'not_allowed':
        return s.refusedNotAllowed(ticketId, status, command);
    }
  }

  function queue(ctx: DeskContext, filter: StaffCommand & { name: 'queue' }, member: StaffRow): OutboundMessage[] {
    const statuses: readonly TicketStatus[] =
      filter.filter === 'open' || filter.filter === 'mine'
        ? OPEN_STATUSES
        : filter.filter === 'all'
          ? TICKET_STATUSES
          : [filter.filter];
    const mine = filter.filter === 'mine' ? deps.search.assignedTo(member.id, statuses, MINE_LIMIT) : undefined;
    const list = mine ? mine.slice(0, QUEUE_LIMIT) : records.byStatus(statuses, QUEUE_LIMIT);
    const total = mine ? mine.length : records.countByStatus(statuses);
    const label = s.queueLabels[filter.filter] ?? statusLabel(filter.filter as TicketStatus);
    if (list.length === 0) return [reply(ctx, `${s.queueHeader(label, 0)}\n${s.queueEmpty}`)];
    const minutesSince = (d: Date) => (ctx.now.getTime() - d.getTime()) / 60_000;
    const lines = list.map((t) => {
      if (filter.filter === 'escalated') {
        const since = records.lastEvent(t.id, 'escalate')?.at ?? t.updatedAt;
        return s.escalatedLine({
          id: t.id,
          party: t.externalParty ?? '?',
          ref: t.externalRef ?? undefined,
          waited: s.duration(minutesSince(since)),
        });
      }
      return s.queueLine({
        id: t.id,
        status: statusLabel(t.status),
        category: categoryLabel(t.category),
        age: s.duration(minutesSince(t.createdAt)),
        flag: slaFlag(t, ctx.now),
        assignee: t.assigneeStaffId ? staffName(staff.byId(t.assigneeStaffId)) : undefined,
      });
    });
    const more = total > list.length ? [s.queueMore(total - list.length)] : [];
    return [reply(ctx, [s.queueHeader(label, total), ...lines, ...more].join('\n'))];
  }

  /** The SLA that matters now: first response until someone answered, then resolution. Paused while waiting. */
  function slaFlag(t: Ticket, now: Date): string {
    if (!OPEN_STATUSES.includes(t.status) || t.status === 'waiting_user') return '';
    const category = categories.byId(t.category);
    const firstPending = !t.firstRespondedAt;
    const state = slaState(calendar, {
      dueAt: firstPending ? t.firstResponseDueAt : t.resolutionDueAt,
      doneAt: null,
      now,
      targetMinutes: (firstPending ? category?.firstResponseMinutes : category?.resolutionMinutes) ?? 60,
    });
    return state === 'breached' ? s.slaBreached : state === 'at_risk' ? s.slaAtRisk : '';
  }

  function actorName(e: TicketEventRow): string {
    if (e.actorKind === 'staff') return staffName(e.actorId ? staff.byId(Number(e.actorId)) : undefined);
    if (e.actorKind === 'system') return s.actorSystem;
    return s.actorUser;
  }

  function view(ctx: DeskContext, ticketId: number): OutboundMessage[] {
    const t = records.byId(ticketId);
    if (!t) return [reply(ctx, s.notFound(ticketId))];
    const contact = contacts.byId(t.contactId);
    const head = s.view({
      id: t.id,
      status: statusLabel(t.status),
      category: categories.byId(t.category)?.label ?? t.category,
      // The name the user typed for the ticket beats their chat nickname.
      user: [t.contactName ?? contact?.displayName ?? s.actorUser, t.company].filter(Boolean).join(', '),
      channel: texts.channelNames[t.channel] ?? t.channel,
      reach: contactReach(contact),
      created: when(t.createdAt),
      firstDue: when(t.firstResponseDueAt),
      resolutionDue: when(t.resolutionDueAt),
      assignee: t.assigneeStaffId ? staffName(staff.byId(t.assigneeStaffId)) : undefined,
      external: [t.externalParty, t.externalRef].filter(Boolean).join(' ') || undefined,
      rating: t.rating !== null ? `${t.rating}/4${t.ratingComment ? ` — ${excerpt(t.ratingComment, 200)}` : ''}` : undefined,
      description: excerpt(t.description, 1_000),
      files: records.attachments(t.id).length,
    });
    const history = records.events(t.id).map((e) =>
      s.historyLine({
        at: when(e.at),
        actor: actorName(e),
        what: s.eventNames[e.kind] ?? e.kind,
        text: e.text && e.kind !== 'created' ? excerpt(e.text, 160) : undefined,
      }),
    );
    return [{ ...reply(ctx, [head, '', s.historyHeader, ...history].join('\n')), ticketId: t.id }];
  }

  function recategorise(ctx: DeskContext, actor: Actor, ticketId: number, categoryId: string): OutboundMessage[] {
    const before = records.byId(ticketId);
    if (!before) return [reply(ctx, s.notFound(ticketId))];
    if (!categories.byId(categoryId)) {
      const known = categories.list.map((c) => s.categoryOption(c.id, c.label)).join(', ');
      return [reply(ctx, s.unknownCategory(categoryId, known))];
    }
    const outcome = tickets.recategorise(ticketId, actor, categoryId, ctx.now);
    if (!outcome.ok && outcome.reason === 'same_status')
      return [{ ...reply(ctx, s.sameCategory(ticketId, categoryLabel(categoryId))), ticketId }];
    if (!outcome.ok) return [reply(ctx, refusal(outcome, ticketId, '/kategori'))];
    const t = outcome.ticket;
    // Only this confirmation: the user is not told, their ticket's category is the desk's bookkeeping.
    return [
      {
        ...reply(
          ctx,
          s.recategorised({
            id: t.id,
            from: categoryLabel(before.category),
            to: categoryLabel(t.category),
            firstDue: when(t.firstResponseDueAt),
            resolutionDue: when(t.resolutionDueAt),
          }),
        ),
        ticketId: t.id,
      },
    ];
  }

  function search(ctx: DeskContext, query: string): OutboundMessage[] {
    const found = deps.search.search(query, SEARCH_LIMIT + 1);
    if (found.length === 0) return [reply(ctx, s.search.empty(query))];
    const shown = found.slice(0, SEARCH_LIMIT);
    const lines = shown.map((t) =>
      s.search.line({
        id: t.id,
        status: statusLabel(t.status),
        category: categoryLabel(t.category),
        created: when(t.createdAt),
        user: [t.contactName ?? contacts.byId(t.contactId)?.displayName ?? s.actorUser, t.company].filter(Boolean).join(', '),
        text: excerpt(t.description, 100),
      }),
    );
    const more = found.length > SEARCH_LIMIT;
    return [
      reply(
        ctx,
        [s.search.header(query, shown.length, more), ...lines, ...(more ? [s.search.more(SEARCH_LIMIT)] : [])].join('\n'),
      ),
    ];
  }

  /** `/siaran`: nothing is sent yet; the preview with its recipient count waits for "Kirim". */
  function previewBroadcast(ctx: DeskContext, member: StaffRow, text: string): OutboundMessage[] {
    const audience = deps.broadcastAudience();
    if (audience === 0 && !deps.sitePublishes) return [reply(ctx, s.broadcastNone)];
    const flow: BroadcastFlow = { name: BROADCAST_FLOW, staffId: member.id, text };
    ctx.setFlow(flow);
    return [
      reply(ctx, audience === 0 ? s.broadcastPreviewSiteOnly(text) : s.broadcastPreview(s.broadcastMessage(text), audience), [
        broadcastChoice.choice(s.broadcastSend, 'kirim'),
        broadcastChoice.choice(s.broadcastCancel, 'batal'),
      ]),
    ];
  }

  /** "Kirim" or "Batal" on a pending preview; only the admin who wrote it decides, and only once. */
  function confirmBroadcast(ctx: DeskContext, send: boolean): OutboundMessage[] {
    const member = identify(ctx);
    if (!member) return [reply(ctx, s.notStaff)];
    if (member.role !== 'admin') return [reply(ctx, s.adminOnly)];
    const pending = broadcastFlowSchema.safeParse(ctx.flow);
    if (!pending.success || pending.data.staffId !== member.id) return [reply(ctx, s.broadcastExpired)];
    ctx.setFlow(undefined);
    if (!send) return [reply(ctx, s.broadcastCancelled)];
    log.info({ staffId: member.id, command: 'broadcast' }, 'staff command');
    return deps.broadcast(ctx, member.id, pending.data.text);
  }

  function help(ctx: DeskContext, member: StaffRow): OutboundMessage[] {
    const line = (name: StaffCommandName) => s.help.line(s.usage[name] ?? name, s.help.does[name] ?? '');
    const agent = HELP_ORDER.filter((n) => !ADMIN_ONLY.has(n)).map(line);
    const admin =
      member.role === 'admin' ? ['', s.help.adminHeader, ...HELP_ORDER.filter((n) => ADMIN_ONLY.has(n)).map(line)] : [];
    return [reply(ctx, [s.help.header, ...agent, texts.incidents.helpLine, ...admin, '', s.help.footer].join('\n'))];
  }

  /** A staff member chatting in their private chat, on nothing a ticket or the FAQ answers. */
  function staffSmallTalk(ctx: DeskContext, member: StaffRow): OutboundMessage[] | null {
    const text = ctx.msg.text.trim();
    if (!deps.classify || text === '' || /^#\s*\d/.test(text)) return null;
    // A staff member who is also a vendor with an open ticket may be answering it: the tickets feature decides.
    if (records.byContact(ctx.contact.id, 20).some((t) => OPEN_STATUSES.includes(t.status))) return null;
    if (deps.classify(text) === 'faq') return null;
    return [reply(ctx, s.smallTalk(staffName(member)))];
  }

  // A web chat user has no app that rings: staff should not expect an answer within minutes.
  const webNote = (t: Ticket, text: string) => (t.channel === 'web' ? `${text}\n${s.webReplyNote}` : text);

  function execute(ctx: DeskContext, member: StaffRow, command: StaffCommand, word: string): OutboundMessage[] {
    const actor: Actor = { kind: 'staff', id: String(member.id) };
    // Tagged with the ticket so that, in a forum staff group, the confirmation lands in the ticket's topic.
    const done = (outcome: Outcome, ticketId: number, ok: (t: Ticket) => string): OutboundMessage[] => {
      const text = outcome.ok ? ok(outcome.ticket) : refusal(outcome, ticketId, `/${word}`);
      const { ticket } = outcome;
      return [...(outcome.messages ?? []), { ...reply(ctx, text), ...(ticket ? { ticketId: ticket.id } : {}) }];
    };
    switch (command.name) {
      case 'queue':
        return queue(ctx, command, member);
      case 'view':
        return view(ctx, command.ticketId);
      case 'reply': {
        // Files go along where the user's channel can receive them from this one (a Telegram photo for a web user).
        const target = records.byId(command.ticketId);
        const files = target ? ctx.msg.attachments.filter((a) => filesReach(ctx.msg.channel, target.channel, a.kind)) : [];
        // Staff are told when their files stay behind, so no one believes a screenshot reached the user.
        const left = ctx.msg.attachments.length - files.length;
        const outcome = tickets.reply(command.ticketId, { ...actor, channel: ctx.msg.channel }, command.text, ctx.now, files);
        return done(outcome, command.ticketId, (t) =>
          webNote(
            t,
            left > 0
              ? s.repliedFilesLeft(t.id, left, texts.channelNames[t.channel] ?? t.channel)
              : files.length > 0
                ? s.repliedWithFiles(t.id, files.length)
                : s.replied(t.id),
          ),
        );
      }
      case 'reply_intent': {
        const intent = intents.get(command.intentId);
        if (!intent) return [reply(ctx, s.unknownIntent(command.intentId))];
        return done(
          tickets.reply(command.ticketId, actor, trustMarkdown(withoutTicketHints(intent.answer)), ctx.now),
          command.ticketId,
          (t) => webNote(t, s.replied(t.id)),
        );
      }
      case 'take': {
        const before = records.byId(command.ticketId)?.assigneeStaffId;
        const outcome = tickets.assign(command.ticketId, actor, member.id, ctx.now);
        if (!outcome.ok && outcome.reason === 'same_status')
          return [reply(ctx, s.alreadyTaken(command.ticketId, staffName(member)))];
        // Taking over a colleague's ticket is allowed, but said out loud.
        const previousMember = before && before !== member.id ? staff.byId(before) : undefined;
        const previous = previousMember ? staffName(previousMember) : undefined;
        const messages = done(outcome, command.ticketId, (t) =>
          previous ? s.takenOver(t.id, staffName(member), previous) : s.taken(t.id, staffName(member)),
        );
        // The colleague who had it hears it from the desk, not by finding it gone from their list.
        const address = outcome.ok && previousMember ? registry.privateChat(previousMember) : undefined;
        const here = address && address.channel === ctx.msg.channel && address.chatId === ctx.msg.chatId;
        return address && !here
          ? [
              ...messages,
              { ...address, text: s.takenOverNotice(command.ticketId, staffName(member)), ticketId: command.ticketId },
            ]
          : messages;
      }
      case 'progress':
      case 'wait':
      case 'resolve':
      case 'close':
      case 'reopen': {
        const event = command.name === 'progress' ? 'start' : command.name;
        const text = 'text' in command ? command.text : undefined;
        const outcome = tickets.changeStatus(command.ticketId, event, actor, { text }, ctx.now);
        return done(outcome, command.ticketId, (t) => s.statusChanged(t.id, statusLabel(t.status)));
      }
      case 'escalate': {
        const outcome = tickets.changeStatus(
          command.ticketId,
          'escalate',
          actor,
          { party: command.party, ref: command.ref },
          ctx.now,
        );
        return done(outcome, command.ticketId, (t) => s.escalated(t.id, command.party, command.ref));
      }
      case 'note':
        return done(tickets.note(command.ticketId, actor, command.text, ctx.now), command.ticketId, (t) => s.noted(t.id));
      case 'broadcast':
        return previewBroadcast(ctx, member, command.text);
      case 'recategorise':
        return recategorise(ctx, actor, command.ticketId, command.categoryId);
      case 'search':
        return search(ctx, command.query);
      case 'gaps': {
        const questions = deps.gaps.questions.unmatchedBetween(
          new Date(ctx.now.getTime() - command.days * DAY_MS),
          ctx.now,
          GAP_QUESTIONS_LIMIT,
        );
        return [reply(ctx, renderGaps(groupGaps(questions, deps.gaps.normalise), command.days, GAP_GROUPS_SHOWN))];
      }
      case 'report': {
        // A year of tickets is too much for the asking message's transaction: counted after it.
        const job = () => {
          const since = new Date(ctx.now.getTime() - command.days * DAY_MS);
          const gaps = renderTopGaps(
            deps.gaps.questions.unmatchedBetween(since, ctx.now, GAP_QUESTIONS_LIMIT),
            deps.gaps.normalise,
          );
          const report = renderReport(
            computeReport(deps.report, calendar, command.days, ctx.now),
            command.days,
            categories,
            timeZone,
          );
          const incidents = deps.incidentSection?.(since, ctx.now);
          const sections = [report, ...(incidents ? ['', incidents] : []), ...(gaps.length > 0 ? ['', ...gaps] : [])];
          return [reply(ctx, sections.join('\n'))];
        };
        if (!ctx.defer) return job();
        ctx.defer(job);
        return [];
      }
      case 'staff_list': {
        const lines = registry.list().map((m) =>
          s.staffLine({
            role: texts.roleNames[m.role] ?? m.role,
            channel: texts.channelNames[m.channel] ?? m.channel,
            userId: m.userId,
            name: m.displayName,
            active: m.active,
          }),
        );
        return [reply(ctx, [s.staffListHeader, ...lines].join('\n'))];
      }
    }
  }

  /** Authorises, parses and runs one staff command word. */
  function run(ctx: DeskContext, word: string, args: string): OutboundMessage[] {
    const member = identify(ctx);
    if (!member) {
      log.warn({ channel: ctx.msg.channel, userId: ctx.msg.userId, command: word }, 'staff command refused: not staff');
      return [reply(ctx, s.notStaff)];
    }
    // "/laporan 2026-11" (a month, quarter, year or two dates, not a number of days) is the period
    // report as documents, which its own feature makes.
    if (STAFF_COMMAND_WORDS[word] === 'report' && deps.periodReport && /\d{4}-|^\s*\d{4}\s*$/.test(args))
      return deps.periodReport(ctx, args);
    const parsed = parseStaffCommand(word, args);
    if (!parsed) return [reply(ctx, texts.errors.unknownCommand(`/${word}`))];
    if (!parsed.ok) return [reply(ctx, s.usageLine(s.usage[parsed.name] ?? `/${word}`))];
    if (ADMIN_ONLY.has(parsed.command.name) && member.role !== 'admin') {
      log.warn({ channel: ctx.msg.channel, userId: ctx.msg.userId, command: word }, 'staff command refused: admin only');
      return [reply(ctx, s.adminOnly)];
    }
    log.info(
      {
        staffId: member.id,
        command: parsed.command.name,
        ticketId: 'ticketId' in parsed.command ? parsed.command.ticketId : undefined,
      },
      'staff command',
    );
    return execute(ctx, member, parsed.command, word);
  }

  const commands: Record<string, CommandHandler> = {};
  for (const word of Object.keys(STAFF_COMMAND_WORDS)) commands[word] = (ctx, args) => run(ctx, word, args);

  return {
    name: 'staff',
    commands,
    choices: {
      ...choiceHandler(staffChoice, (ctx, choice) => run(ctx, choice.action, String(choice.args[0]))),
      ...choiceHandler(broadcastChoice, (ctx, choice) => confirmBroadcast(ctx, choice.action === 'kirim')),
    },
    flows: {
      [BROADCAST_FLOW]: defineFlow({
        schema: broadcastFlowSchema,
        lapsedNotice: s.broadcastExpired,
        handle(ctx, state) {
          const word = ctx.msg.text.trim().toLowerCase();
          const member = identify(ctx);
          if (member?.id === state.staffId) {
            if (BROADCAST_WORDS.send.includes(word)) return confirmBroadcast(ctx, true);
            if (BROADCAST_WORDS.cancel.includes(word)) return confirmBroadcast(ctx, false);
          }
          // Anything else is not an answer to the preview: a reply to a ticket still goes to its user,
          // the staff group stays quiet, and in the private chat the preview is recalled.
          return (
            textHandler(ctx) ?? (registry.isStaffGroup(ctx.msg.channel, ctx.msg.chatId) ? [] : [reply(ctx, s.broadcastPick)])
          );
        },
      }),
    },
    help(ctx) {
      const member = identify(ctx);
      return member ? help(ctx, member) : null;
    },
    recordOnly(ctx) {
      const { msg } = ctx;
      const text = texts.staff.noticeOffline({
        user: ctx.contact.displayName ?? msg.displayName ?? s.actorUser,
        channel: texts.channelNames[msg.channel] ?? msg.channel,
        at: when(msg.receivedAt),
        text: msg.text.slice(0, 3_000),
        files: msg.attachments.length,
      });
      return registry.noticeTargets().map((target) => ({ ...target, text }));
    },
    text: textHandler,
  };

  function textHandler(ctx: DeskContext): OutboundMessage[] | null {
    const { msg } = ctx;
    const inStaffGroup = registry.isStaffGroup(msg.channel, msg.chatId);
    const member = identify(ctx);
    if (member) {
      // A staff message tied to a ticket (its forum topic, or a reply to its notice) goes to the user,
      // unless the ticket is their own (a staff member can be a vendor too).
      // A reply is judged by what it replies to, even inside a ticket's topic: only a notice makes it
      // a reply to the user; a reply to a listing, a confirmation or a colleague stays among staff.
      const ticketId = msg.replyToRef ? deps.ticketOfReply(msg.channel, msg.chatId, msg.replyToRef) : msg.ticketId;
      const ticket = ticketId === undefined ? undefined : records.byId(ticketId);
      if (ticket && ticket.contactId !== ctx.contact.id) {
        // Words are needed in a topic: a bare screenshot there may be staff talking among themselves;
        // replying to the notice with one is an explicit "send this to the user".
        const text = msg.text.trim() || (msg.attachments.length > 0 && msg.replyToRef ? s.filesOnly : '');
        if (text !== '') return run(ctx, 'balas', `${ticket.id} ${text}`);
      }
    }
    // The staff group is where staff talk among themselves: the desk stays quiet there.
    if (inStaffGroup) return [];
    return member ? staffSmallTalk(ctx, member) : null;
  }
}
