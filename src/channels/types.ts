import type { Config } from '../config.js';
import type { ChannelContext } from '../core/channel.js';
import type { Store } from '../store/index.js';

export type { ChannelAdapter, InboundHandler } from '../core/channel.js';

/** What every adapter factory gets from the composition root. */
export interface ChannelDeps extends ChannelContext {
  config: Config;
  /** For the adapter's own state (WhatsApp auth, Telegram topics) and reply lookups. */
  store: Store;
}
