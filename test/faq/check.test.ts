import { describe, expect, it } from 'vitest';
import { checkIntents } from '../../src/faq/check.js';
import { createNormaliser } from '../../src/faq/normalise.js';
import type { Intent, Lexicon } from '../../src/faq/types.js';

function intent(id: string, examples: string[]): Intent {
  return {
    id,
    title: id,
    group: 'test',
    examples,
    keywords: [],
    links: [],
    owner: 'biro',
    updated: '2025-01-31',
    answer: 'x',
    sourcePath: `test/${id}.md`,
  };
}

const normalise = createNormaliser({ phrases: {}, slang: { pw: 'password', sy: 'saya' }, stopwords: ['saya', 'di', 'yang'] });
const six = (prefix: string) => ['satu', 'dua', 'tiga', 'empat', 'lima', 'enam'].map((word) => `${prefix} ${word}`);

describe('checkIntents', () => {
  it('finds nothing wrong in distinct intents with enough examples', () => {
    expect(checkIntents({ intents: [intent('a', six('alpha')), intent('b', six('beta'))] }, normalise)).toEqual([]);
  });

  it('reports an intent with fewer than six examples', () => {
    const findings = checkIntents({ intents: [intent('tipis', ['lupa password', 'reset password'])] }, normalise);
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'too-few-examples', severity: 'error', intents: ['tipis'] }));
  });

  it('honours a custom minimum number of examples', () => {
    const findings = checkIntents({ intents: [intent('tipis', ['lupa password', 'reset password'])] }, normalise, {
      minExamples: 2,
    });
    expect(findings).toEqual([]);
  });

  it('reports two examples of one intent that normalise to the same words', () => {
    const findings = checkIntents({ intents: [intent('a', [...six('alpha'), 'sy lupa pw', 'lupa password di'])] }, normalise);
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'duplicate-example', intents: ['a'], examples: ['sy lupa pw', 'lupa password di'] }),
    ]);
  });

  it('reports an example made only of stop words', () => {
    const findings = checkIntents({ intents: [intent('a', [...six('alpha'), 'saya yang di'])] }, normalise);
    expect(findings).toEqual([expect.objectContaining({ kind: 'empty-example', intents: ['a'] })]);
  });

  it('reports the same question in two intents as an error', () => {
    const findings = checkIntents(
      { intents: [intent('a', [...six('alpha'), 'lupa pw akun']), intent('b', [...six('beta'), 'akun lupa password'])] },
      normalise,
    );
    expect(findings).toEqual([
      expect.objectContaining({
        kind: 'identical-across-intents',
        severity: 'error',
        intents: ['a', 'b'],
        examples: ['lupa pw akun', 'akun lupa password'],
      }),
    ]);
  });

  it('warns about examples of two intents that share most of their words', () => {
    const findings = checkIntents(
      {
        intents: [
          intent('a', [...six('alpha'), 'cara ganti email akun penyedia spse']),
          intent('b', [...six('beta'), 'cara ganti email akun penyedia']),
        ],
      },
      normalise,
    );
    expect(findings).toEqual([
      expect.objectContaining({ kind: 'similar-across-intents', severity: 'warning', intents: ['a', 'b'] }),
    ]);
  });

  it('does not warn about examples that share only a few words', () => {
    const findings = checkIntents(
      {
        intents: [
          intent('a', [...six('alpha'), 'cara ganti email akun']),
          intent('b', [...six('beta'), 'cara daftar tender baru']),
        ],
      },
      normalise,
    );
    expect(findings).toEqual([]);
  });

  it('warns about screening entries of the lexicon that can never apply', () => {
    const lexicon: Lexicon = {
      phrases: {},
      slang: { pw: 'password', sy: 'saya' },
      stopwords: ['saya', 'di', 'yang'],
      fillers: ['lanjut', 'saya'],
      otherSystems: ['gmail', 'di', 'akun spse'],
      domainWords: ['spse'],
    };
    const findings = checkIntents({ intents: [intent('a', six('alpha'))], lexicon }, createNormaliser(lexicon));
    expect(findings.map((f) => [f.kind, f.severity, f.examples[0]])).toEqual([
      ['inert-lexicon-entry', 'warning', 'saya'],
      ['inert-lexicon-entry', 'warning', 'di'],
      ['inert-lexicon-entry', 'warning', 'akun spse'],
    ]);
  });
});
