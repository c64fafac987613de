import { describe, expect, it } from 'vitest';
import { parseIncidentCommand } from '../../src/incidents/commands.js';
import { nextIncidentStatus } from '../../src/incidents/lifecycle.js';
import { OUTAGE_TOPICS, parseSystem, systemOf } from '../../src/incidents/systems.js';
import { testContent } from '../helpers.js';
import { renderIncidentReport } from '../../src/incidents/report.js';

describe('parseIncidentCommand', () => {
  it('reads a bare /insiden and "daftar" as the list', () => {
    expect(parseIncidentCommand('')).toEqual({ ok: true, command: { name: 'list' } });
    expect(parseIncidentCommand('daftar')).toEqual({ ok: true, command: { name: 'list' } });
  });

  it('takes sistem=, pemilik= and umumkan out of the title wherever they stand', () => {
    expect(parseIncidentCommand('buka sistem=katalog Login katalog gagal pemilik=LKPP umumkan')).toEqual({
      ok: true,
      command: { name: 'open', title: 'Login katalog gagal', system: 'e-katalog', owner: 'lkpp', announce: true },
    });
    expect(parseIncidentCommand('buka SPSE down')).toEqual({
      ok: true,
      command: { name: 'open', title: 'SPSE down', announce: false },
    });
  });

  it('names the bad system or owner, and wants a title', () => {
    expect(parseIncidentCommand('buka x sistem=sirup')).toEqual({ ok: false, error: 'system', value: 'sirup' });
    expect(parseIncidentCommand('buka x pemilik=pokja')).toEqual({ ok: false, error: 'owner', value: 'pokja' });
    expect(parseIncidentCommand('buka sistem=spse')).toEqual({ ok: false, error: 'usage' });
  });

  it('reads I-N with or without the dash and its actions', () => {
    expect(parseIncidentCommand('I-3')).toEqual({ ok: true, command: { name: 'view', id: 3 } });
    expect(parseIncidentCommand('i3 info Sedang diperbaiki')).toEqual({
      ok: true,
      command: { name: 'info', id: 3, text: 'Sedang diperbaiki' },
    });
    expect(parseIncidentCommand('I-3 ref LKPP-12')).toEqual({ ok: true, command: { name: 'ref', id: 3, ref: 'LKPP-12' } });
    expect(parseIncidentCommand('I-3 tautkan #12, #15 12')).toEqual({
      ok: true,
      command: { name: 'link', id: 3, ticketIds: [12, 15] },
    });
    expect(parseIncidentCommand('I-3 pantau')).toEqual({ ok: true, command: { name: 'monitor', id: 3 } });
    expect(parseIncidentCommand('I-3 selesai Sudah normal tiket=biarkan')).toEqual({
      ok: true,
      command: { name: 'resolve', id: 3, text: 'Sudah normal', keepTickets: true },
    });
    expect(parseIncidentCommand('I-3 selesai Sudah normal')).toEqual({
      ok: true,
      command: { name: 'resolve', id: 3, text: 'Sudah normal', keepTickets: false },
    });
  });

  it('refuses actions without what they need', () => {
    for (const args of [
      'I-3 info',
      'I-3 ref',
      'I-3 ref dua kata',
      'I-3 tautkan',
      'I-3 tautkan abc',
      'I-3 selesai',
      'I-3 hapus',
      'apa',
    ])
      expect(parseIncidentCommand(args)).toEqual({ ok: false, error: 'usage' });
  });
});

describe('incident lifecycle', () => {
  it('goes open → monitoring → resolved, or straight to resolved, and never back from resolved', () => {
    expect(nextIncidentStatus('open', 'monitor')).toBe('monitoring');
    expect(nextIncidentStatus('monitoring', 'resolve')).toBe('resolved');
    expect(nextIncidentStatus('open', 'resolve')).toBe('resolved');
    expect(nextIncidentStatus('monitoring', 'monitor')).toBeUndefined();
    expect(nextIncidentStatus('resolved', 'resolve')).toBeUndefined();
    expect(nextIncidentStatus('resolved', 'monitor')).toBeUndefined();
  });
});

describe('systems', () => {
  it('tells the system from the words of an outage message, SPSE when none is named', () => {
    expect(systemOf('katalog.inaproc.id lagi gangguan')).toBe('e-katalog');
    expect(systemOf('akun.inaproc.id error tdk bisa dibuka')).toBe('inaproc');
    expect(systemOf('website lpse kalteng down')).toBe('spse');
    expect(systemOf('server lagi down ya')).toBe('spse');
  });

  it('reads sistem= values and their common spellings', () => {
    expect(parseSystem('E-Katalog')).toBe('e-katalog');
    expect(parseSystem('lainnya')).toBe('other');
    expect(parseSystem('inaproc')).toBe('inaproc');
    expect(parseSystem('sirup')).toBeUndefined();
  });
});

describe('renderIncidentReport', () => {
  const base = { system: 'spse' as const, status: 'resolved' as const, startedAt: new Date(0), endedAt: new Date(0) };
  it('counts incidents by owner with total duration, affected users and tickets, one line each', () => {
    const text = renderIncidentReport([
      { ...base, id: 1, title: 'SPSE down', owner: 'telkom', durationMinutes: 125, affectedUsers: 7, tickets: 2 },
      { ...base, id: 2, title: 'Katalog', owner: 'lkpp', durationMinutes: 30, affectedUsers: 1, tickets: 0 },
    ]);
    expect(text.split('\n')).toEqual([
      'Insiden: 2 (LKPP 1, PT Telkom 1) · total durasi 2 j 35 m · 8 pengguna terdampak · 2 tiket',
      '• I-1 SPSE down — PT Telkom, selesai, 2 j 5 m, 7 pengguna, 2 tiket',
      '• I-2 Katalog — LKPP, selesai, 30 m, 1 pengguna, 0 tiket',
    ]);
  });

  it('says so when there were none', () => {
    expect(renderIncidentReport([])).toBe('Insiden: tidak ada.');
  });
});

describe('outage topics', () => {
  it('are FAQ intents of the shipped content (a renamed topic would silently stop incidents)', async () => {
    const content = await testContent();
    const ids = new Set(content.faq.intents.map((i) => i.id));
    for (const topic of OUTAGE_TOPICS) expect(ids.has(topic), topic).toBe(true);
  });
});
