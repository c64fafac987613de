import { and, count, eq, gt, lte } from 'drizzle-orm';
import type { Db } from './db.js';
import { linkCodes, linkFailures } from './schema.js';

/** One-time codes for linking a user's contacts across channels, and the wrong guesses. */
export interface LinkCodesRepo {
  /** Stores a new code for the contact; its earlier codes stop working. */
  issue(contactId: number, code: string, expiresAt: Date, now: Date): void;
  /** The contact that issued a valid code; the code is used up. Undefined: unknown or expired. */
  redeem(code: string, now: Date): number | undefined;
  recordFailure(contactId: number, now: Date): void;
  failuresSince(contactId: number, since: Date): number;
}

export function createLinkCodesRepo(db: Db): LinkCodesRepo {
  return {
    issue(contactId, code, expiresAt, now) {
      db.delete(linkCodes).where(eq(linkCodes.contactId, contactId)).run();
      // Expired codes of anyone are of no use: keep the table small.
      db.delete(linkCodes).where(lte(linkCodes.expiresAt, now)).run();
      db.insert(linkCodes).values({ code, contactId, expiresAt, createdAt: now }).run();
    },
    redeem(code, now) {
      const row = db
        .delete(linkCodes)
        .where(and(eq(linkCodes.code, code), gt(linkCodes.expiresAt, now)))
        .returning({ contactId: linkCodes.contactId })
        .get();
      return row?.contactId;
    },
    recordFailure(contactId, now) {
      db.insert(linkFailures).values({ contactId, at: now }).run();
    },
    failuresSince: (contactId, since) =>
      db
        .select({ n: count() })
        .from(linkFailures)
        .where(and(eq(linkFailures.contactId, contactId), gt(linkFailures.at, since)))
        .get()!.n,
  };
}
