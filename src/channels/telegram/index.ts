import type { ChannelAdapter, ChannelDeps } from '../types.js';

/** The Telegram adapter (grammY). Placeholder until the Telegram channel lands. */
export function createTelegramAdapter(_deps: ChannelDeps): ChannelAdapter {
  throw new Error('The Telegram channel is not available in this version yet.');
}
