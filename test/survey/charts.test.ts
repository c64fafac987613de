import { describe, expect, it } from 'vitest';
import { UNSUR_CODES, type ItemDef, type SurveyResponse } from '../../src/survey/analysis.js';
import { ipaChartSvg, nrrChartSvg } from '../../src/survey/charts.js';
import { buildReport } from '../../src/survey/report.js';
import { svgToPng } from '../../src/survey/render.js';
import { chartLabels } from '../../src/survey/summary.js';

const items: ItemDef[] = [
  ...UNSUR_CODES.map((u) => ({ code: u, name: `Unsur ${u}`, unsur: u, importance: true })),
  { code: 'B3', name: 'Aksesibilitas sistem', unsur: 'U8', importance: true },
];
const responses: SurveyResponse[] = [
  { answers: items.map((i, n) => ({ item: i.code, performance: 1 + (n % 4), importance: 4 - (n % 3) })) },
  { answers: items.map((i, n) => ({ item: i.code, performance: 1 + ((n + 1) % 4), importance: 4 - ((n + 1) % 3) })) },
];
const report = buildReport({ period: '2026', items, responses });

describe('survey charts', () => {
  it('draws the IPA diagram with every item labelled, both cross-hair lines and the four quadrant names', () => {
    const svg = ipaChartSvg(report, chartLabels);
    for (const item of items) expect(svg).toContain(`>${item.code}</text>`);
    for (const name of ['Prioritas utama', 'Pertahankan prestasi', 'Prioritas rendah', 'Berlebihan']) expect(svg).toContain(name);
    expect(svg.match(/stroke-dasharray="8 5"/g)).toHaveLength(2);
    expect(svg).toContain(`rata-rata kinerja ${report.ipa.performanceLine!.toFixed(3).replace('.', ',')}`);
  });

  it('draws a bar for each of the nine unsur over the four grade bands, and the index line', () => {
    const svg = nrrChartSvg(report, chartLabels);
    expect(svg.match(/fill="#37618f"/g)).toHaveLength(9);
    for (const band of ['A · Sangat Baik', 'B · Baik', 'C · Kurang Baik', 'D · Tidak Baik']) expect(svg).toContain(band);
    expect(svg).toContain(`IKM ${report.ikm!.toFixed(2).replace('.', ',')}`);
  });

  it('says so instead of drawing when nothing was scored both ways', () => {
    const empty = buildReport({ period: '2026', items, responses: [] });
    expect(ipaChartSvg(empty, chartLabels)).toContain('Belum ada butir');
    expect(nrrChartSvg(empty, chartLabels)).toContain('belum ada jawaban');
  });

  it('escapes item names for the SVG', () => {
    const odd = buildReport({
      period: '2026',
      items: [{ code: 'B1', name: 'Harga <&> "katalog"', unsur: 'U5', importance: true }],
      responses: [{ answers: [{ item: 'B1', performance: 2, importance: 3 }] }],
    });
    expect(ipaChartSvg(odd, chartLabels)).toContain('Harga &lt;&amp;&gt; &quot;katalog&quot;');
  });

  it('still renders, without words, on a machine with no font', () => {
    const { png, fontFound } = svgToPng(nrrChartSvg(report, chartLabels), { findFonts: false });
    expect(fontFound).toBe(false);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('renders PNG of the drawn size without a browser', () => {
    const { png } = svgToPng(ipaChartSvg(report, chartLabels));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 800]);
  });
});
