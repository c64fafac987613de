import { describe, expect, it } from 'vitest';
import { escalationSpans, median, ownerOf, p90 } from '../../src/reports/compute.js';
import { datesPeriod, previousOf, namedPeriod } from '../../src/reports/period.js';

const at = (s: string) => new Date(`${s}:00+07:00`);

describe('report arithmetic', () => {
  it('takes the median of the middle two for an even count and p90 by nearest rank', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(p90([])).toBeNull();
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9);
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toBe(10);
  });

  it('puts an escalated ticket in its party’s hands, else its category owner’s', () => {
    const categories = [{ id: 'tender', label: 'Tender', owner: 'pokja' as const }];
    expect(ownerOf({ externalParty: 'LKPP', category: 'tender' }, categories)).toBe('lkpp');
    expect(ownerOf({ externalParty: 'Telkom', category: 'tender' }, categories)).toBe('telkom');
    expect(ownerOf({ externalParty: null, category: 'tender' }, categories)).toBe('pokja');
    expect(ownerOf({ externalParty: null, category: 'unknown' }, categories)).toBe('biro');
  });

  it('counts each escalation of a ticket as its own span; a question to the user does not end one', () => {
    const e = (ticketId: number, when: string, toStatus: 'escalated' | 'waiting_user' | 'in_progress' | 'resolved') => ({
      ticketId,
      at: at(when),
      kind: 'x',
      toStatus,
    });
    const spans = escalationSpans([
      e(1, '2026-11-02T09:00', 'escalated'),
      e(1, '2026-11-02T10:00', 'waiting_user'),
      e(1, '2026-11-02T11:00', 'escalated'),
      e(1, '2026-11-03T09:00', 'in_progress'),
      e(1, '2026-11-04T09:00', 'escalated'),
      e(2, '2026-11-05T09:00', 'escalated'),
      e(1, '2026-11-05T12:00', 'resolved'),
    ]);
    expect(spans).toEqual([
      { ticketId: 1, forwardedAt: at('2026-11-02T09:00'), returnedAt: at('2026-11-03T09:00') },
      { ticketId: 1, forwardedAt: at('2026-11-04T09:00'), returnedAt: at('2026-11-05T12:00') },
      { ticketId: 2, forwardedAt: at('2026-11-05T09:00'), returnedAt: null },
    ]);
  });

  it('compares dates periods with as many days just before, and quarters with the quarter before', () => {
    const p = datesPeriod('2026-11-01', '2026-11-15', 'Asia/Jakarta')!;
    expect([previousOf(p, 'Asia/Jakarta').firstDay, previousOf(p, 'Asia/Jakarta').lastDay]).toEqual(['2026-10-17', '2026-10-31']);
    expect(previousOf(namedPeriod('2026-Q1', 'Asia/Jakarta')!, 'Asia/Jakarta').key).toBe('2025-Q4');
    expect(datesPeriod('2026-11-15', '2026-11-01', 'Asia/Jakarta')).toBeUndefined();
    expect(datesPeriod('2026-02-30', '2026-03-01', 'Asia/Jakarta')).toBeUndefined();
  });
});
