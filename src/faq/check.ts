import type { Normaliser } from './normalise.js';
import type { Intent, Lexicon } from './types.js';

/**
 * Content lint for `check-intents`: things that make the matcher worse that the loader cannot
 * reject on its own, because each file is valid in isolation.
 */

export type FindingKind =
  | 'too-few-examples'
  | 'duplicate-example'
  | 'empty-example'
  | 'identical-across-intents'
  | 'similar-across-intents'
  | 'inert-lexicon-entry';

export interface Finding {
  kind: FindingKind;
  /** `error`: the matcher cannot tell intents apart or an intent is too thin; `warning`: worth a look. */
  severity: 'error' | 'warning';
  /** The intent ids involved: one, or two for the cross-intent kinds, none for the lexicon. */
  intents: string[];
  /** The examples involved, as written in the files. */
  examples: string[];
  message: string;
}

export interface CheckOptions {
  /** The design asks for at least this many varied phrasings per intent. */
  minExamples: number;
  /** Jaccard similarity of normalised token sets from which two intents' examples are too close. */
  similarity: number;
}

export const DEFAULT_CHECK_OPTIONS: Readonly<CheckOptions> = Object.freeze({ minExamples: 6, similarity: 0.75 });

interface Example {
  intent: string;
  text: string;
  tokens: Set<string>;
  key: string;
}

export function checkIntents(
  content: { intents: readonly Intent[]; lexicon?: Lexicon },
  normalise: Normaliser,
  options: Partial<CheckOptions> = {},
): Finding[] {
  const { minExamples, similarity } = { ...DEFAULT_CHECK_OPTIONS, ...options };
  const findings: Finding[] = [];
  const examples: Example[] = [];

  for (const intent of content.intents) {
    if (intent.examples.length < minExamples) {
      findings.push({
        kind: 'too-few-examples',
        severity: 'error',
        intents: [intent.id],
        examples: [],
        message: `${intent.id} has ${intent.examples.length} examples; at least ${minExamples} varied phrasings are needed`,
      });
    }
    const seen = new Map<string, string>();
    for (const text of intent.examples) {
      const tokens = normalise(text);
      const key = [...new Set(tokens)].sort().join(' ');
      if (key === '') {
        findings.push({
          kind: 'empty-example',
          severity: 'warning',
          intents: [intent.id],
          examples: [text],
          message: `${intent.id}: "${text}" is nothing but stop words after normalisation and can never match`,
        });
        continue;
      }
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        findings.push({
          kind: 'duplicate-example',
          severity: 'warning',
          intents: [intent.id],
          examples: [earlier, text],
          message: `${intent.id}: "${text}" says the same as "${earlier}" after normalisation`,
        });
        continue;
      }
      seen.set(key, text);
      examples.push({ intent: intent.id, text, tokens: new Set(tokens), key });
    }
  }

  findings.push(...crossIntentFindings(examples, similarity));
  if (content.lexicon) findings.push(...lexiconFindings(content.lexicon, normalise));
  return findings;
}

/**
 * Screening entries of the lexicon that can never take effect: a filler or other-system entry
 * that normalises to nothing (a stop word), or an other-system entry that contains a domain word
 * and is therefore always overridden ("pppk" reads as "ppk").
 */
function lexiconFindings(lexicon: Lexicon, normalise: Normaliser): Finding[] {
  const findings: Finding[] = [];
  const inert = (entry: string, why: string): Finding => ({
    kind: 'inert-lexicon-entry',
    severity: 'warning',
    intents: [],
    examples: [entry],
    message: `_lexicon.yaml: "${entry}" ${why}`,
  });
  const domain = new Set((lexicon.domainWords ?? []).flatMap((word) => normalise(word)));
  for (const entry of lexicon.fillers ?? []) {
    if (normalise(entry).length === 0) findings.push(inert(entry, 'under fillers is a stop word already'));
  }
  for (const entry of lexicon.otherSystems ?? []) {
    const words = normalise(entry);
    const shared = words.find((word) => domain.has(word));
    if (words.length === 0) findings.push(inert(entry, 'under otherSystems is nothing but stop words and never applies'));
    else if (shared !== undefined)
      findings.push(inert(entry, `under otherSystems reads as the domain word "${shared}" and never applies`));
  }
  return findings;
}

/** Pairs of examples of different intents that share most of their words. */
function crossIntentFindings(examples: Example[], threshold: number): Finding[] {
  const findings: Finding[] = [];
  // Only pairs that share a token can be similar: an inverted index keeps this near-linear.
  const byToken = new Map<string, number[]>();
  examples.forEach((example, i) => {
    for (const token of example.tokens) {
      const list = byToken.get(token);
      if (list) list.push(i);
      else byToken.set(token, [i]);
    }
  });
  examples.forEach((a, i) => {
    const shared = new Map<number, number>();
    for (const token of a.tokens) {
      for (const j of byToken.get(token) ?? []) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
    }
    for (const [j, common] of shared) {
      const b = examples[j] as Example;
      if (b.intent === a.intent) continue;
      const jaccard = common / (a.tokens.size + b.tokens.size - common);
      if (jaccard < threshold) continue;
      const identical = a.key === b.key;
      findings.push({
        kind: identical ? 'identical-across-intents' : 'similar-across-intents',
        severity: identical ? 'error' : 'warning',
        intents: [a.intent, b.intent],
        examples: [a.text, b.text],
        message: identical
          ? `"${a.text}" (${a.intent}) and "${b.text}" (${b.intent}) are the same question after normalisation`
          : `"${a.text}" (${a.intent}) and "${b.text}" (${b.intent}) share ${Math.round(jaccard * 100)}% of their words`,
      });
    }
  });
  return findings;
}
