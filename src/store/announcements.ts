import { desc } from 'drizzle-orm';
import type { Db } from './db.js';
import { announcements } from './schema.js';

export interface Announcement {
  id: number;
  text: string;
  createdAt: Date;
}

export interface AnnouncementsRepo {
  /** An announcement as staff wrote it (/siaran), for the microsite. */
  record(text: string, now: Date): void;
  /** The newest first. */
  latest(limit: number): Announcement[];
}

export function createAnnouncementsRepo(db: Db): AnnouncementsRepo {
  return {
    record(text, now) {
      db.insert(announcements).values({ text, createdAt: now }).run();
    },
    latest: (limit) =>
      db.select().from(announcements).orderBy(desc(announcements.createdAt), desc(announcements.id)).limit(limit).all(),
  };
}
