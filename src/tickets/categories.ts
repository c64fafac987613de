import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ContentError, parseYamlFile } from '../faq/loader.js';
import { intentOwnerSchema } from '../faq/schema.js';

export const CATEGORIES_FILE = '_categories.yaml';

const categorySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,32}$/, { error: 'expected lower-case letters, digits and dashes (≤ 32)' }),
  label: z.string().min(1).max(60),
  owner: intentOwnerSchema,
  groups: z.array(z.string()).default([]),
  default: z.boolean().default(false),
  /** Words and phrases of a description that point to this category (category-guess.ts). */
  keywords: z.array(z.string().trim().min(1, { error: 'must not be empty' }).max(80)).default([]),
  firstResponseMinutes: z.number().int().positive(),
  resolutionMinutes: z.number().int().positive(),
});

const fileSchema = z.object({ categories: z.array(categorySchema).min(1) });

export type Category = z.infer<typeof categorySchema>;

export interface Categories {
  list: readonly Category[];
  byId(id: string): Category | undefined;
  /** The category for a question's FAQ group, else the default one. */
  forGroup(group: string | undefined): Category;
  fallback: Category;
}

export function createCategories(list: readonly Category[]): Categories {
  const fallback = list.find((c) => c.default) ?? list[list.length - 1]!;
  return {
    list,
    byId: (id) => list.find((c) => c.id === id),
    forGroup: (group) => (group ? list.find((c) => c.groups.includes(group)) : undefined) ?? fallback,
    fallback,
  };
}

/** Ticket categories are content: staff edit `_categories.yaml` next to the intents. */
export function loadCategories(dir: string): Categories {
  const path = join(dir, CATEGORIES_FILE);
  if (!existsSync(path)) throw new ContentError(path, 'categories', 'file is missing');
  const parsed = parseYamlFile(path, fileSchema);
  const list = parsed.categories;
  const ids = new Set<string>();
  for (const [i, c] of list.entries()) {
    if (ids.has(c.id)) throw new ContentError(path, `categories.${i}.id`, `duplicate id "${c.id}"`);
    ids.add(c.id);
  }
  if (list.filter((c) => c.default).length > 1) throw new ContentError(path, 'default', 'more than one default category');
  return createCategories(list);
}
