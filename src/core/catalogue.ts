/**
 * Every text a user or staff member reads comes from here, so wording is reviewed in one place
 * and nothing user-facing hides in code. Indonesian, polite ("Anda").
 *
 * The texts live per feature in ./catalogue/, each file holding one or more top-level keys;
 * this file puts them together into the one `texts` object everybody imports. A top-level key
 * belongs to exactly one file (test/core/catalogue.test.ts checks it: a spread would let a
 * second file silently override the first).
 */
import { menuTexts } from './catalogue/menu.js';
import { errorTexts } from './catalogue/errors.js';
import { faqTexts } from './catalogue/faq.js';
import { ticketTexts } from './catalogue/tickets.js';
import { staffTexts } from './catalogue/staff.js';
import { reportTexts } from './catalogue/report.js';
import { nameTexts } from './catalogue/names.js';
import { subscriptionTexts } from './catalogue/subscriptions.js';
import { telegramTexts } from './catalogue/telegram.js';
import { whatsappTexts } from './catalogue/whatsapp.js';
import { platformTexts } from './catalogue/platform.js';
import { commandMenuTexts } from './catalogue/command-menu.js';
import { choiceTexts } from './catalogue/choices.js';
import { consoleTexts } from './catalogue/console.js';
import { linkTexts } from './catalogue/links.js';
import { webTexts } from './catalogue/web.js';
import { surveyTexts } from './catalogue/survey.js';
import { incidentTexts } from './catalogue/incidents.js';
import { periodReportTexts } from './catalogue/reports.js';
import { webChatTexts } from './catalogue/web-chat.js';
import { fileRelayTexts } from './catalogue/files.js';

import { escapeMarkup } from './text.js';

/*
 * Only the desk's own texts are rendered as Markdown. Every text function below is wrapped so that
 * each string it is given (directly, in an object or an array) has its markup characters escaped
 * (see escapeMarkup) — unless the string is the desk's own: a text of this catalogue, something a
 * text function returned (a summary filled into a confirmation), or content marked with
 * trustMarkdown (an FAQ answer sent as a staff reply). One place, so no call site can forget it.
 */
const staticTexts = new Set<string>();
/** What text functions returned lately: bounded, the oldest forgotten first. */
const produced = new Set<string>();
const PRODUCED_LIMIT = 5_000;

function remember(text: string): void {
  produced.delete(text);
  produced.add(text);
  if (produced.size > PRODUCED_LIMIT) produced.delete(produced.values().next().value!);
}

/** Marks a text of the desk's content (an FAQ answer) as Markdown to render, when it is filled into a catalogue text. */
export function trustMarkdown(text: string): string {
  remember(text);
  return text;
}

const isDesks = (text: string) => staticTexts.has(text) || produced.has(text);

function escapeArgument(value: unknown): unknown {
  if (typeof value === 'string') return isDesks(value) ? value : escapeMarkup(value);
  if (Array.isArray(value)) return value.map(escapeArgument);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeArgument(v)]));
  return value;
}

const wrappedFunctions = new WeakSet<object>();

/** Wraps the text functions of a catalogue fragment in place (the fragments stay the objects `texts` holds). */
function guard<T>(node: T): T {
  if (typeof node === 'string') {
    staticTexts.add(node);
    return node;
  }
  if (typeof node === 'function') {
    if (wrappedFunctions.has(node)) return node;
    const fn = node as (...args: unknown[]) => unknown;
    const wrapped = (...args: unknown[]) => {
      const out = fn(...args.map(escapeArgument));
      if (typeof out === 'string') remember(out);
      return out;
    };
    // Keeps the arity (the catalogue test calls each function with as many arguments as it declares).
    Object.defineProperty(wrapped, 'length', { value: fn.length });
    wrappedFunctions.add(wrapped);
    return wrapped as T;
  }
  if (node !== null && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = guard(record[key]);
  }
  return node;
}

export const texts = guard({
  ...menuTexts,
  ...errorTexts,
  ...faqTexts,
  ...ticketTexts,
  ...staffTexts,
  ...reportTexts,
  ...nameTexts,
  ...subscriptionTexts,
  ...telegramTexts,
  ...whatsappTexts,
  ...platformTexts,
  ...commandMenuTexts,
  ...choiceTexts,
  ...consoleTexts,
  ...linkTexts,
  ...webTexts,
  ...surveyTexts,
  ...incidentTexts,
  ...periodReportTexts,
  ...webChatTexts,
  ...fileRelayTexts,
} as const);
