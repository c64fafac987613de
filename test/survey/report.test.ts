import { describe, expect, it } from 'vitest';
import { UNSUR_CODES, type ItemDef } from '../../src/survey/analysis.js';
import { buildReport } from '../../src/survey/report.js';
import { renderSummary } from '../../src/survey/summary.js';

const items: ItemDef[] = UNSUR_CODES.map((u) => ({ code: u, name: `Unsur ${u}`, unsur: u, importance: u !== 'U4' }));

describe('survey report', () => {
  it('rounds the index to two decimals and means to three, and says how many respondents are needed', () => {
    // Hand-computed: three respondents, U1 gets 4, 4, 3 (NRR 3.667), the others 3 each → IKM (3.667 + 8×3)/9×25 = 76.85.
    const responses = [4, 4, 3].map((u1) => ({
      answers: UNSUR_CODES.map((u) => ({ item: u, performance: u === 'U1' ? u1 : 3, importance: 3 })),
    }));
    const report = buildReport({ period: '2026', items, responses, population: 100 });
    expect(report).toMatchObject({ respondents: 3, sampleNeeded: 80, ikm: 76.85, grade: 'B', gradeLabel: 'Baik' });
    expect(report.unsur[0]).toEqual({ code: 'U1', name: 'Persyaratan', nrr: 3.667 });
    // U4 asks no importance: eight items in the diagram.
    expect(report.ipa.items).toHaveLength(8);
    expect(report.ipa.performanceLine).toBe(3.083);
    expect(report.trend).toBeNull();
  });

  it('gives no index and names the unsur without answers', () => {
    const report = buildReport({ period: '2026', items, responses: [{ answers: [{ item: 'U1', performance: 4 }] }] });
    expect(report.ikm).toBeNull();
    expect(report.grade).toBeNull();
    expect(report.missingUnsur).toEqual(UNSUR_CODES.slice(1));
    expect(renderSummary(report)).toContain('IKM belum dapat dihitung: belum ada jawaban untuk U2, U3');
  });
});
