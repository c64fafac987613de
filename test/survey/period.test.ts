import { describe, expect, it } from 'vitest';
import { isCalendarDate, periodKindOf, periodOf, periodOfDate, previousPeriod } from '../../src/survey/period.js';

describe('survey periods', () => {
  it('puts an instant in its local year, quarter or month', () => {
    // 31 Dec 2024 20:00 UTC is already 1 Jan 2025 in Jakarta (UTC+7).
    const at = new Date('2024-12-31T20:00:00Z');
    expect(periodOf(at, 'year', 'Asia/Jakarta')).toBe('2025');
    expect(periodOf(at, 'quarter', 'Asia/Jakarta')).toBe('2025-Q1');
    expect(periodOf(at, 'month', 'Asia/Jakarta')).toBe('2025-01');
    expect(periodOf(at, 'year', 'UTC')).toBe('2024');
  });

  it('puts a calendar date in its period', () => {
    expect(periodOfDate('2024-05-17', 'quarter')).toBe('2024-Q2');
    expect(periodOfDate('2024-05-17', 'month')).toBe('2024-05');
  });

  it('knows the period before, across a year', () => {
    expect(previousPeriod('2024')).toBe('2023');
    expect(previousPeriod('2024-Q1')).toBe('2023-Q4');
    expect(previousPeriod('2024-Q3')).toBe('2024-Q2');
    expect(previousPeriod('2024-01')).toBe('2023-12');
    expect(previousPeriod('2024-10')).toBe('2024-09');
    expect(previousPeriod('tahun lalu')).toBeUndefined();
  });

  it('tells the kind of a period key and rejects others', () => {
    expect(periodKindOf('2024')).toBe('year');
    expect(periodKindOf('2024-Q4')).toBe('quarter');
    expect(periodKindOf('2024-12')).toBe('month');
    expect(periodKindOf('2024-13')).toBeUndefined();
  });

  it('accepts only real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('17/05/2024')).toBe(false);
  });
});
