import { texts } from './core/catalogue.js';
import type { Clock } from './core/clock.js';
import { errorMessage } from './core/errors.js';
import type { Logger } from './core/log.js';
import type { ChannelName, Choice, InboundMessage, OutboundMessage } from './core/message.js';
import { type DeskContext, type FlowState, type Router } from './core/router.js';
import type { Store } from './store/index.js';

/** What the desk keeps per chat between messages. */
interface ChatState {
  flow?: FlowState;
  /** Choices last offered to this chat, so a reply "2" on a channel without buttons picks the 2nd. */
  offered?: Choice[];
}

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
}

/** "2", " 2 ", "2." → 2 */
function numericReply(text: string): number | undefined {
  const m = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  return m?.[1] ? Number(m[1]) : undefined;
}

export function createDesk({ store, router, clock, log }: DeskDeps): Desk {
  function handle(msg: InboundMessage, now: Date): ReceiveResult {
    if (!store.inbound.record(msg, now)) return { duplicate: true, queued: [] };
    const contact = store.contacts.touch(msg, now);
    const saved = store.dialogs.get<ChatState>(msg.channel, msg.chatId) ?? {};
    let flow = saved.flow;

    let effective = msg;
    if (msg.choice === undefined && saved.offered) {
      const n = numericReply(msg.text);
      const picked = n === undefined ? undefined : saved.offered[n - 1];
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
    const out = router.route(ctx);
    rememberChoices(msg.channel, msg.chatId, flow, out, now);
    return { duplicate: false, queued: store.outbox.enqueue(out, now) };
  }

  /**
   * The sender's offered choices are replaced by whatever this answer offers them (or cleared),
   * so an old menu's "2" cannot fire long after the menu scrolled away.
   */
  function rememberChoices(
    channel: ChannelName,
    chatId: string,
    flow: FlowState | undefined,
    out: OutboundMessage[],
    now: Date,
  ): void {
    let offered: Choice[] | undefined;
    for (const m of out) if (m.channel === channel && m.chatId === chatId && m.choices) offered = m.choices;
    const next: ChatState = { ...(flow ? { flow } : {}), ...(offered ? { offered } : {}) };
    if (next.flow || next.offered) store.dialogs.set(channel, chatId, next, now);
    else store.dialogs.clear(channel, chatId);
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

