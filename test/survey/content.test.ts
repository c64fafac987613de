import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { readFileSync } from 'node:fs';
import { ContentError } from '../../src/faq/loader.js';
import { UNSUR } from '../../src/survey/analysis.js';
import { SURVEY_FILE, loadSurveyContent } from '../../src/survey/content.js';
import { tempDir } from '../helpers.js';

const shipped = () =>
  YAML.parse(readFileSync(join('intents', SURVEY_FILE), 'utf8')) as Record<string, unknown> & {
    items: Array<Record<string, unknown>>;
  };

function loadWith(edit: (doc: ReturnType<typeof shipped>) => void) {
  const dir = tempDir();
  const doc = shipped();
  edit(doc);
  writeFileSync(join(dir, SURVEY_FILE), YAML.stringify(doc));
  return () => loadSurveyContent(dir);
}

describe('survey content', () => {
  it('ships the nine unsur items and the bureau items of its quadrant I, each with four labels', () => {
    const content = loadSurveyContent('intents')!;
    const codes = content.items.map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining([...UNSUR.map((u) => u.code), 'B3', 'B11', 'B12', 'B27', 'B28', 'B31']));
    for (const u of UNSUR) expect(content.byCode(u.code)?.unsur).toBe(u.code);
    expect(content.byCode('b27')?.name).toBe('Akurasi informasi katalog');
    expect(content.items.every((i) => i.labels.length === 4)).toBe(true);
    expect(content.profile.map((p) => p.id)).toEqual(['jenis_kelamin', 'pendidikan', 'peran']);
    expect(content.profile.find((p) => p.id === 'peran')!.options).toEqual(
      expect.arrayContaining(['Penyedia', 'PPK', 'Pokja pemilihan']),
    );
  });

  it('has no survey when the folder has no survey file', () => {
    expect(loadSurveyContent(tempDir())).toBeUndefined();
  });

  it('refuses an item with three labels, naming the file and the field', () => {
    const load = loadWith((doc) => {
      doc.items[2]!.labels = ['a', 'b', 'c'];
    });
    expect(load).toThrow(ContentError);
    expect(load).toThrow(/_survey\.yaml: items\.2\.labels: expected exactly 4 labels/);
  });

  it('refuses an unknown unsur and a duplicate code', () => {
    expect(
      loadWith((doc) => {
        doc.items[0]!.unsur = 'U10';
      }),
    ).toThrow(/items\.0\.unsur: expected one of U1/);
    expect(
      loadWith((doc) => {
        doc.items[10]!.code = 'B3';
      }),
    ).toThrow(/items\.10\.code: duplicate code "B3"/);
  });

  it('refuses a survey that leaves an unsur without items, since no index could be computed', () => {
    expect(
      loadWith((doc) => {
        doc.items = doc.items.filter((i) => i.unsur !== 'U4');
      }),
    ).toThrow(/items: no item for U4 \(Biaya\/tarif\)/);
  });
});
