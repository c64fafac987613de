import { and, count, desc, gte, lte, sql } from 'drizzle-orm';
import type { ChannelName } from '../core/channel.js';
import type { Db } from './db.js';
import { faqFeedback, unmatchedQuestions } from './schema.js';

export interface FeedbackSummary {
  intentId: string;
  helpful: number;
  notHelpful: number;
}

export interface FaqRepo {
  /** A question the FAQ could not answer, with its nearest (rejected) intent: the FAQ-gap report. */
  recordUnmatched(
    q: { channel: ChannelName; contactId: number | null; question: string; bestIntent: string | null; bestScore: number },
    now: Date,
  ): void;
  recordFeedback(f: { intentId: string; contactId: number | null; helpful: boolean; question: string | null }, now: Date): void;
  feedbackSummary(): FeedbackSummary[];
  recentUnmatched(limit: number): Array<{ question: string; bestIntent: string | null; createdAt: Date }>;
  /** The unanswered questions asked in [from, to], newest first, at most `limit`: the FAQ gaps of a period. */
  unmatchedBetween(from: Date, to: Date, limit: number): Array<{ question: string; createdAt: Date }>;
  /** For the period report: unanswered questions and feedback given in [from, to]. */
  periodStats(from: Date, to: Date): { unmatched: number; helpful: number; notHelpful: number };
}

export function createFaqRepo(db: Db): FaqRepo {
  return {
    recordUnmatched(q, now) {
      db.insert(unmatchedQuestions)
        .values({
          channel: q.channel,
          contactId: q.contactId,
          question: q.question,
          bestIntent: q.bestIntent,
          bestScore: q.bestScore,
          createdAt: now,
        })
        .run();
    },
    recordFeedback(f, now) {
      db.insert(faqFeedback)
        .values({ intentId: f.intentId, contactId: f.contactId, helpful: f.helpful, question: f.question, createdAt: now })
        .run();
    },
    feedbackSummary() {
      return db
        .select({
          intentId: faqFeedback.intentId,
          helpful: sql<number>`sum(case when ${faqFeedback.helpful} then 1 else 0 end)`,
          notHelpful: sql<number>`sum(case when ${faqFeedback.helpful} then 0 else 1 end)`,
        })
        .from(faqFeedback)
        .groupBy(faqFeedback.intentId)
        .orderBy(desc(count()))
        .all();
    },
    periodStats(from, to) {
      const unmatched = db
        .select({ n: count() })
        .from(unmatchedQuestions)
        .where(and(gte(unmatchedQuestions.createdAt, from), lte(unmatchedQuestions.createdAt, to)))
        .get()!.n;
      const fb = db
        .select({
          helpful: sql<number>`coalesce(sum(case when ${faqFeedback.helpful} then 1 else 0 end), 0)`,
          notHelpful: sql<number>`coalesce(sum(case when ${faqFeedback.helpful} then 0 else 1 end), 0)`,
        })
        .from(faqFeedback)
        .where(and(gte(faqFeedback.createdAt, from), lte(faqFeedback.createdAt, to)))
        .get()!;
      return { unmatched, helpful: fb.helpful, notHelpful: fb.notHelpful };
    },
    unmatchedBetween(from, to, limit) {
      return db
        .select({ question: unmatchedQuestions.question, createdAt: unmatchedQuestions.createdAt })
        .from(unmatchedQuestions)
        .where(and(gte(unmatchedQuestions.createdAt, from), lte(unmatchedQuestions.createdAt, to)))
        .orderBy(desc(unmatchedQuestions.createdAt), desc(unmatchedQuestions.id))
        .limit(limit)
        .all();
    },
    recentUnmatched(limit) {
      return db
        .select({
          question: unmatchedQuestions.question,
          bestIntent: unmatchedQuestions.bestIntent,
          createdAt: unmatchedQuestions.createdAt,
        })
        .from(unmatchedQuestions)
        .orderBy(desc(unmatchedQuestions.id))
        .limit(limit)
        .all();
    },
  };
}
