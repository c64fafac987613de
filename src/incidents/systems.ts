import type { IncidentSystem } from './incident.js';

/**
 * FAQ topics of the outage kind: a question the matcher answers with one of these is a report that
 * a system is down. The content has one such topic today (it covers SPSE, INAPROC and the
 * catalogue); the system is told apart by the words of the message.
 */
export const OUTAGE_TOPICS: ReadonlySet<string> = new Set(['spse-tidak-bisa-diakses']);

const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}-]+/u);

/** Which system an outage message is about; SPSE when it names none. Pure. */
export function systemOf(text: string): IncidentSystem {
  const w = words(text);
  const has = (...xs: string[]) => xs.some((x) => w.includes(x) || w.some((t) => t.includes(x)));
  if (has('katalog', 'e-katalog', 'ekatalog', 'e-purchasing')) return 'e-katalog';
  if (has('spse', 'lpse', 'eproc', 'eproc4', 'tender')) return 'spse';
  if (has('inaproc', 'akun.inaproc')) return 'inaproc';
  return 'spse';
}

/** `sistem=` as staff type it. */
export function parseSystem(value: string): IncidentSystem | undefined {
  const v = value.toLowerCase().replace(/[^a-z-]/g, '');
  if (v === 'spse' || v === 'lpse') return 'spse';
  if (v === 'e-katalog' || v === 'ekatalog' || v === 'katalog') return 'e-katalog';
  if (v === 'inaproc' || v === 'akun' || v === 'akun-inaproc') return 'inaproc';
  if (v === 'lainnya' || v === 'lain' || v === 'other') return 'other';
  return undefined;
}
