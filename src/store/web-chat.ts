import type { Choice } from '../core/channel.js';
import type { Db } from './db.js';
import { clientOf, limited, rowReader } from './fast.js';
import { webMessages, type WebChatFile } from './schema.js';

export type { WebChatFile };
export type WebMessageRow = typeof webMessages.$inferSelect;

export interface WebMessageInput {
  text: string;
  choices?: Choice[] | undefined;
  files?: WebChatFile[] | undefined;
}

export interface WebChatRepo {
  /** Records a new session (its id is the hash of the browser's token). */
  createSession(id: string, now: Date): void;
  /** True when this session was created by the desk (an id made up by a browser is not one). */
  hasSession(id: string): boolean;
  touchSession(id: string, now: Date): void;
  /**
   * What the person sent, once per client id: a retried POST returns the row stored the first
   * time with `created` false.
   */
  addInbound(sessionId: string, clientId: string, msg: WebMessageInput, now: Date): { row: WebMessageRow; created: boolean };
  /** What the desk delivered, once per outbox row: a retried delivery returns the stored row with `created` false. */
  addOutbound(
    sessionId: string,
    outboxId: number | undefined,
    msg: WebMessageInput,
    now: Date,
  ): { row: WebMessageRow; created: boolean };
  /** The session's messages after `afterId` (0: from the start), oldest first, at most `limit`. */
  history(sessionId: string, afterId: number, limit: number): WebMessageRow[];
  /** The newest `limit` messages of the session, oldest first (what a page shows on load). */
  latest(sessionId: string, limit: number): WebMessageRow[];
  /** One message, only if it belongs to this session. */
  message(sessionId: string, id: number): WebMessageRow | undefined;
  /** The person's message sent under this client id, if any. */
  byClient(sessionId: string, clientId: string): WebMessageRow | undefined;
  /** A page of the session has shown every message up to `throughId` (only ever raises the mark). */
  markSeen(sessionId: string, throughId: number): void;
  /**
   * Sessions whose contact left an e-mail and whose oldest desk message past both marks (seen,
   * mailed) was stored at or before `storedBy`: what the mail job owes, at most `limit`.
   */
  mailDue(storedBy: Date, limit: number): WebMailDue[];
  /** The session's desk messages past `afterId`, oldest first, at most `limit`, with the ticket each is about. */
  unmailed(sessionId: string, afterId: number, limit: number): WebUnmailedMessage[];
  /** The session's messages up to `throughId` were mailed (only ever raises the mark). */
  markMailed(sessionId: string, throughId: number): void;
  /** A session's two marks, for tests and the job's checks. */
  marks(sessionId: string): { seenThrough: number; mailedThrough: number } | undefined;
}

export interface WebMailDue {
  sessionId: string;
  /** The contact's e-mail: personal data, never logged. */
  email: string;
  /** The higher of the two marks: messages above it are owed. */
  after: number;
}

export interface WebUnmailedMessage {
  id: number;
  text: string;
  choices: Choice[];
  /** How many files the message carries (shown on the page, not sent by mail). */
  files: number;
  createdAt: Date;
  ticketId: number | null;
}

export function createWebChatRepo(db: Db): WebChatRepo {
  // Every request and every delivery reads the session and writes a message: raw statements
  // prepared once (fast.ts), since drizzle building each query cost more than the web chat's HTTP.
  const sqlite = clientOf(db);
  const rows = rowReader(db, webMessages);
  const insert = sqlite
    .prepare<unknown[], unknown[]>(
      `insert into web_messages (session_id, direction, text, choices, files, client_id, outbox_id, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning ${rows.columns}`,
    )
    .raw(true);
  const json = (v: unknown[] | undefined) => (v?.length ? JSON.stringify(v) : null);
  const add = (
    sessionId: string,
    direction: 'in' | 'out',
    msg: WebMessageInput,
    clientId: string | null,
    outboxId: number | null,
    now: Date,
  ) => {
    const row = insert.get(sessionId, direction, msg.text, json(msg.choices), json(msg.files), clientId, outboxId, now.getTime());
    return row === undefined ? undefined : rows.decode(row);
  };
  const createSession = sqlite.prepare(
    'insert into web_sessions (id, created_at, last_seen_at) values (?, ?, ?) on conflict do nothing',
  );
  const sessionExists = sqlite.prepare<[string], { one: number }>('select 1 as one from web_sessions where id = ?');
  const touch = sqlite.prepare('update web_sessions set last_seen_at = ? where id = ?');
  const byClient = rows.prepare('where session_id = ? and client_id = ?');
  const byOutbox = rows.prepare('where outbox_id = ?');
  const after = rows.prepareLimited('where session_id = ? and id > ? order by id asc');
  const newest = rows.prepareLimited('where session_id = ? order by id desc');
  const one = rows.prepare('where session_id = ? and id = ?');
  // On every page load, streamed event and history fetch: one indexed update that changes nothing
  // when the mark is already there (a second page of the session, a replayed backlog).
  const seen = sqlite.prepare('update web_sessions set seen_through = ? where id = ? and seen_through < ?');
  const mailed = sqlite.prepare('update web_sessions set mailed_through = ? where id = ? and mailed_through < ?');
  const marksOf = sqlite.prepare<[string], { seenThrough: number; mailedThrough: number }>(
    'select seen_through as seenThrough, mailed_through as mailedThrough from web_sessions where id = ?',
  );
  // From the few contacts that left an e-mail, not from every session: the first unseen desk
  // message of each is found on web_messages_session (session_id, id).
  const due = limited((n) =>
    sqlite.prepare<[number], WebMailDue>(
      `select s.id as sessionId, c.email as email, max(s.seen_through, s.mailed_through) as after
       from contacts c join web_sessions s on s.id = c.user_id
       where c.channel = 'web' and c.email is not null and c.email <> ''
         and (select m.created_at from web_messages m
              where m.session_id = s.id and m.id > max(s.seen_through, s.mailed_through) and m.direction = 'out'
              order by m.id limit 1) <= ?
       order by s.id limit ${n}`,
    ),
  );
  const owed = limited((n) =>
    sqlite.prepare<
      [string, number],
      { id: number; text: string; choices: string | null; files: string | null; createdAt: number; ticketId: number | null }
    >(
      `select m.id as id, m.text as text, m.choices as choices, m.files as files, m.created_at as createdAt, o.ticket_id as ticketId
       from web_messages m left join outbox o on o.id = m.outbox_id
       where m.session_id = ? and m.id > ? and m.direction = 'out'
       order by m.id limit ${n}`,
    ),
  );
  return {
    createSession(id, now) {
      createSession.run(id, now.getTime(), now.getTime());
    },
    hasSession: (id) => sessionExists.get(id) !== undefined,
    touchSession(id, now) {
      touch.run(now.getTime(), id);
    },
    addInbound(sessionId, clientId, msg, now) {
      const row = add(sessionId, 'in', msg, clientId, null, now);
      if (row) return { row, created: true };
      return { row: byClient.get(sessionId, clientId)!, created: false };
    },
    addOutbound(sessionId, outboxId, msg, now) {
      const row = add(sessionId, 'out', msg, null, outboxId ?? null, now);
      if (row) return { row, created: true };
      return { row: byOutbox.get(outboxId!)!, created: false };
    },
    history: (sessionId, afterId, limit) => after.all(limit, sessionId, afterId),
    latest: (sessionId, limit) => newest.all(limit, sessionId).reverse(),
    message: (sessionId, id) => one.get(sessionId, id),
    byClient: (sessionId, clientId) => byClient.get(sessionId, clientId),
    markSeen(sessionId, throughId) {
      seen.run(throughId, sessionId, throughId);
    },
    mailDue: (storedBy, limit) => due(limit).all(storedBy.getTime()),
    unmailed: (sessionId, afterId, limit) =>
      owed(limit)
        .all(sessionId, afterId)
        .map((r) => ({
          id: r.id,
          text: r.text,
          choices: r.choices ? (JSON.parse(r.choices) as Choice[]) : [],
          files: r.files ? (JSON.parse(r.files) as unknown[]).length : 0,
          createdAt: new Date(r.createdAt),
          ticketId: r.ticketId,
        })),
    markMailed(sessionId, throughId) {
      mailed.run(throughId, sessionId, throughId);
    },
    marks: (sessionId) => marksOf.get(sessionId),
  };
}
