/**
 * The report's two pictures as SVG, drawn by hand so that they are the same on every machine and
 * need no browser, canvas or async layout: the IPA Cartesian diagram (labelled points, the
 * cross-hair at the means, the quadrant names in the corners, a legend of item names) and the
 * bar chart of the nine NRR over the grade bands. Pure; `render.ts` turns them into PNG.
 */
import { GRADE_BANDS, SCALE_MAX, SCALE_MIN, type Quadrant } from './analysis.js';
import type { SurveyReport } from './report.js';

export const FONT_FAMILY = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

/** Words on the pictures; the caller passes the catalogue's, so no user-facing text lives here. */
export interface ChartLabels {
  ipaTitle: (period: string) => string;
  barTitle: (period: string) => string;
  performanceAxis: string;
  importanceAxis: string;
  nrrAxis: string;
  quadrant: Record<Quadrant, string>;
  /** `Kuadran I` …, by quadrant. */
  quadrantNumber: Record<Quadrant, string>;
  performanceLine: (value: string) => string;
  importanceLine: (value: string) => string;
  ikmLine: (ikm: string, grade: string) => string;
  noAnswers: string;
  noIpa: string;
  grade: (letter: string, label: string) => string;
  respondents: (n: number) => string;
}

const QUADRANT_COLOUR: Record<Quadrant, string> = {
  concentrate: '#c62828',
  keep_up: '#2e7d32',
  low_priority: '#757575',
  overkill: '#1565c0',
};
const QUADRANT_TINT: Record<Quadrant, string> = {
  concentrate: '#fdecea',
  keep_up: '#edf7ee',
  low_priority: '#f4f4f4',
  overkill: '#e8f0fb',
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Numbers as Indonesian reports write them: a decimal comma. */
const fmt = (n: number, d = 2) => n.toFixed(d).replace('.', ',');
/** Coordinates in the SVG. */
const at = (n: number) => n.toFixed(1);

/** An estimate of a label's width in DejaVu Sans (its glyphs average about 0.62 em). */
export const textWidth = (text: string, size: number) => text.length * size * 0.62;

function text(
  x: number,
  y: number,
  s: string,
  opts: { size?: number; anchor?: 'start' | 'middle' | 'end'; weight?: string; fill?: string; rotate?: number } = {},
) {
  const { size = 14, anchor = 'start', weight = 'normal', fill = '#222', rotate } = opts;
  const transform = rotate === undefined ? '' : ` transform="rotate(${rotate} ${x} ${y})"`;
  return `<text x="${at(x)}" y="${at(y)}" font-family="${FONT_FAMILY}" font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="${anchor}"${transform}>${esc(s)}</text>`;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Ticks at a step that gives 4–10 of them over [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  const span = hi - lo;
  const step = [0.05, 0.1, 0.2, 0.25, 0.5, 1].find((s) => span / s <= 10) ?? 1;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9; v += step) out.push(Math.round(v * 1000) / 1000);
  return out.filter((v) => v >= SCALE_MIN && v <= SCALE_MAX);
}

/**
 * The axis range: the data and its line, with a margin wide enough that no point sits on the
 * frame or under a quadrant's name (the margin may reach past the scale; its ticks do not).
 */
function domain(values: number[], line: number): [number, number] {
  const lo = Math.min(...values, line);
  const hi = Math.max(...values, line);
  const pad = Math.max(0.15, (hi - lo) * 0.18);
  return [lo - pad, hi + pad];
}

const QUADRANT_ORDER: Quadrant[] = ['concentrate', 'keep_up', 'low_priority', 'overkill'];

export function ipaChartSvg(report: SurveyReport, labels: ChartLabels): string {
  const W = 1200;
  const H = 800;
  const plot = { x0: 90, y0: 80, x1: 820, y1: 700 };
  const parts: string[] = [];
  parts.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(text(40, 44, labels.ipaTitle(report.period), { size: 24, weight: 'bold' }));
  parts.push(text(W - 40, 44, labels.respondents(report.respondents), { size: 16, anchor: 'end', fill: '#555' }));
  const { items, performanceLine: px, importanceLine: py } = report.ipa;
  if (items.length === 0 || px === null || py === null) {
    parts.push(text(W / 2, H / 2, labels.noIpa, { size: 20, anchor: 'middle', fill: '#555' }));
    return svg(W, H, parts);
  }
  const [xLo, xHi] = domain(
    items.map((i) => i.performance),
    px,
  );
  const [yLo, yHi] = domain(
    items.map((i) => i.importance),
    py,
  );
  const sx = (v: number) => plot.x0 + ((v - xLo) / (xHi - xLo)) * (plot.x1 - plot.x0);
  const sy = (v: number) => plot.y1 - ((v - yLo) / (yHi - yLo)) * (plot.y1 - plot.y0);
  const cx = sx(px);
  const cy = sy(py);

  // Quadrant tints: I top-left, II top-right, III bottom-left, IV bottom-right.
  const areas: Record<Quadrant, Box> = {
    concentrate: { x0: plot.x0, y0: plot.y0, x1: cx, y1: cy },
    keep_up: { x0: cx, y0: plot.y0, x1: plot.x1, y1: cy },
    low_priority: { x0: plot.x0, y0: cy, x1: cx, y1: plot.y1 },
    overkill: { x0: cx, y0: cy, x1: plot.x1, y1: plot.y1 },
  };
  for (const q of QUADRANT_ORDER) {
    const a = areas[q];
    parts.push(
      `<rect x="${at(a.x0)}" y="${at(a.y0)}" width="${at(a.x1 - a.x0)}" height="${at(a.y1 - a.y0)}" fill="${QUADRANT_TINT[q]}"/>`,
    );
  }

  // Grid and axes.
  for (const v of ticks(xLo, xHi)) {
    parts.push(`<line x1="${at(sx(v))}" y1="${plot.y0}" x2="${at(sx(v))}" y2="${plot.y1}" stroke="#ffffff" stroke-width="1"/>`);
    parts.push(text(sx(v), plot.y1 + 24, fmt(v), { size: 14, anchor: 'middle', fill: '#444' }));
  }
  for (const v of ticks(yLo, yHi)) {
    parts.push(`<line x1="${plot.x0}" y1="${at(sy(v))}" x2="${plot.x1}" y2="${at(sy(v))}" stroke="#ffffff" stroke-width="1"/>`);
    parts.push(text(plot.x0 - 10, sy(v) + 5, fmt(v), { size: 14, anchor: 'end', fill: '#444' }));
  }
  parts.push(
    `<rect x="${plot.x0}" y="${plot.y0}" width="${plot.x1 - plot.x0}" height="${plot.y1 - plot.y0}" fill="none" stroke="#888" stroke-width="1"/>`,
  );
  parts.push(text((plot.x0 + plot.x1) / 2, plot.y1 + 58, labels.performanceAxis, { size: 17, anchor: 'middle' }));
  parts.push(text(32, (plot.y0 + plot.y1) / 2, labels.importanceAxis, { size: 17, anchor: 'middle', rotate: -90 }));

  // The cross-hair, with its values.
  parts.push(
    `<line x1="${at(cx)}" y1="${plot.y0}" x2="${at(cx)}" y2="${plot.y1}" stroke="#333" stroke-width="2" stroke-dasharray="8 5"/>`,
  );
  parts.push(
    `<line x1="${plot.x0}" y1="${at(cy)}" x2="${plot.x1}" y2="${at(cy)}" stroke="#333" stroke-width="2" stroke-dasharray="8 5"/>`,
  );
  const taken: Box[] = [];
  const xLabel = labels.performanceLine(fmt(px, 3));
  const xLabelX = Math.min(cx + 6, plot.x1 - textWidth(xLabel, 13) - 4);
  parts.push(text(xLabelX, plot.y1 - 8, xLabel, { size: 13, fill: '#333' }));
  taken.push({ x0: xLabelX, y0: plot.y1 - 22, x1: xLabelX + textWidth(xLabel, 13), y1: plot.y1 - 4 });
  const yLabel = labels.importanceLine(fmt(py, 3));
  parts.push(text(plot.x1 - 6, cy - 6, yLabel, { size: 13, anchor: 'end', fill: '#333' }));
  taken.push({ x0: plot.x1 - 6 - textWidth(yLabel, 13), y0: cy - 20, x1: plot.x1 - 6, y1: cy - 2 });

  // Quadrant names in the corners of the plot.
  const corner = (q: Quadrant, right: boolean, top: boolean) => {
    const lines = [labels.quadrantNumber[q], labels.quadrant[q]];
    const x = right ? plot.x1 - 10 : plot.x0 + 10;
    const y = top ? plot.y0 + 24 : plot.y1 - 44;
    lines.forEach((l, i) =>
      parts.push(
        text(x, y + i * 20, l, {
          size: i === 0 ? 14 : 16,
          weight: i === 0 ? 'normal' : 'bold',
          anchor: right ? 'end' : 'start',
          fill: QUADRANT_COLOUR[q],
        }),
      ),
    );
    const w = Math.max(...lines.map((l) => textWidth(l, 16)));
    taken.push({ x0: right ? x - w : x, y0: y - 16, x1: right ? x : x + w, y1: y + 26 });
  };
  corner('concentrate', false, true);
  corner('keep_up', true, true);
  corner('low_priority', false, false);
  corner('overkill', true, false);

  // Points first (labels must not cover any), then their labels where they fit best.
  const points = items.map((i) => ({ item: i, x: sx(i.performance), y: sy(i.importance) }));
  for (const p of points) taken.push({ x0: p.x - 7, y0: p.y - 7, x1: p.x + 7, y1: p.y + 7 });
  for (const p of points)
    parts.push(
      `<circle cx="${at(p.x)}" cy="${at(p.y)}" r="7" fill="${QUADRANT_COLOUR[p.item.quadrant]}" stroke="#fff" stroke-width="1.5"/>`,
    );
  const size = 15;
  for (const p of points) {
    const w = textWidth(p.item.code, size);
    const h = size;
    const candidates: Array<[number, number]> = [
      [10, -h / 2],
      [-10 - w, -h / 2],
      [-w / 2, -10 - h],
      [-w / 2, 10],
      [10, -h - 6],
      [-10 - w, -h - 6],
      [10, 6],
      [-10 - w, 6],
      [18, -h / 2],
      [-18 - w, -h / 2],
      [-w / 2, -20 - h],
      [-w / 2, 20],
    ];
    const inside = (b: Box) => b.x0 >= plot.x0 + 2 && b.x1 <= plot.x1 - 2 && b.y0 >= plot.y0 + 2 && b.y1 <= plot.y1 - 2;
    const boxes = candidates.map(([dx, dy]) => ({ x0: p.x + dx, y0: p.y + dy, x1: p.x + dx + w, y1: p.y + dy + h }));
    const box = boxes.find((b) => inside(b) && !taken.some((t) => overlaps(t, b))) ?? boxes.find((b) => inside(b)) ?? boxes[0]!;
    taken.push(box);
    parts.push(text(box.x0, box.y1 - 2, p.item.code, { size, weight: 'bold', fill: '#111' }));
  }

  // Legend: every item by quadrant, with its name.
  const lx = plot.x1 + 30;
  let ly = plot.y0 + 6;
  for (const q of QUADRANT_ORDER) {
    const inQ = items.filter((i) => i.quadrant === q);
    if (inQ.length === 0) continue;
    parts.push(
      text(lx, ly + 12, `${labels.quadrantNumber[q]} · ${labels.quadrant[q]}`, {
        size: 15,
        weight: 'bold',
        fill: QUADRANT_COLOUR[q],
      }),
    );
    ly += 26;
    for (const i of inQ) {
      const name = i.name.length > 34 ? `${i.name.slice(0, 33)}…` : i.name;
      parts.push(`<circle cx="${lx + 6}" cy="${ly + 7}" r="5" fill="${QUADRANT_COLOUR[q]}"/>`);
      parts.push(text(lx + 18, ly + 12, `${i.code}  ${name}`, { size: 13 }));
      ly += 20;
    }
    ly += 12;
  }
  return svg(W, H, parts);
}

export function nrrChartSvg(report: SurveyReport, labels: ChartLabels): string {
  const W = 1200;
  const rowH = 56;
  const plot = { x0: 430, y0: 110, x1: 1140 };
  const y1 = plot.y0 + rowH * report.unsur.length;
  const H = y1 + 90;
  const parts: string[] = [];
  parts.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(text(40, 44, labels.barTitle(report.period), { size: 24, weight: 'bold' }));
  parts.push(text(W - 40, 44, labels.respondents(report.respondents), { size: 16, anchor: 'end', fill: '#555' }));
  // The axis is NRR 1–4; the grade bands are the regulation's, converted back from the ×25 scale.
  const lo = SCALE_MIN;
  const hi = SCALE_MAX;
  const sx = (v: number) => plot.x0 + ((v - lo) / (hi - lo)) * (plot.x1 - plot.x0);
  const bandColour: Record<string, string> = { A: '#e3f2e5', B: '#eef6e0', C: '#fff6dc', D: '#fdecea' };
  const bandText: Record<string, string> = { A: '#2e7d32', B: '#558b2f', C: '#b26a00', D: '#c62828' };
  for (const band of GRADE_BANDS) {
    const from = Math.max(lo, band.from / 25);
    const to = band.letter === 'A' ? hi : Math.min(hi, GRADE_BANDS[GRADE_BANDS.indexOf(band) - 1]!.from / 25);
    parts.push(
      `<rect x="${at(sx(from))}" y="${plot.y0}" width="${at(sx(to) - sx(from))}" height="${y1 - plot.y0}" fill="${bandColour[band.letter]}"/>`,
    );
    const label = labels.grade(band.letter, band.label);
    const mid = (sx(from) + sx(to)) / 2;
    const size = textWidth(label, 14) < sx(to) - sx(from) - 8 ? 14 : 12;
    parts.push(text(mid, plot.y0 - 12, label, { size, anchor: 'middle', weight: 'bold', fill: bandText[band.letter] }));
  }
  for (const v of [1, 1.5, 2, 2.5, 3, 3.5, 4]) {
    parts.push(`<line x1="${at(sx(v))}" y1="${plot.y0}" x2="${at(sx(v))}" y2="${y1}" stroke="#ffffff" stroke-width="1"/>`);
    parts.push(text(sx(v), y1 + 24, fmt(v), { size: 14, anchor: 'middle', fill: '#444' }));
  }
  parts.push(text((plot.x0 + plot.x1) / 2, y1 + 56, labels.nrrAxis, { size: 17, anchor: 'middle' }));
  // The index line goes under the bars and their values, so it never crosses a number.
  if (report.ikm !== null && report.grade !== null) {
    const x = sx(report.ikm / 25);
    parts.push(
      `<line x1="${at(x)}" y1="${plot.y0 - 2}" x2="${at(x)}" y2="${y1 + 2}" stroke="#111" stroke-width="2" stroke-dasharray="6 4"/>`,
    );
    const label = labels.ikmLine(fmt(report.ikm, 2), `${report.grade} ${report.gradeLabel ?? ''}`.trim());
    parts.push(text(Math.min(x, plot.x1 - textWidth(label, 15) / 2), 78, label, { size: 15, anchor: 'middle', weight: 'bold' }));
  }
  report.unsur.forEach((u, i) => {
    const top = plot.y0 + i * rowH;
    const mid = top + rowH / 2;
    const name = `${u.code}  ${u.name}`;
    // Long names wrap onto two lines at a word boundary.
    const maxChars = 40;
    if (name.length <= maxChars) parts.push(text(plot.x0 - 14, mid + 5, name, { size: 15, anchor: 'end' }));
    else {
      const cut = name.lastIndexOf(' ', maxChars);
      parts.push(text(plot.x0 - 14, mid - 4, name.slice(0, cut), { size: 15, anchor: 'end' }));
      parts.push(text(plot.x0 - 14, mid + 15, name.slice(cut + 1), { size: 15, anchor: 'end' }));
    }
    if (u.nrr === null) {
      parts.push(text(plot.x0 + 10, mid + 5, labels.noAnswers, { size: 14, fill: '#c62828' }));
      return;
    }
    const x = sx(u.nrr);
    parts.push(
      `<rect x="${plot.x0}" y="${at(top + 12)}" width="${at(x - plot.x0)}" height="${rowH - 24}" fill="#37618f" rx="2"/>`,
    );
    const value = `${fmt(u.nrr, 3)} (${fmt(u.nrr * 25, 2)})`;
    const fits = x + 8 + textWidth(value, 14) <= plot.x1;
    if (fits) {
      // A white backing keeps the number readable over the bands and the index line.
      parts.push(
        `<rect x="${at(x + 4)}" y="${at(mid - 11)}" width="${at(textWidth(value, 14) + 8)}" height="22" fill="#ffffff" fill-opacity="0.9" rx="3"/>`,
      );
      parts.push(text(x + 8, mid + 5, value, { size: 14, weight: 'bold', fill: '#222' }));
    } else parts.push(text(x - 8, mid + 5, value, { size: 14, weight: 'bold', fill: '#fff', anchor: 'end' }));
  });
  parts.push(
    `<rect x="${plot.x0}" y="${plot.y0}" width="${plot.x1 - plot.x0}" height="${y1 - plot.y0}" fill="none" stroke="#888" stroke-width="1"/>`,
  );
  return svg(W, H, parts);
}

function svg(width: number, height: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n${parts.join('\n')}\n</svg>\n`;
}
