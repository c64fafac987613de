import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createApp } from '../app.js';
import type { CliIo } from '../cli.js';
import type { Config } from '../config.js';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../logger.js';
import { datesPeriod, namedPeriod, type ReportPeriod } from './period.js';
import { buildPeriodReport, reportDeps } from './service.js';
import { reportCsv, reportJson, reportXlsx } from './formats.js';
import { reportPdf } from './pdf.js';
import type { PeriodReport } from './compute.js';

export const REPORT_FORMATS = ['pdf', 'xlsx', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const USAGE = `Usage: npm run cli -- report [DAYS]
       npm run cli -- report (--period 2026-11|2026-Q3|2026 | --from YYYY-MM-DD --to YYYY-MM-DD) --format pdf|xlsx|csv|json [--out FILE]
  Without --out the JSON and CSV go to stdout; PDF and XLSX need --out.\n`;

interface Options {
  period?: string;
  from?: string;
  to?: string;
  format: ReportFormat;
  out?: string;
}

export function parseReportOptions(
  args: string[],
  timeZone: string,
): { period: ReportPeriod; format: ReportFormat; out?: string } | string {
  const o: Partial<Options> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith('--')) return `${flag} needs a value`;
    if (flag === '--period') o.period = value;
    else if (flag === '--from') o.from = value;
    else if (flag === '--to') o.to = value;
    else if (flag === '--out') o.out = value;
    else if (flag === '--format') {
      if (!(REPORT_FORMATS as readonly string[]).includes(value))
        return `--format must be one of ${REPORT_FORMATS.join(', ')} (got "${value}")`;
      o.format = value as ReportFormat;
    } else return `Unknown option: ${arg}`;
  }
  let period: ReportPeriod | undefined;
  if (o.period !== undefined) {
    if (o.from !== undefined || o.to !== undefined) return 'Give either --period or --from/--to, not both';
    period = namedPeriod(o.period, timeZone);
    if (!period) return `--period needs a month, quarter or year such as 2026-11, 2026-Q3 or 2026 (got "${o.period}")`;
  } else {
    if (o.from === undefined || o.to === undefined) return 'Give --period, or both --from and --to';
    period = datesPeriod(o.from, o.to, timeZone);
    if (!period) return `--from and --to need real dates YYYY-MM-DD, --from not after --to (got "${o.from}", "${o.to}")`;
  }
  const format = o.format ?? 'json';
  if ((format === 'pdf' || format === 'xlsx') && !o.out) return `--format ${format} needs --out FILE`;
  return { period, format, ...(o.out ? { out: o.out } : {}) };
}

export { reportDeps };

export async function renderReportAs(report: PeriodReport, format: ReportFormat): Promise<Buffer> {
  switch (format) {
    case 'json':
      return Buffer.from(reportJson(report));
    case 'csv':
      return Buffer.from(reportCsv(report));
    case 'xlsx':
      return reportXlsx(report);
    case 'pdf':
      return reportPdf(report);
  }
}

/** `report --period …|--from … --to … --format … --out …`: the periodic report as a file. */
export async function reportCommand(args: string[], io: CliIo, config: Config): Promise<number> {
  const parsed = parseReportOptions(args, config.timeZone);
  if (typeof parsed === 'string') {
    io.stderr.write(`${parsed}\n${USAGE}`);
    return 2;
  }
  // Opening a path that does not exist would create an empty database and report zeros.
  if (config.databasePath !== ':memory:' && !existsSync(config.databasePath)) {
    io.stderr.write(`DATABASE_PATH: no database at ${config.databasePath}. Point DATABASE_PATH at the desk's database.\n`);
    return 2;
  }
  const app = createApp({ config, clock: systemClock, log: silentLogger, syncStaff: false });
  try {
    const report = buildPeriodReport(reportDeps(app), parsed.period, systemClock.now());
    const bytes = await renderReportAs(report, parsed.format);
    if (!parsed.out) io.stdout.write(bytes);
    else {
      writeFileSync(resolve(parsed.out), bytes);
      io.stderr.write(`Report ${parsed.period.key} (${parsed.format}) written to ${resolve(parsed.out)}\n`);
    }
  } finally {
    app.close();
  }
  return 0;
}
