import type { ImportedResponse } from '../store/survey.js';
import { SCALE_MAX, SCALE_MIN } from './analysis.js';
import type { SurveyContent } from './content.js';
import { isCalendarDate, periodOfDate, type PeriodKind } from './period.js';

/**
 * The bureau's earlier survey, as a table: a header row of `tanggal` (YYYY-MM-DD) and
 * `<code>_k` (performance) / `<code>_h` (importance) columns for item codes of the content, one
 * row per respondent, blank = not answered. Pure: the caller reads the file (CSV or XLSX) into
 * rows of cells. All or nothing: any problem fails the whole table, naming row and column.
 */
export interface TableProblem {
  /** 1-based, the header is row 1. */
  row: number;
  column?: string;
  message: string;
}

export type TableResult = { ok: true; responses: ImportedResponse[] } | { ok: false; problems: TableProblem[] };

/** Enough to fix a file in one pass without drowning the operator. */
const MAX_PROBLEMS = 20;

export function parseSurveyTable(
  rows: readonly (readonly string[])[],
  content: SurveyContent,
  opts: { period?: string | undefined; periodKind: PeriodKind },
): TableResult {
  const problems: TableProblem[] = [];
  const header = (rows[0] ?? []).map((h) => h.trim());
  if (header.length === 0 || header.every((h) => h === ''))
    return { ok: false, problems: [{ row: 1, message: 'no header row' }] };
  const columns: Array<{ name: string; kind: 'date' } | { name: string; kind: 'k' | 'h'; item: string }> = [];
  const seen = new Set<string>();
  for (const name of header) {
    const key = name.toLowerCase();
    if (seen.has(key)) problems.push({ row: 1, column: name, message: 'duplicate column' });
    seen.add(key);
    if (key === 'tanggal') {
      columns.push({ name, kind: 'date' });
      continue;
    }
    const m = /^(.+)_([kh])$/i.exec(name);
    const item = m ? content.byCode(m[1]!) : undefined;
    if (!m || !item) {
      problems.push({ row: 1, column: name, message: 'unknown column: expected tanggal or <item code>_k / <item code>_h' });
      columns.push({ name, kind: 'k', item: '' });
      continue;
    }
    const kind = m[2]!.toLowerCase() as 'k' | 'h';
    if (kind === 'h' && !item.importance)
      problems.push({ row: 1, column: name, message: `item ${item.code} does not ask importance in the survey content` });
    columns.push({ name, kind, item: item.code });
  }
  if (!columns.some((c) => c.kind === 'date')) problems.push({ row: 1, column: 'tanggal', message: 'missing column' });
  if (problems.length > 0) return { ok: false, problems };

  const responses: ImportedResponse[] = [];
  for (const [index, cells] of rows.slice(1).entries()) {
    const row = index + 2;
    if (cells.every((c) => c.trim() === '')) continue;
    if (cells.length > columns.length && cells.slice(columns.length).some((c) => c.trim() !== ''))
      problems.push({ row, message: `more cells than the header has columns (${cells.length} > ${columns.length})` });
    let date = '';
    const answers = new Map<string, { item: string; performance?: number; importance?: number }>();
    for (const [i, column] of columns.entries()) {
      const cell = (cells[i] ?? '').trim();
      if (column.kind === 'date') {
        if (!isCalendarDate(cell))
          problems.push({ row, column: column.name, message: `expected a date YYYY-MM-DD, got "${cell}"` });
        else date = cell;
        continue;
      }
      if (cell === '') continue;
      const value = Number(cell);
      if (!Number.isInteger(value) || value < SCALE_MIN || value > SCALE_MAX) {
        problems.push({
          row,
          column: column.name,
          message: `expected a whole number ${SCALE_MIN}–${SCALE_MAX} or blank, got "${cell}"`,
        });
        continue;
      }
      const a = answers.get(column.item) ?? { item: column.item };
      if (column.kind === 'k') a.performance = value;
      else a.importance = value;
      answers.set(column.item, a);
    }
    if (answers.size === 0) problems.push({ row, message: 'no answers in this row' });
    if (date !== '')
      responses.push({
        period: opts.period ?? periodOfDate(date, opts.periodKind),
        answeredOn: date,
        answers: [...answers.values()],
      });
    if (problems.length >= MAX_PROBLEMS) break;
  }
  if (problems.length > 0) return { ok: false, problems };
  if (responses.length === 0) return { ok: false, problems: [{ row: 2, message: 'no data rows' }] };
  return { ok: true, responses };
}

/**
 * RFC 4180 CSV (quotes, doubled quotes, CRLF), with `,` or `;` as the separator (spreadsheets in
 * an Indonesian locale save with `;`): the header decides which.
 */
export function parseCsv(text: string): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const sep = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === sep) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
