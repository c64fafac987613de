/**
 * Sending period reports to chats: the PDF and the XLSX as documents, the summary paragraph as the
 * PDF's caption. Requests (an admin's `/laporanberkala`, the schedule) are rows of
 * report_deliveries; the files are made outside any transaction (they take a moment), then the
 * message is posted and the row marked sent in one transaction: a report is never sent twice.
 *
 * The schedule (REPORT_SCHEDULE, cron syntax in the bureau's time zone) sends last month's report
 * to every admin. A run missed while the desk was down is caught up at start: when this month's
 * first scheduled time has passed and last month's report was not recorded for an admin, it is
 * recorded now (the dedupe key is the period and the admin).
 */
import { Cron } from 'croner';
import type { OutboundMessage } from '../core/channel.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import { errorMessage } from '../core/errors.js';
import { texts } from '../core/catalogue.js';
import type { StaffMember } from '../staff/member.js';
import type { ChatAddress } from '../staff/registry.js';
import type { PeriodReportRepo } from '../store/period-report.js';
import type { PeriodReport } from './compute.js';
import { reportXlsx } from './formats.js';
import { reportPdf } from './pdf.js';
import { lastMonth, localDate, localMidnight, namedPeriod, datesPeriod, type ReportPeriod } from './period.js';
import { buildPeriodReport, type PeriodReportDeps } from './service.js';

const MAX_ATTEMPTS = 3;
/** How often pending requests are looked for (an admin's request waits at most this long). */
const POLL_MS = 15_000;

export interface ReportDeliveryDeps {
  repo: Pick<PeriodReportRepo, 'requestDelivery' | 'pendingDeliveries' | 'markDelivered' | 'markAttemptFailed'>;
  /** Writes the message to the outbox (desk.post). */
  post(messages: OutboundMessage[]): void;
  transaction<T>(fn: () => T): T;
  report: PeriodReportDeps;
  /** The admins, with their private chats. */
  admins(): Array<{ member: StaffMember; chat: ChatAddress | undefined }>;
  clock: Clock;
  log: Logger;
  timeZone: string;
  schedule?: string | undefined;
}

export interface ReportDelivery {
  /** Sends what is pending; resolves when done (errors are logged and retried). */
  runPending(): Promise<number>;
  /** Records last month's report for every admin when the schedule's time this month has passed. */
  catchUp(now: Date): number;
  /** Starts the schedule and the polling (`onSent` after messages were queued: kick the dispatchers); returns the stop function. */
  start(onSent?: () => void): () => void;
}

/** A period key as stored (`2026-11`, `2026-Q3`, `2026`, `2026-11-01..2026-11-30`). */
export function periodFromKey(key: string, timeZone: string): ReportPeriod | undefined {
  const dates = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(key);
  return dates ? datesPeriod(dates[1]!, dates[2]!, timeZone) : namedPeriod(key, timeZone);
}

export async function reportFiles(report: PeriodReport): Promise<NonNullable<OutboundMessage['files']>> {
  const [pdf, xlsx] = await Promise.all([reportPdf(report), reportXlsx(report)]);
  return [
    {
      kind: 'document',
      fileName: `laporan-helpdesk-${report.period.key}.pdf`,
      mimeType: 'application/pdf',
      data: pdf.toString('base64'),
      caption: report.summary,
    },
    {
      kind: 'document',
      fileName: `laporan-helpdesk-${report.period.key}.xlsx`,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      data: xlsx.toString('base64'),
      caption: texts.periodReport.caption(report.period.key),
    },
  ];
}

export function createReportDelivery(deps: ReportDeliveryDeps): ReportDelivery {
  const { repo, clock, log, timeZone } = deps;
  const cron = deps.schedule ? new Cron(deps.schedule, { timezone: timeZone, paused: true }) : undefined;
  let running: Promise<number> | undefined;

  async function sendAll(): Promise<number> {
    let sent = 0;
    for (const row of repo.pendingDeliveries(20)) {
      try {
        const period = periodFromKey(row.period, timeZone);
        if (!period) throw new Error(`not a period: ${row.period}`);
        const report = buildPeriodReport(deps.report, period, clock.now());
        const files = await reportFiles(report);
        deps.transaction(() => {
          deps.post([{ channel: row.channel, chatId: row.chatId, text: '', files }]);
          repo.markDelivered(row.id, clock.now());
        });
        sent++;
        log.info({ delivery: row.id, period: row.period, reason: row.reason, channel: row.channel }, 'period report sent');
      } catch (err) {
        repo.markAttemptFailed(row.id, errorMessage(err), MAX_ATTEMPTS);
        log.error({ err, delivery: row.id, period: row.period }, 'period report failed');
      }
    }
    return sent;
  }

  const delivery: ReportDelivery = {
    runPending() {
      // One run at a time: a second call waits for the first instead of sending the same rows.
      running ??= sendAll().finally(() => (running = undefined));
      return running;
    },
    catchUp(now) {
      if (!cron) return 0;
      const monthStart = localMidnight(`${localDate(now, timeZone).slice(0, 7)}-01`, timeZone);
      const firstRun = cron.nextRun(new Date(monthStart.getTime() - 1));
      if (!firstRun || firstRun > now) return 0;
      const period = lastMonth(now, timeZone);
      let recorded = 0;
      for (const { member, chat } of deps.admins()) {
        if (!chat) continue;
        const fresh = repo.requestDelivery(
          {
            period: period.key,
            channel: chat.channel,
            chatId: chat.chatId,
            reason: 'schedule',
            dedupeKey: `schedule:${period.key}:${member.channel}:${member.userId}`,
          },
          now,
        );
        if (fresh) recorded++;
      }
      if (recorded > 0) log.info({ period: period.key, admins: recorded }, 'scheduled period report recorded');
      return recorded;
    },
    start(onSent) {
      const send = () =>
        delivery.runPending().then((n) => {
          if (n > 0) onSent?.();
        });
      let timer: TimerHandle | undefined;
      let stopped = false;
      const tick = () => {
        if (stopped) return;
        try {
          delivery.catchUp(clock.now());
        } catch (err) {
          log.error({ err }, 'report schedule failed');
        }
        void send().finally(() => {
          if (!stopped) timer = clock.setTimeout(tick, POLL_MS, { unref: true });
        });
      };
      const job = cron
        ? new Cron(deps.schedule!, { timezone: timeZone, unref: true }, () => {
            delivery.catchUp(clock.now());
            void send();
          })
        : undefined;
      tick();
      return () => {
        stopped = true;
        job?.stop();
        clock.clearTimeout(timer);
      };
    },
  };
  return delivery;
}
