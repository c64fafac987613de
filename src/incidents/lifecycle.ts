import type { IncidentStatus } from './incident.js';

/** What staff do to an incident's status. */
export type IncidentTransition = 'monitor' | 'resolve';

const NEXT: Record<IncidentTransition, Partial<Record<IncidentStatus, IncidentStatus>>> = {
  // A fix is in and being watched.
  monitor: { open: 'monitoring' },
  // Resolved is final: a new outage is a new incident.
  resolve: { open: 'resolved', monitoring: 'resolved' },
};

/** The status after the transition, or undefined when it is not allowed from `from`. Pure. */
export function nextIncidentStatus(from: IncidentStatus, transition: IncidentTransition): IncidentStatus | undefined {
  return NEXT[transition][from];
}

/** Open and monitoring incidents still answer users' questions about their system. */
export const isActiveIncident = (status: IncidentStatus) => status !== 'resolved';
