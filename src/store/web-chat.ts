import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Choice } from '../core/channel.js';
import type { Db } from './db.js';
import { webMessages, webSessions, type WebChatFile } from './schema.js';

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
}

export function createWebChatRepo(db: Db): WebChatRepo {
  const insert = (values: typeof webMessages.$inferInsert) =>
    db.insert(webMessages).values(values).onConflictDoNothing().returning().get();
  return {
    createSession(id, now) {
      db.insert(webSessions).values({ id, createdAt: now, lastSeenAt: now }).onConflictDoNothing().run();
    },
    hasSession: (id) => db.select({ id: webSessions.id }).from(webSessions).where(eq(webSessions.id, id)).get() !== undefined,
    touchSession(id, now) {
      db.update(webSessions).set({ lastSeenAt: now }).where(eq(webSessions.id, id)).run();
    },
    addInbound(sessionId, clientId, msg, now) {
      const row = insert({
        sessionId,
        direction: 'in',
        text: msg.text,
        choices: msg.choices?.length ? msg.choices : null,
        files: msg.files?.length ? msg.files : null,
        clientId,
        createdAt: now,
      });
      if (row) return { row, created: true };
      const stored = db
        .select()
        .from(webMessages)
        .where(and(eq(webMessages.sessionId, sessionId), eq(webMessages.clientId, clientId)))
        .get()!;
      return { row: stored, created: false };
    },
    addOutbound(sessionId, outboxId, msg, now) {
      const row = insert({
        sessionId,
        direction: 'out',
        text: msg.text,
        choices: msg.choices?.length ? msg.choices : null,
        files: msg.files?.length ? msg.files : null,
        outboxId: outboxId ?? null,
        createdAt: now,
      });
      if (row) return { row, created: true };
      const stored = db.select().from(webMessages).where(eq(webMessages.outboxId, outboxId!)).get()!;
      return { row: stored, created: false };
    },
    history: (sessionId, afterId, limit) =>
      db
        .select()
        .from(webMessages)
        .where(and(eq(webMessages.sessionId, sessionId), gt(webMessages.id, afterId)))
        .orderBy(asc(webMessages.id))
        .limit(limit)
        .all(),
    latest(sessionId, limit) {
      const rows = db
        .select()
        .from(webMessages)
        .where(eq(webMessages.sessionId, sessionId))
        .orderBy(sql`${webMessages.id} desc`)
        .limit(limit)
        .all();
      return rows.reverse();
    },
    message: (sessionId, id) =>
      db
        .select()
        .from(webMessages)
        .where(and(eq(webMessages.sessionId, sessionId), eq(webMessages.id, id)))
        .get(),
  };
}
