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
  /** Monotonic milliseconds; injectable for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface PacedQueue {
  /** Runs task after the ones before it, once the pause since the previous send is over. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Rejects tasks that have not started with `reason`; the running one finishes. */
  close(reason: () => Error): void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createPacedQueue(opts: PacedQueueOptions): PacedQueue {
  const random = opts.random ?? Math.random;
  const now = opts.now ?? (() => performance.now());
  const sleep = opts.sleep ?? defaultSleep;
  let tail: Promise<unknown> = Promise.resolve();
  let nextAt = -Infinity;
  const closed: { reason?: () => Error } = {};
  const check = () => {
    if (closed.reason) throw closed.reason();
  };

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      if (closed.reason) return Promise.reject(closed.reason());
      const result = tail.then(async () => {
        check();
        const wait = nextAt - now();
        if (wait > 0) await sleep(wait);
        check();
        try {
          return await task();
        } finally {
          nextAt = now() + opts.intervalMs + Math.round(random() * opts.jitterMs);
        }
      });
      // The chain goes on whatever this task did.
      tail = result.catch(() => undefined);
      return result;
    },
    close(reason) {
      closed.reason = reason;
    },
  };
}
