/**
 * The report's charts as SVG, drawn by hand like src/survey/charts.ts (same on every machine, no
 * browser): tickets per week by owner, resolution on time per category, escalation waiting times.
 * Pure; src/survey/render.ts turns them into PNG.
 */
import { FONT_FAMILY } from '../survey/charts.js';
import { OWNERS, type Owner, type PeriodReport } from './compute.js';

export interface ReportChartLabels {
  weekly: string;
  slaPerCategory: string;
  escalationWait: string;
  empty: string;
  owner: Record<Owner, string>;
}

const OWNER_COLOUR: Record<Owner, string> = { biro: '#1565c0', lkpp: '#c62828', telkom: '#ef6c00', pokja: '#2e7d32' };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const at = (n: number) => n.toFixed(1);
const fmt = (n: number, d = 1) => n.toFixed(d).replace('.', ',');

function text(x: number, y: number, s: string, o: { size?: number; anchor?: string; weight?: string; fill?: string } = {}) {
  return `<text x="${at(x)}" y="${at(y)}" font-family="${FONT_FAMILY}" font-size="${o.size ?? 14}" font-weight="${o.weight ?? 'normal'}" fill="${o.fill ?? '#222'}" text-anchor="${o.anchor ?? 'start'}">${esc(s)}</text>`;
}
const rect = (x: number, y: number, w: number, h: number, fill: string) =>
  `<rect x="${at(x)}" y="${at(y)}" width="${at(Math.max(0, w))}" height="${at(Math.max(0, h))}" fill="${fill}"/>`;
const svg = (w: number, h: number, body: string[]) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><rect width="${w}" height="${h}" fill="#fff"/>${body.join('')}</svg>`;

/** A tick step giving at most ~6 gridlines up to `max`. */
function step(max: number): number {
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? p * 10;
}

export function weeklyChartSvg(r: PeriodReport, l: ReportChartLabels): string {
  const W = 1000;
  const H = 460;
  const left = 60;
  const right = 20;
  const top = 60;
  const bottom = 90;
  const body = [text(W / 2, 32, l.weekly, { size: 20, anchor: 'middle', weight: 'bold' })];
  const totals = r.weekly.map((w) => OWNERS.reduce((s, o) => s + w[o], 0));
  const max = Math.max(1, ...totals);
  const st = step(max);
  const top2 = Math.ceil(max / st) * st;
  const plotH = H - top - bottom;
  const plotW = W - left - right;
  const y = (v: number) => top + plotH - (v / top2) * plotH;
  for (let v = 0; v <= top2 + 1e-9; v += st) {
    body.push(`<line x1="${left}" x2="${W - right}" y1="${at(y(v))}" y2="${at(y(v))}" stroke="#ddd"/>`);
    body.push(text(left - 8, y(v) + 5, String(Math.round(v)), { size: 13, anchor: 'end' }));
  }
  const n = Math.max(1, r.weekly.length);
  const slot = plotW / n;
  const bw = Math.min(60, slot * 0.6);
  r.weekly.forEach((w, i) => {
    const x = left + i * slot + (slot - bw) / 2;
    let base = 0;
    for (const o of OWNERS) {
      if (w[o] > 0) body.push(rect(x, y(base + w[o]), bw, y(base) - y(base + w[o]), OWNER_COLOUR[o]));
      base += w[o];
    }
    if (totals[i]! > 0 && n <= 16) body.push(text(x + bw / 2, y(base) - 6, String(totals[i]), { size: 13, anchor: 'middle' }));
    // A quarter or a year has more weeks than fit side by side: label every k-th.
    const [, mm, dd] = w.weekStart.split('-');
    if (i % Math.ceil(n / 16) === 0) body.push(text(x + bw / 2, top + plotH + 20, `${dd}/${mm}`, { size: 13, anchor: 'middle' }));
  });
  body.push(`<line x1="${left}" x2="${W - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#444"/>`);
  OWNERS.forEach((o, i) => {
    const x = left + i * 200;
    body.push(rect(x, H - 40, 18, 18, OWNER_COLOUR[o]), text(x + 26, H - 26, l.owner[o], { size: 14 }));
  });
  return svg(W, H, body);
}

function horizontalBars(
  title: string,
  rows: Array<{ label: string; value: number; colour: string; note: string }>,
  max: number,
  empty: string,
): string {
  const W = 1000;
  const rowH = 34;
  const top = 60;
  const labelW = 300;
  const H = top + Math.max(1, rows.length) * rowH + 30;
  const body = [text(W / 2, 32, title, { size: 20, anchor: 'middle', weight: 'bold' })];
  if (rows.length === 0) body.push(text(W / 2, top + 22, empty, { size: 15, anchor: 'middle', fill: '#666' }));
  const plotW = W - labelW - 120;
  rows.forEach((row, i) => {
    const y = top + i * rowH;
    const label = row.label.length > 34 ? `${row.label.slice(0, 33)}…` : row.label;
    body.push(text(labelW - 10, y + 22, label, { size: 14, anchor: 'end' }));
    body.push(rect(labelW, y + 6, (row.value / Math.max(max, 1e-9)) * plotW, rowH - 12, row.colour));
    body.push(text(labelW + (row.value / Math.max(max, 1e-9)) * plotW + 8, y + 22, row.note, { size: 14 }));
  });
  body.push(`<line x1="${labelW}" x2="${labelW}" y1="${top}" y2="${top + Math.max(1, rows.length) * rowH}" stroke="#444"/>`);
  return svg(W, H, body);
}

export function slaChartSvg(r: PeriodReport, l: ReportChartLabels): string {
  const rows = r.sla.byCategory
    .filter((c) => c.resolution.met + c.resolution.breached > 0)
    .map((c) => {
      const pct = (100 * c.resolution.met) / (c.resolution.met + c.resolution.breached);
      return {
        label: c.label,
        value: pct,
        colour: pct >= 80 ? '#2e7d32' : pct >= 50 ? '#f9a825' : '#c62828',
        note: `${fmt(pct)} % (${c.resolution.met}/${c.resolution.met + c.resolution.breached})`,
      };
    });
  return horizontalBars(l.slaPerCategory, rows, 100, l.empty);
}

/** At most this many escalations drawn (the longest); the table lists them all. */
const MAX_BARS = 15;

export function escalationChartSvg(r: PeriodReport, l: ReportChartLabels): string {
  const rows = [...r.escalations.rows]
    .sort((a, b) => b.workingDays - a.workingDays)
    .slice(0, MAX_BARS)
    .map((e) => ({
      label: `#${e.ticket} ${e.party}${e.externalRef ? ` ${e.externalRef}` : ''}`,
      value: e.workingDays,
      colour: e.party === 'LKPP' ? OWNER_COLOUR.lkpp : OWNER_COLOUR.telkom,
      note: `${fmt(e.workingDays)}${e.waiting ? ' …' : ''}`,
    }));
  return horizontalBars(l.escalationWait, rows, Math.max(1, ...rows.map((x) => x.value)), l.empty);
}
