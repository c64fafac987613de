import { initAuthCreds, proto, type SignalDataSet } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { createSqliteAuthState, isPaired, SIGNAL_KEY_CATEGORIES } from '../../../src/channels/whatsapp/auth-state.js';
import { createManualClock } from '../../../src/core/clock.js';
import { openStore } from '../../../src/store/index.js';
import type { WhatsAppAuthRepo } from '../../../src/store/whatsapp-auth.js';
import { tempDbPath } from '../../helpers.js';

const clock = createManualClock();
const bytes = (n: number, fill: number) => Buffer.alloc(n, fill);

/** One value of every key category Baileys 7 stores, with Buffers and Uint8Arrays where it uses them. */
function everyKind(): SignalDataSet {
  return {
    'pre-key': { '1': { public: bytes(32, 1), private: bytes(32, 2) }, '2': { public: bytes(32, 3), private: bytes(32, 4) } },
    session: { '6285700000001.0': new Uint8Array([9, 8, 7, 6]), '118472937465123_1.0': bytes(40, 5) },
    'sender-key': { 'group@g.us::6285700000001::0': new Uint8Array([1, 2, 3]) },
    'sender-key-memory': { 'group@g.us': { '6285700000001:0@s.whatsapp.net': true } },
    'app-state-sync-key': {
      AAAAAB: proto.Message.AppStateSyncKeyData.fromObject({ keyData: bytes(32, 6), timestamp: 1_700_000_000 }),
    },
    'app-state-sync-version': {
      regular: { version: 3, hash: bytes(128, 7), indexValueMap: { abc: { valueMac: bytes(32, 8) } } },
    },
    'lid-mapping': { '6285700000002': '118472937465123', '118472937465123_reverse': '6285700000002' },
    'device-list': { '6285700000002': ['0', '1'] },
    tctoken: { '118472937465123@lid': { token: bytes(16, 9), timestamp: '1700000000' } },
    'identity-key': { '118472937465123.0': bytes(33, 10) },
  };
}

function countingRepo(repo: WhatsAppAuthRepo) {
  const calls = { setMany: 0 };
  const wrapped: WhatsAppAuthRepo = {
    ...repo,
    setMany: (entries, now) => {
      calls.setMany++;
      repo.setMany(entries, now);
    },
  };
  return { wrapped, calls };
}

describe('SQLite auth state', () => {
  it('survives closing and reopening the database: creds and every key kind read back equal', async () => {
    const path = tempDbPath();
    const first = openStore(path);
    const auth = createSqliteAuthState(first.whatsappAuth, clock);
    expect(isPaired(auth.state.creds)).toBe(false);
    auth.state.creds.me = { id: '6281100000000:7@s.whatsapp.net', name: 'Helpdesk', lid: '99000000000001:7@lid' };
    auth.state.creds.account = {
      details: bytes(10, 1),
      accountSignatureKey: bytes(32, 2),
      accountSignature: bytes(64, 3),
      deviceSignature: bytes(64, 4),
    };
    auth.state.creds.routingInfo = bytes(12, 5);
    auth.saveCreds();
    const written = everyKind();
    await auth.state.keys.set(written);
    const credsBefore = auth.state.creds;
    first.close();

    const second = openStore(path);
    const again = createSqliteAuthState(second.whatsappAuth, clock);
    expect(isPaired(again.state.creds)).toBe(true);
    expect(again.state.creds).toEqual(credsBefore);
    expect(Buffer.isBuffer(again.state.creds.noiseKey.private)).toBe(true);
    expect(Buffer.from(again.state.creds.noiseKey.private).equals(Buffer.from(credsBefore.noiseKey.private))).toBe(true);

    for (const category of SIGNAL_KEY_CATEGORIES) {
      const values = written[category]!;
      const read = await again.state.keys.get(category, Object.keys(values));
      expect(Object.keys(read).sort(), category).toEqual(Object.keys(values).sort());
      for (const [id, value] of Object.entries(values)) {
        const got = read[id];
        if (value instanceof Uint8Array) {
          // Uint8Arrays come back as Buffers with the same bytes.
          expect(Buffer.isBuffer(got), `${category}/${id}`).toBe(true);
          expect(Buffer.from(got as Uint8Array).equals(Buffer.from(value)), `${category}/${id}`).toBe(true);
        } else if (category === 'app-state-sync-key') {
          expect(got).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
          expect(proto.Message.AppStateSyncKeyData.toObject(got as proto.Message.AppStateSyncKeyData)).toEqual(
            proto.Message.AppStateSyncKeyData.toObject(value as proto.Message.AppStateSyncKeyData),
          );
        } else {
          expect(got, `${category}/${id}`).toEqual(value);
        }
      }
    }
    // Missing ids are simply absent.
    expect(await again.state.keys.get('pre-key', ['404'])).toEqual({});
    second.close();
  });

  it('writes one keys.set in one transaction, and null deletes', async () => {
    const store = openStore(tempDbPath());
    const { wrapped, calls } = countingRepo(store.whatsappAuth);
    const auth = createSqliteAuthState(wrapped, clock);
    await auth.state.keys.set(everyKind());
    expect(calls.setMany).toBe(1);
    await auth.state.keys.set({ 'pre-key': { '1': null }, session: { '6285700000001.0': null } });
    expect(calls.setMany).toBe(2);
    expect(await auth.state.keys.get('pre-key', ['1', '2'])).toEqual({ '2': { public: bytes(32, 3), private: bytes(32, 4) } });
    expect(await auth.state.keys.get('session', ['6285700000001.0'])).toEqual({});

    // A failing write leaves nothing of the set behind.
    const before = store.handle.sqlite.prepare('select count(*) as n from whatsapp_auth').get();
    const broken = createSqliteAuthState(
      {
        ...store.whatsappAuth,
        setMany: (entries, now) =>
          store.whatsappAuth.setMany([...entries, { category: 'x', id: 'y', value: undefined as unknown as string }], now),
      },
      clock,
    );
    await expect(async () =>
      broken.state.keys.set({ 'pre-key': { '9': { public: bytes(32, 1), private: bytes(32, 1) } } }),
    ).rejects.toThrow();
    expect(store.handle.sqlite.prepare('select count(*) as n from whatsapp_auth').get()).toEqual(before);
    store.close();
  });

  it('clear() forgets the session in the database and in memory', async () => {
    const store = openStore(tempDbPath());
    const auth = createSqliteAuthState(store.whatsappAuth, clock);
    const creds = auth.state.creds;
    creds.me = { id: '6281100000000:7@s.whatsapp.net' };
    creds.account = { details: bytes(1, 1) };
    auth.saveCreds();
    await auth.state.keys.set({ session: { a: bytes(3, 1) } });
    expect(store.whatsappAuth.isEmpty()).toBe(false);
    auth.clear();
    expect(store.whatsappAuth.isEmpty()).toBe(true);
    // The same object (sockets hold it), with fresh keys and no identity.
    expect(auth.state.creds).toBe(creds);
    expect(creds.me).toBeUndefined();
    expect(isPaired(creds)).toBe(false);
    expect(Object.keys(creds).sort()).toEqual(Object.keys(initAuthCreds()).sort());
    store.close();
  });
});
