import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { openStore } from '../../src/store/index.js';
import { tempDbPath, tempDir, cliIo } from '../helpers.js';

const io = cliIo;

const FIXTURES = 'test/fixtures/survey';

describe('ikm import and report', () => {
  it('imports the earlier survey and reports it as one JSON object with the trend', async () => {
    const env = { DATABASE_PATH: tempDbPath(), SURVEY_POPULATION: '1000' };
    expect(await runCli(['ikm', 'import', join(FIXTURES, 'ikm-2024.csv')], io(env).io)).toBe(0);
    expect(await runCli(['ikm', 'import', join(FIXTURES, 'ikm-2025.csv')], io(env).io)).toBe(0);
    const run = io(env);
    expect(await runCli(['ikm', 'report', '--period', '2025', '--json'], run.io)).toBe(0);
    const report = JSON.parse(run.out()) as Record<string, unknown> & {
      unsur: unknown[];
      ipa: { items: Array<{ code: string; quadrant: string }> };
      trend: { previousPeriod: string; leftConcentrate: Array<{ code: string }> };
    };
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['period', 'respondents', 'sampleNeeded', 'ikm', 'grade', 'unsur', 'ipa', 'csi']),
    );
    expect(report).toMatchObject({ period: '2025', respondents: 80, sampleNeeded: 278, grade: 'B' });
    expect(report.unsur).toHaveLength(9);
    expect(Object.keys(report.ipa)).toEqual(['performanceLine', 'importanceLine', 'items']);
    expect(Object.keys(report.ipa.items[0]!)).toEqual(['code', 'name', 'performance', 'importance', 'quadrant', 'tki']);
    // The fixture's 2025 answers improve B3 and B31 (see how test/fixtures/survey was made).
    expect(report.trend.previousPeriod).toBe('2024');
    expect(report.trend.leftConcentrate.map((x) => x.code)).toEqual(expect.arrayContaining(['B3', 'B31']));
  });

  it('prints an Indonesian summary without --json and writes both pictures with --png', async () => {
    const env = { DATABASE_PATH: tempDbPath() };
    await runCli(['ikm', 'import', join(FIXTURES, 'ikm-2024.csv')], io(env).io);
    const png = join(tempDir(), 'ikm.png');
    const run = io(env);
    expect(await runCli(['ikm', 'report', '--png', png], run.io)).toBe(0);
    expect(run.out()).toContain('Survei Kepuasan Masyarakat (IKM) untuk periode 2024');
    expect(run.out()).toMatch(/Kuadran I Prioritas utama: .*B27/);
    for (const file of [png, png.replace(/\.png$/, '-nrr.png')]) {
      const bytes = readFileSync(file);
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      expect(bytes.readUInt32BE(16)).toBe(1200);
    }
  });

  it('imports nothing from a file with one bad cell, naming its row and column', async () => {
    const dbPath = tempDbPath();
    const file = join(tempDir(), 'bad.csv');
    writeFileSync(file, 'tanggal,U1_k,B3_h\n2024-01-02,3,4\n2024-01-03,3,7\n');
    const run = io({ DATABASE_PATH: dbPath });
    expect(await runCli(['ikm', 'import', file], run.io)).toBe(1);
    expect(run.err()).toContain('row 3, column B3_h: expected a whole number 1–4 or blank, got "7"');
    const store = openStore(dbPath);
    expect(store.survey.periods()).toEqual([]);
    store.close();
  });

  it('refuses to import the same file twice', async () => {
    const env = { DATABASE_PATH: tempDbPath() };
    expect(await runCli(['ikm', 'import', join(FIXTURES, 'ikm-2024.csv')], io(env).io)).toBe(0);
    const run = io(env);
    expect(await runCli(['ikm', 'import', join(FIXTURES, 'ikm-2024.csv')], run.io)).toBe(1);
    expect(run.err()).toContain('the same file was imported');
  });

  it('reads an XLSX workbook like a CSV file', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('IKM');
    sheet.addRow(['tanggal', 'U1_k', 'U1_h']);
    sheet.addRow([new Date(Date.UTC(2024, 4, 6)), 3, 4]);
    sheet.addRow(['2024-05-07', 2, '']);
    const file = join(tempDir(), 'ikm.xlsx');
    await workbook.xlsx.writeFile(file);
    const dbPath = tempDbPath();
    const run = io({ DATABASE_PATH: dbPath });
    expect(await runCli(['ikm', 'import', file], run.io)).toBe(0);
    const store = openStore(dbPath);
    expect(store.survey.answersOf('2024')).toEqual([
      { answers: [{ item: 'U1', performance: 3, importance: 4 }] },
      { answers: [{ item: 'U1', performance: 2 }] },
    ]);
    store.close();
  });

  it('explains a bad period', async () => {
    const run = io({ DATABASE_PATH: tempDbPath() });
    expect(await runCli(['ikm', 'report', '--period', 'kemarin'], run.io)).toBe(2);
    expect(run.err()).toContain('--period needs a period');
  });
});
