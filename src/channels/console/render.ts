import type { OutboundMessage } from '../../core/channel.js';
import { numberedChoices, toPlainText } from '../format.js';

/** A message as the terminal shows it: plain text, then a blank line and the choices as a numbered list. */
export function renderConsole(msg: Pick<OutboundMessage, 'text' | 'choices'>): string {
  const body = toPlainText(msg.text);
  return msg.choices && msg.choices.length > 0 ? `${body}\n\n${numberedChoices(msg.choices)}` : body;
}
