import { eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { deskState } from './schema.js';

/** Small facts learnt at run time, kept across restarts, by key. */
export interface DeskStateRepo {
  get(key: string): string | undefined;
  set(key: string, value: string, now: Date): void;
  remove(key: string): void;
}

export function createDeskStateRepo(db: Db): DeskStateRepo {
  return {
    get: (key) => db.select({ value: deskState.value }).from(deskState).where(eq(deskState.key, key)).get()?.value,
    set(key, value, now) {
      db.insert(deskState)
        .values({ key, value, updatedAt: now })
        .onConflictDoUpdate({ target: deskState.key, set: { value, updatedAt: now } })
        .run();
    },
    remove(key) {
      db.delete(deskState).where(eq(deskState.key, key)).run();
    },
  };
}
