import { and, asc, count, eq, sql } from 'drizzle-orm';
import { openDatabase, type Db } from './db.js';
import { surveyAnswers, surveyImports, surveyInvitations, surveyResponses } from './schema.js';

/** One item's scores in a stored response; both undefined: the item was skipped. */
export interface StoredAnswer {
  performance?: number;
  importance?: number;
}

export interface StoredResponse {
  id: number;
  period: string;
  complete: boolean;
  profile: Record<string, string>;
  /** By item code, in the order they were first answered. */
  answers: Map<string, StoredAnswer>;
}

/** A row of an imported file, ready to store. */
export interface ImportedResponse {
  period: string;
  answeredOn: string;
  answers: Array<{ item: string; performance?: number | undefined; importance?: number | undefined }>;
}

export interface SurveyRepo {
  /** The response of a respondent in a period, with its answers. */
  responseOf(period: string, respondent: string): StoredResponse | undefined;
  /** The respondent's response in the period, created empty when there is none. */
  start(period: string, respondent: string, now: Date): StoredResponse;
  /** Records one item's scores (merged with what was there: a score not given is kept). */
  answer(responseId: number, itemCode: string, scores: StoredAnswer, now: Date): void;
  /** Records an item as offered and skipped, unless it was answered before. */
  skip(responseId: number, itemCode: string, now: Date): void;
  setProfile(responseId: number, questionId: string, value: string, now: Date): void;
  complete(responseId: number, answeredOn: string, now: Date): void;
  /** The complete responses of a period, anonymous: answers only. */
  answersOf(period: string): Array<{ answers: Array<{ item: string; performance?: number; importance?: number }> }>;
  /** Periods with complete responses, oldest first, and how many each. */
  periods(): Array<{ period: string; respondents: number }>;
  /** Profile answers of a period's complete responses, counted: question id → value → count. */
  profileCounts(period: string): Record<string, Record<string, number>>;
  /** An import seen before (same bytes), or undefined. */
  importBySha(sha256: string): { id: number; fileName: string; importedAt: Date } | undefined;
  /** Stores a whole file's responses at once: all or nothing (the caller's transaction). Returns the import id. */
  importFile(fileName: string, sha256: string, rows: readonly ImportedResponse[], now: Date): number;
  /** Records an invitation; false when this respondent was already invited in that period. */
  invite(period: string, respondent: string, reason: string, now: Date): boolean;
  wasInvited(period: string, respondent: string): boolean;
}

export function createSurveyRepo(db: Db): SurveyRepo {
  function answersFor(responseId: number): Map<string, StoredAnswer> {
    const rows = db
      .select()
      .from(surveyAnswers)
      .where(eq(surveyAnswers.responseId, responseId))
      .orderBy(sql`rowid`)
      .all();
    return new Map(
      rows.map((r) => [
        r.itemCode,
        {
          ...(r.performance !== null ? { performance: r.performance } : {}),
          ...(r.importance !== null ? { importance: r.importance } : {}),
        },
      ]),
    );
  }

  function responseOf(period: string, respondent: string): StoredResponse | undefined {
    const row = db
      .select()
      .from(surveyResponses)
      .where(and(eq(surveyResponses.period, period), eq(surveyResponses.respondent, respondent)))
      .get();
    if (!row) return undefined;
    return { id: row.id, period: row.period, complete: row.complete, profile: row.profile, answers: answersFor(row.id) };
  }

  const touch = (responseId: number, now: Date) =>
    db.update(surveyResponses).set({ updatedAt: now }).where(eq(surveyResponses.id, responseId)).run();

  return {
    responseOf,
    start(period, respondent, now) {
      db.insert(surveyResponses)
        .values({ period, respondent, source: 'chat', profile: {}, createdAt: now, updatedAt: now })
        .onConflictDoNothing()
        .run();
      return responseOf(period, respondent)!;
    },
    answer(responseId, itemCode, scores, now) {
      db.insert(surveyAnswers)
        .values({ responseId, itemCode, performance: scores.performance ?? null, importance: scores.importance ?? null })
        .onConflictDoUpdate({
          target: [surveyAnswers.responseId, surveyAnswers.itemCode],
          set: {
            performance: sql`coalesce(excluded.performance, ${surveyAnswers.performance})`,
            importance: sql`coalesce(excluded.importance, ${surveyAnswers.importance})`,
          },
        })
        .run();
      touch(responseId, now);
    },
    skip(responseId, itemCode, now) {
      db.insert(surveyAnswers).values({ responseId, itemCode }).onConflictDoNothing().run();
      touch(responseId, now);
    },
    setProfile(responseId, questionId, value, now) {
      db.update(surveyResponses)
        .set({ profile: sql`json_set(${surveyResponses.profile}, ${`$.${questionId}`}, ${value})`, updatedAt: now })
        .where(eq(surveyResponses.id, responseId))
        .run();
    },
    complete(responseId, answeredOn, now) {
      db.update(surveyResponses)
        .set({ complete: true, answeredOn, updatedAt: now })
        .where(eq(surveyResponses.id, responseId))
        .run();
    },
    answersOf(period) {
      const rows = db
        .select({
          responseId: surveyAnswers.responseId,
          item: surveyAnswers.itemCode,
          performance: surveyAnswers.performance,
          importance: surveyAnswers.importance,
        })
        .from(surveyAnswers)
        .innerJoin(surveyResponses, eq(surveyResponses.id, surveyAnswers.responseId))
        .where(and(eq(surveyResponses.period, period), eq(surveyResponses.complete, true)))
        .orderBy(asc(surveyAnswers.responseId))
        .all();
      const byResponse = new Map<number, Array<{ item: string; performance?: number; importance?: number }>>();
      for (const r of rows) {
        const list = byResponse.get(r.responseId) ?? [];
        list.push({
          item: r.item,
          ...(r.performance !== null ? { performance: r.performance } : {}),
          ...(r.importance !== null ? { importance: r.importance } : {}),
        });
        byResponse.set(r.responseId, list);
      }
      // A complete response whose every item was skipped still counts as a respondent.
      const ids = db
        .select({ id: surveyResponses.id })
        .from(surveyResponses)
        .where(and(eq(surveyResponses.period, period), eq(surveyResponses.complete, true)))
        .orderBy(asc(surveyResponses.id))
        .all();
      return ids.map(({ id }) => ({ answers: byResponse.get(id) ?? [] }));
    },
    periods() {
      return db
        .select({ period: surveyResponses.period, respondents: count() })
        .from(surveyResponses)
        .where(eq(surveyResponses.complete, true))
        .groupBy(surveyResponses.period)
        .orderBy(asc(surveyResponses.period))
        .all();
    },
    profileCounts(period) {
      const rows = db
        .select({ profile: surveyResponses.profile })
        .from(surveyResponses)
        .where(and(eq(surveyResponses.period, period), eq(surveyResponses.complete, true)))
        .all();
      const out: Record<string, Record<string, number>> = {};
      for (const { profile } of rows)
        for (const [q, v] of Object.entries(profile)) {
          // '' is a question the respondent skipped.
          if (v === '') continue;
          const counts = (out[q] ??= {});
          counts[v] = (counts[v] ?? 0) + 1;
        }
      return out;
    },
    importBySha(sha256) {
      const row = db.select().from(surveyImports).where(eq(surveyImports.sha256, sha256)).get();
      return row && { id: row.id, fileName: row.fileName, importedAt: row.importedAt };
    },
    importFile(fileName, sha256, rows, now) {
      const { id } = db
        .insert(surveyImports)
        .values({ fileName, sha256, rows: rows.length, importedAt: now })
        .returning({ id: surveyImports.id })
        .get();
      for (const [i, row] of rows.entries()) {
        const response = db
          .insert(surveyResponses)
          .values({
            period: row.period,
            respondent: `i:${id}:${i + 1}`,
            source: 'import',
            importId: id,
            profile: {},
            complete: true,
            answeredOn: row.answeredOn,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: surveyResponses.id })
          .get();
        for (const a of row.answers)
          db.insert(surveyAnswers)
            .values({
              responseId: response.id,
              itemCode: a.item,
              performance: a.performance ?? null,
              importance: a.importance ?? null,
            })
            .run();
      }
      return id;
    },
    invite(period, respondent, reason, now) {
      const inserted = db
        .insert(surveyInvitations)
        .values({ period, respondent, reason, invitedAt: now })
        .onConflictDoNothing()
        .returning({ period: surveyInvitations.period })
        .all();
      return inserted.length > 0;
    },
    wasInvited(period, respondent) {
      return (
        db
          .select({ p: surveyInvitations.period })
          .from(surveyInvitations)
          .where(and(eq(surveyInvitations.period, period), eq(surveyInvitations.respondent, respondent)))
          .get() !== undefined
      );
    },
  };
}

/** The survey tables alone, opened (and migrated) for a tool that needs nothing else (the `ikm` CLI). */
export function openSurveyStore(path: string): { survey: SurveyRepo; transaction<T>(fn: () => T): T; close(): void } {
  const { db, sqlite } = openDatabase(path);
  return {
    survey: createSurveyRepo(db),
    transaction: (fn) => sqlite.transaction(fn)(),
    close: () => {
      if (sqlite.open) sqlite.close();
    },
  };
}
