import { describe, expect, it } from 'vitest';
import { texts } from '../src/core/catalogue.js';
import { createManualClock } from '../src/core/clock.js';
import { silentLogger } from '../src/logger.js';
import { createRouter, reply, type Feature } from '../src/core/router.js';
import { createDesk } from '../src/desk.js';
import { openStore, type Store } from '../src/store/index.js';
import { inbound, MEMORY_DB } from './helpers.js';

/** A desk whose deferred jobs wait until the test runs them (`later`), or run on setImmediate. */
function setup(features: Feature[], manual = true) {
  const store = openStore(MEMORY_DB);
  const turns: Array<() => void> = [];
  const desk = createDesk({
    store,
    router: createRouter(features),
    clock: createManualClock(),
    log: silentLogger,
    ...(manual ? { schedule: (run: () => void) => void turns.push(run) } : {}),
  });
  return { store, desk, later: () => turns.splice(0).forEach((run) => run()) };
}

const pendingTexts = (store: Store) => store.outbox.due('console', new Date('2100-01-01'), 100).map((r) => r.text);

/** `/lambat` answers "siap" at once and "hasil N" from a deferred job (N = times the job ran). */
function slowFeature(job: () => string = () => 'hasil') {
  let runs = 0;
  const feature: Feature = {
    name: 'slow',
    commands: {
      lambat: (ctx) => {
        ctx.defer!(() => [reply(ctx, `${job()} ${++runs}`)]);
        return [reply(ctx, 'siap')];
      },
    },
  };
  return { feature, runs: () => runs };
}

describe('deferred jobs', () => {
  it('runs the job after the message committed and queues its answer after the message’s own', async () => {
    const slow = slowFeature();
    const { store, desk, later } = setup([slow.feature]);
    const result = desk.receive(inbound('/lambat'));
    expect(slow.runs()).toBe(0);
    expect(pendingTexts(store)).toEqual(['siap']);
    later();
    const ids = await result.deferred!;
    expect(pendingTexts(store)).toEqual(['siap', 'hasil 1']);
    expect(ids).toHaveLength(1);
    expect(store.outbox.byId(ids[0]!)?.text).toBe('hasil 1');
    store.close();
  });

  it('runs it on a later turn of the event loop by default', async () => {
    const slow = slowFeature();
    const { store, desk } = setup([slow.feature], false);
    const { deferred } = desk.receive(inbound('/lambat'));
    expect(slow.runs()).toBe(0);
    await deferred;
    expect(pendingTexts(store)).toEqual(['siap', 'hasil 1']);
    store.close();
  });

  it('answers a job that throws with the polite apology, once, and keeps the desk working', async () => {
    const slow = slowFeature(() => {
      throw new Error('disk gone');
    });
    const { store, desk, later } = setup([slow.feature]);
    const { deferred } = desk.receive(inbound('/lambat'));
    later();
    await deferred;
    expect(pendingTexts(store)).toEqual(['siap', texts.errors.internal]);
    desk.receive(inbound('/menu'));
    expect(pendingTexts(store)).toHaveLength(3);
    store.close();
  });

  it('runs nothing for a redelivered message', async () => {
    const slow = slowFeature();
    const { store, desk, later } = setup([slow.feature]);
    const msg = inbound('/lambat', { externalId: 'u-1' });
    desk.receive(msg);
    const again = desk.receive({ ...msg });
    later();
    expect(again.deferred).toBeUndefined();
    expect(slow.runs()).toBe(1);
    expect(pendingTexts(store).filter((t) => t.startsWith('hasil'))).toEqual(['hasil 1']);
    store.close();
  });

  it('drops the job of a message whose handling failed and rolled back', () => {
    let runs = 0;
    const feature: Feature = {
      name: 'broken',
      commands: {
        rusak: (ctx) => {
          ctx.defer!(() => (runs++, [reply(ctx, 'tidak boleh terkirim')]));
          throw new Error('handler failed after deferring');
        },
      },
    };
    const { store, desk, later } = setup([feature]);
    const result = desk.receive(inbound('/rusak'));
    later();
    expect(result.deferred).toBeUndefined();
    expect(runs).toBe(0);
    expect(pendingTexts(store)).toEqual([texts.errors.internal]);
    store.close();
  });

  it('runs waiting jobs at once on request, each exactly once', async () => {
    const slow = slowFeature();
    const { store, desk, later } = setup([slow.feature]);
    const { deferred } = desk.receive(inbound('/lambat'));
    desk.runDeferred();
    later(); // the scheduled turn finds nothing left
    await deferred;
    expect(slow.runs()).toBe(1);
    expect(pendingTexts(store)).toEqual(['siap', 'hasil 1']);
    store.close();
  });

  it('queues what a job that returns a promise resolves to when it settles, and apologises once when it rejects', async () => {
    const settle: Array<(ok: boolean) => void> = [];
    const feature: Feature = {
      name: 'async',
      commands: {
        nanti: (ctx) => {
          ctx.defer!(
            () =>
              new Promise((resolve, reject) =>
                settle.push((ok) => (ok ? resolve([reply(ctx, 'gambar')]) : reject(new Error('render failed')))),
              ),
          );
          return [];
        },
      },
    };
    const { store, desk, later } = setup([feature]);
    const good = desk.receive(inbound('/nanti'));
    const bad = desk.receive(inbound('/nanti'));
    later();
    expect(settle).toHaveLength(2);
    // Started, not settled: nothing queued, and the desk answers meanwhile.
    expect(pendingTexts(store)).toEqual([]);
    settle[1]!(false);
    await bad.deferred;
    settle[0]!(true);
    const ids = await good.deferred!;
    expect(ids).toHaveLength(1);
    expect(pendingTexts(store)).toEqual([texts.errors.internal, 'gambar']);
    store.close();
  });
});
