import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
} from '@whiskeysockets/baileys';
import type { Clock } from '../../core/clock.js';
import type { AuthEntry, WhatsAppAuthRepo } from '../../store/whatsapp-auth.js';

/**
 * Baileys' auth state kept in the desk's SQLite database instead of `useMultiFileAuthState`'s
 * folder of JSON files: the creds under (`creds`, `creds`), every signal key under
 * (its SignalDataTypeMap category, its id). Values are JSON written with Baileys' BufferJSON so
 * Buffers and Uint8Arrays come back as Buffers. One `keys.set` is one SQLite transaction, so a
 * crash never leaves half a session update (a pre-key used but the session not saved).
 */

/** Every key category Baileys 7 stores; the type check below fails when Baileys adds one. */
export const SIGNAL_KEY_CATEGORIES = [
  'pre-key',
  'session',
  'sender-key',
  'sender-key-memory',
  'app-state-sync-key',
  'app-state-sync-version',
  'lid-mapping',
  'device-list',
  'tctoken',
  'identity-key',
] as const satisfies ReadonlyArray<keyof SignalDataTypeMap>;

type MissingCategory = Exclude<keyof SignalDataTypeMap, (typeof SIGNAL_KEY_CATEGORIES)[number]>;
// If this line fails to compile, Baileys has a key category the list above does not name.
const _allCategoriesListed: [MissingCategory] extends [never] ? true : false = true;
void _allCategoriesListed;

const CREDS = { category: 'creds', id: 'creds' } as const;

export interface SqliteAuthState {
  /** Handed to makeWASocket as `auth`; the same creds object lives across reconnects. */
  state: AuthenticationState;
  /** Writes the current creds (call on every `creds.update`, after merging the update in). */
  saveCreds(): void;
  /** Forgets the session and starts over with fresh creds in memory (after a logout). */
  clear(): void;
}

export const serialise = (value: unknown): string => JSON.stringify(value, BufferJSON.replacer);
export const deserialise = <T = unknown>(text: string): T => JSON.parse(text, BufferJSON.reviver) as T;

/** Whether the creds belong to a linked device: pairing finished (QR or code), so a login can succeed. */
export function isPaired(creds: AuthenticationCreds): boolean {
  // `registered` is only set by the pairing-code flow, before pairing is complete; `account`
  // (the signed device identity) is written by pair-success in both flows.
  return Boolean(creds.me?.id && creds.account);
}

export function loadCreds(repo: WhatsAppAuthRepo): AuthenticationCreds | undefined {
  const raw = repo.get(CREDS.category, CREDS.id);
  return raw === undefined ? undefined : deserialise<AuthenticationCreds>(raw);
}

export function createSqliteAuthState(repo: WhatsAppAuthRepo, clock: Clock): SqliteAuthState {
  const creds: AuthenticationCreds = loadCreds(repo) ?? initAuthCreds();

  const keys: AuthenticationState['keys'] = {
    get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const rows = repo.getMany(type, ids);
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      for (const [id, raw] of rows) {
        let value: unknown = deserialise(raw);
        // Like useMultiFileAuthState: the protobuf class, not a plain object, is what Baileys expects.
        if (type === 'app-state-sync-key' && value) value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
        out[id] = value as SignalDataTypeMap[T];
      }
      return out;
    },
    set(data: SignalDataSet) {
      const entries: AuthEntry[] = [];
      for (const category of Object.keys(data) as Array<keyof SignalDataSet>) {
        const values = data[category];
        if (!values) continue;
        for (const [id, value] of Object.entries(values)) {
          entries.push({ category, id, value: value === null || value === undefined ? null : serialise(value) });
        }
      }
      if (entries.length > 0) repo.setMany(entries, clock.now());
    },
    clear() {
      repo.clear();
    },
  };

  return {
    state: { creds, keys },
    saveCreds() {
      repo.setMany([{ ...CREDS, value: serialise(creds) }], clock.now());
    },
    clear() {
      repo.clear();
      // Same object, fresh content: a socket created later must not log in with the dead identity.
      const fresh = initAuthCreds();
      for (const key of Object.keys(creds)) delete (creds as unknown as Record<string, unknown>)[key];
      Object.assign(creds, fresh);
    },
  };
}
