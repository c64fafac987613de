import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { MEMORY_DB } from '../helpers.js';

const at = (iso: string) => new Date(iso);
let store: Store;
afterEach(() => store?.close());

function contact(n: number) {
  return store.contacts.touch({ channel: 'telegram', userId: `u${n}`, chatId: `c${n}` }, at('2026-03-02T00:00:00Z'));
}

describe('incidents repository', () => {
  it('counts incidents in a period with duration, owner, affected users and tickets', () => {
    store = openStore(MEMORY_DB);
    const a = store.incidents.open(
      { title: 'SPSE down', system: 'spse', owner: 'telkom', staffId: null },
      at('2026-03-02T01:00:00Z'),
    );
    const b = store.incidents.open(
      { title: 'Katalog', system: 'e-katalog', owner: 'lkpp', staffId: null },
      at('2026-03-02T05:00:00Z'),
    );
    store.incidents.open({ title: 'Later', system: 'inaproc', owner: 'lkpp', staffId: null }, at('2026-03-05T00:00:00Z'));
    store.incidents.update(a.id, { status: 'resolved', endedAt: at('2026-03-02T02:30:00Z') });
    for (const n of [1, 2, 3]) store.incidents.addUser(a.id, contact(n).id, at('2026-03-02T01:10:00Z'));
    expect(store.incidents.addUser(a.id, contact(1).id, at('2026-03-02T01:20:00Z'))).toBe(false);
    const period = store.incidents.inPeriod(at('2026-03-02T00:00:00Z'), at('2026-03-03T00:00:00Z'));
    expect(period.map((i) => [i.id, i.owner, i.durationMinutes, i.affectedUsers, i.tickets])).toEqual([
      [a.id, 'telkom', 90, 3, 0],
      [b.id, 'lkpp', 19 * 60, 0, 0],
    ]);
  });

  it('counts each reporter once within the window', () => {
    store = openStore(MEMORY_DB);
    const [c1, c2] = [contact(1), contact(2)];
    store.incidents.recordReport('spse', c1.id, at('2026-03-02T01:00:00Z'));
    store.incidents.recordReport('spse', c1.id, at('2026-03-02T01:05:00Z'));
    store.incidents.recordReport('spse', c2.id, at('2026-03-02T01:06:00Z'));
    store.incidents.recordReport('e-katalog', c2.id, at('2026-03-02T01:06:00Z'));
    expect(store.incidents.reporters('spse', at('2026-03-02T00:55:00Z'))).toEqual([c1.id, c2.id]);
    expect(store.incidents.reporters('spse', at('2026-03-02T01:06:00Z'))).toEqual([c2.id]);
  });
});
