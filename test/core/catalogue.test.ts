import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';

const dir = fileURLToPath(new URL('../../src/core/catalogue/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort();

/** Every feature file's exports: each export is a fragment of the catalogue, `{ topLevelKey: texts }`. */
const fragments: { file: string; name: string; value: Record<string, unknown> }[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(dir + file).href)) as Record<string, Record<string, unknown>>;
  for (const [name, value] of Object.entries(mod)) fragments.push({ file, name, value });
}

/** Lists of words a user may type (compared in lower case after trimming), not texts anyone reads. */
const INPUT_WORDS = ['tickets.words', 'console.quitCommands'];

/**
 * Stands in for any argument of a text function: every property and call gives itself back; it is
 * 3 where a number is wanted and 'x' where a string is, so `${p.id}`, `p.files > 0`, `p.mean.toFixed(2)`
 * and `minutes / 60` all work whatever the parameter's shape.
 */
const anything: unknown = new Proxy(function () {}, {
  get: (_target, key) => (key === Symbol.toPrimitive ? (hint: string) => (hint === 'number' ? 3 : 'x') : anything),
  apply: () => anything,
});

/** Every leaf of the catalogue as [path, text]: strings, array items, and what each function returns. */
function leaves(value: unknown, path: string, out: [string, unknown][] = []): [string, unknown][] {
  if (typeof value === 'function') {
    out.push([`${path}()`, value(...Array.from({ length: value.length }, () => anything))]);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => leaves(item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) leaves(child, path ? `${path}.${key}` : key, out);
  } else {
    out.push([path, value]);
  }
  return out;
}

const all = leaves(texts, '');
const isInput = (path: string) => INPUT_WORDS.some((p) => path.startsWith(p));
const readable = all.filter(([path]) => !isInput(path));
/** Words of a text, leaving out commands, paths and links (`/status`, `intents/`, `https://…`). */
const words = (text: string): string[] =>
  text
    .split(/\s+/)
    .filter((w) => !w.includes('/'))
    .join(' ')
    .match(/\p{L}{2,}/gu) ?? [];

// Markers, not a dictionary: a sentence of ours has one of these; an English sentence has one of the others.
const INDONESIAN = new Set(
  `anda yang dan untuk di ke dari ini itu tidak belum sudah silakan ketik dengan atau akan saya kami ada oleh
   pada dalam bila agar lagi telah sedang tiket pesan petugas nomor kategori berkas baru status`.split(/\s+/),
);
const ENGLISH = new Set(
  'the an is are was be your you please sorry thanks not to of for with this that has have been'.split(' '),
);

describe('the catalogue', () => {
  it('is put together from the feature files, each top-level key defined by exactly one of them', () => {
    expect(files.length).toBeGreaterThan(1);
    const owner = new Map<string, string>();
    const twice: string[] = [];
    for (const { file, name, value } of fragments) {
      for (const key of Object.keys(value)) {
        const first = owner.get(key);
        if (first) twice.push(`${key}: ${first} and ${file} (${name})`);
        else owner.set(key, `${file} (${name})`);
      }
    }
    expect(twice, 'top-level keys defined in two feature files (the later spread silently wins)').toEqual([]);
    // Nothing defined in a feature file is left out of `texts`, and nothing in `texts` lives outside them.
    expect([...owner.keys()].sort()).toEqual(Object.keys(texts).sort());
    for (const { file, value } of fragments) {
      for (const [key, section] of Object.entries(value)) {
        expect(texts[key as keyof typeof texts], `texts.${key} is not the one from ${file}`).toBe(section);
      }
    }
  });

  it('says in each feature file, on its first line, whose texts they are', () => {
    for (const file of files) expect(readFileSync(dir + file, 'utf8'), file).toMatch(/^\/\/ \S.{10,}\n/);
  });

  it('has only non-empty texts, and every text function returns one', () => {
    expect(all.length).toBeGreaterThan(200);
    const bad = all.filter(([, text]) => typeof text !== 'string' || text.trim() === '' || /undefined|\[object |NaN/.test(text));
    expect(bad).toEqual([]);
  });

  it('writes in polite Indonesian: no English sentence, no "kamu", "Anda" capitalised', () => {
    const bad = readable.filter(([, t]) => {
      const w = words(t as string);
      const lower = w.map((x) => x.toLowerCase());
      if (lower.some((x) => ['kamu', 'kau', 'engkau', 'lu', 'gue', 'gw'].includes(x))) return true;
      if (w.includes('anda')) return true;
      if (lower.some((x) => ENGLISH.has(x))) return true;
      return w.length >= 5 && !lower.some((x) => INDONESIAN.has(x));
    });
    expect(bad).toEqual([]);
  });

  it('keeps the words a user may type in lower case and trimmed, as they are compared', () => {
    const inputs = all.filter(([path]) => isInput(path));
    expect(inputs.length).toBeGreaterThan(20);
    expect(inputs.filter(([, w]) => w !== (w as string).trim().toLowerCase() || w === '')).toEqual([]);
  });
});
