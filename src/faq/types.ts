import type { z } from 'zod';
import type { intentActionSchema, intentOwnerSchema } from './schema.js';
/**
 * The FAQ contract shared by the loader, the matcher and the desk.
 * Content lives in `intents/<group>/<id>.md` (YAML front matter + Markdown answer),
 * `intents/_lexicon.yaml` (normaliser vocabulary) and `intents/_contacts.yaml` (placeholders).
 */

/** Whose responsibility a topic is; the answer says so when it is not the bureau's. */
export type IntentOwner = z.infer<typeof intentOwnerSchema>;

/** Intents that start a flow in the desk instead of (or after) showing their answer. */
export type IntentAction = z.infer<typeof intentActionSchema>;

export interface IntentLink {
  label: string;
  url: string;
}

export interface Intent {
  id: string;
  title: string;
  /** Group folder name under intents/, e.g. `akun`, `tender`. */
  group: string;
  examples: string[];
  keywords: string[];
  links: IntentLink[];
  owner: IntentOwner;
  /** ISO date (YYYY-MM-DD) the answer was last checked. */
  updated: string;
  action?: IntentAction;
  /** A ticket category id: the answer offers a ticket in that category with one tap. */
  ticketCategory?: string;
  /** Markdown answer with `{{kontak.x}}` placeholders already filled in. */
  answer: string;
  /** Path the intent was loaded from, for error messages and check-intents. */
  sourcePath: string;
}

export interface Lexicon {
  /** Single-token informal/abbreviated/misspelt form → standard form ("gmn" → "bagaimana"). */
  slang: Record<string, string>;
  /** Multi-word phrase → canonical token(s) ("kata sandi" → "password"), applied before slang. */
  phrases: Record<string, string>;
  /** Tokens that carry no intent, dropped after slang mapping. */
  stopwords: string[];
  /**
   * Greeting and address words ("halo", "selamat pagi", "admin"). The matcher ignores them in a
   * question that says something else as well: "halo admin, jadwal tender kapan" is about the
   * schedule, while "halo admin" alone is still a greeting.
   */
  greetings?: string[];
  /**
   * Chat fillers and acknowledgements ("lanjut", "iya", "mantap"). A message made of nothing but
   * these (and greetings) is not a question: the matcher abstains instead of guessing a topic from
   * a word that only means something inside a sentence ("tindak lanjut").
   */
  fillers?: string[];
  /**
   * Words or phrases naming a system or matter outside the bureau's remit ("gmail", "instagram",
   * "akun bank", "ktp"). A question naming one and no `domainWords` is about that other system:
   * "lupa password gmail" must not be answered with the SPSE password procedure.
   * A phrase applies when its words appear in this order in the normalised question.
   */
  otherSystems?: string[];
  /**
   * Words that anchor a question in procurement ("spse", "tender", "penyedia", "pokja"). Their
   * presence overrides `otherSystems`: "email akun spse diblokir" is still ours.
   */
  domainWords?: string[];
  /**
   * Common English words ("how", "forgot", "my"). A question made mostly of them is English: the
   * desk says it answers in Indonesian, with the matched topic when there is one, and records no gap.
   */
  english?: string[];
}

export type MatchDecision = 'answer' | 'suggest' | 'abstain';

export interface ScoredIntent {
  id: string;
  /** 0..1, higher is surer. */
  score: number;
}

export interface MatchResult {
  decision: MatchDecision;
  /** The best intent when decision is `answer`; null otherwise. */
  intent: string | null;
  /** Score of the best candidate (0 when there is none). */
  score: number;
  /** Up to 3 candidates, best first: the choices of "Maksud Anda…?" when decision is `suggest`. */
  suggestions: ScoredIntent[];
  /** On abstain: the closest intent, below the threshold; for the FAQ-gap report, never shown. */
  nearest?: ScoredIntent;
  /** Only acknowledgements and fillers ("ok", "siap", "baik pak"): nothing to answer or to record. */
  smallTalk?: boolean;
  /** The question is written in English (lexicon `english`). */
  english?: boolean;
}
