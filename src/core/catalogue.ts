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
import { surveyTexts } from './catalogue/survey.js';

export const texts = {
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
  ...surveyTexts,
} as const;
