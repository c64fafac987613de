import type { OutboundMessage } from '../../core/channel.js';
import { unescapeMarkup } from '../../core/text.js';
import { numberedChoices } from '../format.js';

/**
 * The desk's Markdown-light as WhatsApp formatting: **bold** → *bold*, __x__ → _x_, _italic_
 * stays, ~~x~~ → ~x~, [label](url) → label (url). WhatsApp has no HTML and shows a stray
 * `**` literally, so everything the desk marks up must be translated here. Markup characters of
 * user values (escaped where the catalogue filled them in) are not translated, only given back.
 */
export function toWhatsAppText(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/gs, '*$1*')
    .replace(/__(.+?)__/gs, '_$1_')
    .replace(/~~(.+?)~~/gs, '~$1~')
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label: string, url: string) =>
      label === url ? url : `${label} (${url})`,
    )
    .replace(/[\uE011-\uE013]/g, unescapeMarkup);
}

/**
 * One outbound message as the text WhatsApp gets. Choices become a numbered list ("Balas dengan
 * angka 1–3."); the desk maps a reply "2" back to the second choice itself.
 */
export function renderWhatsApp(msg: Pick<OutboundMessage, 'text' | 'choices'>): string {
  const body = toWhatsAppText(msg.text).trimEnd();
  if (!msg.choices || msg.choices.length === 0) return body;
  const list = toWhatsAppText(numberedChoices(msg.choices));
  return body === '' ? list : `${body}\n\n${list}`;
}
