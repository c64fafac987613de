import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Choice, OutboundMessage } from '../../core/channel.js';
import { unescapeMarkup } from '../../core/text.js';

/** Telegram's limit for one text message; measured on the HTML, which is never shorter than what Telegram counts. */
export const MESSAGE_LIMIT = 4096;
/** Telegram's limit for callback data, in bytes. */
export const CALLBACK_DATA_LIMIT = 64;
/** Long button labels are cut; Telegram shows only a line of a button anyway. */
export const BUTTON_LABEL_LIMIT = 64;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// Plain URLs are left exactly as written (Telegram links them itself): no emphasis inside them.
const URL_RE = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]}'*_]/gi;
// Placeholders use a private-use character, removed from the input first, so they cannot be forged.
const MARK = '\uE000';
const PLACEHOLDER_RE = /\uE000(\d+)\uE000/g;
// Emphasis never spans lines (`.` stops at a newline) and needs non-space just inside the markers.
const BOLD_STARS_RE = /\*\*(?=\S)(.+?)(?<=\S)\*\*/g;
const BOLD_UNDERSCORES_RE = /(^|[^\p{L}\p{N}_])__(?=\S)(.+?)(?<=\S)__(?![\p{L}\p{N}_])/gu;
// `_x_` only as a word of its own: snake_case, a_b_c and file_names stay as they are.
const ITALIC_RE = /(^|[^\p{L}\p{N}_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\p{L}\p{N}_])/gu;

/**
 * The desk's Markdown-light (**bold**, _italic_, numbered lists, plain URLs) as Telegram HTML.
 * Everything is HTML-escaped first, so user-supplied text can never inject tags; markup characters
 * of user values were escaped where the catalogue filled them in (core/text.ts escapeMarkup), so
 * they format nothing and come back as themselves here, last.
 */
export function markdownToHtml(text: string): string {
  const urls: string[] = [];
  const withoutUrls = text.replaceAll(MARK, '').replace(URL_RE, (url) => {
    urls.push(url);
    return `${MARK}${urls.length - 1}${MARK}`;
  });
  return escapeHtml(withoutUrls)
    .replace(BOLD_STARS_RE, '<b>$1</b>')
    .replace(BOLD_UNDERSCORES_RE, '$1<b>$2</b>')
    .replace(ITALIC_RE, '$1<i>$2</i>')
    .replace(PLACEHOLDER_RE, (_m, i: string) => escapeHtml(urls[Number(i)] ?? ''))
    .replace(/[\uE011-\uE013]/g, unescapeMarkup);
}

/** Tags this renderer produces; they contain no spaces, so a space is always a safe break. */
const TOKEN_RE = /<\/?[bi]>|&(?:[a-z]+|#\d+);|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g;

function closing(open: readonly string[]): string {
  return [...open]
    .reverse()
    .map((t) => `</${t}>`)
    .join('');
}

function opening(open: readonly string[]): string {
  return open.map((t) => `<${t}>`).join('');
}

/**
 * One rendered line longer than the limit: broken at spaces where possible, else between
 * characters (never inside a tag, an entity or a surrogate pair); open tags are closed at the end
 * of a piece and reopened at the start of the next.
 */
function splitLongLine(html: string, limit: number): string[] {
  const pieces: string[] = [];
  const open: string[] = [];
  let cur = '';
  let lastSpace: { at: number; open: string[] } | undefined;
  for (const tok of html.match(TOKEN_RE) ?? []) {
    const after = tok.startsWith('</') ? open.slice(0, -1) : tok.startsWith('<') ? [...open, tok.slice(1, -1)] : open;
    if (cur.length > 0 && cur.length + tok.length + closing(after).length > limit) {
      if (lastSpace && lastSpace.at > limit / 2) {
        pieces.push(cur.slice(0, lastSpace.at) + closing(lastSpace.open));
        cur = opening(lastSpace.open) + cur.slice(lastSpace.at + 1);
      } else {
        pieces.push(cur + closing(open));
        cur = opening(open);
      }
      lastSpace = undefined;
    }
    cur += tok;
    if (tok.startsWith('</')) open.pop();
    else if (tok.startsWith('<')) open.push(tok.slice(1, -1));
    else if (tok === ' ') lastSpace = { at: cur.length - 1, open: [...open] };
  }
  if (cur.length > 0) pieces.push(cur);
  return pieces;
}

/**
 * Rendered HTML in parts of at most `limit` characters, broken between lines; only a single line
 * longer than the limit is broken inside. Tags never span lines, so every part is well-formed.
 */
export function splitHtml(html: string, limit: number = MESSAGE_LIMIT): string[] {
  const parts: string[] = [];
  let cur: string | undefined;
  for (const line of html.split('\n')) {
    const pieces = line.length > limit ? splitLongLine(line, limit) : [line];
    for (const piece of pieces) {
      if (cur === undefined) cur = piece;
      else if (cur.length + 1 + piece.length <= limit) cur += `\n${piece}`;
      else {
        parts.push(cur);
        cur = piece;
      }
    }
  }
  if (cur !== undefined) parts.push(cur);
  // Telegram refuses an empty text; blank parts (runs of empty lines at a break) are dropped.
  return parts.map((p) => p.replace(/^\n+|\n+$/g, '')).filter((p) => p.trim() !== '');
}

/** At most `max` characters (code points), the last one an ellipsis when cut. */
export function truncate(label: string, max: number): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`;
}

interface RenderedKeyboard {
  markup: InlineKeyboardMarkup;
  /** Choices whose id does not fit in callback data; they cannot be offered as buttons. */
  dropped: Choice[];
}

/** One button per row, in order; the choice id travels as callback data and comes back as the choice. */
export function inlineKeyboard(choices: readonly Choice[]): RenderedKeyboard {
  const dropped: Choice[] = [];
  const rows = choices.flatMap((c) => {
    const bytes = Buffer.byteLength(c.id, 'utf8');
    if (bytes === 0 || bytes > CALLBACK_DATA_LIMIT) {
      dropped.push(c);
      return [];
    }
    return [[{ text: truncate(c.label.trim() || c.id, BUTTON_LABEL_LIMIT), callback_data: c.id }]];
  });
  return { markup: { inline_keyboard: rows }, dropped };
}

interface RenderedMessage {
  /** HTML texts to send in order; the keyboard goes on the last one. */
  parts: string[];
  keyboard?: RenderedKeyboard;
}

export function renderOutbound(msg: Pick<OutboundMessage, 'text' | 'choices'>): RenderedMessage {
  let parts = splitHtml(markdownToHtml(msg.text));
  const keyboard = msg.choices && msg.choices.length > 0 ? inlineKeyboard(msg.choices) : undefined;
  // A message with only buttons still needs a text to carry them.
  if (parts.length === 0 && keyboard) parts = ['…'];
  return keyboard ? { parts, keyboard } : { parts };
}
