import { texts } from '../core/catalogue.js';
import { INCIDENT_OWNERS, incidentLabel, type IncidentSummary } from './incident.js';

const x = texts.incidents;

/** Hours and minutes as staff read them: `2 j 5 m`, `45 m`. */
function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} j ${m} m` : `${m} m`;
}

/**
 * The incidents section of a report (for `/laporan` and the periodic report, which own where it
 * goes): how many, by owner, their total duration, affected users and tickets, one line each.
 * Pure: the summaries come from `store.incidents.inPeriod(from, to)`.
 */
export function renderIncidentReport(summaries: readonly IncidentSummary[]): string {
  if (summaries.length === 0) return x.report.none;
  const byOwner = INCIDENT_OWNERS.map((o) => [o, summaries.filter((s) => s.owner === o).length] as const)
    .filter(([, n]) => n > 0)
    .map(([o, n]) => `${x.ownerNames[o]} ${n}`)
    .join(', ');
  const total = summaries.reduce((sum, s) => sum + s.durationMinutes, 0);
  const users = summaries.reduce((sum, s) => sum + s.affectedUsers, 0);
  const tickets = summaries.reduce((sum, s) => sum + s.tickets, 0);
  const lines = summaries.map((s) =>
    x.report.line({
      label: incidentLabel(s.id),
      title: s.title,
      owner: x.ownerNames[s.owner],
      status: x.statusNames[s.status],
      duration: duration(s.durationMinutes),
      users: s.affectedUsers,
      tickets: s.tickets,
    }),
  );
  return [x.report.header({ count: summaries.length, byOwner, duration: duration(total), users, tickets }), ...lines].join('\n');
}
