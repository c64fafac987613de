import { texts } from '../core/catalogue.js';
import { CONVERSATION_GROUP } from './feature.js';
import type { Matcher } from './matcher.js';
import type { Intent, MatchResult } from './types.js';

/** The FAQ intent that means "thank you": on a solved ticket it ends the conversation, not reopens it. */
export const THANKS_INTENT = 'terima-kasih';

/**
 * The FAQ intent that praises the service ("pelayanannya cepat, petugasnya ramah"): like a
 * complaint it is what the user has to say about the service (a rating's comment), not a question.
 */
export const PRAISE_INTENT = 'apresiasi-layanan';

/**
 * What a plain message is, for features that must decide whether it belongs to a ticket.
 * `feedback` is a confident match of a topic about the service itself (an intent that offers its
 * own ticket category, such as a complaint, or the praise intent): said after a rating or to a waiting ticket, it is
 * what the user has to say there, not a question for the FAQ.
 */
export type MessageKind = 'thanks' | 'small-talk' | 'faq' | 'feedback' | 'other';

export interface TopicReader extends Matcher {
  classify(text: string): MessageKind;
  /** The intent group of a confident match ("/tiket teks" is filed under its topic's category). */
  confidentGroup(text: string): string | undefined;
}

/**
 * The matcher as the other features read it. One message is often asked about several times in
 * one turn (is it the answer to a waiting ticket? if not, the FAQ answers it): the last result is
 * kept, so the same text is matched once. The matcher is pure, so a hit is always right.
 */
export function createTopicReader({ matcher, intents }: { matcher: Matcher; intents: readonly Intent[] }): TopicReader {
  const groups = new Map(intents.map((i) => [i.id, i.group]));
  const aboutService = new Set(intents.filter((i) => i.ticketCategory).map((i) => i.id));
  const stillBroken = new Set<string>(texts.tickets.words.stillBroken);
  let last: { text: string; result: MatchResult } | undefined;
  const match = (text: string): MatchResult => {
    if (last?.text !== text) last = { text, result: matcher.match(text) };
    return last.result;
  };
  return {
    match,
    classify(text) {
      const result = match(text);
      if (result.smallTalk) return 'small-talk';
      if (result.decision !== 'answer' || !result.intent) return 'other';
      // "terima kasih, tapi masih error" is not a happy ending.
      if (result.intent === THANKS_INTENT)
        return text
          .toLowerCase()
          .split(/[^\p{L}]+/u)
          .some((w) => stillBroken.has(w))
          ? 'other'
          : 'thanks';
      if (aboutService.has(result.intent) || result.intent === PRAISE_INTENT) return 'feedback';
      return groups.get(result.intent) === CONVERSATION_GROUP ? 'small-talk' : 'faq';
    },
    confidentGroup(text) {
      const result = match(text);
      return result.decision === 'answer' && result.intent ? groups.get(result.intent) : undefined;
    },
  };
}
