import { and, count, eq, gt, lte } from 'drizzle-orm';
import type { Db } from './db.js';
import { linkCodes, linkFailures } from './schema.js';

/** One-time codes for linking a user's contacts across channels, and the wrong guesses. */
export interface LinkCodesRepo {
  /** Stores a new code for the contact, shown in `chatId`; its earlier codes stop working. */
  issue(contactId: number, chatId: string, code: string, expiresAt: Date, now: Date): void;
  /** Who issued a valid code, and where, without using it up. Undefined: unknown or expired. */
  peek(code: string, now: Date): { contactId: number; chatId: string } | undefined;
  /** The same, and the code is used up. */
  redeem(code: string, now: Date): { contactId: number; chatId: string } | undefined;
  recordFailure(contactId: number, now: Date): void;
  failuresSince(contactId: number, since: Date): number;
}

export function createLinkCodesRepo(db: Db): LinkCodesRepo {
  return {
    issue(contactId, chatId, code, expiresAt, now) {
      db.delete(linkCodes).where(eq(linkCodes.contactId, contactId)).run();
      // Expired codes of anyone are of no use: keep the table small.
      db.delete(linkCodes).where(lte(linkCodes.expiresAt, now)).run();
      db.insert(linkCodes).values({ code, contactId, chatId, expiresAt, createdAt: now }).run();
    },
    peek: (code, now) =>
      db
        .select({ contactId: linkCodes.contactId, chatId: linkCodes.chatId })
        .from(linkCodes)
        .where(and(eq(linkCodes.code, code), gt(linkCodes.expiresAt, now)))
        .get(),
    redeem: (code, now) =>
      db
        .delete(linkCodes)
        .where(and(eq(linkCodes.code, code), gt(linkCodes.expiresAt, now)))
        .returning({ contactId: linkCodes.contactId, chatId: linkCodes.chatId })
        .get(),
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
