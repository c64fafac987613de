import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { runCli } from '../../src/cli.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/logger.js';
import { reportDeps } from '../../src/reports/cli.js';
import type { PeriodReport } from '../../src/reports/compute.js';
import { reportCsv, reportXlsx } from '../../src/reports/formats.js';
import { reportPdf } from '../../src/reports/pdf.js';
import { namedPeriod } from '../../src/reports/period.js';
import { buildPeriodReport } from '../../src/reports/service.js';
import { openStore } from '../../src/store/index.js';
import { loadSurveyContent } from '../../src/survey/content.js';
import { tempDbPath, tempDir, testConfig, testContent } from '../helpers.js';
import { NOW, seed, seedSurvey, wib } from './fixture.js';

const TZ = 'Asia/Jakarta';
const november = () => namedPeriod('2026-11', TZ)!;

let app: App;
beforeEach(async () => {
  app = createApp({ config: testConfig(), clock: systemClock, log: silentLogger, content: await testContent() });
  seed(app.store);
});
afterEach(() => app.close());

const report = () => buildPeriodReport(reportDeps(app), november(), NOW);

describe('the period report figures (hand-computed on the fixture, 2026-11)', () => {
  it('counts tickets opened, resolved, closed and still open at the end of the period', () => {
    const r = report();
    expect(r.period).toEqual({ key: '2026-11', firstDay: '2026-11-01', lastDay: '2026-11-30' });
    // T1–T4 opened in November; T1 and T2 resolved; T1 closed; T3, T4 and October's T5 still open.
    expect(r.totals).toEqual({ opened: 4, resolved: 2, closed: 1, stillOpen: 3 });
  });

  it('splits the counts by category, by owner (an escalated ticket is its party’s) and by channel', () => {
    const r = report();
    const c = (o: { opened: number; resolved: number; closed: number; stillOpen: number }) => [
      o.opened,
      o.resolved,
      o.closed,
      o.stillOpen,
    ];
    expect(Object.fromEntries(r.byCategory.map((x) => [x.category, c(x)]))).toEqual({
      'spse-akun': [2, 1, 1, 2],
      tender: [1, 0, 0, 1],
      'e-katalog': [1, 1, 0, 0],
    });
    expect(Object.fromEntries(r.byOwner.map((x) => [x.owner, c(x)]))).toEqual({
      biro: [2, 1, 1, 1],
      lkpp: [1, 1, 0, 0],
      telkom: [0, 0, 0, 1],
      pokja: [1, 0, 0, 1],
    });
    expect(Object.fromEntries(r.byChannel.map((x) => [x.channel, c(x)]))).toEqual({
      console: [0, 0, 0, 1],
      telegram: [3, 1, 1, 2],
      whatsapp: [1, 1, 0, 0],
    });
  });

  it('judges the SLA among the tickets that were due, with median and p90 in working hours', () => {
    const r = report();
    // First response: T1 1 h (met), T2 3 h (late), T3 unanswered past due (breached), T4 not yet due.
    expect(r.sla.firstResponse).toEqual({ met: 1, breached: 2, medianHours: 2, p90Hours: 3 });
    // Resolution: T1 8 h (met), T2 37 h (late), T3 open past due; median (8 + 37) / 2.
    expect(r.sla.resolution).toEqual({ met: 1, breached: 2, medianHours: 22.5, p90Hours: 37 });
    expect(r.sla.onTimePercent).toBe(33.3);
    const byCat = Object.fromEntries(r.sla.byCategory.map((x) => [x.category, [x.firstResponse, x.resolution]]));
    expect(byCat['spse-akun']).toEqual([
      { met: 1, breached: 0, medianHours: 1, p90Hours: 1 },
      { met: 1, breached: 0, medianHours: 8, p90Hours: 8 },
    ]);
    expect(byCat['e-katalog']).toEqual([
      { met: 0, breached: 1, medianHours: 3, p90Hours: 3 },
      { met: 0, breached: 1, medianHours: 37, p90Hours: 37 },
    ]);
    expect(byCat['tender']).toEqual([
      { met: 0, breached: 1, medianHours: null, p90Hours: null },
      { met: 0, breached: 1, medianHours: null, p90Hours: null },
    ]);
  });

  it('lists each escalation with its reference, when it was forwarded, how long it waited, and the totals', () => {
    const r = report();
    expect(r.escalations.rows).toEqual([
      {
        ticket: 5,
        party: 'Telkom',
        externalRef: 'TK-9',
        category: 'spse-akun',
        forwardedAt: wib('2026-10-29 10:00').toISOString(),
        returnedAt: null,
        // 29 Oct 10–16 (6 h) + 30 Oct (8 h) + 21 working days of November (168 h) = 182 h = 22.75 days.
        workingDays: 22.75,
        waiting: true,
        status: 'escalated',
      },
      {
        ticket: 2,
        party: 'LKPP',
        externalRef: 'LKPP-123',
        category: 'e-katalog',
        forwardedAt: wib('2026-11-03 12:00').toISOString(),
        returnedAt: wib('2026-11-09 12:00').toISOString(),
        // 3 Nov 12–16 (4 h) + 4, 5, 6 Nov (24 h) + 9 Nov 8–12 (4 h) = 32 h = 4 days.
        workingDays: 4,
        waiting: false,
        status: 'resolved',
      },
    ]);
    // Users' open working time in November: T1 8 + T2 37 + T3 151 + T4 1 + T5 168 = 365 h.
    expect(r.escalations.totals).toEqual([
      { party: 'LKPP', count: 1, waiting: 0, meanWorkingDays: 4, workingHours: 32, sharePercent: 8.8 },
      { party: 'Telkom', count: 1, waiting: 1, meanWorkingDays: 22.75, workingHours: 168, sharePercent: 46 },
    ]);
  });

  it('shows the recurring categories, the FAQ-gap groups and the ratings given in the period', () => {
    const r = report();
    expect(r.recurring.categories.map((c) => [c.category, c.count])).toEqual([
      ['spse-akun', 2],
      ['e-katalog', 1],
      ['tender', 1],
    ]);
    expect(r.recurring.unanswered).toBe(3);
    expect(r.recurring.gaps.map((g) => g.count)).toEqual([2, 1]);
    expect(r.recurring.gaps[0]!.examples).toHaveLength(2);
    expect(r.satisfaction).toMatchObject({ ratings: 1, mean: 4, distribution: { '1': 0, '2': 0, '3': 0, '4': 1 }, survey: null });
  });

  it('counts the tickets opened per week (Monday first) by owner', () => {
    expect(report().weekly).toEqual([
      { weekStart: '2026-10-26', biro: 0, lkpp: 0, telkom: 0, pokja: 0 },
      { weekStart: '2026-11-02', biro: 1, lkpp: 1, telkom: 0, pokja: 1 },
      { weekStart: '2026-11-09', biro: 0, lkpp: 0, telkom: 0, pokja: 0 },
      { weekStart: '2026-11-16', biro: 0, lkpp: 0, telkom: 0, pokja: 0 },
      { weekStart: '2026-11-23', biro: 0, lkpp: 0, telkom: 0, pokja: 0 },
      { weekStart: '2026-11-30', biro: 1, lkpp: 0, telkom: 0, pokja: 0 },
    ]);
  });

  it('compares with the previous period (October: T5 and T6)', () => {
    const p = report().previous;
    expect(p.period.key).toBe('2026-10');
    expect(p.totals).toEqual({ opened: 2, resolved: 1, closed: 1, stillOpen: 1 });
    // T5 with Telkom from 29 Oct 10:00 to the end of October: 6 + 8 = 14 h.
    expect(p.escalations.totals[1]).toMatchObject({ party: 'Telkom', count: 1, waiting: 1, workingHours: 14 });
    expect(p.recurring.unanswered).toBe(1);
  });

  it('opens with an Indonesian summary paragraph', () => {
    expect(report().summary).toBe(
      'Pada periode 1 November 2026 – 30 November 2026, masuk 4 tiket (periode sebelumnya 2); 2 diselesaikan dan ' +
        '3 masih terbuka di akhir periode; 33,3 % ditangani tepat waktu; 1 eskalasi ke LKPP, rata-rata 4,0 hari kerja; ' +
        '1 eskalasi ke Telkom, rata-rata 22,8 hari kerja; kepuasan rata-rata 4,00 dari 4.',
    );
  });

  it('holds the raw ticket rows without names, phone numbers or descriptions', () => {
    const r = report();
    expect(r.tickets.map((t) => [t.ticket, t.category, t.owner, t.status])).toEqual([
      [5, 'spse-akun', 'telkom', 'escalated'],
      [1, 'spse-akun', 'biro', 'closed'],
      [2, 'e-katalog', 'lkpp', 'resolved'],
      [3, 'tender', 'pokja', 'new'],
      [4, 'spse-akun', 'biro', 'new'],
    ]);
    const json = JSON.stringify(r);
    for (const secret of ['Budi', '6281234567890', 'isi rahasia', '"c1"']) expect(json).not.toContain(secret);
  });

  it('adds the IKM, grade and quadrant-I items when a survey ran in the period', () => {
    const content = loadSurveyContent('intents')!;
    seedSurvey(
      app.store,
      content.defs.map((d) => d.code),
    );
    const s = report().satisfaction.survey!;
    expect(s.period).toBe('2026');
    expect(s.respondents).toBe(4);
    expect(s.ikm).toBe(s.report.ikm);
    expect(s.grade).toBe(s.report.grade);
    expect(s.quadrantI.map((q) => q.code)).toEqual(
      s.report.ipa.items.filter((i) => i.quadrant === 'concentrate').map((i) => i.code),
    );
    expect(s.quadrantI.length).toBeGreaterThan(0);
  });
});

describe('incidents in the period report', () => {
  it('lists each incident alive in the period with its owner, duration, affected users and tickets, and a sheet of them', async () => {
    const i = app.store.incidents;
    // Four hours of SPSE down in November, two users affected, one linked ticket; one still open
    // since 29 November (counted to the period's end); one in October, outside the period.
    const down = i.open(
      { title: 'SPSE tidak bisa diakses', system: 'spse', owner: 'telkom', staffId: null },
      wib('2026-11-10 09:00'),
    );
    const contacts = app.store.handle.sqlite.prepare('select id from contacts limit 1').all() as Array<{ id: number }>;
    i.addUser(down.id, contacts[0]!.id, wib('2026-11-10 09:05'));
    i.linkTicket(down.id, 1, wib('2026-11-10 09:10'));
    i.update(down.id, { status: 'resolved', endedAt: wib('2026-11-10 13:00'), resolution: 'normal' });
    const old = i.open({ title: 'Katalog lambat', system: 'e-katalog', owner: 'lkpp', staffId: null }, wib('2026-10-02 09:00'));
    i.update(old.id, { status: 'resolved', endedAt: wib('2026-10-02 10:00'), resolution: 'ok' });
    i.open({ title: 'Login INAPROC gagal', system: 'inaproc', owner: 'lkpp', staffId: null }, wib('2026-11-29 00:00'));

    const r = report();
    expect(r.incidents.map((x) => [x.incident, x.owner, x.durationHours, x.affectedUsers, x.tickets])).toEqual([
      [`I-${down.id}`, 'telkom', 4, 1, 1],
      ['I-3', 'lkpp', 48, 0, 0],
    ]);
    expect(r.previous.incidents.map((x) => x.title)).toEqual(['Katalog lambat']);

    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportXlsx(r)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Insiden')!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(2).getCell(1).value).toBe(`I-${down.id}`);
    expect(String(sheet.getRow(2).getCell(3).value)).toBe('PT Telkom');
  });
});

describe('the report documents', () => {
  it('writes the ticket rows as CSV with a header', () => {
    const lines = reportCsv(report()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^No\. tiket,Kategori,/);
    expect(lines[2]).toBe(
      `1,spse-akun,biro,telegram,closed,${wib('2026-11-02 09:00').toISOString()},${wib('2026-11-02 10:00').toISOString()},` +
        `${wib('2026-11-03 09:00').toISOString()},${wib('2026-11-06 09:00').toISOString()},,,4`,
    );
  });

  it('writes an XLSX whose sheets read back with the same rows, frozen headers and number formats', async () => {
    const r = report();
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await reportXlsx(r)) as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Ringkasan',
        'Kategori',
        'Penanggung jawab',
        'Kanal',
        'SLA',
        'Eskalasi',
        'Total eskalasi',
        'Tiket',
      ]),
    );
    const tickets = wb.getWorksheet('Tiket')!;
    expect(tickets.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const rows: unknown[][] = [];
    tickets.eachRow((row, n) => {
      if (n > 1) rows.push([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value, row.getCell(5).value]);
    });
    expect(rows).toEqual(r.tickets.map((t) => [t.ticket, t.category, t.owner, t.status]));
    // Times are the bureau's wall clock: 09:00 WIB reads 09:00.
    const created = tickets.getRow(3).getCell(6).value as Date;
    expect(created.toISOString()).toBe('2026-11-02T09:00:00.000Z');
    expect(tickets.getColumn(6).numFmt).toBe('dd/mm/yyyy hh:mm');
    const esc = wb.getWorksheet('Total eskalasi')!;
    expect([esc.getRow(2).getCell(1).value, esc.getRow(2).getCell(2).value, esc.getRow(2).getCell(6).value]).toEqual([
      'LKPP',
      1,
      8.8,
    ]);
  });

  it('writes an A4 PDF whose text holds the totals, the references and the page numbers', async () => {
    const pdf = await reportPdf(report());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (spawnSync('pdftotext', ['-v']).error) {
      console.log('SKIPPED: pdftotext is not installed; the PDF text was not checked');
      return;
    }
    const file = join(tempDir(), 'r.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(/\s+/g, ' ');
    expect(text).toContain('Biro Pengadaan Barang dan Jasa');
    expect(text).toContain('masuk 4 tiket');
    expect(text).toContain('33,3 % ditangani tepat waktu');
    expect(text).toContain('LKPP-123');
    expect(text).toContain('TK-9');
    expect(text).toMatch(/Halaman 1 dari \d/);
    const size = execFileSync('pdfinfo', [file]).toString();
    expect(size).toMatch(/Page size:\s+595\.\d+ x 841\.\d+/);
  });

  it('writes the PDF with pdfkit’s own Helvetica when DejaVu is not used', async () => {
    const pdf = await reportPdf(report(), { builtinFonts: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('npm run cli -- report', () => {
  function io() {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c) => (out += c));
    stderr.on('data', (c) => (err += c));
    return { stdout, stderr, stdin: new PassThrough(), out: () => out, err: () => err };
  }
  function seededDb(): string {
    const db = tempDbPath();
    const store = openStore(db);
    seed(store);
    store.close();
    return db;
  }

  it('writes the period report as a file in the asked format', async () => {
    const db = seededDb();
    const dir = tempDir();
    for (const format of ['json', 'csv', 'xlsx', 'pdf']) {
      const run = io();
      const out = join(dir, `r.${format}`);
      const code = await runCli(['report', '--period', '2026-11', '--format', format, '--out', out], {
        ...run,
        env: { DATABASE_PATH: db },
      });
      expect(code, run.err()).toBe(0);
      expect(readFileSync(out).length).toBeGreaterThan(100);
    }
    const json = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as PeriodReport;
    expect(json.totals.opened).toBe(4);
    const byDates = io();
    expect(
      await runCli(['report', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'json'], {
        ...byDates,
        env: { DATABASE_PATH: db },
      }),
    ).toBe(0);
    expect((JSON.parse(byDates.out()) as PeriodReport).totals).toEqual(json.totals);
  });

  it('refuses a bad period, a reversed range or a PDF without --out, politely and with usage', async () => {
    const db = seededDb();
    for (const args of [
      ['--period', '2026-13', '--format', 'json'],
      ['--from', '2026-11-30', '--to', '2026-11-01'],
      ['--period', '2026-11', '--format', 'pdf'],
      ['--period', '2026-11', '--format', 'docx'],
    ]) {
      const run = io();
      expect(await runCli(['report', ...args], { ...run, env: { DATABASE_PATH: db } })).toBe(2);
      expect(run.err()).toContain('Usage:');
    }
  });

  it('refuses a database path where there is none instead of reporting zeros', async () => {
    const run = io();
    const missing = join(tempDir(), 'missing.db');
    expect(await runCli(['report', '--period', '2026-11', '--format', 'json'], { ...run, env: { DATABASE_PATH: missing } })).toBe(
      2,
    );
    expect(run.err()).toContain('no database');
  });

  it('keeps `report 30` as the /laporan text', async () => {
    const run = io();
    expect(await runCli(['report', '30'], { ...run, env: { DATABASE_PATH: seededDb() } })).toBe(0);
    expect(run.out()).toContain('Laporan helpdesk 30 hari terakhir');
  });
});

describe('report periods', () => {
  it('reads months, quarters and dates as local days in WIB', () => {
    const q = namedPeriod('2026-Q3', TZ)!;
    expect([q.firstDay, q.lastDay, q.from.toISOString(), q.to.toISOString()]).toEqual([
      '2026-07-01',
      '2026-09-30',
      '2026-06-30T17:00:00.000Z',
      '2026-09-30T17:00:00.000Z',
    ]);
    expect(namedPeriod('2026-11', TZ)!.lastDay).toBe('2026-11-30');
    expect(namedPeriod('2026-13', TZ)).toBeUndefined();
  });
});
