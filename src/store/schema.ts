import { sql } from 'drizzle-orm';
import { ATTACHMENT_KINDS, CHANNELS, type Attachment, type Choice, type OutboundFile } from '../core/channel.js';
import type { Contact } from '../core/contact.js';
import { STAFF_ROLES, type StaffMember } from '../staff/member.js';
import { ACTOR_KINDS, TICKET_STATUSES, type Ticket, type TicketAttachment, type TicketEventRow } from '../tickets/ticket.js';
import {
  INCIDENT_EVENT_KINDS,
  INCIDENT_OWNERS,
  INCIDENT_STATUSES,
  INCIDENT_SYSTEMS,
  type Incident,
  type IncidentEvent,
  type IncidentSurge,
} from '../incidents/incident.js';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/*
 * Times are stored as integer milliseconds since the epoch (drizzle's timestamp_ms), so ordering
 * and arithmetic are plain integer operations and SQLite never guesses a time zone.
 */
const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull();

/** A person who talks to the desk, one row per channel identity. */
export const contacts = sqliteTable(
  'contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    userId: text('user_id').notNull(),
    /** The chat to push notifications to (for Telegram the private chat id, for WhatsApp the JID). */
    chatId: text('chat_id').notNull(),
    displayName: text('display_name'),
    phone: text('phone'),
    /** An e-mail address the person left for staff (the web chat's form); never logged. */
    email: text('email'),
    subscribed: integer('subscribed', { mode: 'boolean' }).notNull().default(false),
    personId: integer('person_id'),
    createdAt: createdAt(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('contacts_channel_user').on(t.channel, t.userId),
    index('contacts_phone').on(t.channel, t.phone),
    index('contacts_person').on(t.personId),
  ],
);

/** One-time codes that link a user's contacts on two channels (`/tautkan`). */
export const linkCodes = sqliteTable('link_codes', {
  code: text('code').primaryKey(),
  contactId: integer('contact_id')
    .notNull()
    .references(() => contacts.id),
  /** The private chat the code was shown in: told when the code is used. */
  chatId: text('chat_id').notNull().default(''),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  createdAt: createdAt(),
});

/** Wrong codes sent, per contact: guessing is cut off after a few. */
export const linkFailures = sqliteTable(
  'link_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: integer('contact_id')
      .notNull()
      .references(() => contacts.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('link_failures_contact').on(t.contactId, t.at)],
);

/** Every inbound delivery, recorded once: the unique index turns a redelivery into a no-op. */
export const inboundMessages = sqliteTable(
  'inbound_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    externalId: text('external_id').notNull(),
    chatId: text('chat_id').notNull(),
    userId: text('user_id').notNull(),
    text: text('text').notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
    handledAt: integer('handled_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('inbound_channel_external').on(t.channel, t.externalId),
    // A chat's latest messages (the question before "Buat tiket", "none of these").
    index('inbound_chat').on(t.channel, t.chatId, t.id),
  ],
);

/** Where a chat is in a multi-step dialog; JSON so each flow owns its own shape. */
export const dialogState = sqliteTable(
  'dialog_state',
  {
    channel: text('channel', { enum: CHANNELS }).notNull(),
    chatId: text('chat_id').notNull(),
    state: text('state', { mode: 'json' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.chatId] })],
);

/** A ticket's id is its public number #N. */
export const tickets = sqliteTable(
  'tickets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: integer('contact_id')
      .notNull()
      .references(() => contacts.id),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    chatId: text('chat_id').notNull(),
    category: text('category').notNull(),
    description: text('description').notNull(),
    status: text('status', { enum: TICKET_STATUSES }).notNull().default('new'),
    contactName: text('contact_name'),
    company: text('company'),
    assigneeStaffId: integer('assignee_staff_id').references(() => staff.id),
    externalParty: text('external_party'),
    externalRef: text('external_ref'),
    firstResponseDueAt: integer('first_response_due_at', { mode: 'timestamp_ms' }),
    resolutionDueAt: integer('resolution_due_at', { mode: 'timestamp_ms' }),
    firstRespondedAt: integer('first_responded_at', { mode: 'timestamp_ms' }),
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
    /** Set while the ticket waits on the user: that time is added back to the SLA due times. */
    waitingSince: integer('waiting_since', { mode: 'timestamp_ms' }),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    rating: integer('rating'),
    ratingComment: text('rating_comment'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('tickets_contact').on(t.contactId),
    index('tickets_status').on(t.status, t.createdAt),
    // The period report: a period's tickets, and their first-response times without reading the rows.
    index('tickets_created').on(t.createdAt, t.firstRespondedAt),
    // The period report's counts over a long period, read from the index alone and already in its
    // groups' order (no sort): every column the report's aggregate looks at.
    index('tickets_report').on(
      t.category,
      t.status,
      t.createdAt,
      t.firstRespondedAt,
      t.firstResponseDueAt,
      t.resolvedAt,
      t.closedAt,
      t.resolutionDueAt,
      t.externalParty,
      t.rating,
    ),
  ],
);

/** Append-only history of a ticket: who did what, when, from which status to which. */
export const ticketEvents = sqliteTable(
  'ticket_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    actorKind: text('actor_kind', { enum: ACTOR_KINDS }).notNull(),
    actorId: text('actor_id'),
    kind: text('kind').notNull(),
    fromStatus: text('from_status', { enum: TICKET_STATUSES }),
    toStatus: text('to_status', { enum: TICKET_STATUSES }),
    text: text('text'),
  },
  (t) => [index('ticket_events_ticket').on(t.ticketId, t.at)],
);

/** Files sent with a ticket, kept by platform reference (never downloaded unless needed). */
export const ticketAttachments = sqliteTable(
  'ticket_attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    kind: text('kind', { enum: ATTACHMENT_KINDS }).notNull(),
    ref: text('ref').notNull(),
    fileName: text('file_name'),
    mimeType: text('mime_type'),
    messageRef: text('message_ref'),
    chatRef: text('chat_ref'),
    createdAt: createdAt(),
  },
  (t) => [index('ticket_attachments_ticket').on(t.ticketId)],
);

export const staff = sqliteTable(
  'staff',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    userId: text('user_id').notNull(),
    role: text('role', { enum: STAFF_ROLES }).notNull().default('agent'),
    displayName: text('display_name'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('staff_channel_user').on(t.channel, t.userId)],
);

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Messages to send, written in the same transaction as the change that caused them; the
 * dispatcher delivers them. A row stays `pending` until the channel confirms it.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    chatId: text('chat_id').notNull(),
    text: text('text').notNull(),
    choices: text('choices', { mode: 'json' }).$type<Choice[]>(),
    replyToRef: text('reply_to_ref'),
    dedupeKey: text('dedupe_key'),
    /** The ticket this message is about, so a user's reply to it can be filed on that ticket. */
    ticketId: integer('ticket_id'),
    /** The ticket as channels may show it (OutboundMessage.ticket), captured when queued. */
    ticketTitle: text('ticket_title'),
    ticketClosed: integer('ticket_closed', { mode: 'boolean' }),
    replyTarget: integer('reply_target', { mode: 'boolean' }).notNull().default(false),
    /** 0: a person's conversation; 1: bulk (announcements), sent when no conversation waits. */
    priority: integer('priority').notNull().default(0),
    attachments: text('attachments', { mode: 'json' }).$type<Attachment[]>(),
    /** Files the desk made to send with the message (OutboundMessage.files). */
    files: text('files', { mode: 'json' }).$type<OutboundFile[]>(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    sentRef: text('sent_ref'),
    createdAt: createdAt(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('outbox_due').on(t.status, t.channel, t.nextAttemptAt),
    index('outbox_chat').on(t.channel, t.chatId, t.id),
    // due(): is an earlier row of this chat still pending? Only pending rows, not the chat's history.
    index('outbox_chat_pending')
      .on(t.channel, t.chatId, t.id)
      .where(sql`${t.status} = 'pending'`),
    // A reply quotes the platform's id of our message: find which ticket it was about.
    index('outbox_sent_ref').on(t.channel, t.sentRef),
    uniqueIndex('outbox_dedupe')
      .on(t.dedupeKey)
      .where(sql`${t.dedupeKey} IS NOT NULL`),
  ],
);

/** Questions the FAQ could not answer: the FAQ-gap report. */
export const unmatchedQuestions = sqliteTable(
  'unmatched_questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    contactId: integer('contact_id').references(() => contacts.id),
    question: text('question').notNull(),
    bestIntent: text('best_intent'),
    bestScore: real('best_score'),
    createdAt: createdAt(),
  },
  // The period report counts a period's questions.
  (t) => [index('unmatched_questions_created').on(t.createdAt)],
);

/** "Apakah jawaban ini membantu?" answers, per intent. */
export const faqFeedback = sqliteTable(
  'faq_feedback',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    intentId: text('intent_id').notNull(),
    contactId: integer('contact_id').references(() => contacts.id),
    helpful: integer('helpful', { mode: 'boolean' }).notNull(),
    question: text('question'),
    createdAt: createdAt(),
  },
  (t) => [index('faq_feedback_intent').on(t.intentId), index('faq_feedback_created').on(t.createdAt)],
);

/** Telegram forum topic of a ticket in the staff group (one topic per ticket). */
export const telegramTopics = sqliteTable(
  'telegram_topics',
  {
    ticketId: integer('ticket_id')
      .primaryKey()
      .references(() => tickets.id),
    chatId: text('chat_id').notNull(),
    threadId: integer('thread_id').notNull(),
    closed: integer('closed', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('telegram_topics_thread').on(t.chatId, t.threadId)],
);

/**
 * Small facts the desk learnt at run time and must keep across restarts (the staff group's new id
 * after Telegram upgraded it to a supergroup, a staff group that refuses the bot), by key.
 */
export const deskState = sqliteTable('desk_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/**
 * Parts of a Telegram album being collected, recorded as they arrive (Telegram counts them
 * delivered at the next poll): after a crash the album is completed from here on restart.
 */
export const telegramAlbumParts = sqliteTable(
  'telegram_album_parts',
  {
    chatId: text('chat_id').notNull(),
    messageId: integer('message_id').notNull(),
    mediaGroupId: text('media_group_id').notNull(),
    updateId: integer('update_id').notNull(),
    /** The Bot API Message, as received. */
    message: text('message', { mode: 'json' }).notNull(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.chatId, t.messageId] }), index('telegram_album_parts_group').on(t.chatId, t.mediaGroupId)],
);

/**
 * Baileys' auth state (creds and signal keys), as JSON written with Baileys' BufferJSON, so the
 * WhatsApp session lives and is backed up with the rest of the desk.
 */
export const whatsappAuth = sqliteTable(
  'whatsapp_auth',
  {
    category: text('category').notNull(),
    id: text('id').notNull(),
    value: text('value').notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.category, t.id] })],
);

/**
 * A chat in conversation with staff on a ticket: staff wrote to the user there (a reply, a
 * question, "/tunggu"), so the user's plain messages go to the ticket instead of the FAQ until the
 * ticket is solved or the conversation has been quiet too long. One row per chat and ticket.
 */
export const handoffs = sqliteTable(
  'handoffs',
  {
    channel: text('channel', { enum: CHANNELS }).notNull(),
    chatId: text('chat_id').notNull(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    /** When staff last wrote to the user on it: of several, the newest wins. */
    staffAt: integer('staff_at', { mode: 'timestamp_ms' }).notNull(),
    /** When either side last wrote: the conversation lapses after a quiet spell. */
    activeAt: integer('active_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.chatId, t.ticketId] }), index('handoffs_ticket').on(t.ticketId)],
);

/**
 * IKM survey responses: one per respondent per period (`respondent` is `p:<person>` or
 * `c:<contact>` for the chat, `i:<import>:<row>` for an imported file). Reports read only the
 * answers, never who gave them.
 */
export const SURVEY_SOURCES = ['chat', 'import'] as const;
export const surveyResponses = sqliteTable(
  'survey_responses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    period: text('period').notNull(),
    respondent: text('respondent').notNull(),
    source: text('source', { enum: SURVEY_SOURCES }).notNull(),
    importId: integer('import_id'),
    /** Answers to the optional profile questions, by question id. */
    profile: text('profile', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    /** Every item was offered (answered or skipped); only complete responses are counted. */
    complete: integer('complete', { mode: 'boolean' }).notNull().default(false),
    /** The date the respondent answered (the import's `tanggal`; the day of submission in the chat). */
    answeredOn: text('answered_on'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('survey_responses_period_respondent').on(t.period, t.respondent)],
);

/** One row per item offered: both scores null is a skipped item. */
export const surveyAnswers = sqliteTable(
  'survey_answers',
  {
    responseId: integer('response_id').notNull(),
    itemCode: text('item_code').notNull(),
    performance: integer('performance'),
    importance: integer('importance'),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.itemCode] })],
);

/** Every imported file, so the same file is not imported twice. */
export const surveyImports = sqliteTable(
  'survey_imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    rows: integer('rows').notNull(),
    importedAt: integer('imported_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('survey_imports_sha256').on(t.sha256)],
);

/** Who was invited to the survey in a period (after a closed ticket, or by an admin's invitation). */
export const surveyInvitations = sqliteTable(
  'survey_invitations',
  {
    period: text('period').notNull(),
    respondent: text('respondent').notNull(),
    reason: text('reason').notNull(),
    invitedAt: integer('invited_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.period, t.respondent] })],
);

/*
 * The domain defines its records; these checks fail to compile when a table and its record drift
 * apart (a column added to one and not the other), in either direction.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(_: T) => undefined;
same<Same<typeof contacts.$inferSelect, Contact>>(true);
same<Same<typeof tickets.$inferSelect, Ticket>>(true);
same<Same<typeof ticketEvents.$inferSelect, TicketEventRow>>(true);
same<Same<typeof ticketAttachments.$inferSelect, TicketAttachment>>(true);
same<Same<typeof staff.$inferSelect, StaffMember>>(true);

/**
 * Links to a ticket's public tracking page (/tiket/<token>): 256 random bits each, shown only to the
 * ticket's own chat. Revoking one sets `revokedAt`; the next link asked for is a new token.
 */
export const ticketTokens = sqliteTable(
  'ticket_tokens',
  {
    token: text('token').primaryKey(),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    createdAt: createdAt(),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('ticket_tokens_ticket').on(t.ticketId)],
);

/** Announcements sent with /siaran, as published on the microsite's /pengumuman and its feed. */
export const announcements = sqliteTable(
  'announcements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    text: text('text').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('announcements_created').on(t.createdAt)],
);

/** Incidents (`I-N`): one outage of a system many users hit, its owner and its reference there. */
export const incidents = sqliteTable(
  'incidents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    system: text('system', { enum: INCIDENT_SYSTEMS }).notNull(),
    owner: text('owner', { enum: INCIDENT_OWNERS }).notNull(),
    status: text('status', { enum: INCIDENT_STATUSES }).notNull(),
    externalRef: text('external_ref'),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    resolution: text('resolution'),
    openedByStaffId: integer('opened_by_staff_id').references(() => staff.id),
  },
  (t) => [index('incidents_status').on(t.status, t.system), index('incidents_started').on(t.startedAt)],
);

/** An incident's append-only history: opening, updates, reference, links, status changes. */
export const incidentEvents = sqliteTable(
  'incident_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    kind: text('kind', { enum: INCIDENT_EVENT_KINDS }).notNull(),
    text: text('text'),
    staffId: integer('staff_id').references(() => staff.id),
  },
  (t) => [index('incident_events_incident').on(t.incidentId, t.id)],
);

/** Tickets staff linked to an incident: their users are told when it is resolved. */
export const incidentTickets = sqliteTable(
  'incident_tickets',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    ticketId: integer('ticket_id')
      .notNull()
      .references(() => tickets.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.ticketId] }), index('incident_tickets_ticket').on(t.ticketId)],
);

/** Users who asked about an incident while it was active: each is told once when it is resolved. */
export const incidentUsers = sqliteTable(
  'incident_users',
  {
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id),
    contactId: integer('contact_id')
      .notNull()
      .references(() => contacts.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.contactId] })],
);

/** Messages about a system's outage (FAQ topic of the outage kind), for surge detection. */
export const incidentReports = sqliteTable(
  'incident_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    system: text('system', { enum: INCIDENT_SYSTEMS }).notNull(),
    contactId: integer('contact_id')
      .notNull()
      .references(() => contacts.id),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('incident_reports_system_at').on(t.system, t.at)],
);

/** Surges staff were told about: a surge is noticed once, however long it goes on. */
export const incidentSurges = sqliteTable(
  'incident_surges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    system: text('system', { enum: INCIDENT_SYSTEMS }).notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    lastAt: integer('last_at', { mode: 'timestamp_ms' }).notNull(),
    reporters: integer('reporters').notNull(),
    incidentId: integer('incident_id').references(() => incidents.id),
  },
  (t) => [index('incident_surges_system').on(t.system, t.lastAt)],
);

same<Same<typeof incidents.$inferSelect, Incident>>(true);
same<Same<typeof incidentEvents.$inferSelect, IncidentEvent>>(true);
same<Same<typeof incidentSurges.$inferSelect, IncidentSurge>>(true);
/**
 * Period reports (src/reports) to send or sent to a chat: asked by an admin (`/laporanberkala`) or
 * due by REPORT_SCHEDULE. The dedupe key makes a scheduled report go once per period and admin, so
 * a missed run is sent once when the desk starts again, never twice.
 */
export const REPORT_DELIVERY_STATUSES = ['pending', 'sent', 'failed'] as const;
export const reportDeliveries = sqliteTable(
  'report_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    period: text('period').notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    chatId: text('chat_id').notNull(),
    reason: text('reason', { enum: ['request', 'schedule'] }).notNull(),
    dedupeKey: text('dedupe_key'),
    status: text('status', { enum: REPORT_DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    requestedAt: integer('requested_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    index('report_deliveries_status').on(t.status, t.id),
    uniqueIndex('report_deliveries_dedupe')
      .on(t.dedupeKey)
      .where(sql`${t.dedupeKey} IS NOT NULL`),
  ],
);

/**
 * Web chat sessions (src/channels/web): one per browser, no login. `id` is a hash of the random
 * token in the browser's cookie, so the database never holds a cookie that would open a session.
 */
export const webSessions = sqliteTable('web_sessions', {
  id: text('id').primaryKey(),
  createdAt: createdAt(),
  lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
  /**
   * The highest web_messages id an open page of the session has shown (rendered, streamed or
   * fetched): a desk message above it has not been seen. Only ever raised.
   */
  seenThrough: integer('seen_through').notNull().default(0),
  /** The highest web_messages id already mailed to the session's contact e-mail (src/channels/web/mail.ts). */
  mailedThrough: integer('mailed_through').notNull().default(0),
});

export const WEB_MESSAGE_DIRECTIONS = ['in', 'out'] as const;

/** A file shown in the web chat: a user's upload (`path`) or a file the desk sent (`path` or base64 `data`). */
export interface WebChatFile {
  kind: 'photo' | 'document';
  fileName: string;
  mimeType?: string | undefined;
  path?: string | undefined;
  data?: string | undefined;
  caption?: string | undefined;
}

/**
 * The conversation of a web chat session as its pages show it, in order: what the person sent
 * (`in`, once per client id, so a retried POST is not doubled) and what the desk delivered (`out`,
 * once per outbox row, so a retried delivery is not doubled). Its id is the SSE event id.
 */
export const webMessages = sqliteTable(
  'web_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id')
      .notNull()
      .references(() => webSessions.id),
    direction: text('direction', { enum: WEB_MESSAGE_DIRECTIONS }).notNull(),
    text: text('text').notNull(),
    choices: text('choices', { mode: 'json' }).$type<Choice[]>(),
    files: text('files', { mode: 'json' }).$type<WebChatFile[]>(),
    clientId: text('client_id'),
    outboxId: integer('outbox_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('web_messages_session').on(t.sessionId, t.id),
    uniqueIndex('web_messages_client')
      .on(t.sessionId, t.clientId)
      .where(sql`${t.clientId} IS NOT NULL`),
    uniqueIndex('web_messages_outbox')
      .on(t.outboxId)
      .where(sql`${t.outboxId} IS NOT NULL`),
  ],
);
