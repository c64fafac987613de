import { texts } from '../core/catalogue.js';
import { reply, type CommandHandler, type DeskContext, type Feature } from '../core/router.js';
import type { PeriodReportRepo } from '../store/period-report.js';
import { datesPeriod, namedPeriod } from './period.js';

export interface ReportsFeatureDeps {
  repo: Pick<PeriodReportRepo, 'requestDelivery'>;
  isAdmin: (ctx: DeskContext) => boolean;
  timeZone: string;
}

/**
 * `/laporanberkala <periode>` for admins: the period report as PDF and XLSX documents in this chat.
 * The command records the request in the same transaction as its reply; the files are made and
 * sent a moment later (src/reports/delivery.ts). `/laporan [hari]` (the text summary) stays the
 * staff feature's.
 */
export function createReportsFeature(deps: ReportsFeatureDeps): Feature {
  const t = texts.periodReport.chat;
  const command: CommandHandler = (ctx, args) => {
    if (!deps.isAdmin(ctx)) return [reply(ctx, texts.staff.adminOnly)];
    const words = args.trim().split(/\s+/).filter(Boolean);
    const period =
      words.length === 1
        ? namedPeriod(words[0]!, deps.timeZone)
        : words.length === 2
          ? datesPeriod(words[0]!, words[1]!, deps.timeZone)
          : undefined;
    if (!period) return [reply(ctx, t.usage)];
    if (period.from > ctx.now) return [reply(ctx, t.future)];
    deps.repo.requestDelivery(
      { period: period.key, channel: ctx.msg.channel, chatId: ctx.msg.chatId, reason: 'request', dedupeKey: null },
      ctx.now,
    );
    return [reply(ctx, t.preparing(period.firstDay, period.lastDay))];
  };
  return { name: 'reports', commands: { laporanberkala: command } };
}
