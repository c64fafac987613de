import type { Config } from '../config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import type { ChannelName, InboundMessage } from '../core/message.js';
import type { ChannelSender } from '../notify/dispatcher.js';
import type { Store } from '../store/index.js';

/** Hands one translated inbound message to the desk; resolves once it is recorded and answered. */
export type InboundHandler = (msg: InboundMessage) => Promise<void>;

/**
 * A platform adapter: it only translates. Inbound updates become InboundMessage for the handler;
 * the dispatcher gives it OutboundMessage to render and send through `sender`.
 */
export interface ChannelAdapter {
  readonly channel: ChannelName;
  readonly sender: ChannelSender;
  /** Connects and starts receiving; resolves when running. Throws a clear error if it cannot start. */
  start(onMessage: InboundHandler): Promise<void>;
  /** Stops receiving and lets the message in hand finish. */
  stop(): Promise<void>;
}

/** What every adapter factory gets from the composition root. */
export interface ChannelDeps {
  config: Config;
  /** For the adapter's own state (WhatsApp auth, Telegram topics) and reply lookups. */
  store: Store;
  log: Logger;
  clock: Clock;
  /** Tells the bureau's admins on the other channels (a lost WhatsApp session, say). */
  alertAdmins(text: string): void;
  /**
   * The channel has stopped for good and needs an operator (revoked token, session logged out).
   * The platform logs it and tells the admins; the other channels keep serving, and when no
   * channel is left the process exits non-zero so a supervisor notices. `adminsAlerted`: the
   * adapter already told the admins in its own words, so the platform does not repeat it.
   */
  fatal(error: Error, opts?: { adminsAlerted?: boolean }): void;
}
