import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { CliIo } from '../cli.js';
import type { Config } from '../config.js';
import { systemClock } from '../core/clock.js';
import { openSurveyStore } from '../store/survey.js';
import { loadSurveyContent, type SurveyContent } from './content.js';
import { parseCsv, parseSurveyTable, type TableProblem } from './import.js';
import { periodKindOf, periodOf } from './period.js';
import { periodReport, reportPictures } from './service.js';
import { renderSummary } from './summary.js';

const USAGE = `Usage: npm run cli -- ikm import FILE.csv|FILE.xlsx [--period P]
       npm run -s cli -- ikm report [--period P] [--json] [--png FILE]
  P is a period: 2024, 2024-Q2 or 2024-05 (SURVEY_PERIOD decides the default kind)\n`;

interface Options {
  positional: string[];
  period?: string;
  json: boolean;
  png?: string;
}

function parseOptions(args: string[]): Options | string {
  const out: Options = { positional: [], json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = () => inline ?? args[++i];
    if (flag === '--period') {
      const p = value();
      if (!p || !periodKindOf(p)) return `--period needs a period such as 2024, 2024-Q2 or 2024-05 (got "${p ?? ''}")`;
      out.period = p;
    } else if (flag === '--json') out.json = true;
    else if (flag === '--png') {
      const f = value();
      if (!f) return '--png needs a file name';
      out.png = f;
    } else if (arg.startsWith('--')) return `Unknown option: ${arg}`;
    else out.positional.push(arg);
  }
  return out;
}

function content(config: Config, io: CliIo): SurveyContent | undefined {
  const c = loadSurveyContent(config.intentsDir);
  if (!c) io.stderr.write(`No survey content: ${config.intentsDir}/_survey.yaml is missing\n`);
  return c;
}

/** The cells of the first worksheet of an XLSX file, as text (dates as YYYY-MM-DD). */
async function readXlsx(file: string): Promise<string[][]> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const v = row.getCell(c).value;
      if (v instanceof Date) cells.push(v.toISOString().slice(0, 10));
      else if (v === null || v === undefined) cells.push('');
      else if (typeof v === 'object' && 'result' in v) cells.push(String(v.result ?? ''));
      else if (typeof v === 'object' && 'richText' in v) cells.push(v.richText.map((r) => r.text).join(''));
      else cells.push(String(v));
    }
    rows[n - 1] = cells;
  });
  return Array.from(rows, (r) => r ?? []);
}

const describe = (p: TableProblem) => `row ${p.row}${p.column ? `, column ${p.column}` : ''}: ${p.message}`;

async function importFile(opts: Options, io: CliIo, config: Config): Promise<number> {
  const [file] = opts.positional;
  if (!file) {
    io.stderr.write(USAGE);
    return 2;
  }
  const survey = content(config, io);
  if (!survey) return 1;
  const bytes = readFileSync(file);
  const xlsx = extname(file).toLowerCase() === '.xlsx';
  const rows = xlsx ? await readXlsx(file) : parseCsv(bytes.toString('utf8'));
  const parsed = parseSurveyTable(rows, survey, { period: opts.period, periodKind: config.survey.period });
  if (!parsed.ok) {
    io.stderr.write(`${file}: nothing imported.\n${parsed.problems.map((p) => `  ${describe(p)}`).join('\n')}\n`);
    return 1;
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const store = openSurveyStore(config.databasePath);
  try {
    const seen = store.survey.importBySha(sha256);
    if (seen) {
      io.stderr.write(
        `${file}: nothing imported; the same file was imported on ${seen.importedAt.toISOString()} as ${seen.fileName}.\n`,
      );
      return 1;
    }
    store.transaction(() => store.survey.importFile(basename(file), sha256, parsed.responses, systemClock.now()));
  } finally {
    store.close();
  }
  const periods = new Map<string, number>();
  for (const r of parsed.responses) periods.set(r.period, (periods.get(r.period) ?? 0) + 1);
  io.stdout.write(
    `Imported ${parsed.responses.length} responses from ${file}: ${[...periods].map(([p, n]) => `${p} (${n})`).join(', ')}\n`,
  );
  return 0;
}

async function report(opts: Options, io: CliIo, config: Config): Promise<number> {
  const survey = content(config, io);
  if (!survey) return 1;
  const store = openSurveyStore(config.databasePath);
  try {
    // Without --period: the newest period that has responses, else the current one.
    const period =
      opts.period ?? store.survey.periods().at(-1)?.period ?? periodOf(systemClock.now(), config.survey.period, config.timeZone);
    const result = periodReport(store.survey, survey, period, config.survey.population);
    io.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : `${renderSummary(result).replace(/\*\*|_/g, '')}\n`);
    if (opts.png) {
      const pictures = reportPictures(result);
      const nrrFile = opts.png.replace(/(\.png)?$/i, '-nrr.png');
      writeFileSync(opts.png, pictures.ipa);
      writeFileSync(nrrFile, pictures.nrr);
      io.stderr.write(`Wrote ${opts.png} (IPA diagram) and ${nrrFile} (NRR bars)\n`);
      if (!pictures.fontFound) io.stderr.write('warning: no font found (install fonts-dejavu-core); the pictures have no text\n');
    }
  } finally {
    store.close();
  }
  return 0;
}

/** `ikm import …` and `ikm report …`. */
export async function ikmCommand(args: string[], io: CliIo, config: Config): Promise<number> {
  const [sub, ...rest] = args;
  const opts = parseOptions(rest);
  if (typeof opts === 'string') {
    io.stderr.write(`${opts}\n${USAGE}`);
    return 2;
  }
  if (sub === 'import') return importFile(opts, io, config);
  if (sub === 'report') return report(opts, io, config);
  io.stderr.write(USAGE);
  return 2;
}
