import type { ChannelAdapter, ChannelDeps } from '../types.js';

/** The WhatsApp adapter (Baileys). Placeholder until the WhatsApp channel lands. */
export function createWhatsAppAdapter(_deps: ChannelDeps): ChannelAdapter {
  throw new Error('The WhatsApp channel is not available in this version yet.');
}
