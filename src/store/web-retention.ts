import type { Db } from './db.js';
import { clientOf } from './fast.js';
import type { WebChatFile } from './schema.js';

/** What one session held, counted (the dry run) or deleted (the sweep); never what it said. */
export interface WebSessionFootprint {
  messages: number;
  /** 1 when its contact had a name, e-mail or phone to erase. */
  contactDetails: number;
  /** The upload paths its messages named (deleted from disk after the commit). */
  files: string[];
}

/**
 * The web chat's retention (src/channels/web/retention.ts): which sessions are due, and deleting
 * one. A session is due when it was last seen before the cutoff and its contact has no ticket
 * still open, nor one closed after the cutoff: a person whose ticket staff closed yesterday may
 * come back to read the answer, so the period runs from the later of the two.
 */
export interface WebRetentionRepo {
  /** The sessions due at `cutoff`, least recently seen first: a full scan of web_sessions (once a day). */
  expired(cutoff: Date): string[];
  /** What deleting the session would remove (the dry run), or undefined when it is gone. */
  footprint(sessionId: string): WebSessionFootprint | undefined;
  /**
   * In one transaction, when the session is still due at `cutoff` (the person may have come back
   * since `expired`): deletes its messages and its row, its copies in the inbound record, its dialog
   * and conversations with staff and its outbox rows, and erases its contact's name, e-mail and
   * phone (the contact row and its tickets stay: the reports count them). Undefined when not due.
   */
  prune(sessionId: string, cutoff: Date): WebSessionFootprint | undefined;
  /** The upload files (names inside the session's folder) the session's stored messages name. */
  referencedNames(sessionId: string): Set<string>;
  hasSession(sessionId: string): boolean;
  /**
   * Sessions last seen before `before` in which nothing was ever said or left (a crawler, a link
   * preview, an uptime check each open one): deleted (or, with `dryRun`, counted) in one statement.
   */
  pruneUnused(before: Date, dryRun: boolean): number;
}

const DUE = `s.last_seen_at < @cutoff and not exists (
    select 1 from contacts c join tickets t on t.contact_id = c.id
    where c.channel = 'web' and c.user_id = s.id
      and (t.status <> 'closed' or coalesce(t.closed_at, t.updated_at) >= @cutoff))`;

/** The last part of a stored path, whichever separator wrote it (the data folder may have moved since). */
const baseName = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

export function createWebRetentionRepo(db: Db): WebRetentionRepo {
  const sqlite = clientOf(db);
  const expired = sqlite.prepare<{ cutoff: number }, { id: string }>(
    `select s.id from web_sessions s where ${DUE} order by s.last_seen_at, s.id`,
  );
  const due = sqlite.prepare<{ id: string; cutoff: number }, { one: number }>(
    `select 1 as one from web_sessions s where s.id = @id and ${DUE}`,
  );
  const exists = sqlite.prepare<[string], { one: number }>('select 1 as one from web_sessions where id = ?');
  const fileLists = sqlite.prepare<[string], { files: string }>(
    'select files from web_messages where session_id = ? and files is not null',
  );
  const messageCount = sqlite.prepare<[string], { n: number }>('select count(*) as n from web_messages where session_id = ?');
  const withDetails = sqlite.prepare<[string], { n: number }>(
    `select count(*) as n from contacts where channel = 'web' and user_id = ?
       and (display_name is not null or phone is not null or email is not null)`,
  );
  const deletes = [
    'delete from web_messages where session_id = ?',
    "delete from inbound_messages where channel = 'web' and chat_id = ?",
    "delete from dialog_state where channel = 'web' and chat_id = ?",
    "delete from handoffs where channel = 'web' and chat_id = ?",
    // Pending ones too: the person can no longer see them; one queued later fails at the sender.
    "delete from outbox where channel = 'web' and chat_id = ?",
    'delete from web_sessions where id = ?',
  ].map((q) => sqlite.prepare<[string]>(q));
  const erase = sqlite.prepare<[string]>(
    `update contacts set display_name = null, phone = null, email = null
       where channel = 'web' and user_id = ? and (display_name is not null or phone is not null or email is not null)`,
  );

  const UNUSED = `from web_sessions where last_seen_at < ?
      and not exists (select 1 from web_messages m where m.session_id = web_sessions.id)
      and not exists (select 1 from contacts c where c.channel = 'web' and c.user_id = web_sessions.id)`;
  const unusedCount = sqlite.prepare<[number], { n: number }>(`select count(*) as n ${UNUSED}`);
  const unusedDelete = sqlite.prepare<[number]>(`delete ${UNUSED}`);

  const filesOf = (sessionId: string): string[] =>
    fileLists
      .all(sessionId)
      .flatMap((r) => JSON.parse(r.files) as WebChatFile[])
      .flatMap((f) => (f.path ? [f.path] : []));

  const footprint = (sessionId: string): WebSessionFootprint | undefined =>
    exists.get(sessionId) === undefined
      ? undefined
      : {
          messages: messageCount.get(sessionId)!.n,
          contactDetails: withDetails.get(sessionId)!.n,
          files: filesOf(sessionId),
        };

  const prune = sqlite.transaction((sessionId: string, cutoff: Date): WebSessionFootprint | undefined => {
    if (due.get({ id: sessionId, cutoff: cutoff.getTime() }) === undefined) return undefined;
    const files = filesOf(sessionId);
    const messages = deletes[0]!.run(sessionId).changes;
    for (const stmt of deletes.slice(1)) stmt.run(sessionId);
    const contactDetails = erase.run(sessionId).changes;
    return { messages, contactDetails, files };
  });

  return {
    expired: (cutoff) => expired.all({ cutoff: cutoff.getTime() }).map((r) => r.id),
    footprint,
    prune: (sessionId, cutoff) => prune(sessionId, cutoff),
    referencedNames: (sessionId) => new Set(filesOf(sessionId).map(baseName)),
    hasSession: (sessionId) => exists.get(sessionId) !== undefined,
    pruneUnused: (before, dryRun) => (dryRun ? unusedCount.get(before.getTime())!.n : unusedDelete.run(before.getTime()).changes),
  };
}
