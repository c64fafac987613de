import { texts } from './core/catalogue.js';
import type { Clock } from './core/clock.js';
import { errorMessage } from './core/errors.js';
import type { Logger } from './core/log.js';
import type { Choice, InboundMessage, OutboundMessage, TicketSummary } from './core/channel.js';
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
  /**
   * Runs a change that no inbound message caused (housekeeping closing tickets, a test acting as
   * staff) in one transaction with the messages it reports, and returns its result.
   */
  apply<T extends { messages?: readonly OutboundMessage[] | undefined }>(change: () => T): T;
  /** Queues messages that no change caused (an admin alert); returns the new outbox ids. */
  post(messages: OutboundMessage[]): number[];
}

/** The repositories the desk works with; it is the only writer of the outbox. */
export type DeskStore = Pick<Store, 'inbound' | 'contacts' | 'dialogs' | 'outbox' | 'transaction'>;

export interface DeskDeps {
  store: DeskStore;
  /**
   * What channels may show of a ticket a message is about (a Telegram topic's name): looked up
   * when the message is queued, so adapters never read domain tables.
   */
  describeTicket?: (ticketId: number) => TicketSummary | undefined;
  router: Router;
  clock: Clock;
  log: Logger;
  /** A dialog untouched this long has lapsed: the next message starts afresh. */
  flowTtlMs?: number;
}

/** Long enough to fetch a screenshot, ask a colleague or survive a restart; not so long it traps tomorrow's question. */
export const DEFAULT_FLOW_TTL_MS = 6 * 60 * 60_000;

/**
 * "2", " 2 ", "2." → 2; "4 mantap", "3 ya pak" → the number too, but only when the words after it
 * are fillers or words of the chosen label: "2 paket gagal upload" is a sentence, not a pick.
 */
function numericReply(text: string, choices: readonly Choice[]): number | undefined {
  const m = /^\s*(\d{1,2})\s*[.)]?\s*(.*)$/su.exec(text);
  if (!m?.[1]) return undefined;
  const n = Number(m[1]);
  const rest = (m[2] ?? '')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  if (rest.length === 0) return n;
  const label = new Set((choices[n - 1]?.label ?? '').toLowerCase().split(/[^\p{L}]+/u));
  const fillers = texts.tickets.words.afterNumber as readonly string[];
  return rest.length <= 3 && rest.every((w) => fillers.includes(w) || label.has(w)) ? n : undefined;
}

/** A choice typed by (the start of) its label: "ya" for "Ya, membantu", "lewati" for "Lewati". */
function labelledChoice(choices: readonly Choice[], text: string): Choice | undefined {
  const typed = text
    .trim()
    .toLowerCase()
    .replace(/[.!?]+$/, '');
  if (typed.length < 2) return undefined;
  const hits = choices.filter((c) => {
    const label = c.label.toLowerCase();
    return label === typed || label.startsWith(`${typed} `) || label.startsWith(`${typed},`);
  });
  return hits.length === 1 ? hits[0] : undefined;
}

/** Where a dialog keeps the choices it last offered, so a later notice cannot hijack its "2". */
const OFFERED = 'offeredChoices';

/** How long after its last step a dialog keeps first claim on a numbered reply. */
const DIALOG_OWNS_CHOICES_MS = 15 * 60_000;

export function createDesk({ store, router, clock, log, describeTicket, flowTtlMs = DEFAULT_FLOW_TTL_MS }: DeskDeps): Desk {
  /** The one way out: every outbound row is written here, inside the caller's transaction. */
  function enqueue(messages: readonly OutboundMessage[], now: Date): number[] {
    const described = messages.map((m) => {
      if (m.ticketId === undefined || m.ticket || !describeTicket) return m;
      const ticket = describeTicket(m.ticketId);
      return ticket ? { ...m, ticket } : m;
    });
    return store.outbox.enqueue(described, now);
  }

  function handle(msg: InboundMessage, now: Date): ReceiveResult {
    if (!store.inbound.record(msg, now)) return { duplicate: true, queued: [] };
    const contact = store.contacts.touch(msg, now);
    const stored = store.dialogs.getWithTime<FlowState>(msg.channel, msg.chatId);
    const lapsed = stored !== undefined && now.getTime() - stored.updatedAt.getTime() > flowTtlMs;
    const saved = lapsed ? undefined : stored?.state;
    let flow = saved;

    let effective = msg;
    if (msg.choice === undefined && !msg.recordOnly) {
      const picked = offeredChoice(msg, saved ? { state: saved, updatedAt: stored!.updatedAt } : undefined, now);
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
        ? [{ channel: msg.channel, chatId: msg.chatId, text: router.lapsedNotice(stored.state) }, ...routed]
        : routed;
    if (flow && flow !== saved) {
      // The dialog remembers what it just offered this chat (or that it offered nothing); a reply
      // that did not come from the dialog (a ticket follow-up) leaves its choices as they were.
      const offered = [...routed].reverse().find((m) => m.channel === msg.channel && m.chatId === msg.chatId)?.choices;
      if (offered !== undefined || flow[OFFERED] !== undefined) flow = { ...flow, [OFFERED]: offered };
    }
    // Compared with what is stored, so a lapsed dialog that nothing replaced is cleared too.
    if (flow !== stored?.state) {
      if (flow) store.dialogs.set(msg.channel, msg.chatId, flow, now);
      else if (stored) store.dialogs.clear(msg.channel, msg.chatId);
    }
    return { duplicate: false, queued: enqueue(out, now) };
  }

  /**
   * On channels without buttons a reply "2" (or the words of a label) picks from the choices the
   * chat was last offered: inside a dialog, the dialog's own; otherwise those of the newest message
   * the chat was sent, and only if it offered any, so an old menu's "2" is ordinary text again.
   */
  function offeredChoice(
    msg: InboundMessage,
    dialog: { state: FlowState; updatedAt: Date } | undefined,
    now: Date,
  ): Choice | undefined {
    const newest = () => store.outbox.lastTo(msg.channel, msg.chatId);
    let choices: Choice[] | null | undefined;
    if (!dialog) choices = newest()?.choices;
    else {
      // A dialog the user is actively in owns their numbers; one left idle yields to a newer
      // message that offered choices of its own.
      const own = dialog.state[OFFERED] as Choice[] | undefined;
      const active = now.getTime() - dialog.updatedAt.getTime() <= DIALOG_OWNS_CHOICES_MS;
      const last = active ? undefined : newest();
      choices = last && last.createdAt > dialog.updatedAt ? last.choices : own;
    }
    if (!choices || choices.length === 0) return undefined;
    const n = numericReply(msg.text, choices);
    return n !== undefined ? choices[n - 1] : labelledChoice(choices, msg.text);
  }

  return {
    apply(change) {
      return store.transaction(() => {
        const result = change();
        enqueue(result.messages ?? [], clock.now());
        return result;
      });
    },
    post: (messages) => store.transaction(() => enqueue(messages, clock.now())),
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
            return { duplicate: false, queued: enqueue([apology], now) };
          });
        } catch (err2) {
          log.error({ err: errorMessage(err2), externalId: msg.externalId }, 'recording failed message failed');
          throw err2;
        }
      }
    },
  };
}
