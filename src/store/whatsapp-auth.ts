import { and, eq, inArray } from 'drizzle-orm';
import type { Db, DbHandle } from './db.js';
import { whatsappAuth } from './schema.js';

export interface AuthEntry {
  category: string;
  id: string;
  /** Serialised value; null deletes the entry. */
  value: string | null;
}

export interface WhatsAppAuthRepo {
  get(category: string, id: string): string | undefined;
  getMany(category: string, ids: readonly string[]): Map<string, string>;
  /** Writes all entries in one transaction: a crash never leaves half a key set. */
  setMany(entries: readonly AuthEntry[], now: Date): void;
  /** Forgets the session (after a logout): the next start must pair again. */
  clear(): void;
  isEmpty(): boolean;
}

export function createWhatsAppAuthRepo(db: Db, handle: DbHandle): WhatsAppAuthRepo {
  const write = handle.sqlite.transaction((entries: readonly AuthEntry[], now: Date) => {
    for (const e of entries) {
      const where = and(eq(whatsappAuth.category, e.category), eq(whatsappAuth.id, e.id));
      if (e.value === null) db.delete(whatsappAuth).where(where).run();
      else
        db.insert(whatsappAuth)
          .values({ category: e.category, id: e.id, value: e.value, updatedAt: now })
          .onConflictDoUpdate({ target: [whatsappAuth.category, whatsappAuth.id], set: { value: e.value, updatedAt: now } })
          .run();
    }
  });
  return {
    get: (category, id) =>
      db
        .select({ value: whatsappAuth.value })
        .from(whatsappAuth)
        .where(and(eq(whatsappAuth.category, category), eq(whatsappAuth.id, id)))
        .get()?.value,
    getMany(category, ids) {
      const out = new Map<string, string>();
      if (ids.length === 0) return out;
      const rows = db
        .select({ id: whatsappAuth.id, value: whatsappAuth.value })
        .from(whatsappAuth)
        .where(and(eq(whatsappAuth.category, category), inArray(whatsappAuth.id, [...ids])))
        .all();
      for (const r of rows) out.set(r.id, r.value);
      return out;
    },
    setMany: (entries, now) => write(entries, now),
    clear: () => {
      db.delete(whatsappAuth).run();
    },
    isEmpty: () => db.select({ id: whatsappAuth.id }).from(whatsappAuth).limit(1).get() === undefined,
  };
}
