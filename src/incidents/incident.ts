/** Incidents: an outage of a system many users hit at once, handled once (issue 16). */

export const INCIDENT_SYSTEMS = ['spse', 'e-katalog', 'inaproc', 'other'] as const;
export type IncidentSystem = (typeof INCIDENT_SYSTEMS)[number];

export const INCIDENT_OWNERS = ['lkpp', 'telkom', 'biro'] as const;
export type IncidentOwner = (typeof INCIDENT_OWNERS)[number];

export const INCIDENT_STATUSES = ['open', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** What an incident's history records; each update is one append-only row. */
export const INCIDENT_EVENT_KINDS = ['opened', 'update', 'ref', 'link', 'monitoring', 'resolved'] as const;
export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];

export interface Incident {
  /** Shown as `I-<id>`. */
  id: number;
  title: string;
  system: IncidentSystem;
  owner: IncidentOwner;
  status: IncidentStatus;
  /** The LKPP/Telkom ticket number, when staff set it. */
  externalRef: string | null;
  startedAt: Date;
  endedAt: Date | null;
  /** What staff said when it was resolved. */
  resolution: string | null;
  openedByStaffId: number | null;
}

export interface IncidentEvent {
  id: number;
  incidentId: number;
  at: Date;
  kind: IncidentEventKind;
  text: string | null;
  staffId: number | null;
}

/** A burst of reports about one system's outage, noticed once (see the surge detector). */
export interface IncidentSurge {
  id: number;
  system: IncidentSystem;
  startedAt: Date;
  /** The latest report that belonged to it: a report within the window of this is the same surge. */
  lastAt: Date;
  reporters: number;
  incidentId: number | null;
}

/** One incident in a period, as reports count it (for `/laporan` and the periodic report). */
export interface IncidentSummary {
  id: number;
  title: string;
  system: IncidentSystem;
  owner: IncidentOwner;
  status: IncidentStatus;
  startedAt: Date;
  endedAt: Date | null;
  /** From start to end, or to the period's end while it is not resolved. */
  durationMinutes: number;
  affectedUsers: number;
  tickets: number;
}

export const incidentLabel = (id: number) => `I-${id}`;

/** Who runs the system, when staff do not say: national systems are LKPP's, SPSE's hosting Telkom's. */
export const DEFAULT_OWNER: Record<IncidentSystem, IncidentOwner> = {
  spse: 'telkom',
  'e-katalog': 'lkpp',
  inaproc: 'lkpp',
  other: 'biro',
};
