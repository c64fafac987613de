import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ContentError, parseYamlFile } from '../faq/loader.js';
import { SCALE_MAX, UNSUR, UNSUR_CODES, type ItemDef, type UnsurCode } from './analysis.js';

/** The survey's questions are content: staff edit `_survey.yaml` next to the intents. */
export const SURVEY_FILE = '_survey.yaml';

const fourLabels = z
  .array(z.string().trim().min(1).max(40))
  .length(SCALE_MAX, { error: `expected exactly ${SCALE_MAX} labels, from 1 (worst) to ${SCALE_MAX} (best)` });

const itemSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9]{0,9}$/, { error: 'expected a code of capital letters and digits such as U1 or B27' }),
  unsur: z.enum(UNSUR_CODES as [UnsurCode, ...UnsurCode[]], { error: `expected one of ${UNSUR_CODES.join(', ')}` }),
  name: z.string().trim().min(1).max(80),
  text: z.string().trim().min(1).max(300),
  labels: fourLabels,
  importance: z.boolean().default(true),
});

const profileSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, { error: 'expected lower-case letters, digits and underscores' }),
  text: z.string().trim().min(1).max(200),
  options: z.array(z.string().trim().min(1).max(40)).min(2).max(10),
});

const fileSchema = z.object({
  importanceQuestion: z.string().trim().min(1).max(200),
  importanceLabels: fourLabels,
  items: z.array(itemSchema).min(1),
  profile: z.array(profileSchema).default([]),
});

export type SurveyItem = z.infer<typeof itemSchema>;
export type ProfileQuestion = z.infer<typeof profileSchema>;

export interface SurveyContent {
  /** Where it was read from, for messages. */
  file: string;
  importanceQuestion: string;
  importanceLabels: readonly string[];
  items: readonly SurveyItem[];
  profile: readonly ProfileQuestion[];
  byCode(code: string): SurveyItem | undefined;
  /** The items as the analysis needs them. */
  defs: readonly ItemDef[];
}

export function createSurveyContent(file: string, parsed: z.infer<typeof fileSchema>): SurveyContent {
  const byCode = new Map(parsed.items.map((i) => [i.code, i]));
  return {
    file,
    importanceQuestion: parsed.importanceQuestion,
    importanceLabels: parsed.importanceLabels,
    items: parsed.items,
    profile: parsed.profile,
    byCode: (code) => byCode.get(code.toUpperCase()),
    defs: parsed.items.map(({ code, name, unsur, importance }) => ({ code, name, unsur, importance })),
  };
}

/**
 * Reads and checks `_survey.yaml`: a bad file fails with its path and field. Undefined when the
 * folder has no survey (the desk then offers none).
 */
export function loadSurveyContent(dir: string): SurveyContent | undefined {
  const file = join(dir, SURVEY_FILE);
  if (!existsSync(file)) return undefined;
  const parsed = parseYamlFile(file, fileSchema);
  const seen = new Set<string>();
  for (const [i, item] of parsed.items.entries()) {
    if (seen.has(item.code)) throw new ContentError(file, `items.${i}.code`, `duplicate code "${item.code}"`);
    seen.add(item.code);
  }
  // Without an item for every unsur no index could ever be computed: a content error, not a surprise in the report.
  const missing = UNSUR.filter((u) => !parsed.items.some((i) => i.unsur === u.code));
  if (missing.length > 0)
    throw new ContentError(file, 'items', `no item for ${missing.map((u) => `${u.code} (${u.name})`).join(', ')}`);
  const ids = new Set<string>();
  for (const [i, q] of parsed.profile.entries()) {
    if (ids.has(q.id)) throw new ContentError(file, `profile.${i}.id`, `duplicate id "${q.id}"`);
    ids.add(q.id);
  }
  return createSurveyContent(file, parsed);
}
