import { texts } from './core/catalogue.js';
import type { Clock } from './core/clock.js';
import { errorMessage } from './core/errors.js';
import type { Logger } from './core/log.js';
import type { ChannelName, Choice, InboundMessage, OutboundMessage } from './core/message.js';
import { type DeskContext, type FlowState, type Router } from './core/router.js';
import type { Store } from './store/index.js';

export interface ReceiveResult {
  /** True when this (channel, externalId) was handled before; nothing was done again. */
  duplicate: boolean;
  /** Outbox ids queued by this message, in order. */
  queued: number[];
}

export interface Desk {
  /** Handles one inbound message; its effects and replies commit together or not at all. */
  receive(msg: InboundMessage): ReceiveResult;
}

export interface DeskDeps {
  store: Store;
  router: Router;
  clock: Clock;
  log: Logger;
  /** A dialog untouched this long has lapsed: the next message starts afresh. */
  flowTtlMs?: number;
}

/** Long enough to fetch a screenshot or survive a restart; short enough not to trap tomorrow's question. */
export const DEFAULT_FLOW_TTL_MS = 60 * 60_000;

/** "2", " 2 ", "2." → 2 */
function numericReply(text: string): number | undefined {
  const m = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  return m?.[1] ? Number(m[1]) : undefined;
}

export function createDesk({ store, router, clock, log, flowTtlMs = DEFAULT_FLOW_TTL_MS }: DeskDeps): Desk {
  function handle(msg: InboundMessage, now: Date): ReceiveResult {
    if (!store.inbound.record(msg, now)) return { duplicate: true, queued: [] };
    const contact = store.contacts.touch(msg, now);
    const stored = store.dialogs.getWithTime<FlowState>(msg.channel, msg.chatId);
    const lapsed = stored !== undefined && now.getTime() - stored.updatedAt.getTime() > flowTtlMs;
    const saved = lapsed ? undefined : stored?.state;
    let flow = saved;

    let effective = msg;
    if (msg.choice === undefined) {
      const picked = offeredChoice(msg.channel, msg.chatId, msg.text);
      if (picked) effective = { ...msg, choice: picked.id };
    }

    const ctx: DeskContext = {
      msg: effective,
      contact,
      now,
      flow,
      setFlow: (next) => {
        flow = next;
        ctx.flow = next;
      },
    };
    const routed = router.route(ctx);
    const out =
      lapsed && !msg.recordOnly
        ? [{ channel: msg.channel, chatId: msg.chatId, text: texts.tickets.flowExpired }, ...routed]
        : routed;
    if (lapsed && flow === undefined) store.dialogs.clear(msg.channel, msg.chatId);
    if (flow !== saved) {
      if (flow) store.dialogs.set(msg.channel, msg.chatId, flow, now);
      else store.dialogs.clear(msg.channel, msg.chatId);
    }
    return { duplicate: false, queued: store.outbox.enqueue(out, now) };
  }

  /**
   * On channels without buttons a reply "2" picks the second choice of the newest message the
   * chat was sent, and only if that message offered choices: once the conversation has moved on,
   * an old menu's "2" is ordinary text again.
   */
  function offeredChoice(channel: ChannelName, chatId: string, text: string): Choice | undefined {
    const n = numericReply(text);
    if (n === undefined) return undefined;
    return store.outbox.lastTo(channel, chatId)?.choices?.[n - 1];
  }

  return {
    receive(msg) {
      const now = clock.now();
      try {
        return store.transaction(() => handle(msg, now));
      } catch (err) {
        // The failed attempt rolled back whole; record the delivery and apologise in a fresh
        // transaction so the user is never left without an answer and a redelivery is not retried.
        log.error(
          { err, channel: msg.channel, externalId: msg.externalId, chatId: msg.chatId },
          'handling inbound message failed',
        );
        try {
          return store.transaction(() => {
            if (!store.inbound.record(msg, now)) return { duplicate: true, queued: [] };
            const apology: OutboundMessage = {
              channel: msg.channel,
              chatId: msg.chatId,
              text: texts.errors.internal,
            };
            return { duplicate: false, queued: store.outbox.enqueue([apology], now) };
          });
        } catch (err2) {
          log.error({ err: errorMessage(err2), externalId: msg.externalId }, 'recording failed message failed');
          throw err2;
        }
      }
    },
  };
}
