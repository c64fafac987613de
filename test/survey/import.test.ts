import { describe, expect, it } from 'vitest';
import { loadSurveyContent } from '../../src/survey/content.js';
import { parseCsv, parseSurveyTable } from '../../src/survey/import.js';

const content = loadSurveyContent('intents')!;
const table = (csv: string, period?: string) => parseSurveyTable(parseCsv(csv), content, { period, periodKind: 'year' });

describe('survey table import', () => {
  it('reads one response per row, with blanks as unanswered and the period from the date', () => {
    const result = table('tanggal,U1_k,U1_h,B3_k,B3_h\n2024-03-01,3,4,,4\n2025-01-09,2,,1,3\n');
    expect(result).toEqual({
      ok: true,
      responses: [
        {
          period: '2024',
          answeredOn: '2024-03-01',
          answers: [
            { item: 'U1', performance: 3, importance: 4 },
            { item: 'B3', importance: 4 },
          ],
        },
        {
          period: '2025',
          answeredOn: '2025-01-09',
          answers: [
            { item: 'U1', performance: 2 },
            { item: 'B3', performance: 1, importance: 3 },
          ],
        },
      ],
    });
  });

  it('puts every row in the period given, when one is', () => {
    const result = table('tanggal,U1_k\n2025-01-09,2\n', '2024');
    expect(result.ok && result.responses[0]!.period).toBe('2024');
  });

  it('names the column of an unknown item and imports nothing', () => {
    expect(table('tanggal,U1_k,X9_k\n2024-03-01,3,4\n')).toEqual({
      ok: false,
      problems: [{ row: 1, column: 'X9_k', message: expect.stringMatching(/unknown column/) }],
    });
  });

  it('names row and column of a value outside 1–4 and of a bad date, and keeps none of the good rows', () => {
    const result = table('tanggal,U1_k,U2_k\n2024-03-01,3,4\n2024-03-02,5,4\n31/03/2024,2,2\n');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      { row: 3, column: 'U1_k', message: 'expected a whole number 1–4 or blank, got "5"' },
      { row: 4, column: 'tanggal', message: 'expected a date YYYY-MM-DD, got "31/03/2024"' },
    ]);
  });

  it('refuses a file without the date column', () => {
    expect(table('U1_k\n3\n')).toMatchObject({ ok: false, problems: [{ row: 1, column: 'tanggal' }] });
  });

  it('reads semicolon-separated files and quoted cells, as spreadsheets save them', () => {
    expect(parseCsv('\uFEFFtanggal;U1_k\r\n"2024-03-01";"3"\r\n')).toEqual([
      ['tanggal', 'U1_k'],
      ['2024-03-01', '3'],
    ]);
    expect(parseCsv('a,b\n"x, ""y""",2\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', '2'],
    ]);
  });
});
