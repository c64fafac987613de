import type { Clock } from '../core/clock.js';
import { errorMessage, SendError } from '../core/errors.js';
import { DAY_MS } from '../core/time.js';
import type { Logger } from '../core/log.js';
import type { ChannelSender } from '../core/channel.js';
import { rowToOutbound, type OutboxRepo, type OutboxRow } from '../store/outbox.js';

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryPolicy extends BackoffPolicy {
  /**
   * How long a transiently failing message keeps being retried, from when it was queued. An
   * outage (WhatsApp reconnecting, Telegram unreachable) must not lose the notice, so this is
   * days, not a handful of attempts; a permanent failure gives up at once whatever this says.
   */
  giveUpAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 1_000, maxDelayMs: 5 * 60_000, giveUpAfterMs: 3 * DAY_MS };

export interface DispatcherDeps {
  outbox: OutboxRepo;
  sender: ChannelSender;
  clock: Clock;
  log: Logger;
  retry?: Partial<RetryPolicy>;
  /** How often to look for due rows when nobody kicks; also bounds how late a back-off fires. */
  pollMs?: number;
  batchSize?: number;
  /** Chats served at the same time (each chat stays in order); 1 sends strictly one by one. */
  concurrency?: number;
  random?: () => number;
}

export interface Dispatcher {
  /** Starts the background loop; pending rows from before a restart are picked up first. */
  start(): void;
  /** Wakes the loop now (new rows were queued). */
  kick(): void;
  /** Sends every row that is due now, until none is; resolves with how many were attempted. */
  drain(): Promise<number>;
  /** Stops the loop after the sends in flight; rows not yet started stay pending for the next start. */
  stop(): Promise<void>;
}

/** Exponential back-off with full jitter, capped; the platform's retry_after wins when given. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { outbox, sender, clock, log } = deps;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...deps.retry };
  const pollMs = deps.pollMs ?? 1_000;
  const batchSize = deps.batchSize ?? 50;
  const concurrency = Math.max(1, deps.concurrency ?? 4);
  const random = deps.random ?? Math.random;
  const channel = sender.channel;
  const pacing = sender.pacing;
  /*
   * The channel's overall budget, as Telegram counts it: at most `perSecond` messages in any
   * second. The platform sees a message somewhere between the start of its request and the answer,
   * so a send's place in the budget is held from its start until a second after its answer came
   * back: then a new send, however late its timer fired or however its request was delayed in
   * transit, can never be the (perSecond + 1)th in any second the platform looks at. Spacing starts
   * 1/perSecond apart on top keeps the rate even instead of bursts of perSecond. Every send of the
   * channel takes its place here, in the order asked: vendors' answers, staff notices, broadcasts.
   */
  const BUDGET_WINDOW_MS = 1_000;
  /** Sends started and not yet answered. */
  let inFlight = 0;
  /** When the sends answered within the last window were answered, oldest first. */
  const answeredAt: number[] = [];
  /**
   * The start the next send is due at, on an even grid 1/perSecond apart. Kept on the grid rather
   * than counted from when the last send really started: timers fire a few ms late on a busy loop,
   * and counting from them lost a tenth of the rate; the budget above is what keeps the limit.
   */
  let nextSlotAt = Number.NEGATIVE_INFINITY;
  /** After a stall (or idle time), at most this many sends beyond the due one start at once to catch up. */
  const CATCH_UP_SLOTS = 2;
  /** Workers asking for a place in the budget wait in line, first asked first served. */
  let budgetLine: Promise<unknown> = Promise.resolve();
  /** Per chat, the earliest time its next message may go (its own rate); pruned as they pass. */
  const chatReadyAt = new Map<string, number>();
  /** Chats parked on their own rate, with a wake-up set for when they may send again. */
  const parked = new Set<string>();
  /** Aborted by stop(): ends waits for the pace at once. */
  let stopSignal = new AbortController();

  let running = false;
  let stopping = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let kicked = false;
  // Serialises drain() calls from the loop and from callers so a row is never sent twice at once.
  let draining: Promise<number> = Promise.resolve(0);

  async function sendRow(row: OutboxRow): Promise<'sent' | 'retry' | 'failed'> {
    let ref: string | undefined;
    try {
      ({ ref } = await sender.send({ ...rowToOutbound(row), deliveryId: `outbox:${row.id}` }));
    } catch (err) {
      const attempt = row.attempts + 1;
      const permanent = err instanceof SendError && err.permanent;
      const context = { outboxId: row.id, channel, chatId: row.chatId, attempt, err: errorMessage(err) };
      const expired = clock.now().getTime() - row.createdAt.getTime() >= policy.giveUpAfterMs;
      if (permanent || expired) {
        outbox.markFailed(row.id, errorMessage(err));
        log.warn({ ...context, permanent, expired }, 'outbound message given up');
        return 'failed';
      }
      const hinted = err instanceof SendError ? err.retryAfterMs : undefined;
      if (hinted !== undefined) {
        // A rate limit is the platform pacing us, not a failure: wait as told, keep the attempts.
        // Only this chat waits: Telegram's tightest limit is per chat (a busy staff group must
        // not hold back every vendor's answer); other chats hitting a global limit get their own.
        outbox.markRetry(row.id, new Date(clock.now().getTime() + hinted), errorMessage(err), false);
        log.warn({ ...context, retryAfterMs: hinted }, 'rate-limited; this chat waits');
        return 'retry';
      }
      const delay = backoffDelay(attempt, policy, random);
      outbox.markRetry(row.id, new Date(clock.now().getTime() + delay), errorMessage(err));
      log.info({ ...context, delayMs: delay }, 'outbound message will be retried');
      return 'retry';
    }
    // Outside the send's error handling: a store error here must not count as a failed send and
    // send the message again; it stops this drain and the row goes out at most once more.
    outbox.markSent(row.id, ref, clock.now());
    return 'sent';
  }

  /** Wakes workers of the current drain that wait for work (new rows, a chat finished, a stop). */
  let wakeWorkers: (() => void) | undefined;
  /** Set by kick(): rows were queued that the current drain has not seen. */
  let rowsQueued = false;
  const notifyWorkers = () => {
    const wake = wakeWorkers;
    wakeWorkers = undefined;
    wake?.();
  };

  /**
   * Keeps the platform's limits: false when the chat must wait for its own rate (it is parked and
   * woken when it may send; its rows stay pending, in order), else waits for the overall rate.
   */
  async function paced(chat: string): Promise<boolean> {
    const now = clock.now().getTime();
    const ready = chatReadyAt.get(chat) ?? 0;
    if (ready > now) {
      if (!parked.has(chat)) {
        parked.add(chat);
        clock.setTimeout(
          () => {
            parked.delete(chat);
            rowsQueued = true;
            kicked = true;
            wake?.();
            notifyWorkers();
          },
          ready - now,
          { unref: true },
        );
      }
      return false;
    }
    return takePlace();
  }

  /** Waits for a place in the channel's budget (see BUDGET_WINDOW_MS); false when stopped meanwhile. */
  function takePlace(): Promise<boolean> {
    const turn = budgetLine.then(waitForPlace);
    budgetLine = turn.catch(() => undefined);
    return turn;
  }

  async function waitForPlace(): Promise<boolean> {
    const limit = Math.max(1, pacing!.perSecond);
    const gap = 1_000 / limit;
    // A stop does not wait out the pace: the row stays pending for the next start.
    const sleep = (ms: number) =>
      clock.sleep(Math.max(1, Math.ceil(ms)), stopSignal.signal).then(
        () => !stopping,
        () => false,
      );
    for (;;) {
      if (stopping) return false;
      const now = clock.now().getTime();
      while (answeredAt.length > 0 && answeredAt[0]! + BUDGET_WINDOW_MS <= now) answeredAt.shift();
      // Places that must free up before one more send may start.
      const over = inFlight + answeredAt.length - limit + 1;
      let at = Math.max(nextSlotAt, now - CATCH_UP_SLOTS * gap);
      // Only sends still in flight hold the budget full: look again when one may have been answered.
      if (over > answeredAt.length) at = Math.max(at, now + gap);
      else if (over > 0) at = Math.max(at, answeredAt[over - 1]! + BUDGET_WINDOW_MS);
      if (at <= now) {
        nextSlotAt = at + gap;
        inFlight++;
        return true;
      }
      if (!(await sleep(at - now))) return false;
    }
  }

  /** A send that took its place in the budget was answered (or failed): its second starts now. */
  function answered(): void {
    inFlight--;
    answeredAt.push(clock.now().getTime());
  }

  /**
   * Chats are independent: several are served at once, each strictly in order, by a pool of
   * workers that take the next due chat as soon as they are free. A chat that must wait (a send
   * held in a platform's rate-limit wait, a slow staff group) ties up one worker only: the others
   * go on with everyone else's rows, including rows queued meanwhile.
   */
  async function drainNow(): Promise<number> {
    let attempted = 0;
    // Chats a worker holds (sending, or queued for a worker): never two sends to one chat at once.
    const busy = new Set<string>();
    // Chats that began backing off in this drain: their later rows must not overtake.
    const held = new Set<string>();
    const queue: OutboxRow[][] = [];
    // Chats whose due rows a refill passed over because a worker held them: when that worker is
    // done, those rows are due again.
    const skipped = new Set<string>();
    let active = 0;
    // Whether the outbox may hold due rows no refill has seen: the query runs only then, not once
    // per idle worker per finished chat.
    let unseen = true;

    const refill = (): boolean => {
      if (rowsQueued && queue.length > 0) {
        // New rows may be a person's answer: let the next query put them before queued bulk rows.
        for (const list of queue.splice(0)) busy.delete(list[0]!.chatId);
      }
      unseen ||= rowsQueued;
      rowsQueued = false;
      if (!unseen) return false;
      const now = clock.now().getTime();
      for (const [chat, at] of chatReadyAt) if (at <= now) chatReadyAt.delete(chat);
      const rows = outbox.due(channel, clock.now(), batchSize);
      // A full batch may have left rows behind.
      unseen = rows.length === batchSize;
      const chats = new Map<string, OutboxRow[]>();
      for (const row of rows) {
        if (busy.has(row.chatId)) skipped.add(row.chatId);
        if (busy.has(row.chatId) || held.has(row.chatId) || parked.has(row.chatId)) continue;
        chats.set(row.chatId, [...(chats.get(row.chatId) ?? []), row]);
      }
      for (const [chat, rows] of chats) {
        busy.add(chat);
        queue.push(rows);
      }
      return chats.size > 0;
    };

    let failed = false;
    const worker = async (): Promise<void> => {
      while (!stopping && !failed) {
        // New rows go through a fresh refill first: they may be a person's answer, ahead of bulk.
        const list = (rowsQueued ? undefined : queue.shift()) ?? (refill() ? queue.shift() : undefined);
        if (!list) {
          if (active === 0) return notifyWorkers();
          // Others are still sending: wait for one to finish (its chat may have more) or for new rows.
          await new Promise<void>((resolve) => {
            const previous = wakeWorkers;
            wakeWorkers = () => {
              previous?.();
              resolve();
            };
          });
          continue;
        }
        const chat = list[0]!.chatId;
        active++;
        try {
          for (const row of list) {
            // A stop waits only for the sends in flight: a backlog (a broadcast to thousands) stays
            // pending and goes out after the restart, well inside a supervisor's grace period.
            if (stopping || failed) break;
            if (pacing && !(await paced(chat))) break;
            attempted++;
            let outcome: Awaited<ReturnType<typeof sendRow>>;
            try {
              outcome = await sendRow(row);
            } finally {
              if (pacing) answered();
            }
            // From the answer too: the platform saw the message before it answered.
            if (pacing) chatReadyAt.set(chat, clock.now().getTime() + pacing.chatIntervalMs(chat));
            if (outcome === 'retry') {
              held.add(chat);
              break;
            }
          }
        } finally {
          active--;
          busy.delete(chat);
          // Rows of it that a refill passed over meanwhile are due now.
          if (skipped.delete(chat)) unseen = true;
          notifyWorkers();
        }
      }
    };
    // One worker failing (the store refusing a query) stops the others before the drain ends, so a
    // new drain never sends a chat that an old worker is still sending.
    const results = await Promise.allSettled(
      Array.from({ length: concurrency }, () =>
        worker().catch((err: unknown) => {
          failed = true;
          notifyWorkers();
          throw err;
        }),
      ),
    );
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected) throw rejected.reason;
    return attempted;
  }

  function drain(): Promise<number> {
    draining = draining.then(drainNow, drainNow);
    return draining;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (kicked) {
        kicked = false;
        resolve();
        return;
      }
      // The idle poll is wall time on purpose: retries and pacing are due times from the clock,
      // and tests on a manual clock kick the loop rather than advance it through polls.
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        kicked = false;
        resolve();
      }
      wake = done;
    });
  }

  async function run(): Promise<void> {
    while (running) {
      try {
        await drain();
      } catch (err) {
        // A store error here (disk full, locked) must not kill the loop; the rows stay pending.
        log.error({ channel, err: errorMessage(err) }, 'outbox dispatch failed');
      }
      if (!running) break;
      const now = clock.now();
      const next = outbox.nextDueAt(channel, now);
      const untilNext = next ? next.getTime() - now.getTime() : pollMs;
      await sleep(Math.max(0, Math.min(pollMs, untilNext)));
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      stopping = false;
      if (stopSignal.signal.aborted) stopSignal = new AbortController();
      loop = run();
    },
    kick() {
      kicked = true;
      rowsQueued = true;
      wake?.();
      notifyWorkers();
    },
    drain,
    async stop() {
      running = false;
      stopping = true;
      stopSignal.abort(new Error('dispatcher stopped'));
      wake?.();
      notifyWorkers();
      await loop;
      await draining.catch(() => undefined);
      // Stopped: an explicit drain() afterwards (a final flush someone asks for) works again.
      stopping = false;
      stopSignal = new AbortController();
    },
  };
}
