import type { Normaliser } from './normalise.js';
import type { Intent } from './types.js';

/**
 * Content lint for `check-intents`: things that make the matcher worse that the loader cannot
 * reject on its own, because each file is valid in isolation.
 */

export type FindingKind =
  'too-few-examples' | 'duplicate-example' | 'empty-example' | 'identical-across-intents' | 'similar-across-intents';

export interface Finding {
  kind: FindingKind;
  /** `error`: the matcher cannot tell intents apart or an intent is too thin; `warning`: worth a look. */
  severity: 'error' | 'warning';
  /** The intent ids involved: one, or two for the cross-intent kinds. */
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
  content: { intents: readonly Intent[] },
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
  const reported = new Set<string>();
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
      const pair = `${a.text}\u0000${b.text}`;
      if (reported.has(pair)) continue;
      reported.add(pair);
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
