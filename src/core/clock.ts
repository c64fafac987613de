/**
 * Time and timers come from outside, so that the core, the channel adapters and their tests never
 * read the wall clock or start a timer directly: tests drive a manual clock instead of sleeping.
 */

declare const timerBrand: unique symbol;
/** A scheduled callback, to cancel with `clearTimeout`. Opaque: only the clock that made it knows it. */
export type TimerHandle = { readonly [timerBrand]: true };

export interface TimerOptions {
  /** The timer alone does not keep the process alive (the system clock; a manual clock ignores it). */
  unref?: boolean;
}

export interface Clock {
  now(): Date;
  /** Calls `fn` once, `ms` from now (0 or less: as soon as possible, never synchronously). */
  setTimeout(fn: () => void, ms: number, opts?: TimerOptions): TimerHandle;
  /** Cancels a timer that has not fired; anything else (undefined, fired, cleared) is ignored. */
  clearTimeout(handle: TimerHandle | undefined): void;
  /** Resolves `ms` from now; rejects with the signal's reason if it is aborted first (the timer is cleared). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Node's limit for a timer; a longer delay would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** `sleep` on top of a clock's own timers. */
function sleepOn(clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clock.clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout(fn, ms, opts) {
    const timer = setTimeout(fn, Math.min(MAX_TIMER_MS, Math.max(0, ms)));
    if (opts?.unref) timer.unref();
    return timer as unknown as TimerHandle;
  },
  clearTimeout(handle) {
    if (handle !== undefined) clearTimeout(handle as unknown as NodeJS.Timeout);
  },
  sleep: (ms, signal) => sleepOn(systemClock, ms, signal),
};

/**
 * A clock that only moves when told to; for tests and replays. Its timers fire, in due order (ties
 * in the order they were set), when `advance` or `set` moves the time past them; a timer set for
 * now or the past fires on the next turn of the event loop, as a real 0 ms timer would.
 */
export interface ManualClock extends Clock {
  set(at: Date): void;
  advance(ms: number): void;
  /**
   * Like `advance`, but after each timer fires, promise callbacks and the event loop get a turn
   * before the next one: a timer set by what the previous one woke up fires too if it falls
   * within `ms` (the way real time would go by). Resolves once the clock is at now + ms.
   */
  advanceAsync(ms: number): Promise<void>;
  /** Timers set and not yet fired or cleared. */
  pendingTimers(): number;
}

interface ManualTimer {
  at: number;
  seq: number;
  fn: () => void;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createManualClock(start: Date = new Date('2026-01-05T02:00:00Z')): ManualClock {
  let current = start.getTime();
  let seq = 0;
  const timers = new Set<ManualTimer>();

  /** The earliest timer due at or before `until`, ties in the order they were set. */
  function nextDue(until: number): ManualTimer | undefined {
    let best: ManualTimer | undefined;
    for (const t of timers) if (t.at <= until && (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq))) best = t;
    return best;
  }

  function fire(t: ManualTimer): void {
    timers.delete(t);
    current = Math.max(current, t.at);
    t.fn();
  }

  /** Fires everything due up to `target`, then stands at `target` (never earlier than now). */
  function moveTo(target: number): void {
    for (let t = nextDue(target); t; t = nextDue(target)) fire(t);
    current = Math.max(current, target);
  }

  const clock: ManualClock = {
    now: () => new Date(current),
    setTimeout(fn, ms) {
      const timer: ManualTimer = { at: current + Math.max(0, ms), seq: seq++, fn };
      timers.add(timer);
      if (ms <= 0) {
        // Due now: fired on the next turn, unless the clock is moved (or the timer cleared) first.
        setImmediate(() => {
          if (timers.has(timer) && timer.at <= current) fire(timer);
        });
      }
      return timer as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      if (handle !== undefined) timers.delete(handle as unknown as ManualTimer);
    },
    sleep: (ms, signal) => sleepOn(clock, ms, signal),
    set(at) {
      const target = at.getTime();
      if (target < current) current = target;
      else moveTo(target);
    },
    advance(ms) {
      moveTo(current + Math.max(0, ms));
    },
    async advanceAsync(ms) {
      const target = current + Math.max(0, ms);
      await nextTurn();
      for (let t = nextDue(target); t; t = nextDue(target)) {
        fire(t);
        await nextTurn();
      }
      current = Math.max(current, target);
    },
    pendingTimers: () => timers.size,
  };
  return clock;
}
