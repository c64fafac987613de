import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { loadLexicon } from '../../src/faq/loader.js';
import { createNormaliser } from '../../src/faq/normalise.js';
import { groupGaps, renderGapGroups, renderGaps, renderTopGaps, topGapGroups, type GapQuestion } from '../../src/staff/gaps.js';

const normalise = createNormaliser(loadLexicon('intents/_lexicon.yaml'));
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 2, minute));
const q = (question: string, minute = 0): GapQuestion => ({ question, createdAt: at(minute) });

describe('FAQ gaps', () => {
  it('groups questions about the same thing, however they are written, biggest group first', () => {
    const groups = groupGaps(
      [
        q('harga cabai hari ini', 1),
        q('cara ganti logo perusahaan', 2),
        q('gmn ganti logo perusahaan sy', 3),
        q('logo perusahaan mau diganti', 4),
        q('jadwal bus ke palangkaraya', 5),
        q('jadwal bus palangkaraya', 6),
      ],
      normalise,
    );
    expect(groups.map((g) => g.count)).toEqual([3, 2, 1]);
    expect(groups[0]!.terms).toContain('logo');
    expect(groups[2]!.examples).toEqual(['harga cabai hari ini']);
  });

  it('gives two different examples, the newest first, and counts repeats', () => {
    const [group] = groupGaps(
      [q('ganti logo perusahaan', 1), q('Ganti logo perusahaan ', 2), q('cara ganti logo perusahaan', 3)],
      normalise,
    );
    expect(group!.count).toBe(3);
    expect(group!.examples).toEqual(['cara ganti logo perusahaan', 'Ganti logo perusahaan']);
    expect(group!.lastAt).toEqual(at(3));
  });

  it('puts the group asked about most recently first when two are as big', () => {
    const groups = groupGaps([q('harga cabai', 1), q('jadwal bus palangkaraya', 9)], normalise);
    expect(groups.map((g) => g.examples[0])).toEqual(['jadwal bus palangkaraya', 'harga cabai']);
  });

  it('keeps the top five for the report', () => {
    const many = ['satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh'].map((w, i) => q(`kata ${w}nya`, i));
    expect(topGapGroups(many, normalise)).toHaveLength(5);
    expect(topGapGroups([], normalise)).toEqual([]);
  });

  it('gives the report its top groups under a heading, and nothing when there are none', () => {
    const lines = renderTopGaps(
      [q('ganti logo perusahaan', 1), q('cara ganti logo perusahaan', 2), q('harga cabai', 3)],
      normalise,
      1,
    );
    expect(lines[0]).toBe(texts.staff.gaps.reportHeader);
    expect(lines[1]).toMatch(/^1\. .+ — 2×$/);
    expect(lines).toHaveLength(4);
    expect(renderTopGaps([], normalise)).toEqual([]);
  });

  it('renders the groups with counts and examples, and says so when there are none', () => {
    const groups = groupGaps([q('ganti logo perusahaan', 1), q('cara ganti logo perusahaan', 2)], normalise);
    const lines = renderGapGroups(groups);
    expect(lines[0]).toMatch(/^1\. .+ — 2×$/);
    expect(lines.slice(1)).toEqual([
      texts.staff.gaps.example('cara ganti logo perusahaan'),
      texts.staff.gaps.example('ganti logo perusahaan'),
    ]);
    expect(renderGaps([], 7, 10)).toBe(texts.staff.gaps.none(7));
    expect(renderGaps(groups, 7, 10).split('\n')[0]).toBe(texts.staff.gaps.header(7, 2, 1));
  });
});
