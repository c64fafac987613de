import { texts } from '../core/catalogue.js';
import type { Choice } from '../core/channel.js';
import { unescapeMarkup } from '../core/text.js';

/**
 * Choices as a numbered list for channels without buttons; the desk maps a reply "2" back to
 * the second choice, so the numbering here and there must agree (1-based, in order).
 */
export function numberedChoices(choices: readonly Choice[]): string {
  const lines = choices.map((c, i) => `${i + 1}. ${c.label}`);
  return `${lines.join('\n')}\n${texts.choices.replyWithNumber(choices.length)}`;
}

/**
 * The desk's Markdown-light text as plain text (a terminal shows no bold). User values keep their
 * own characters: they were escaped where the catalogue filled them in and are only given back here.
 */
export function toPlainText(text: string): string {
  return unescapeMarkup(text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/__(.+?)__/g, '$1'));
}
