import { Cron } from 'croner';
import { existsSync, readdirSync, rmSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../core/clock.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { WebRetentionRepo } from '../../store/web-retention.js';

const DAY_MS = 86_400_000;
/** Every night at 02:30 (the desk's time zone, Asia/Jakarta): the quietest hour of a helpdesk. */
export const RETENTION_SCHEDULE = '30 2 * * *';
/**
 * An upload no message names is deleted only when it is this old: the file is written just before
 * its message row, so a younger one may be a message being stored right now.
 */
export const ORPHAN_AGE_MS = DAY_MS;
/** A session's upload folder is named by the session id (hub.ts); anything else there is left alone. */
const SESSION_DIR_RE = /^[0-9a-f]{32}$/;

/** What a sweep deleted, or would delete (`dryRun`): counts only, so they can be logged and printed. */
export interface RetentionResult {
  dryRun: boolean;
  sessions: number;
  messages: number;
  /** Contacts whose name, e-mail or phone were erased. */
  contacts: number;
  /** Upload files of the deleted sessions. */
  files: number;
  /** Upload files no message names (a crash between the commit and the delete, an older retried upload). */
  orphans: number;
  /** Sessions opened a day ago or more in which nothing was said (crawlers, link previews). */
  unused: number;
}

export interface WebRetentionDeps {
  repo: WebRetentionRepo;
  /** The web chat's upload folder (`<db dir>/web-uploads`), one folder per session. */
  uploadsDir: string;
  /** WEB_CHAT_RETENTION_DAYS. */
  retentionDays: number;
  clock: Clock;
  log: Logger;
  timeZone: string;
  schedule?: string;
}

export interface WebRetention {
  /**
   * One sweep now: the sessions past the period, then the orphaned uploads. It gives way to the
   * desk's other work after every session (a session is ~1 ms with its commit, so thousands due
   * at once would otherwise hold the web chat and the dispatchers for seconds).
   */
  run(opts?: { dryRun?: boolean; stopped?: () => boolean }): Promise<RetentionResult>;
  /** One sweep as the schedule runs it: logged (counts only), a failure logged rather than thrown. */
  sweep(stopped?: () => boolean): Promise<RetentionResult | undefined>;
  /** The nightly sweep; returns the stop function. */
  start(): () => void;
}

/**
 * Housekeeping of the web chat's personal data: a session unseen for WEB_CHAT_RETENTION_DAYS whose
 * person has no open ticket loses its conversation, its uploads and the contact details left for
 * staff (store/web-retention.ts says exactly what). Each session is one transaction; its files are
 * deleted after the commit, so a crash leaves at most a file no row names (the next sweep's orphan),
 * never a row naming a file that is gone.
 */
export function createWebRetention(deps: WebRetentionDeps): WebRetention {
  const { repo, uploadsDir, clock, log } = deps;

  const filesIn = (dir: string): string[] => {
    try {
      return readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name);
    } catch {
      return [];
    }
  };

  /** Upload files no stored message names and older than a day; a folder left empty without its session goes too. */
  function sweepOrphans(now: Date, dryRun: boolean, counted: Set<string>): number {
    if (!existsSync(uploadsDir)) return 0;
    let orphans = 0;
    for (const entry of readdirSync(uploadsDir, { withFileTypes: true })) {
      // A dry run's due sessions keep their folders; their files are counted with them already.
      if (!entry.isDirectory() || !SESSION_DIR_RE.test(entry.name) || counted.has(entry.name)) continue;
      const dir = join(uploadsDir, entry.name);
      const named = repo.referencedNames(entry.name);
      let left = 0;
      for (const name of filesIn(dir)) {
        const path = join(dir, name);
        let old = false;
        try {
          old = now.getTime() - statSync(path).mtimeMs >= ORPHAN_AGE_MS;
        } catch {
          continue;
        }
        if (named.has(name) || !old) {
          left++;
          continue;
        }
        orphans++;
        if (!dryRun) unlinkSync(path);
      }
      if (!dryRun && left === 0 && !repo.hasSession(entry.name)) {
        try {
          rmdirSync(dir);
        } catch {
          // Not empty after all (a file came meanwhile): the next sweep looks again.
        }
      }
    }
    return orphans;
  }

  async function run(opts: { dryRun?: boolean; stopped?: () => boolean } = {}): Promise<RetentionResult> {
    const dryRun = opts.dryRun === true;
    const now = clock.now();
    const cutoff = new Date(now.getTime() - deps.retentionDays * DAY_MS);
    const result: RetentionResult = { dryRun, sessions: 0, messages: 0, contacts: 0, files: 0, orphans: 0, unused: 0 };
    const counted = new Set<string>();
    for (const id of repo.expired(cutoff)) {
      // The desk is shutting down (its database about to close): the rest waits for the next night.
      if (opts.stopped?.()) return result;
      const done = dryRun ? repo.footprint(id) : repo.prune(id, cutoff);
      if (!done) continue;
      const dir = join(uploadsDir, id);
      const files = filesIn(dir).length;
      if (!dryRun) rmSync(dir, { recursive: true, force: true });
      counted.add(id);
      result.sessions++;
      result.messages += done.messages;
      result.contacts += done.contactDetails;
      result.files += files;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (opts.stopped?.()) return result;
    // Not kept for the period: they hold nothing of anyone, and every page load without a cookie makes one.
    result.unused = repo.pruneUnused(new Date(now.getTime() - DAY_MS), dryRun);
    result.orphans = sweepOrphans(now, dryRun, counted);
    return result;
  }

  async function sweep(stopped?: () => boolean): Promise<RetentionResult | undefined> {
    try {
      const r = await run(stopped ? { stopped } : {});
      log.info({ ...r, retentionDays: deps.retentionDays }, 'web chat retention sweep');
      return r;
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'web chat retention sweep failed');
      return undefined;
    }
  }

  let running: Promise<RetentionResult | undefined> | undefined;
  return {
    run,
    sweep,
    start() {
      let stopped = false;
      const job = new Cron(deps.schedule ?? RETENTION_SCHEDULE, { timezone: deps.timeZone, unref: true }, () => {
        // One sweep at a time: a night's run still going when the next starts is left to finish.
        running ??= sweep(() => stopped).finally(() => (running = undefined));
      });
      return () => {
        stopped = true;
        job.stop();
      };
    },
  };
}
