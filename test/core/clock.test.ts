import { describe, expect, it } from 'vitest';
import { createManualClock, systemClock } from '../../src/core/clock.js';

const START = new Date('2026-03-02T02:00:00Z');
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('manual clock', () => {
  it('moves only when told to', () => {
    const clock = createManualClock(START);
    expect(clock.now()).toEqual(START);
    clock.advance(1_500);
    expect(clock.now().getTime()).toBe(START.getTime() + 1_500);
    clock.set(new Date('2026-03-03T00:00:00Z'));
    expect(clock.now()).toEqual(new Date('2026-03-03T00:00:00Z'));
  });

  it('fires timers in due order when advanced past them, each seeing its own due time', () => {
    const clock = createManualClock(START);
    const fired: Array<[string, number]> = [];
    const at = (name: string) => () => fired.push([name, clock.now().getTime() - START.getTime()]);
    clock.setTimeout(at('c'), 300);
    clock.setTimeout(at('a'), 100);
    clock.setTimeout(at('b'), 200);
    // Same due time: in the order they were set.
    clock.setTimeout(at('b2'), 200);
    clock.advance(150);
    expect(fired).toEqual([['a', 100]]);
    expect(clock.pendingTimers()).toBe(3);
    clock.advance(1_000);
    expect(fired).toEqual([
      ['a', 100],
      ['b', 200],
      ['b2', 200],
      ['c', 300],
    ]);
    expect(clock.now().getTime() - START.getTime()).toBe(1_150);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('fires a timer set by a firing timer when it falls within the same advance', () => {
    const clock = createManualClock(START);
    const fired: number[] = [];
    const tick = () => {
      fired.push(clock.now().getTime() - START.getTime());
      clock.setTimeout(tick, 100);
    };
    clock.setTimeout(tick, 100);
    clock.advance(350);
    expect(fired).toEqual([100, 200, 300]);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('fires due timers when set() moves the time forward, and none when it moves back', () => {
    const clock = createManualClock(START);
    let fired = 0;
    clock.setTimeout(() => fired++, 60_000);
    clock.set(new Date(START.getTime() - 60_000));
    expect(fired).toBe(0);
    clock.set(new Date(START.getTime() + 60_000));
    expect(fired).toBe(1);
  });

  it('never fires a cleared timer', () => {
    const clock = createManualClock(START);
    let fired = 0;
    const timer = clock.setTimeout(() => fired++, 10);
    clock.clearTimeout(timer);
    clock.clearTimeout(timer);
    clock.clearTimeout(undefined);
    clock.advance(100);
    expect(fired).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('fires a timer for now on the next turn of the event loop, never synchronously', async () => {
    const clock = createManualClock(START);
    let fired = 0;
    clock.setTimeout(() => fired++, 0);
    clock.setTimeout(() => fired++, -5);
    expect(fired).toBe(0);
    await nextTurn();
    expect(fired).toBe(2);
    expect(clock.now()).toEqual(START);
  });

  it('sleeps until advanced, and a sleep aborted first rejects and leaves no timer', async () => {
    const clock = createManualClock(START);
    let woke = false;
    const sleeping = clock.sleep(1_000).then(() => (woke = true));
    clock.advance(999);
    await nextTurn();
    expect(woke).toBe(false);
    clock.advance(1);
    await sleeping;
    expect(woke).toBe(true);

    const controller = new AbortController();
    const aborted = clock.sleep(1_000, controller.signal);
    controller.abort(new Error('stopping'));
    await expect(aborted).rejects.toThrow('stopping');
    expect(clock.pendingTimers()).toBe(0);
    await expect(clock.sleep(10, controller.signal)).rejects.toThrow('stopping');
  });

  it('advanceAsync lets what a timer woke up set the next timer within the span, as real time would', async () => {
    const clock = createManualClock(START);
    const woke: number[] = [];
    const loop = async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(100);
        woke.push(clock.now().getTime() - START.getTime());
      }
    };
    const done = loop();
    // A plain advance fires only the first sleep: the loop's next sleep is set after it returns.
    clock.advance(100);
    await clock.advanceAsync(250);
    await done;
    expect(woke).toEqual([100, 200, 300]);
    expect(clock.now().getTime() - START.getTime()).toBe(350);
  });
});

describe('system clock', () => {
  it('tells the time and runs real timers', async () => {
    const before = Date.now();
    expect(Math.abs(systemClock.now().getTime() - before)).toBeLessThan(1_000);
    let fired = false;
    systemClock.setTimeout(() => (fired = true), 1, { unref: true });
    await systemClock.sleep(20);
    expect(fired).toBe(true);
    let cleared = false;
    const timer = systemClock.setTimeout(() => (cleared = true), 1);
    systemClock.clearTimeout(timer);
    await systemClock.sleep(20);
    expect(cleared).toBe(false);
  });

  it('rejects a sleep when its signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
  });
});
