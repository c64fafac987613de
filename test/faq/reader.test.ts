import { describe, expect, it } from 'vitest';
import type { Matcher } from '../../src/faq/matcher.js';
import { createTopicReader, PRAISE_INTENT, THANKS_INTENT } from '../../src/faq/reader.js';
import type { Intent, MatchResult } from '../../src/faq/types.js';

const intent = (id: string, group: string) => ({ id, group }) as Intent;
const intents = [
  intent(THANKS_INTENT, 'percakapan'),
  intent('salam', 'percakapan'),
  intent(PRAISE_INTENT, 'percakapan'),
  intent('lupa-password', 'akun'),
];
const answer = (id: string): MatchResult => ({ decision: 'answer', intent: id, score: 0.9, suggestions: [] });

function readerOver(results: Record<string, MatchResult>) {
  const calls: string[] = [];
  const matcher: Matcher = {
    match: (q) => (calls.push(q), results[q] ?? { decision: 'abstain', intent: null, score: 0, suggestions: [] }),
  };
  return { reader: createTopicReader({ matcher, intents }), calls };
}

describe('topic reader', () => {
  it('tells thanks, small talk, FAQ questions and the rest apart', () => {
    const { reader } = readerOver({
      'makasih pak': answer(THANKS_INTENT),
      'terima kasih tapi masih error': answer(THANKS_INTENT),
      halo: answer('salam'),
      'lupa pw': answer('lupa-password'),
      ok: { decision: 'abstain', intent: null, score: 0, suggestions: [], smallTalk: true },
    });
    expect(
      ['makasih pak', 'terima kasih tapi masih error', 'halo', 'lupa pw', 'ok', 'nomor paket 7788'].map(reader.classify),
    ).toEqual(['thanks', 'other', 'small-talk', 'faq', 'small-talk', 'other']);
  });

  it('reads praise of the service as feedback (a rating’s comment), not as small talk', () => {
    const { reader } = readerOver({ 'petugasnya ramah': answer(PRAISE_INTENT) });
    expect(reader.classify('petugasnya ramah')).toBe('feedback');
  });

  it('matches a text once when several features ask about it in one turn', () => {
    const { reader, calls } = readerOver({ 'lupa pw': answer('lupa-password') });
    reader.classify('lupa pw');
    reader.confidentGroup('lupa pw');
    expect(reader.match('lupa pw').intent).toBe('lupa-password');
    expect(calls).toEqual(['lupa pw']);
    expect(reader.confidentGroup('tidak dikenal')).toBeUndefined();
    expect(calls).toEqual(['lupa pw', 'tidak dikenal']);
  });
});
