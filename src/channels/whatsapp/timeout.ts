import type { Clock, TimerHandle } from '../../core/clock.js';

/**
 * `work`'s outcome, or `onTimeout`'s once `ms` passed first on `clock` (a throw from it rejects);
 * the timer is cleared either way. `work` itself is not cancelled.
 */
export function withTimeout<T>(
  clock: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
  work: Promise<T>,
  ms: number,
  onTimeout: () => T,
): Promise<T> {
  let timer: TimerHandle | undefined;
  const timeout = new Promise<T>((resolve, reject) => {
    timer = clock.setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (err) {
        reject(err as Error);
      }
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clock.clearTimeout(timer));
}
