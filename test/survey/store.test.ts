import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { rowToOutbound } from '../../src/store/outbox.js';
import { MEMORY_DB } from '../helpers.js';

const now = new Date('2026-03-02T03:00:00Z');
let store: Store;
afterEach(() => store?.close());

describe('survey store', () => {
  it('keeps one response per respondent and period, merging answers item by item', () => {
    store = openStore(MEMORY_DB);
    const r = store.survey.start('2026', 'c:1', now);
    expect(store.survey.start('2026', 'c:1', now).id).toBe(r.id);
    expect(store.survey.start('2025', 'c:1', now).id).not.toBe(r.id);
    store.survey.answer(r.id, 'U1', { performance: 3 }, now);
    store.survey.answer(r.id, 'U1', { importance: 4 }, now);
    store.survey.skip(r.id, 'U2', now);
    store.survey.skip(r.id, 'U1', now);
    store.survey.setProfile(r.id, 'peran', 'PPK', now);
    const read = store.survey.responseOf('2026', 'c:1')!;
    expect([...read.answers]).toEqual([
      ['U1', { performance: 3, importance: 4 }],
      ['U2', {}],
    ]);
    expect(read.profile).toEqual({ peran: 'PPK' });
    expect(read.complete).toBe(false);
  });

  it('reports only complete responses, as answers without who gave them', () => {
    store = openStore(MEMORY_DB);
    const a = store.survey.start('2026', 'c:1', now);
    store.survey.answer(a.id, 'U1', { performance: 2, importance: 3 }, now);
    const b = store.survey.start('2026', 'c:2', now);
    store.survey.answer(b.id, 'U1', { performance: 4 }, now);
    expect(store.survey.answersOf('2026')).toEqual([]);
    store.survey.complete(a.id, '2026-03-02', now);
    expect(store.survey.answersOf('2026')).toEqual([{ answers: [{ item: 'U1', performance: 2, importance: 3 }] }]);
    expect(store.survey.periods()).toEqual([{ period: '2026', respondents: 1 }]);
  });

  it('imports a file in one go and remembers it by its bytes', () => {
    store = openStore(MEMORY_DB);
    const id = store.survey.importFile(
      'ikm-2024.csv',
      'abc',
      [
        { period: '2024', answeredOn: '2024-05-01', answers: [{ item: 'B3', performance: 2, importance: 4 }] },
        { period: '2024', answeredOn: '2024-05-02', answers: [{ item: 'B3', performance: 1 }] },
      ],
      now,
    );
    expect(store.survey.importBySha('abc')).toMatchObject({ id, fileName: 'ikm-2024.csv' });
    expect(store.survey.answersOf('2024')).toHaveLength(2);
  });

  it('invites a respondent at most once per period', () => {
    store = openStore(MEMORY_DB);
    expect(store.survey.invite('2026', 'c:1', 'ticket', now)).toBe(true);
    expect(store.survey.invite('2026', 'c:1', 'broadcast', now)).toBe(false);
    expect(store.survey.wasInvited('2026', 'c:1')).toBe(true);
    expect(store.survey.wasInvited('2027', 'c:1')).toBe(false);
  });

  it('carries files of an outbound message through the outbox row', () => {
    store = openStore(MEMORY_DB);
    const files = [{ kind: 'photo' as const, fileName: 'ipa.png', mimeType: 'image/png', data: 'iVBORw0K', caption: 'IKM 2026' }];
    const [id] = store.outbox.enqueue([{ channel: 'telegram', chatId: '5', text: '', files }], now);
    expect(rowToOutbound(store.outbox.byId(id!)!).files).toEqual(files);
  });
});
