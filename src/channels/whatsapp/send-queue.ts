import type { Clock, TimerHandle } from '../../core/clock.js';

/**
 * One paced queue for everything the number sends. WhatsApp bans numbers that send in bursts,
 * so sends run one at a time with about `intervalMs` (plus up to `jitterMs` of random jitter)
 * between the end of one and the start of the next, whoever asks: replies, staff notices and
 * broadcasts share the same pace.
 */
export interface PacedQueueOptions {
  intervalMs: number;
  jitterMs: number;
  random?: () => number;
  /** The pauses are timers on this clock. */
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
}

export interface PacedQueue {
  /** Runs task after the ones before it, once the pause since the previous send is over. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Rejects tasks that have not started with `reason`; the running one finishes. */
  close(reason: () => Error): void;
}

interface Pause {
  over: Promise<void>;
  timer: TimerHandle;
  end(): void;
}

export function createPacedQueue(opts: PacedQueueOptions): PacedQueue {
  const { clock } = opts;
  const random = opts.random ?? Math.random;
  let tail: Promise<unknown> = Promise.resolve();
  /** The pause after the last send, while it lasts. */
  let pause: Pause | undefined;
  const closed: { reason?: () => Error } = {};
  const check = () => {
    if (closed.reason) throw closed.reason();
  };

  function pauseFor(ms: number): void {
    let end!: () => void;
    const over = new Promise<void>((resolve) => (end = resolve));
    const current: Pause = {
      over,
      end,
      timer: clock.setTimeout(() => {
        if (pause === current) pause = undefined;
        end();
      }, ms),
    };
    pause = current;
  }

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      if (closed.reason) return Promise.reject(closed.reason());
      const result = tail.then(async () => {
        check();
        if (pause) await pause.over;
        check();
        try {
          return await task();
        } finally {
          const ms = opts.intervalMs + Math.round(random() * opts.jitterMs);
          if (ms > 0) pauseFor(ms);
        }
      });
      // The chain goes on whatever this task did.
      tail = result.catch(() => undefined);
      return result;
    },
    close(reason) {
      closed.reason = reason;
      // Whoever waits for the pause is refused now rather than when it is over.
      if (pause) {
        clock.clearTimeout(pause.timer);
        pause.end();
        pause = undefined;
      }
    },
  };
}
