/** The report as JSON, CSV (the ticket rows) and XLSX (one sheet per table), drawn from the JSON. */
import type { PeriodReport } from './compute.js';
import { offsetMs } from './period.js';
import { reportTables, ticketsTable, type Cell, type ColumnFormat } from './tables.js';

export function reportJson(r: PeriodReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

const csvCell = (c: Cell) => {
  const s = c === null ? '' : c instanceof Date ? c.toISOString() : String(c);
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The ticket rows, one per line, with a header; times in ISO 8601 (UTC). */
export function reportCsv(r: PeriodReport): string {
  const table = ticketsTable(r);
  const lines = [table.columns.map((c) => csvCell(c.header)), ...table.rows.map((row) => row.map(csvCell))];
  return lines.map((l) => l.join(',')).join('\r\n') + '\r\n';
}

const NUMBER_FORMAT: Record<ColumnFormat, string | undefined> = {
  text: undefined,
  int: '0',
  dec: '0.00',
  pct: '0.0%',
  date: 'dd/mm/yyyy hh:mm',
};

export async function reportXlsx(r: PeriodReport): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'pbj-frontdesk';
  wb.created = new Date(r.generatedAt);
  // Excel has no time zones: times are written as the bureau's local wall-clock time.
  const local = (d: Date) => new Date(d.getTime() + offsetMs(d.getTime(), r.timeZone));
  for (const table of reportTables(r)) {
    const ws = wb.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = table.columns.map((c, i) => ({
      header: c.header,
      key: `c${i}`,
      width: Math.max(c.format === 'date' ? 18 : 10, c.width ?? 12, c.header.length + 2),
      ...(NUMBER_FORMAT[c.format] ? { style: { numFmt: NUMBER_FORMAT[c.format]! } } : {}),
    }));
    ws.getRow(1).font = { bold: true };
    for (const row of table.rows) ws.addRow(row.map((c) => (c instanceof Date ? local(c) : c)));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
