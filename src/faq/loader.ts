import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import YAML from 'yaml';
import type { z } from 'zod';
import { errorMessage } from '../core/errors.js';
import { contactsSchema, frontMatterSchema, lexiconSchema } from './schema.js';
import type { Intent, Lexicon } from './types.js';

export interface FaqContent {
  intents: Intent[];
  lexicon: Lexicon;
  /** `kontak` key → text, as written in `_contacts.yaml`. */
  contacts: Record<string, string>;
}

/** A content file that cannot be used. `path` is the file, `field` the offending field. */
export class ContentError extends Error {
  override readonly name = 'ContentError';
  constructor(
    readonly path: string,
    readonly field: string,
    detail: string,
  ) {
    super(`${path}: ${field}: ${detail}`);
  }
}

/** Contact values the bureau has not filled in yet ("[ISI: …]" placeholders). */
export function unfilledContacts(contacts: Record<string, string>): string[] {
  return Object.entries(contacts)
    .filter(([, value]) => /^\s*\[ISI\b/i.test(value))
    .map(([key]) => key);
}

export const LEXICON_FILE = '_lexicon.yaml';
export const CONTACTS_FILE = '_contacts.yaml';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const CONTACT_REF = /^kontak\.([a-z0-9_]+)$/i;

/**
 * Reads the FAQ content under `dir`: every `<group>/<id>.md` intent plus the lexicon and the
 * contacts. Any problem throws a ContentError naming the file and the field, because a desk that
 * silently drops an intent answers worse without anyone noticing.
 */
export function loadFaqContent(dir: string): FaqContent {
  const lexicon = loadLexicon(path.join(dir, LEXICON_FILE));
  const contacts = loadContacts(path.join(dir, CONTACTS_FILE));
  const seen = new Map<string, string>();
  const intents: Intent[] = [];
  for (const file of listIntentFiles(dir)) {
    const intent = loadIntent(dir, file, contacts);
    const earlier = seen.get(intent.id);
    if (earlier !== undefined) {
      throw new ContentError(intent.sourcePath, 'id', `duplicate id "${intent.id}" (also in ${earlier})`);
    }
    seen.set(intent.id, intent.sourcePath);
    intents.push(intent);
  }
  return { intents, lexicon, contacts };
}

export function loadLexicon(file: string): Lexicon {
  // No lexicon file: the schema's defaults, so the empty lexicon is written down once.
  if (!existsSync(file)) return lexiconSchema.parse({});
  return parseYamlFile(file, lexiconSchema);
}

export function loadContacts(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return parseYamlFile(file, contactsSchema).kontak;
}

/** Reads a YAML content file and validates it; any problem is a ContentError naming file and field. */
export function parseYamlFile<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = YAML.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ContentError(file, 'yaml', errorMessage(error));
  }
  return validate(file, schema, raw ?? {});
}

function validate<S extends z.ZodType>(file: string, schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const fieldOf = (issue: (typeof issues)[number]) => issue.path.map(String).join('.') || '(root)';
  // zod says "expected string, received undefined" for a missing field; staff need "is required".
  const messageOf = (issue: (typeof issues)[number]) => {
    const top = issue.path[0];
    const missing = issue.path.length === 1 && typeof raw === 'object' && raw !== null && !(String(top) in raw);
    if (missing) return 'is required';
    // A bad record key is reported as "Invalid key in record"; the reason is one level down.
    if (issue.code === 'invalid_key') return issue.issues[0]?.message ?? issue.message;
    return issue.message;
  };
  const [first, ...rest] = issues;
  if (!first) throw new ContentError(file, '(root)', 'invalid content');
  const also = rest.map((issue) => `${fieldOf(issue)}: ${messageOf(issue)}`);
  throw new ContentError(file, fieldOf(first), [messageOf(first), ...also].join('; '));
}

/** Intent files relative to `dir`, sorted so that load order (and error order) is stable. */
function listIntentFiles(dir: string): string[] {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.md')) continue;
    const rel = path.relative(dir, path.join(entry.parentPath, entry.name));
    const parts = rel.split(path.sep);
    if (parts.some((part) => part.startsWith('_') || part.startsWith('.'))) continue;
    if (entry.name.toLowerCase() === 'readme.md') continue;
    files.push(rel);
  }
  return files.sort();
}

function loadIntent(dir: string, rel: string, contacts: Record<string, string>): Intent {
  const sourcePath = path.join(dir, rel);
  const group = rel.split(path.sep)[0] ?? '';
  if (!rel.includes(path.sep)) {
    throw new ContentError(sourcePath, 'group', 'intent files belong in a group folder: intents/<group>/<id>.md');
  }
  let parsed: matter.GrayMatterFile<string>;
  try {
    // The yaml package (YAML 1.2) keeps `updated: 2025-01-31` a string and `no` a string,
    // where gray-matter's bundled js-yaml would turn them into a Date and a boolean.
    parsed = matter(readFileSync(sourcePath, 'utf8'), {
      engines: { yaml: (text: string) => (YAML.parse(text) ?? {}) as object },
    });
  } catch (error) {
    throw new ContentError(sourcePath, 'front matter', errorMessage(error));
  }
  const fm = validate(sourcePath, frontMatterSchema, parsed.data);
  const expectedId = path.basename(rel, '.md');
  if (fm.id !== expectedId) {
    throw new ContentError(sourcePath, 'id', `id "${fm.id}" must equal the file name "${expectedId}"`);
  }
  const body = parsed.content.trim();
  if (body === '') throw new ContentError(sourcePath, 'body', 'the answer (Markdown body) is empty');
  return {
    id: fm.id,
    title: fm.title,
    group,
    examples: fm.examples,
    keywords: fm.keywords,
    links: fm.links,
    owner: fm.owner,
    updated: fm.updated,
    ...(fm.action ? { action: fm.action } : {}),
    ...(fm.ticketCategory ? { ticketCategory: fm.ticketCategory } : {}),
    answer: fillPlaceholders(body, contacts, sourcePath),
    sourcePath,
  };
}

function fillPlaceholders(body: string, contacts: Record<string, string>, sourcePath: string): string {
  return body.replace(PLACEHOLDER, (_whole, inner: string) => {
    const ref = CONTACT_REF.exec(inner);
    if (!ref) throw new ContentError(sourcePath, 'body', `unknown placeholder {{${inner}}}: only {{kontak.<key>}} exists`);
    const key = ref[1] ?? '';
    const value = contacts[key];
    if (value === undefined) {
      throw new ContentError(sourcePath, `kontak.${key}`, `placeholder {{kontak.${key}}} is not defined in ${CONTACTS_FILE}`);
    }
    return value;
  });
}
