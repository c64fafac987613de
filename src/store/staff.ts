import { and, asc, eq, notInArray } from 'drizzle-orm';
import type { ChannelName } from '../core/channel.js';
import type { Db } from './db.js';
import { rowReader } from './fast.js';
import { staff } from './schema.js';

import type { StaffMember, StaffRole } from '../staff/member.js';

export type StaffRow = StaffMember;

export interface StaffRepo {
  /** Creates or re-activates a staff member with this role. */
  upsert(channel: ChannelName, userId: string, role: StaffRole, now: Date): StaffRow;
  /** Deactivates the channel's staff not in `keep` (removed from the configuration); their history stays. */
  deactivateExcept(channel: ChannelName, keep: readonly string[]): number;
  find(channel: ChannelName, userId: string): StaffRow | undefined;
  byId(id: number): StaffRow | undefined;
  setDisplayName(id: number, name: string): void;
  list(): StaffRow[];
}

export function createStaffRepo(db: Db): StaffRepo {
  // Asked for every message (is the sender staff?): prepared once.
  const findStaff = rowReader(db, staff).prepare('where channel = ? and user_id = ?');
  return {
    upsert: (channel, userId, role, now) =>
      db
        .insert(staff)
        .values({ channel, userId, role, active: true, createdAt: now })
        .onConflictDoUpdate({ target: [staff.channel, staff.userId], set: { role, active: true } })
        .returning()
        .get(),
    deactivateExcept: (channel, keep) =>
      db
        .update(staff)
        .set({ active: false })
        .where(
          and(eq(staff.channel, channel), eq(staff.active, true), keep.length ? notInArray(staff.userId, [...keep]) : undefined),
        )
        .run().changes,
    find: (channel, userId) => findStaff.get(channel, userId),
    byId: (id) => db.select().from(staff).where(eq(staff.id, id)).get(),
    setDisplayName(id, name) {
      db.update(staff).set({ displayName: name }).where(eq(staff.id, id)).run();
    },
    list: () => db.select().from(staff).orderBy(asc(staff.channel), asc(staff.id)).all(),
  };
}
