import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Content } from '../../src/app.js';
import { createNormaliser } from '../../src/faq/normalise.js';
import type { MatchResult } from '../../src/faq/types.js';
import { createCategoryGuesser, type CategoryGuesser } from '../../src/tickets/category-guess.js';
import { createCategories, loadCategories, type Category } from '../../src/tickets/categories.js';
import { createHarness, testContent } from '../helpers.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixturePath = path.join(repoRoot, 'test', 'fixtures', 'ticket-categories.jsonl');

interface LabelledTicket {
  text: string;
  category: string;
}

function labelledTickets(text: string): LabelledTicket[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as LabelledTicket);
}

/** The share of texts filed under their label (no guess: the default category). */
function accuracy(guess: (text: string) => string | undefined, items: readonly LabelledTicket[], fallback: string) {
  const misses = items.filter((item) => (guess(item.text) ?? fallback) !== item.category);
  return { value: items.length === 0 ? 0 : 1 - misses.length / items.length, misses };
}

let shipped: Content;
let guesser: CategoryGuesser;
beforeAll(async () => {
  shipped = await testContent(path.join(repoRoot, 'intents'));
  guesser = createCategoryGuesser({
    categories: shipped.categories.list,
    intents: shipped.faq.intents,
    normalise: createNormaliser(shipped.faq.lexicon),
    match: (text) => shipped.matcher.match(text),
  });
});

describe('guessing a ticket category from its description (shipped content)', () => {
  it('files the descriptions that went to "Lainnya" under their real category', () => {
    expect(guesser.guess('tidak bisa login ke spse, muncul tulisan sesi anda telah berakhir')).toBe('spse-akun');
    expect(guesser.guess('produk e-katalog kami tidak tampil di pencarian')).toBe('e-katalog');
    expect(guesser.guess('unggah dokumen penawaran, muncul layar putih')).toBe('tender');
    expect(guesser.guess('akun penyedia kami belum diverifikasi')).toBe('spse-akun');
  });

  it('files a complaint about the service as "Pengaduan atas pelayanan biro"', () => {
    expect(guesser.guess('ini udh 3 hari ga ada yg jawab!!! pelayanan apa ini')).toBe('pengaduan-layanan');
  });

  it('guesses nothing from a text that points nowhere', () => {
    expect(guesser.guess('asdf qwerty')).toBeUndefined();
  });

  describe('on the labelled ticket texts of test/fixtures/ticket-categories.jsonl', () => {
    let items: LabelledTicket[];
    beforeAll(() => {
      items = labelledTickets(readFileSync(fixturePath, 'utf8'));
    });

    it('has at least 60 texts, each labelled with a shipped category, every category present', () => {
      expect(items.length).toBeGreaterThanOrEqual(60);
      const ids = shipped.categories.list.map((c) => c.id);
      expect(items.filter((item) => !ids.includes(item.category)).map((item) => item.category)).toEqual([]);
      expect(new Set(items.map((item) => item.category))).toEqual(new Set(ids));
    });

    it('files at least 90% of them under their label', () => {
      const { value, misses } = accuracy(guesser.guess, items, shipped.categories.fallback.id);
      process.stdout.write(`ticket categories: ${(100 * value).toFixed(1)}% of ${items.length} right\n`);
      expect(value, misses.map((m) => `  ${m.category} <- "${m.text}"`).join('\n')).toBeGreaterThanOrEqual(0.9);
    });

    it('is a gate that fails for a guesser that always falls back, or one that ignores the keywords', () => {
      expect(accuracy(() => undefined, items, shipped.categories.fallback.id).value).toBeLessThan(0.9);
      const withoutKeywords = createCategoryGuesser({
        categories: shipped.categories.list.map((c) => ({ ...c, keywords: [] })),
        intents: shipped.faq.intents,
        normalise: createNormaliser(shipped.faq.lexicon),
        match: (text) => shipped.matcher.match(text),
      });
      expect(accuracy(withoutKeywords.guess, items, shipped.categories.fallback.id).value).toBeLessThan(0.9);
    });
  });
});

describe('the category guesser (pure)', () => {
  const category = (id: string, over: Partial<Category> = {}): Category => ({
    id,
    label: id,
    owner: 'biro',
    groups: [],
    default: false,
    keywords: [],
    firstResponseMinutes: 60,
    resolutionMinutes: 480,
    ...over,
  });
  const abstain: MatchResult = { decision: 'abstain', intent: null, score: 0, suggestions: [] };
  const normalise = (text: string) => text.toLowerCase().split(/\s+/).filter(Boolean);
  const categories = [
    category('akun', { groups: ['akun'], keywords: ['login', 'password'] }),
    category('tender', { groups: ['tender'], keywords: ['dokumen penawaran'] }),
    category('lainnya', { groups: ['percakapan'], default: true }),
  ];
  const intents = [
    { id: 'lupa-password', group: 'akun' },
    { id: 'gagal-upload', group: 'tender' },
    { id: 'buat-tiket', group: 'percakapan' },
    { id: 'aduan', group: 'percakapan', ticketCategory: 'tender' },
  ];
  const guesserWith = (results: Record<string, MatchResult>) =>
    createCategoryGuesser({ categories, intents, normalise, match: (text) => results[text] ?? abstain });

  it('counts a keyword phrase by its words, so the more specific evidence wins', () => {
    const g = guesserWith({});
    expect(g.scores('login dokumen penawaran')).toEqual([
      { id: 'tender', score: 2 },
      { id: 'akun', score: 1 },
    ]);
  });

  it('meets a keyword through candidate roots ("penawarannya" ~ "penawaran")', () => {
    expect(guesserWith({}).guess('dokumen penawarannya hilang')).toBe('tender');
  });

  it('adds the FAQ candidates, each to the category of its intent group or its own ticket category', () => {
    const g = guesserWith({
      'layar putih': { decision: 'suggest', intent: null, score: 0.5, suggestions: [{ id: 'gagal-upload', score: 0.5 }] },
      keluhan: { decision: 'answer', intent: 'aduan', score: 0.9, suggestions: [{ id: 'aduan', score: 0.9 }] },
    });
    expect(g.guess('layar putih')).toBe('tender');
    expect(g.guess('keluhan')).toBe('tender');
  });

  it('lets a mere FAQ candidate of the default category hide nothing', () => {
    const g = guesserWith({
      'lapor login': { decision: 'suggest', intent: null, score: 0.6, suggestions: [{ id: 'buat-tiket', score: 0.6 }] },
    });
    expect(g.guess('lapor login')).toBe('akun');
  });

  it('guesses nothing when nothing points anywhere, or only a weak FAQ candidate does', () => {
    const g = guesserWith({
      lemah: { decision: 'abstain', intent: null, score: 0.2, suggestions: [], nearest: { id: 'lupa-password', score: 0.2 } },
    });
    expect(g.guess('entah apa')).toBeUndefined();
    expect(g.guess('lemah')).toBeUndefined();
  });
});

describe('category keywords in _categories.yaml', () => {
  it('are validated: an empty keyword names the field', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'categories-'));
    writeFileSync(
      path.join(dir, '_categories.yaml'),
      'categories:\n  - id: a\n    label: A\n    owner: biro\n    keywords: ["login", ""]\n    firstResponseMinutes: 1\n    resolutionMinutes: 2\n',
    );
    expect(() => loadCategories(dir)).toThrow(/keywords/);
  });

  it('default to none', () => {
    expect(createCategories([{ ...createCategoriesSample() }]).list[0]!.keywords).toEqual([]);
  });
});

function createCategoriesSample(): Category {
  return {
    id: 'a',
    label: 'A',
    owner: 'biro',
    groups: [],
    default: true,
    keywords: [],
    firstResponseMinutes: 1,
    resolutionMinutes: 2,
  };
}

describe('"/tiket teks" in the desk', () => {
  it('opens the ticket under the guessed category', async () => {
    const h = await createHarness();
    h.say('/tiket produk e-katalog kami tidak tampil di pencarian', { chatId: 'cg1', userId: 'ug1' });
    const row = h.app.store.handle.sqlite.prepare('select category as id from tickets order by id desc limit 1').get() as {
      id: string;
    };
    expect(row.id).toBe('e-katalog');
    h.close();
  });
});
