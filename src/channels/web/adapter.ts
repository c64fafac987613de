import type { ChannelAdapter, ChannelContext, FetchFile } from '../../core/channel.js';
import type { WebChatHub } from './hub.js';

export { createWebChatHub, type WebChatHub, type WebChatDeps } from './hub.js';

export interface WebAdapterDeps extends ChannelContext {
  /** The chat's routes on the microsite's server, made by the composition root when the microsite runs. */
  hub: WebChatHub;
  /** Sends the channel's queued rows now (a page without its script waits for the answer before it reloads). */
  deliver(): Promise<void>;
  /** A file of another channel (a staff member's Telegram screenshot), fetched when its message is delivered. */
  fetchFile?: FetchFile;
}

/**
 * The web chat as a channel: the browser posts to the microsite's /chat routes, which hand each
 * message to the desk once the channel has started; the dispatcher delivers the desk's messages
 * through the hub's sender, which stores them in the session's conversation and pushes them to
 * every open page of that session. A staff member's file from another channel is fetched then and
 * kept with the session's uploads.
 */
export function createWebAdapter(deps: WebAdapterDeps): ChannelAdapter {
  const { hub } = deps;
  return {
    channel: 'web',
    sender: hub.senderFor(deps.fetchFile),
    async start(onMessage) {
      hub.attach(onMessage, deps.deliver);
      deps.log.info({ streams: hub.streams() }, 'web chat ready');
    },
    async stop() {
      hub.detach();
    },
  };
}
