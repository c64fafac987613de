import { z } from 'zod';
import { texts } from './core/catalogue.js';
import type { Clock } from './core/clock.js';
import { errorMessage } from './core/errors.js';
import type { Logger } from './core/log.js';
import type { Choice, InboundMessage, OutboundMessage, TicketSummary } from './core/channel.js';
import { type DeferredJob, type DeskContext, type FlowState, type Router } from './core/router.js';
import type { Store } from './store/index.js';

export interface ReceiveResult {
  /** True when this (channel, externalId) was handled before; nothing was done again. */
  duplicate: boolean;
  /** Outbox ids queued by this message, in order. */
  queued: number[];
  /**
   * Set when the message left work for after its transaction (`ctx.defer`): settles with the
   * outbox ids that work queued (its answer, or an apology), once it has run.
   */
  deferred?: Promise<number[]>;
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
  /**
   * Runs every deferred job still waiting now, instead of on its turn of the event loop (one that
   * returns a promise is started: its messages are queued when it settles).
   */
  runDeferred(): void;
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
  /** How deferred jobs get their turn; default setImmediate (after the pending I/O callbacks). */
  schedule?: (run: () => void) => void;
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

/**
 * A chat's saved dialog: the flow's own state (checked by its flow's schema) and the choices the
 * dialog last offered, so a later notice cannot hijack its "2". Versioned: a row written in
 * another shape is read through `readSaved` or dropped, never trusted.
 */
const DIALOG_VERSION = 1;
const choiceSchema = z.object({ id: z.string(), label: z.string() });
const savedSchema = z.object({
  v: z.literal(DIALOG_VERSION),
  flow: z.looseObject({ name: z.string() }),
  offered: z.array(choiceSchema).optional(),
});
type Saved = { flow: FlowState; offered: Choice[] | undefined };

/** Before versions the flow itself was stored, with its offered choices under `offeredChoices`. */
const legacySchema = z.looseObject({ name: z.string(), offeredChoices: z.array(choiceSchema).optional() });

/** How long after its last step a dialog keeps first claim on a numbered reply. */
const DIALOG_OWNS_CHOICES_MS = 15 * 60_000;

export function createDesk({
  store,
  router,
  clock,
  log,
  describeTicket,
  flowTtlMs = DEFAULT_FLOW_TTL_MS,
  schedule = (run) => void setImmediate(run),
}: DeskDeps): Desk {
  /** The saved dialog, if it still fits: the envelope's version and the flow's own schema. */
  function readSaved(raw: unknown): Saved | undefined {
    const envelope = savedSchema.safeParse(raw);
    const legacy = envelope.success ? undefined : legacySchema.safeParse(raw);
    const offered = envelope.success ? envelope.data.offered : legacy?.success ? legacy.data.offeredChoices : undefined;
    let state: unknown;
    if (envelope.success) state = envelope.data.flow;
    else if (legacy?.success) {
      const { offeredChoices: _, ...rest } = legacy.data;
      state = rest;
    }
    const flow = state === undefined ? undefined : router.parseFlow(state);
    return flow ? { flow, offered } : undefined;
  }

  /** The one way out: every outbound row is written here, inside the caller's transaction. */
  function enqueue(messages: readonly OutboundMessage[], now: Date): number[] {
    const described = messages.map((m) => {
      if (m.ticketId === undefined || m.ticket || !describeTicket) return m;
      const ticket = describeTicket(m.ticketId);
      return ticket ? { ...m, ticket } : m;
    });
    return store.outbox.enqueue(described, now);
  }

  /** Deferred jobs waiting for their turn, each with the message that asked and its settle. */
  const waiting: Array<{ msg: InboundMessage; job: DeferredJob; done: (ids: number[]) => void }> = [];

  /**
   * One job: its own read, then its messages in their own transaction; a failure apologises. A job
   * that returns a promise commits when it settles (the event loop is free meanwhile).
   */
  function runJob({ msg, job, done }: (typeof waiting)[number]): void {
    const commit = (messages: OutboundMessage[]) => done(store.transaction(() => enqueue(messages, clock.now())));
    const fail = (err: unknown) => {
      log.error({ err, channel: msg.channel, externalId: msg.externalId }, 'deferred job failed');
      let ids: number[] = [];
      try {
        ids = store.transaction(() =>
          enqueue([{ channel: msg.channel, chatId: msg.chatId, text: texts.errors.internal }], clock.now()),
        );
      } catch (err2) {
        log.error({ err: errorMessage(err2), externalId: msg.externalId }, 'apology for a failed deferred job failed');
      }
      done(ids);
    };
    try {
      const result = job();
      if (Array.isArray(result)) commit(result);
      else
        void result.then((messages) => {
          try {
            commit(messages);
          } catch (err) {
            fail(err);
          }
        }, fail);
    } catch (err) {
      fail(err);
    }
  }

  function runDeferred(): void {
    while (waiting.length > 0) runJob(waiting.shift()!);
  }

  function handle(msg: InboundMessage, now: Date, jobs: DeferredJob[]): ReceiveResult {
    if (!store.inbound.record(msg, now)) return { duplicate: true, queued: [] };
    const contact = store.contacts.touch(msg, now);
    const stored = store.dialogs.getWithTime<unknown>(msg.channel, msg.chatId);
    const read = stored === undefined ? undefined : readSaved(stored.state);
    const unreadable = stored !== undefined && read === undefined;
    if (unreadable) log.warn({ channel: msg.channel }, 'saved dialog no longer fits its flow; dropped');
    const lapsed = read !== undefined && now.getTime() - stored!.updatedAt.getTime() > flowTtlMs;
    const current = lapsed ? undefined : read;
    const saved = current?.flow;
    let flow = saved;

    let effective = msg;
    if (msg.choice === undefined && !msg.recordOnly) {
      const picked = offeredChoice(msg, current ? { ...current, updatedAt: stored!.updatedAt } : undefined, now);
      if (picked) effective = { ...msg, choice: picked.id };
    }

    const ctx: DeskContext = {
      msg: effective,
      contact,
      now,
      flow,
      flowSince: current ? stored!.updatedAt : undefined,
      setFlow: (next) => {
        flow = next;
        ctx.flow = next;
      },
      defer: (job) => void jobs.push(job),
    };
    const routed = router.route(ctx);
    const notice = lapsed ? router.lapsedNotice(read.flow) : unreadable ? texts.errors.flowUnreadable : undefined;
    const out =
      notice !== undefined && !msg.recordOnly ? [{ channel: msg.channel, chatId: msg.chatId, text: notice }, ...routed] : routed;
    // Compared with what was read, so a lapsed or unreadable dialog that nothing replaced is cleared too.
    if (flow !== saved || stored === undefined || read === undefined || lapsed) {
      if (flow) {
        // The dialog remembers what it just offered this chat (or that it offered nothing); a reply
        // that did not come from the dialog (a ticket follow-up) leaves its choices as they were.
        const offered = [...routed].reverse().find((m) => m.channel === msg.channel && m.chatId === msg.chatId)?.choices;
        const keep = flow === saved ? current?.offered : offered;
        store.dialogs.set(msg.channel, msg.chatId, { v: DIALOG_VERSION, flow, ...(keep ? { offered: keep } : {}) }, now);
      } else if (stored) store.dialogs.clear(msg.channel, msg.chatId);
    }
    return { duplicate: false, queued: enqueue(out, now) };
  }

  /**
   * On channels without buttons a reply "2" (or the words of a label) picks from the choices the
   * chat was last offered: inside a dialog, the dialog's own; otherwise those of the newest message
   * the chat was sent, and only if it offered any, so an old menu's "2" is ordinary text again.
   */
  function offeredChoice(msg: InboundMessage, dialog: (Saved & { updatedAt: Date }) | undefined, now: Date): Choice | undefined {
    const newest = () => store.outbox.lastChoicesTo(msg.channel, msg.chatId);
    let choices: Choice[] | null | undefined;
    // A dialog that only waits for one message (a comment) owns no numbers: the newest message does.
    if (!dialog || router.isPassive(dialog.flow)) choices = newest()?.choices;
    else {
      // A dialog the user is actively in owns their numbers; one left idle yields to a newer
      // message that offered choices of its own.
      const own = dialog.offered;
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
    runDeferred,
    receive(msg) {
      const now = clock.now();
      try {
        // Jobs of an attempt that rolled back are dropped with it: only a committed message's run.
        const jobs: DeferredJob[] = [];
        const result = store.transaction(() => handle(msg, now, jobs));
        if (jobs.length === 0) return result;
        const settled = jobs.map((job) => new Promise<number[]>((done) => waiting.push({ msg, job, done })));
        schedule(runDeferred);
        return { ...result, deferred: Promise.all(settled).then((ids) => ids.flat()) };
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
