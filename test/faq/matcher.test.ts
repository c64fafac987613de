import { describe, expect, it } from 'vitest';
import { createMatcher, DEFAULT_MATCHER_OPTIONS } from '../../src/faq/matcher.js';
import type { Intent, Lexicon } from '../../src/faq/types.js';

function intent(id: string, examples: string[], keywords: string[] = [], answer = `Jawaban ${id}`): Intent {
  return {
    id,
    title: id.replace(/-/g, ' '),
    group: 'test',
    examples,
    keywords,
    links: [],
    owner: 'biro',
    updated: '2025-01-31',
    answer,
    sourcePath: `test/${id}.md`,
  };
}

const lexicon: Lexicon = {
  phrases: { 'kata sandi': 'password' },
  slang: {
    gmn: 'bagaimana',
    sy: 'saya',
    pw: 'password',
    lelang: 'tender',
    gk: 'tidak',
    bs: 'bisa',
    hai: 'halo',
    registrasi: 'daftar',
  },
  stopwords: ['saya', 'yang', 'di', 'ke', 'dari', 'juga', 'kak', 'min', 'dong', 'bagaimana', 'cara', 'apa'],
  greetings: ['halo', 'selamat pagi'],
};

const intents: Intent[] = [
  intent('lupa-password', [
    'lupa password akun',
    'reset password spse',
    'tidak ingat kata sandi',
    'password hilang',
    'lupa password penyedia',
    'minta reset password',
  ]),
  intent('daftar-penyedia', ['daftar akun penyedia baru', 'cara daftar penyedia', 'daftar perusahaan baru']),
  intent(
    'jadwal-tender',
    ['jadwal tender', 'batas akhir penawaran', 'tahapan tender diundur', 'jadwal paket'],
    [],
    'Jadwal ditetapkan pokja. Perubahan jadwal diumumkan sebagai adendum di https://spse.example.test.',
  ),
  intent('kirim-penawaran', ['kirim penawaran', 'upload dokumen penawaran', 'unggah penawaran tender']),
  // Two intents that share every word but one: a question with only the shared words is ambiguous.
  intent('ubah-email', ['ubah email perusahaan', 'ganti email akun perusahaan']),
  intent('ubah-alamat', ['ubah alamat perusahaan', 'ganti alamat akun perusahaan']),
  intent('salam', ['halo', 'selamat pagi', 'assalamualaikum', 'halo admin']),
];

const matcher = createMatcher({ intents, lexicon });

describe('createMatcher decisions', () => {
  it('answers a question that says what one intent says, in chat spelling', () => {
    const result = matcher.match('gmn kak, sy lupa pw akun');
    expect(result.decision).toBe('answer');
    expect(result.intent).toBe('lupa-password');
    expect(result.score).toBeGreaterThanOrEqual(DEFAULT_MATCHER_OPTIONS.answerThreshold);
    expect(result.suggestions[0]?.id).toBe('lupa-password');
  });

  it('gives an exact example the full score', () => {
    expect(matcher.match('jadwal tender').score).toBe(1);
  });

  it('tolerates a typo in a long word', () => {
    expect(matcher.match('lupa pasword').intent).toBe('lupa-password');
  });

  it('tolerates a typo in an informal word of the lexicon', () => {
    expect(matcher.match('regstrasi penyedia').intent).toBe('daftar-penyedia');
  });

  it('relates affixed forms to their root ("mengirim" to "kirim")', () => {
    expect(matcher.match('mengirim penawaran').intent).toBe('kirim-penawaran');
  });

  it("treats a word from an intent's answer text as known domain vocabulary", () => {
    const question = 'adendum jadwal tender';
    const withAnswers = matcher.match(question);
    expect(withAnswers.intent).toBe('jadwal-tender');
    const withoutAnswers = createMatcher({ intents, lexicon, options: { answerWeight: 0 } }).match(question);
    expect(withoutAnswers.score).toBeLessThan(withAnswers.score);
  });

  it('suggests, without answering, when the top two intents are too close to call', () => {
    const result = matcher.match('ganti akun perusahaan');
    expect(result.decision).toBe('suggest');
    expect(result.intent).toBeNull();
    expect(result.suggestions.map((s) => s.id).sort()).toEqual(['ubah-alamat', 'ubah-email']);
    const [first, second] = result.suggestions;
    expect((first?.score ?? 0) - (second?.score ?? 0)).toBeLessThan(DEFAULT_MATCHER_OPTIONS.gap);
  });

  it('suggests when the best intent is plausible but below the answer threshold', () => {
    const strict = createMatcher({ intents, lexicon, options: { answerThreshold: 0.99 } });
    const result = strict.match('lupa password penyedia spse');
    expect(result.decision).toBe('suggest');
    expect(result.intent).toBeNull();
    expect(result.suggestions[0]?.id).toBe('lupa-password');
  });

  it('abstains, with no choices, on a question about something else', () => {
    const result = matcher.match('resep rendang padang yang enak');
    expect(result.decision).toBe('abstain');
    expect(result.intent).toBeNull();
    expect(result.suggestions).toEqual([]);
    expect(result.score).toBeLessThan(DEFAULT_MATCHER_OPTIONS.suggestThreshold);
  });

  it('reads past a greeting when the question says something else too', () => {
    expect(matcher.match('halo kak, jadwal paket tender').intent).toBe('jadwal-tender');
    expect(matcher.match('selamat pagi, resep rendang padang').decision).toBe('abstain');
    const literal = createMatcher({ intents, lexicon: { ...lexicon, greetings: [] } });
    expect(literal.match('halo kak, jadwal paket tender').score).toBeLessThan(
      matcher.match('halo kak, jadwal paket tender').score,
    );
  });

  it('still answers a greeting that is only a greeting', () => {
    expect(matcher.match('hai kak, selamat pagi').intent).toBe('salam');
    expect(matcher.match('halo admin').intent).toBe('salam');
  });

  it('finds the point of a long message full of words it does not know', () => {
    const question = 'sy dari perusahaan maju jaya, lupa password akun, email direktur juga hilang';
    const result = matcher.match(question);
    expect(result.decision).toBe('suggest');
    expect(result.suggestions[0]?.id).toBe('lupa-password');
    const literal = createMatcher({ intents, lexicon, options: { longQuestion: 1000 } });
    expect(literal.match(question).decision).toBe('abstain');
  });

  it('abstains when one known word is drowned by unknown ones', () => {
    expect(matcher.match('jadwal pertandingan sepak bola liga').decision).toBe('abstain');
  });

  it.each(['', '   ', '😀🙏', '?!...'])('abstains with score 0 on an empty question (%j)', (question) => {
    expect(matcher.match(question)).toEqual({ decision: 'abstain', intent: null, score: 0, suggestions: [] });
  });

  it('takes words that all vanish as stopwords ("dong kak") for small talk, not a question', () => {
    expect(matcher.match('dong kak')).toEqual({ decision: 'abstain', intent: null, score: 0, suggestions: [], smallTalk: true });
  });
});

describe('createMatcher screening: fillers and other systems', () => {
  const screened: Lexicon = {
    ...lexicon,
    stopwords: [...lexicon.stopwords, 'oke'],
    fillers: ['lanjut', 'iya', 'oke'],
    otherSystems: ['gmail', 'instagram', 'akun bank', 'wifi'],
    domainWords: ['spse', 'penyedia', 'tender'],
  };
  const withLanjut = [...intents, intent('status-tiket', ['status tiket', 'tindak lanjut laporan', 'progres laporan'])];
  const screening = createMatcher({ intents: withLanjut, lexicon: screened });
  const unscreened = createMatcher({
    intents: withLanjut,
    lexicon: { ...screened, fillers: [], otherSystems: [], domainWords: [] },
  });

  it('abstains on a message made only of fillers, with or without greetings', () => {
    expect(unscreened.match('lanjut').decision).toBe('answer');
    for (const question of ['lanjut', 'iya lanjut', 'halo, lanjut kak']) {
      const result = screening.match(question);
      expect(result.decision).toBe('abstain');
      expect(result.suggestions).toEqual([]);
    }
  });

  it('still reads a filler word inside a real question, and a greeting alone', () => {
    expect(screening.match('tindak lanjut laporan saya').intent).toBe('status-tiket');
    expect(screening.match('halo admin').intent).toBe('salam');
  });

  it('abstains on a question about another system that shares the FAQ words', () => {
    expect(unscreened.match('lupa password gmail').decision).not.toBe('abstain');
    for (const question of ['lupa password gmail', 'lupa pw instagramnya', 'akun bank lupa password', 'password wifi lupa']) {
      const result = screening.match(question);
      expect(result.decision, question).toBe('abstain');
      expect(result.suggestions).toEqual([]);
    }
  });

  it('needs the words of a phrase in order, and lets a domain word override', () => {
    for (const question of ['bank akun lupa password', 'lupa password spse di gmail', 'lupa password penyedia, email gmail']) {
      expect(screening.match(question), question).toEqual(unscreened.match(question));
      expect(screening.match(question).decision, question).not.toBe('abstain');
    }
  });

  it('offers choices at most when otherSystemCap is suggest', () => {
    const capped = createMatcher({ intents: withLanjut, lexicon: screened, options: { otherSystemCap: 'suggest' } });
    const result = capped.match('lupa password akun gmail');
    expect(result.decision).toBe('suggest');
    expect(result.suggestions[0]?.id).toBe('lupa-password');
  });
});

describe('createMatcher options and output', () => {
  it('lets the caller move the thresholds', () => {
    const lenient = createMatcher({ intents, lexicon, options: { suggestThreshold: 0.01 } });
    expect(matcher.match('jadwal pertandingan sepak bola liga').decision).toBe('abstain');
    expect(lenient.match('jadwal pertandingan sepak bola liga').decision).not.toBe('abstain');
  });

  it('lists at most maxSuggestions choices, best first, with scores in 0..1', () => {
    const wide = createMatcher({
      intents,
      lexicon,
      options: { suggestThreshold: 0.01, answerThreshold: 1.1, maxSuggestions: 2 },
    });
    const result = wide.match('ganti akun perusahaan tender penawaran password');
    expect(result.suggestions).toHaveLength(2);
    const scores = result.suggestions.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((score) => score > 0 && score <= 1)).toBe(true);
    expect(result.score).toBe(scores[0]);
  });

  it('gives the same result for the same question and leaves the intents untouched', () => {
    const before = JSON.stringify(intents);
    expect(matcher.match('upload penawaran')).toEqual(matcher.match('upload penawaran'));
    expect(JSON.stringify(intents)).toBe(before);
  });

  it('abstains on everything when there are no intents', () => {
    expect(createMatcher({ intents: [], lexicon }).match('lupa password').decision).toBe('abstain');
  });
});
