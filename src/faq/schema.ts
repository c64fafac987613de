import { z } from 'zod';

/**
 * Zod schemas for the FAQ content files. They describe what staff may write; the loader turns
 * the parsed values into the `Intent`/`Lexicon` contract of ./types.ts.
 */

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** The `yaml` package (YAML 1.2) keeps dates as strings: a YYYY-MM-DD that is a real date. */
const isoDate = z
  .string()
  .trim()
  .refine((value) => DATE_PATTERN.test(value) && !Number.isNaN(Date.parse(value)), {
    message: 'must be a date written as YYYY-MM-DD',
  });

const nonBlank = z.string().trim().min(1, { message: 'must not be empty' });

export const intentOwnerSchema = z.enum(['biro', 'lkpp', 'telkom', 'pokja']);
export const intentActionSchema = z.enum(['open_ticket', 'ticket_status', 'menu', 'subscribe']);

export const intentLinkSchema = z.object({
  label: nonBlank,
  url: z.url({ message: 'must be a URL' }),
});

export const frontMatterSchema = z.object({
  id: z.string().regex(ID_PATTERN, { message: 'must be kebab-case (a-z, 0-9, -)' }),
  title: nonBlank,
  owner: intentOwnerSchema,
  updated: isoDate,
  // Fewer than six examples is allowed at load time and reported by check-intents instead, so
  // that a thin intent does not take the whole desk down.
  examples: z.array(nonBlank).min(1, { message: 'needs at least one example' }),
  keywords: z.array(nonBlank).default([]),
  links: z.array(intentLinkSchema).default([]),
  action: intentActionSchema.optional(),
  /** A ticket category (`_categories.yaml` id) whose ticket the answer offers with one tap. */
  ticketCategory: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, { message: 'must be a category id (lower-case letters, digits, dashes)' })
    .optional(),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;

const lexiconKey = z
  .string()
  .trim()
  .min(1)
  .transform((value) => value.toLowerCase());

/** YAML turns bare words such as `no`, `ya` or `144` into booleans/numbers; accept them back as text. */
const lexiconValue = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .transform((value) => (value === null ? '' : String(value)).trim().toLowerCase());

/** The slang map is looked up one token at a time, so a key with a space would never match. */
const slangKey = lexiconKey.refine((key) => /^[a-z0-9]+$/.test(key), {
  message: 'slang keys are single words (letters and digits); put multi-word forms under phrases',
});

export const lexiconSchema = z.object({
  slang: z.record(slangKey, lexiconValue).default({}),
  phrases: z.record(lexiconKey, lexiconValue).default({}),
  stopwords: z.array(lexiconValue).default([]),
  /** Greeting and address words, ignored by the matcher when a question says more (types.ts). */
  greetings: z.array(lexiconValue).default([]),
  /** Chat fillers: a message made only of these is not a question (types.ts). */
  fillers: z.array(lexiconValue).default([]),
  /** Systems and matters outside the bureau's remit, and the domain words that override them (types.ts). */
  otherSystems: z.array(lexiconValue).default([]),
  domainWords: z.array(lexiconValue).default([]),
  /** Common English words: a question made mostly of them is answered with a note in Indonesian (types.ts). */
  english: z.array(lexiconValue).default([]),
});

export const contactsSchema = z.object({
  kontak: z.record(
    z.string().regex(/^[a-z0-9_]+$/i, { message: 'contact keys are letters, digits and _' }),
    z.union([z.string(), z.number()]).transform((value) => String(value)),
  ),
});
