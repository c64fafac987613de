import { texts } from '../core/catalogue.js';
import { hasWords } from '../core/text.js';
import type { Choice, OutboundMessage } from '../core/channel.js';
import { choiceCodec } from '../core/choice-id.js';
import { choiceHandler, reply, type DeskContext, type Feature } from '../core/router.js';
import type { FaqRepo } from '../store/faq.js';
import { DEFAULT_MATCHER_OPTIONS, type Matcher } from './matcher.js';
import type { Intent, IntentAction, MatchResult } from './types.js';

/** "Maksud Anda…?" picks an intent by its id (`faq:lupa-password`) or none of them (`faq:-`). */
const intentChoice = choiceCodec('faq', { '-': [], '*': ['text'] });
/** "Apakah jawaban ini membantu?": `fb:y:<intent>` / `fb:n:<intent>`. */
const feedbackChoice = choiceCodec('fb', { y: ['text'], n: ['text'] });

/** Small talk (greetings, thanks) is not information whose usefulness is worth asking about. */
export const CONVERSATION_GROUP = 'percakapan';

/** Past this a message is a report, not a question: matching it word by word helps nobody. */
const MAX_QUESTION_CHARS = 1_000;

/** Words that make a message urgent: it gets a ticket button with whatever the FAQ says. */
const URGENT_WORDS = new Set([
  'deadline',
  'tenggat',
  'besok',
  'segera',
  'urgent',
  'darurat',
  'mendesak',
  'penting',
  'cepat',
  'asap',
]);

/**
 * An angry or urgent message ("WOY INI SERVER NYA MATI LAGI, BESOK UDAH DEADLINE", "kok ga ada yg
 * jawab!!!"): shouted (mostly capitals), several exclamation marks, or an urgency word.
 */
export function isUrgent(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  const upper = letters.replace(/[^\p{Lu}]/gu, '').length;
  if (letters.length >= 10 && upper >= 0.7 * letters.length) return true;
  if (/!{2,}|(?:!\s*){3,}/.test(text)) return true;
  return text
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .some((word) => URGENT_WORDS.has(word));
}

type IntentActionHandler = (ctx: DeskContext, intent: Intent) => OutboundMessage[];

/** The answer with the intent's links that the text does not already show. */
function answerText(intent: Intent): string {
  const body = intent.answer.trim();
  const missing = intent.links.filter((link) => !body.includes(link.url));
  return missing.length === 0 ? body : `${body}\n\n${missing.map((link) => texts.faq.link(link.label, link.url)).join('\n')}`;
}

export interface FaqFeatureDeps {
  matcher: Matcher;
  intents: readonly Intent[];
  faq: FaqRepo;
  /** The chat's latest messages, newest first: finds the question a "none of these" refers to. */
  recentTexts: (ctx: DeskContext, limit: number) => string[];
  ticketOffer?: Choice;
  /** The one-tap ticket of a category (intents with `ticketCategory`); undefined for an unknown id. */
  ticketOfferFor?: (categoryId: string) => Choice | undefined;
  /**
   * What intents with an `action` do instead of answering with feedback buttons; features that own
   * the flow (tickets, subscriptions) supply theirs. `menu` has a default: the answer with the menu.
   */
  actions?: Partial<Record<IntentAction, IntentActionHandler>>;
  /** The desk's main menu, for greeting-like intents. */
  menu: (ctx: DeskContext) => OutboundMessage;
}

/** Answers free text from the FAQ; records unanswered questions and per-intent feedback. */
export function createFaqFeature(deps: FaqFeatureDeps): Feature {
  const byId = new Map(deps.intents.map((i) => [i.id, i]));
  const actions: Partial<Record<IntentAction, IntentActionHandler>> = {
    menu: (ctx, intent) => [reply(ctx, answerText(intent), deps.menu(ctx).choices)],
    ...deps.actions,
  };
  const offer = deps.ticketOffer ? [deps.ticketOffer] : [];

  /** A reply that invites a ticket: the button when the tickets feature is there, else the hint. */
  function offerTicket(ctx: DeskContext, text: string): OutboundMessage[] {
    // A file sent with a question the desk cannot place is on no ticket: the person must know it.
    const withFile = ctx.msg.attachments.length > 0 ? `${text}\n\n${texts.faq.fileNotKept}` : text;
    return [reply(ctx, deps.ticketOffer ? withFile : `${withFile}\n${texts.faq.openTicketHint}`, offer)];
  }

  /**
   * An intent's answer, followed by "Apakah jawaban ini membantu?" when it informs. A topic that is
   * LKPP's or Telkom's also gets the ticket button right away: the bureau cannot fix it, but it
   * takes the report, forwards it and tracks it.
   */
  function answer(ctx: DeskContext, intent: Intent, urgent = false): OutboundMessage[] {
    const action = intent.action ? actions[intent.action] : undefined;
    if (action) return action(ctx, intent);
    if (intent.group === CONVERSATION_GROUP) return [reply(ctx, answerText(intent))];
    const external = intent.owner === 'lkpp' || intent.owner === 'telkom';
    const feedback = [
      feedbackChoice.choice(texts.faq.feedbackYes, 'y', intent.id),
      feedbackChoice.choice(texts.faq.feedbackNo, 'n', intent.id),
    ];
    // A topic that is a ticket of its own ("Pengaduan atas pelayanan biro") offers that ticket.
    const own = intent.ticketCategory ? deps.ticketOfferFor?.(intent.ticketCategory) : undefined;
    const tickets = own ? [own] : external || urgent ? offer : [];
    return [reply(ctx, `${answerText(intent)}\n\n${texts.faq.feedbackQuestion}`, [...feedback, ...tickets])];
  }

  /** "Maksud Anda…?" with the candidates and a way out. */
  function suggest(ctx: DeskContext, result: MatchResult, urgent = false): OutboundMessage[] {
    const choices = result.suggestions.flatMap((s) => {
      const intent = byId.get(s.id);
      return intent ? [intentChoice.choice(intent.title, '*', intent.id)] : [];
    });
    const single = choices.length === 1;
    const way = intentChoice.choice(single ? texts.faq.notThis : texts.faq.noneOfThese, '-');
    return [reply(ctx, single ? texts.faq.didYouMeanOne : texts.faq.didYouMean, [...choices, way, ...(urgent ? offer : [])])];
  }

  /** Questions worth reading in the FAQ-gap report: "ok" or "1" are not. */
  function recordGap(ctx: DeskContext, question: string, result: MatchResult): void {
    if (question.replace(/[^\p{L}]/gu, '').length < 4) return;
    deps.faq.recordUnmatched(
      {
        channel: ctx.msg.channel,
        contactId: ctx.contact.id,
        question: question.slice(0, 2_000),
        bestIntent: result.nearest?.id ?? result.suggestions[0]?.id ?? null,
        bestScore: result.score,
      },
      ctx.now,
    );
  }

  return {
    name: 'faq',
    text(ctx) {
      const question = ctx.msg.text.trim();
      // A file with no caption is not a question; the tickets feature deals with attachments.
      if (question === '') return null;
      if (!hasWords(question)) return [reply(ctx, texts.faq.noWords)];
      if (question.length > MAX_QUESTION_CHARS) return offerTicket(ctx, texts.faq.tooLong);
      const result = deps.matcher.match(question);
      // "ok", "siap", "baik pak": an acknowledgement, not a question the FAQ failed.
      if (result.smallTalk && !result.english) return [reply(ctx, texts.faq.acknowledged)];
      const urgent = isUrgent(question);
      // An urgent message with one candidate, or one clearly ahead of the next (by the matcher's
      // default gap), gets its answer at once, beside the ticket button: "Maksud Anda…?" is no way
      // to meet "SERVER MATI, BESOK DEADLINE". (A runner-up just over the suggestion floor must not
      // turn it into a question.)
      const [first, next] = result.suggestions;
      const clear = first !== undefined && (next === undefined || first.score - next.score >= DEFAULT_MATCHER_OPTIONS.gap);
      const sole = urgent && clear ? first.id : undefined;
      const pick = result.decision === 'answer' ? result.intent : result.decision === 'suggest' ? sole : undefined;
      const answered = pick ? byId.get(pick) : undefined;
      const found = answered
        ? answer(ctx, answered, urgent)
        : result.decision === 'suggest'
          ? suggest(ctx, result, urgent)
          : undefined;
      // English: a note that the desk answers in Indonesian, then the topic it found; no FAQ gap.
      if (result.english)
        return found ? [reply(ctx, texts.faq.englishNote), ...found] : offerTicket(ctx, texts.faq.englishNoMatch);
      if (found) return found;
      recordGap(ctx, question, result);
      return offerTicket(ctx, urgent ? texts.faq.urgentNoMatch : texts.faq.notUnderstood);
    },
    choices: {
      ...choiceHandler(intentChoice, (ctx, choice) => {
        if (choice.action === '*') {
          const intent = byId.get(choice.args[0]);
          return intent ? answer(ctx, intent) : [reply(ctx, texts.faq.unknownIntent)];
        }
        // "None of these": the question before this answer is a gap in the FAQ too.
        const question = deps.recentTexts(ctx, 2)[1];
        if (question) recordGap(ctx, question.trim(), deps.matcher.match(question));
        return offerTicket(ctx, texts.faq.notUnderstood);
      }),
      ...choiceHandler(feedbackChoice, (ctx, choice) => {
        const [intentId] = choice.args;
        if (!byId.has(intentId)) return [reply(ctx, texts.errors.choiceExpired)];
        const helpful = choice.action === 'y';
        deps.faq.recordFeedback({ intentId, contactId: ctx.contact.id, helpful, question: null }, ctx.now);
        if (helpful) return [reply(ctx, texts.faq.thanksForFeedback)];
        return offerTicket(ctx, texts.faq.sorryNotHelpful);
      }),
    },
  };
}
