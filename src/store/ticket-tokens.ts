import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from './db.js';
import { ticketTokens } from './schema.js';

/** 32 random bytes (256 bits), base64url: 43 characters, safe in a URL path. */
const TOKEN_BYTES = 32;
/** What a token looks like; anything else is refused before the database is asked. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface TicketTokensRepo {
  /** The ticket's current tracking token, made (and stored) on first use. */
  issue(ticketId: number, now: Date): string;
  /** The ticket a token opens; undefined when unknown, malformed or revoked. */
  ticketOf(token: string): number | undefined;
  /** Revokes every token of a ticket (its next link is a new one); returns how many were live. */
  revoke(ticketId: number, now: Date): number;
}

/*
 * Tokens are kept as they are, not hashed: they sit in the same database as the tickets they open,
 * so whoever can read them can read the tickets anyway, and a user asking /status N again gets the
 * same link instead of a new one each time.
 */
export function createTicketTokensRepo(db: Db): TicketTokensRepo {
  const live = (ticketId: number) =>
    db
      .select({ token: ticketTokens.token })
      .from(ticketTokens)
      .where(and(eq(ticketTokens.ticketId, ticketId), isNull(ticketTokens.revokedAt)))
      .orderBy(desc(ticketTokens.createdAt))
      .limit(1)
      .get()?.token;
  return {
    issue(ticketId, now) {
      const existing = live(ticketId);
      if (existing) return existing;
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      db.insert(ticketTokens).values({ token, ticketId, createdAt: now }).run();
      return token;
    },
    ticketOf(token) {
      if (!TOKEN_PATTERN.test(token)) return undefined;
      return db
        .select({ ticketId: ticketTokens.ticketId })
        .from(ticketTokens)
        .where(and(eq(ticketTokens.token, token), isNull(ticketTokens.revokedAt)))
        .get()?.ticketId;
    },
    revoke(ticketId, now) {
      return db
        .update(ticketTokens)
        .set({ revokedAt: now })
        .where(and(eq(ticketTokens.ticketId, ticketId), isNull(ticketTokens.revokedAt)))
        .run().changes;
    },
  };
}
