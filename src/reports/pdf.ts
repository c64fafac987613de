/**
 * The report as a PDF a head of bureau can sign (pdfkit, no browser): A4, the bureau's name and
 * the period on top, the summary paragraph, the tables (breaking across pages with their header
 * repeated), the charts as PNG images rendered from SVG, and "Halaman n dari m" on every page.
 * DejaVu Sans when installed (Indonesian text, dashes), else pdfkit's Helvetica.
 */
import { existsSync } from 'node:fs';
import { texts } from '../core/catalogue.js';
import { ipaChartSvg } from '../survey/charts.js';
import { svgToPng } from '../survey/render.js';
import { chartLabels } from '../survey/summary.js';
import { escalationChartSvg, slaChartSvg, weeklyChartSvg, type ReportChartLabels } from './charts.js';
import type { PeriodReport } from './compute.js';
import { offsetMs } from './period.js';
import { plain, reportTables, type Cell, type Table } from './tables.js';

const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu/', '/usr/share/fonts/dejavu/'];

function fonts(): { regular: string; bold: string } {
  for (const dir of FONT_DIRS) {
    if (existsSync(`${dir}DejaVuSans.ttf`) && existsSync(`${dir}DejaVuSans-Bold.ttf`))
      return { regular: `${dir}DejaVuSans.ttf`, bold: `${dir}DejaVuSans-Bold.ttf` };
  }
  return { regular: 'Helvetica', bold: 'Helvetica-Bold' };
}

const MARGIN = 50;
const FOOTER = 30;

export interface PdfOptions {
  /** Use pdfkit's own Helvetica even when DejaVu is installed (tests of that case). */
  builtinFonts?: boolean;
}

export async function reportPdf(r: PeriodReport, opts: PdfOptions = {}): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const t = texts.periodReport;
  const f = opts.builtinFonts ? { regular: 'Helvetica', bold: 'Helvetica-Bold' } : fonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `${plain(t.title)} ${r.period.key}`, Author: plain(t.bureau) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res, rej) => {
    doc.on('end', () => res());
    doc.on('error', rej);
  });
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - FOOTER;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  const localText = (d: Date) => {
    const l = new Date(d.getTime() + offsetMs(d.getTime(), r.timeZone));
    const p = (n: number) => String(n).padStart(2, '0');
    return `${p(l.getUTCDate())}/${p(l.getUTCMonth() + 1)}/${l.getUTCFullYear()} ${p(l.getUTCHours())}.${p(l.getUTCMinutes())}`;
  };
  const cellText = (c: Cell, format: string, narrow: boolean) => {
    if (c === null) return '–';
    // Wide tables (the ticket rows) show the day only; the XLSX has the times.
    if (c instanceof Date) return narrow ? localText(c).slice(0, 10) : localText(c);
    if (typeof c === 'number') return format === 'dec' ? c.toFixed(2).replace('.', ',') : String(c);
    return c;
  };

  // Title block.
  doc.font(f.bold).fontSize(13).text(plain(t.bureau), { align: 'center' });
  doc.moveDown(0.3);
  doc.font(f.bold).fontSize(16).text(plain(t.title), { align: 'center' });
  doc.font(f.regular).fontSize(11).text(plain(t.subtitle), { align: 'center' });
  doc.text(plain(t.periodLine(r.period.firstDay, r.period.lastDay)), { align: 'center' });
  doc
    .fontSize(9)
    .fillColor('#555')
    .text(plain(t.generated(localText(new Date(r.generatedAt)))), { align: 'center' });
  doc.fillColor('#000').moveDown(1);
  const heading = (s: string) => {
    ensure(40);
    doc.moveDown(0.6).font(f.bold).fontSize(12).text(plain(s), MARGIN, doc.y, { width });
    doc.moveDown(0.3).font(f.regular).fontSize(10);
  };
  heading(t.section.summary);
  doc.font(f.regular).fontSize(10.5).text(plain(r.summary), MARGIN, doc.y, { width, align: 'justify', lineGap: 2 });

  const drawTable = (table: Table) => {
    heading(table.title);
    if (table.rows.length === 0) {
      doc.font(f.regular).fontSize(10).text(plain(t.none), MARGIN, doc.y, { width });
      return;
    }
    const weights = table.columns.map((c) => c.pdf ?? c.width ?? 12);
    const sum = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((w) => (w / sum) * width);
    const size = table.columns.length > 9 ? 6.5 : table.columns.length > 8 ? 7 : 8.5;
    const pad = 2.5;
    const rowHeight = (cells: string[], font: string) => {
      doc.font(font).fontSize(size);
      return Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 2 * pad }))) + 2 * pad;
    };
    const drawRow = (cells: string[], font: string, fill: string | null) => {
      const h = rowHeight(cells, font);
      const y = doc.y;
      let x = MARGIN;
      if (fill) doc.rect(MARGIN, y, width, h).fill(fill).fillColor('#000');
      doc.font(font).fontSize(size);
      cells.forEach((c, i) => {
        const right = table.columns[i]!.format !== 'text' && table.columns[i]!.format !== 'date';
        doc.text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: right ? 'right' : 'left', lineBreak: true });
        x += widths[i]!;
      });
      doc
        .moveTo(MARGIN, y + h)
        .lineTo(MARGIN + width, y + h)
        .lineWidth(0.4)
        .strokeColor('#bbb')
        .stroke();
      doc.x = MARGIN;
      doc.y = y + h;
    };
    const header = table.columns.map((c) => c.header);
    const headerH = rowHeight(header, f.bold);
    ensure(headerH + 20);
    drawRow(header, f.bold, '#e8eef7');
    table.rows.forEach((row, ri) => {
      const cells = row.map((c, i) => cellText(c, table.columns[i]!.format, table.columns.length > 9));
      if (doc.y + rowHeight(cells, f.regular) > bottom()) {
        doc.addPage();
        drawRow(header, f.bold, '#e8eef7');
      }
      drawRow(cells, f.regular, ri % 2 ? '#f7f7f7' : null);
    });
    doc.moveDown(0.5);
  };

  const chart = (svg: string) => {
    const png = svgToPng(svg).png;
    // A PNG's IHDR holds its size at bytes 16–23.
    const w = width;
    const h = (png.readUInt32BE(20) / png.readUInt32BE(16)) * w;
    ensure(h + 10);
    doc.image(png, MARGIN, doc.y, { width: w });
    doc.y += h + 10;
    doc.x = MARGIN;
  };

  const labels: ReportChartLabels = {
    weekly: plain(t.chart.weekly),
    slaPerCategory: plain(t.chart.slaPerCategory),
    escalationWait: plain(t.chart.escalationWait),
    empty: plain(t.chart.empty),
    owner: { biro: plain(t.owner.biro), lkpp: plain(t.owner.lkpp), telkom: plain(t.owner.telkom), pokja: plain(t.owner.pokja) },
  };
  const tables = reportTables(r);
  const bySheet = (name: string) => tables.find((x) => x.sheet === name);
  for (const name of ['Ringkasan', 'Kategori', 'Penanggung jawab', 'Kanal']) drawTable(bySheet(name)!);
  chart(weeklyChartSvg(r, labels));
  drawTable(bySheet('SLA')!);
  chart(slaChartSvg(r, labels));
  drawTable(bySheet('Eskalasi')!);
  drawTable(bySheet('Total eskalasi')!);
  chart(escalationChartSvg(r, labels));
  drawTable(bySheet('Masalah berulang')!);
  heading(t.section.gaps);
  doc.text(plain(t.unanswered(r.recurring.unanswered)), MARGIN, doc.y, { width });
  if (r.recurring.gaps.length) drawTable({ ...bySheet('Celah FAQ')!, title: '' });
  const incidents = bySheet('Insiden');
  if (incidents) drawTable(incidents);
  heading(t.section.satisfaction);
  doc.text(
    plain(
      r.satisfaction.mean === null
        ? t.noRatings
        : t.ratingsLine(r.satisfaction.ratings, r.satisfaction.mean.toFixed(2).replace('.', ',')),
    ),
    MARGIN,
    doc.y,
    { width },
  );
  const s = r.satisfaction.survey;
  if (s) {
    heading(t.section.survey);
    doc.text(
      plain(
        t.surveyLine(
          s.period,
          s.respondents,
          s.ikm === null ? '–' : s.ikm.toFixed(2).replace('.', ','),
          s.grade ? `${s.grade} (${s.gradeLabel ?? ''})` : '–',
        ),
      ),
      MARGIN,
      doc.y,
      { width },
    );
    const q = bySheet('IKM kuadran I');
    if (q) drawTable(q);
    chart(ipaChartSvg(s.report, chartLabels));
  }
  drawTable(bySheet('Tiket')!);

  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN - 12;
    doc.font(f.regular).fontSize(8).fillColor('#555');
    doc.text(`${plain(t.bureauShort)} · ${r.period.key}`, MARGIN, y, { width: width / 2, lineBreak: false, height: 12 });
    doc.text(plain(t.page(i - range.start + 1, range.count)), MARGIN + width / 2, y, {
      width: width / 2,
      align: 'right',
      lineBreak: false,
      height: 12,
    });
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
