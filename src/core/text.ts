/** Small text helpers shared by the features: pure, no catalogue texts. */

/** Text with at least one letter or digit: not empty, not only emoji or punctuation. */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}

/** One line, at most `max` characters, with an ellipsis when cut: for listings and history lines. */
export function excerpt(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/*
 * Markup escaping. Only the desk's own texts may carry its Markdown-light (**bold**, _italic_,
 * ~~strike~~); a value typed by a user ("/__proto__", "*PENTING*") is filled into a catalogue text
 * with its markup characters swapped for private-use stand-ins, which no renderer reads as markup
 * and every renderer turns back into the character itself. The swap is idempotent: escaping an
 * escaped value changes nothing, so a text may pass through several catalogue functions.
 */
const ESCAPES: Readonly<Record<string, string>> = { '*': '\uE011', _: '\uE012', '~': '\uE013' };
const UNESCAPES: Readonly<Record<string, string>> = { '\uE011': '*', '\uE012': '_', '\uE013': '~' };

/** A user's value made safe to fill into a desk text: its markup characters can no longer format anything. */
export function escapeMarkup(text: string): string {
  return text.replace(/[*_~]/g, (c) => ESCAPES[c]!);
}

/** The characters `escapeMarkup` protected, back as themselves: the renderers' last step. */
export function unescapeMarkup(text: string): string {
  return text.replace(/[\uE011-\uE013]/g, (c) => UNESCAPES[c]!);
}
