import { and, asc, count, countDistinct, desc, eq, gte, inArray, isNull, lt, ne, or } from 'drizzle-orm';
import type {
  Incident,
  IncidentEvent,
  IncidentEventKind,
  IncidentOwner,
  IncidentStatus,
  IncidentSummary,
  IncidentSurge,
  IncidentSystem,
} from '../incidents/incident.js';
import type { Db } from './db.js';
import { incidentEvents, incidentReports, incidents, incidentSurges, incidentTickets, incidentUsers } from './schema.js';

export interface OpenIncidentInput {
  title: string;
  system: IncidentSystem;
  owner: IncidentOwner;
  staffId: number | null;
}

/** Incidents, their history, linked tickets, affected users, and the reports surges are counted from. */
export interface IncidentsRepo {
  /** A new open incident with its `opened` event. */
  open(input: OpenIncidentInput, now: Date): Incident;
  byId(id: number): Incident | undefined;
  /** Not yet resolved first (newest first), then the latest resolved ones; at most `limit`. */
  list(limit: number): Incident[];
  /** The newest incident of the system that is not resolved. */
  active(system: IncidentSystem): Incident | undefined;
  update(id: number, patch: Partial<Pick<Incident, 'status' | 'externalRef' | 'endedAt' | 'resolution'>>): void;
  addEvent(incidentId: number, kind: IncidentEventKind, text: string | null, staffId: number | null, now: Date): IncidentEvent;
  events(incidentId: number): IncidentEvent[];
  /** True when the ticket was not linked before. */
  linkTicket(incidentId: number, ticketId: number, now: Date): boolean;
  ticketIds(incidentId: number): number[];
  /** True when the user was not among the affected before. */
  addUser(incidentId: number, contactId: number, now: Date): boolean;
  userIds(incidentId: number): number[];
  /** A message about the system's outage from this contact. */
  recordReport(system: IncidentSystem, contactId: number, now: Date): void;
  /** The different contacts who reported the system's outage since `since`. */
  reporters(system: IncidentSystem, since: Date): number[];
  /** The system's latest recorded surge. */
  lastSurge(system: IncidentSystem): IncidentSurge | undefined;
  surgeById(id: number): IncidentSurge | undefined;
  startSurge(system: IncidentSystem, reporters: number, now: Date): IncidentSurge;
  /** The surge goes on: a later report belongs to it. */
  extendSurge(id: number, reporters: number, now: Date): void;
  surgeIncident(id: number, incidentId: number): void;
  /**
   * Incidents that overlap [from, to): duration (to the period's end while unresolved), owner,
   * affected users and linked tickets — what `/laporan` and the periodic report count.
   */
  inPeriod(from: Date, to: Date): IncidentSummary[];
}

export function createIncidentsRepo(db: Db): IncidentsRepo {
  const repo: IncidentsRepo = {
    open(input, now) {
      const row = db
        .insert(incidents)
        .values({
          title: input.title,
          system: input.system,
          owner: input.owner,
          status: 'open' as IncidentStatus,
          startedAt: now,
          openedByStaffId: input.staffId,
        })
        .returning()
        .get();
      repo.addEvent(row.id, 'opened', input.title, input.staffId, now);
      return row;
    },
    byId: (id) => db.select().from(incidents).where(eq(incidents.id, id)).get(),
    list(limit) {
      const active = db
        .select()
        .from(incidents)
        .where(ne(incidents.status, 'resolved'))
        .orderBy(desc(incidents.id))
        .limit(limit)
        .all();
      const resolved = db
        .select()
        .from(incidents)
        .where(eq(incidents.status, 'resolved'))
        .orderBy(desc(incidents.id))
        .limit(Math.max(0, limit - active.length))
        .all();
      return [...active, ...resolved];
    },
    active: (system) =>
      db
        .select()
        .from(incidents)
        .where(and(eq(incidents.system, system), ne(incidents.status, 'resolved')))
        .orderBy(desc(incidents.id))
        .get(),
    update(id, patch) {
      db.update(incidents).set(patch).where(eq(incidents.id, id)).run();
    },
    addEvent: (incidentId, kind, text, staffId, now) =>
      db.insert(incidentEvents).values({ incidentId, kind, text, staffId, at: now }).returning().get(),
    events: (incidentId) =>
      db.select().from(incidentEvents).where(eq(incidentEvents.incidentId, incidentId)).orderBy(asc(incidentEvents.id)).all(),
    linkTicket: (incidentId, ticketId, now) =>
      db.insert(incidentTickets).values({ incidentId, ticketId, at: now }).onConflictDoNothing().run().changes > 0,
    ticketIds: (incidentId) =>
      db
        .select({ id: incidentTickets.ticketId })
        .from(incidentTickets)
        .where(eq(incidentTickets.incidentId, incidentId))
        .orderBy(asc(incidentTickets.ticketId))
        .all()
        .map((r) => r.id),
    addUser: (incidentId, contactId, now) =>
      db.insert(incidentUsers).values({ incidentId, contactId, at: now }).onConflictDoNothing().run().changes > 0,
    userIds: (incidentId) =>
      db
        .select({ id: incidentUsers.contactId })
        .from(incidentUsers)
        .where(eq(incidentUsers.incidentId, incidentId))
        .orderBy(asc(incidentUsers.at), asc(incidentUsers.contactId))
        .all()
        .map((r) => r.id),
    recordReport(system, contactId, now) {
      db.insert(incidentReports).values({ system, contactId, at: now }).run();
    },
    reporters: (system, since) =>
      db
        .selectDistinct({ id: incidentReports.contactId })
        .from(incidentReports)
        .where(and(eq(incidentReports.system, system), gte(incidentReports.at, since)))
        .orderBy(asc(incidentReports.contactId))
        .all()
        .map((r) => r.id),
    lastSurge: (system) =>
      db.select().from(incidentSurges).where(eq(incidentSurges.system, system)).orderBy(desc(incidentSurges.id)).get(),
    surgeById: (id) => db.select().from(incidentSurges).where(eq(incidentSurges.id, id)).get(),
    startSurge: (system, reporters, now) =>
      db.insert(incidentSurges).values({ system, reporters, startedAt: now, lastAt: now }).returning().get(),
    extendSurge(id, reporters, now) {
      db.update(incidentSurges).set({ reporters, lastAt: now }).where(eq(incidentSurges.id, id)).run();
    },
    surgeIncident(id, incidentId) {
      db.update(incidentSurges).set({ incidentId }).where(eq(incidentSurges.id, id)).run();
    },
    inPeriod(from, to) {
      const rows = db
        .select()
        .from(incidents)
        .where(and(lt(incidents.startedAt, to), or(isNull(incidents.endedAt), gte(incidents.endedAt, from))))
        .orderBy(asc(incidents.id))
        .all();
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      const users = new Map(
        db
          .select({ id: incidentUsers.incidentId, n: countDistinct(incidentUsers.contactId) })
          .from(incidentUsers)
          .where(inArray(incidentUsers.incidentId, ids))
          .groupBy(incidentUsers.incidentId)
          .all()
          .map((r) => [r.id, r.n]),
      );
      const linked = new Map(
        db
          .select({ id: incidentTickets.incidentId, n: count() })
          .from(incidentTickets)
          .where(inArray(incidentTickets.incidentId, ids))
          .groupBy(incidentTickets.incidentId)
          .all()
          .map((r) => [r.id, r.n]),
      );
      return rows.map((r) => {
        const end = r.endedAt && r.endedAt < to ? r.endedAt : to;
        return {
          id: r.id,
          title: r.title,
          system: r.system,
          owner: r.owner,
          status: r.status,
          startedAt: r.startedAt,
          endedAt: r.endedAt,
          durationMinutes: Math.max(0, Math.round((end.getTime() - r.startedAt.getTime()) / 60_000)),
          affectedUsers: users.get(r.id) ?? 0,
          tickets: linked.get(r.id) ?? 0,
        };
      });
    },
  };
  return repo;
}
