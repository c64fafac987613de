import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { createManualClock } from '../../src/core/clock.js';
import type { InboundMessage } from '../../src/core/channel.js';
import { silentLogger } from '../../src/logger.js';
import { createRouter, type Router } from '../../src/core/router.js';
import { createDesk } from '../../src/desk.js';
import { createFaqFeature, isUrgent } from '../../src/faq/feature.js';
import type { Matcher } from '../../src/faq/matcher.js';
import type { Intent, MatchResult } from '../../src/faq/types.js';
import { openStore } from '../../src/store/index.js';
import { TICKET_OFFER } from '../../src/tickets/choices.js';
import { createHarness, inbound, MEMORY_DB } from '../helpers.js';

function intent(id: string, over: Partial<Intent> = {}): Intent {
  return {
    id,
    title: `Judul ${id}`,
    group: 'akun',
    examples: [],
    keywords: [],
    links: [],
    owner: 'biro',
    updated: '2026-11-27',
    answer: `Jawaban ${id}.`,
    sourcePath: `${id}.md`,
    ...over,
  };
}

/** A desk whose matcher answers from a table, to drive each decision band exactly. */
function deskWith(results: Record<string, MatchResult>) {
  const store = openStore(MEMORY_DB);
  const matcher: Matcher = {
    match: (q) => results[q] ?? { decision: 'abstain', intent: null, score: 0.1, suggestions: [] },
  };
  const intents = [
    intent('lupa-password'),
    intent('lupa-user-id'),
    intent('katalog-salah', { owner: 'lkpp', links: [{ label: 'Katalog v6', url: 'https://katalog.inaproc.id' }] }),
    intent('salam', { group: 'percakapan', action: 'menu' }),
    intent('aduan-layanan', { group: 'layanan', ticketCategory: 'pengaduan-layanan' }),
  ];
  const menu: Router['menu'] = (ctx) => router.menu(ctx);
  const router = createRouter([
    createFaqFeature({
      matcher,
      intents,
      faq: store.faq,
      menu,
      ticketOffer: TICKET_OFFER,
      ticketOfferFor: (id) =>
        id === 'pengaduan-layanan' ? { id: 'tiket:kat:pengaduan-layanan', label: 'Pengaduan' } : undefined,
      recentTexts: (ctx, limit) => store.inbound.recentTexts(ctx.msg.channel, ctx.msg.chatId, limit),
    }),
  ]);
  const desk = createDesk({ store, router, clock: createManualClock(), log: silentLogger });
  const say = (text: string, over: Partial<InboundMessage> = {}) => {
    const { queued } = desk.receive(inbound(text, over));
    return queued.map((id) => store.outbox.byId(id)!);
  };
  return { store, say };
}

const answer: MatchResult = {
  decision: 'answer',
  intent: 'lupa-password',
  score: 0.9,
  suggestions: [{ id: 'lupa-password', score: 0.9 }],
};
const suggest: MatchResult = {
  decision: 'suggest',
  intent: null,
  score: 0.5,
  suggestions: [
    { id: 'lupa-password', score: 0.5 },
    { id: 'lupa-user-id', score: 0.48 },
  ],
};

describe('FAQ in the desk', () => {
  it('answers a confident match and asks whether it helped', () => {
    const { store, say } = deskWith({ 'lupa pw': answer });
    const [out] = say('lupa pw');
    expect(out!.text).toBe(`Jawaban lupa-password.\n\n${texts.faq.feedbackQuestion}`);
    expect(out!.choices?.map((c) => c.label)).toEqual([texts.faq.feedbackYes, texts.faq.feedbackNo]);
    store.close();
  });

  it('offers a ticket with the answer when the topic is LKPP’s or Telkom’s', () => {
    const { store, say } = deskWith({
      'katalog salah': { decision: 'answer', intent: 'katalog-salah', score: 0.9, suggestions: [] },
    });
    const [out] = say('katalog salah');
    expect(out!.choices?.map((c) => c.id)).toEqual(['fb:y:katalog-salah', 'fb:n:katalog-salah', TICKET_OFFER.id]);
    store.close();
  });

  it('shows the intent’s links that the answer text does not already contain', () => {
    const { store, say } = deskWith({
      'katalog salah': { decision: 'answer', intent: 'katalog-salah', score: 0.9, suggestions: [] },
    });
    const [out] = say('katalog salah');
    expect(out!.text).toContain(texts.faq.link('Katalog v6', 'https://katalog.inaproc.id'));
    store.close();
  });

  it('stores "helpful" feedback per intent', () => {
    const { store, say } = deskWith({ 'lupa pw': answer });
    say('lupa pw');
    expect(say('1')[0]!.text).toBe(texts.faq.thanksForFeedback);
    expect(store.faq.feedbackSummary()).toEqual([{ intentId: 'lupa-password', helpful: 1, notHelpful: 0 }]);
    store.close();
  });

  it('offers a ticket when the answer did not help', () => {
    const { store, say } = deskWith({ 'lupa pw': answer });
    say('lupa pw');
    const [out] = say('2');
    expect(out!.text).toBe(texts.faq.sorryNotHelpful);
    expect(out!.choices).toEqual([TICKET_OFFER]);
    expect(store.faq.feedbackSummary()).toEqual([{ intentId: 'lupa-password', helpful: 0, notHelpful: 1 }]);
    store.close();
  });

  it('asks "Maksud Anda…?" with the candidates and answers the one picked', () => {
    const { store, say } = deskWith({ 'lupa akun': suggest });
    const [question] = say('lupa akun');
    expect(question!.text).toBe(texts.faq.didYouMean);
    expect(question!.choices?.map((c) => c.label)).toEqual(['Judul lupa-password', 'Judul lupa-user-id', texts.faq.noneOfThese]);
    expect(say('2')[0]!.text).toContain('Jawaban lupa-user-id.');
    store.close();
  });

  it('says it did not understand, offers a ticket and records the question when it abstains', () => {
    const { store, say } = deskWith({});
    const [out] = say('harga cabai di pasar');
    expect(out!.text).toBe(texts.faq.notUnderstood);
    expect(out!.choices).toEqual([TICKET_OFFER]);
    expect(store.faq.recentUnmatched(5).map((u) => u.question)).toEqual(['harga cabai di pasar']);
    // Sent with a file, it says the file is on no ticket yet, rather than passing over it.
    const photo = { kind: 'photo' as const, ref: 'file-1' };
    const [withFile] = say('harga cabai di pasar', { attachments: [photo] });
    expect(withFile!.text).toBe(`${texts.faq.notUnderstood}\n\n${texts.faq.fileNotKept}`);
    store.close();
  });

  it('treats "none of these" as not understood and records the question as an FAQ gap', () => {
    const { store, say } = deskWith({ 'lupa akun': suggest });
    say('lupa akun');
    expect(say('3')[0]!.text).toBe(texts.faq.notUnderstood);
    expect(store.faq.recentUnmatched(5).map((u) => u.question)).toEqual(['lupa akun']);
    store.close();
  });

  it('does not fill the FAQ-gap report with "ok" and stray numbers', () => {
    const { store, say } = deskWith({});
    say('ok');
    say('7');
    expect(store.faq.recentUnmatched(5)).toEqual([]);
    store.close();
  });

  it('acknowledges "ok"-like small talk without offering a ticket or recording a gap', () => {
    const { store, say } = deskWith({
      'siap pak': { decision: 'abstain', intent: null, score: 0, suggestions: [], smallTalk: true },
    });
    const [out] = say('siap pak');
    expect(out!.text).toBe(texts.faq.acknowledged);
    expect(out!.choices).toBeNull();
    expect(store.faq.recentUnmatched(5)).toEqual([]);
    store.close();
  });

  it('asks for words when the message is only emoji', () => {
    const { store, say } = deskWith({});
    expect(say('😀😀👍')[0]!.text).toBe(texts.faq.noWords);
    expect(store.faq.recentUnmatched(5)).toEqual([]);
    store.close();
  });

  it('offers a ticket instead of matching a very long message', () => {
    const { store, say } = deskWith({});
    const [out] = say('upload gagal terus. '.repeat(500));
    expect(out!.text).toBe(texts.faq.tooLong);
    expect(out!.choices).toEqual([TICKET_OFFER]);
    store.close();
  });

  it('offers the ticket of the intent’s own category with its answer', () => {
    const { store, say } = deskWith({ kecewa: { decision: 'answer', intent: 'aduan-layanan', score: 0.9, suggestions: [] } });
    const [out] = say('kecewa');
    expect(out!.choices?.map((c) => c.id)).toEqual(['fb:y:aduan-layanan', 'fb:n:aduan-layanan', 'tiket:kat:pengaduan-layanan']);
    store.close();
  });

  it('adds a ticket button to the answer of an urgent message', () => {
    const { store, say } = deskWith({ 'LUPA PASSWORD, BESOK DEADLINE': answer });
    const [out] = say('LUPA PASSWORD, BESOK DEADLINE');
    expect(out!.choices?.map((c) => c.id)).toEqual(['fb:y:lupa-password', 'fb:n:lupa-password', TICKET_OFFER.id]);
    store.close();
  });

  it('answers an urgent message with a single candidate at once, with the ticket button', () => {
    const one: MatchResult = {
      decision: 'suggest',
      intent: null,
      score: 0.5,
      suggestions: [{ id: 'lupa-password', score: 0.5 }],
    };
    const { store, say } = deskWith({ 'lupa pw!!!': one, 'lupa pw': one });
    expect(say('lupa pw!!!')[0]!.text).toContain('Jawaban lupa-password.');
    expect(say('lupa pw')[0]!.text).toBe(texts.faq.didYouMeanOne);
    store.close();
  });

  it('answers an urgent message at once when its first candidate is clearly ahead, and asks when two are close', () => {
    const ahead: MatchResult = {
      decision: 'suggest',
      intent: null,
      score: 0.55,
      suggestions: [
        { id: 'lupa-password', score: 0.55 },
        { id: 'lupa-user-id', score: 0.48 },
      ],
    };
    const close: MatchResult = { ...ahead, suggestions: [ahead.suggestions[0]!, { id: 'lupa-user-id', score: 0.52 }] };
    const { store, say } = deskWith({ 'LUPA PW BESOK DEADLINE': ahead, 'AKUN SAYA BESOK DEADLINE': close });
    expect(say('LUPA PW BESOK DEADLINE')[0]!.text).toContain('Jawaban lupa-password.');
    expect(say('AKUN SAYA BESOK DEADLINE')[0]!.text).not.toContain('Jawaban lupa-password.');
    store.close();
  });

  it('never says "belum memahami" to an urgent message it cannot place: it offers a ticket', () => {
    const { store, say } = deskWith({});
    const [out] = say('TOLONG SEGERA DIBANTU SEKARANG');
    expect(out!.text).toBe(texts.faq.urgentNoMatch);
    expect(out!.choices).toEqual([TICKET_OFFER]);
    store.close();
  });

  it('answers an English question with a note in Indonesian and the matched topic, recording no gap', () => {
    const { store, say } = deskWith({
      'i forgot my password': { ...answer, english: true },
      'where is the office': { decision: 'abstain', intent: null, score: 0.1, suggestions: [], english: true },
    });
    const [note, topic] = say('i forgot my password');
    expect(note!.text).toBe(texts.faq.englishNote);
    expect(topic!.text).toContain('Jawaban lupa-password.');
    const [none] = say('where is the office');
    expect(none!.text).toBe(texts.faq.englishNoMatch);
    expect(store.faq.recentUnmatched(5)).toEqual([]);
    store.close();
  });

  it('answers a greeting with the menu instead of a feedback question', () => {
    const { store, say } = deskWith({ halo: { decision: 'answer', intent: 'salam', score: 1, suggestions: [] } });
    const [out] = say('halo');
    expect(out!.text).toBe('Jawaban salam.');
    expect(out!.choices?.map((c) => c.id)).toContain('menu:ask');
    store.close();
  });
});

describe('isUrgent', () => {
  it('reads shouting, several exclamation marks and urgency words as urgent', () => {
    expect(isUrgent('WOY INI SERVER NYA MATI LAGI')).toBe(true);
    expect(isUrgent('kok ga ada yg jawab!!!')).toBe(true);
    expect(isUrgent('besok deadline penawaran')).toBe(true);
    expect(isUrgent('lupa password')).toBe(false);
    expect(isUrgent('SPSE')).toBe(false);
  });
});

describe('FAQ with the shipped content', () => {
  const user = { chatId: 'c7', userId: 'u7' };

  it('offers a "Pengaduan atas pelayanan biro" ticket for a complaint about the service', async () => {
    const h = await createHarness();
    for (const complaint of ['ini udh 3 hari ga ada yg jawab!!! pelayanan apa ini', 'saya mau komplain soal pelayanan petugas']) {
      const [out] = h.say(complaint, user);
      expect(out!.choices?.map((c) => c.label)).toContain('Pengaduan atas pelayanan biro');
    }
    const tap = h.say('', { ...user, choice: 'tiket:kat:pengaduan-layanan' });
    expect(tap[0]!.text).toBe(texts.tickets.askDescription('Pengaduan atas pelayanan biro'));
    h.close();
  });

  it('answers an angry, urgent message with the matching topic and a one-tap ticket', async () => {
    const h = await createHarness();
    const [out] = h.say('WOY INI SERVER NYA MATI LAGI, BESOK UDAH DEADLINE', user);
    expect(out!.text).not.toBe(texts.faq.notUnderstood);
    expect(out!.text).toContain('spse.inaproc.id/kalteng');
    expect(out!.choices?.map((c) => c.id)).toContain(TICKET_OFFER.id);
    h.close();
  });

  it('gives "p", "ok", "tlg" and "permisi min" a fitting answer and records no FAQ gap', async () => {
    const h = await createHarness();
    const first = (text: string) => h.say(text, user)[0]!.text;
    expect(first('p')).toContain('selamat datang');
    expect(first('ok')).toBe(texts.faq.acknowledged);
    expect(first('tlg')).toContain('Yang bisa saya bantu');
    expect(first('permisi min')).toContain('selamat datang');
    expect(h.app.store.faq.recentUnmatched(10)).toEqual([]);
    h.close();
  });

  it('answers English questions in Indonesian with the matched topic, and records no FAQ gap', async () => {
    const h = await createHarness();
    const register = h.say('How do I register as a vendor on SPSE?', user);
    expect(register[0]!.text).toBe(texts.faq.englishNote);
    expect(register[1]!.text).toContain('akun.inaproc.id');
    const password = h.say('i forgot my password', user);
    expect(password[0]!.text).toBe(texts.faq.englishNote);
    expect(password[1]!.text.toLowerCase()).toContain('password');
    expect(h.app.store.faq.recentUnmatched(10)).toEqual([]);
    h.close();
  });

  it('reads "hp" as a mobile phone, not as the helpdesk telephone', async () => {
    const h = await createHarness();
    const [out] = h.say('apk spse bisa di hp ga', user);
    expect(out!.text).toContain('browser');
    expect(out!.text).not.toContain('[ISI: nomor telepon');
    h.close();
  });

  it('starts the ticket dialog when the user asks to report a problem', async () => {
    const h = await createHarness();
    const out = h.say('saya mau buat pengaduan ke petugas', { chatId: 'c9', userId: 'u9' });
    expect(out[0]!.text).toBe(texts.tickets.askCategory);
    h.close();
  });

  it('lists the user’s tickets when they ask about their ticket', async () => {
    const h = await createHarness();
    h.say('/tiket tidak bisa login', { chatId: 'c9', userId: 'u9' });
    const out = h.say('gimana status tiket saya', { chatId: 'c9', userId: 'u9' });
    expect(out[0]!.text).toContain(texts.tickets.listHeader);
    h.close();
  });
});

describe('praise and complaints about the service (shipped content)', () => {
  it('answers a compliment with thanks, not with the complaint answer, and a negated one with the complaint answer', async () => {
    const h = await createHarness();
    const who = { chatId: 'u-praise', userId: 'u-praise' };
    const praise = h.app.faq.intents.find((i) => i.id === 'apresiasi-layanan')!;
    const complaint = h.app.faq.intents.find((i) => i.id === 'pengaduan-layanan')!;
    for (const text of ['Pelayanannya cepat, petugasnya ramah', 'saya puas dengan pelayanannya']) {
      const out = h.say(text, who).map((r) => r.text);
      expect(out.join('\n'), text).toContain(praise.answer.split('\n')[0]);
      expect(out.join('\n'), text).not.toContain(complaint.answer.split('\n')[0]);
    }
    for (const text of [
      'petugasnya tidak ramah',
      'pelayanan lambat sekali',
      'petugasnya ga ramah',
      'pelayanannya kurang cepat',
    ]) {
      expect(
        h
          .say(text, who)
          .map((r) => r.text)
          .join('\n'),
        text,
      ).toContain(complaint.answer.split('\n')[0]);
    }
    h.close();
  });
});
