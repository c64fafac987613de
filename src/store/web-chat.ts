import type { Choice } from '../core/channel.js';
import type { Db } from './db.js';
import { clientOf, rowReader } from './fast.js';
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
  };
}
