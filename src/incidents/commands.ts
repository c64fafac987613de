import { INCIDENT_OWNERS, type IncidentOwner, type IncidentSystem } from './incident.js';
import { parseSystem } from './systems.js';

/** `/insiden …` as staff typed it. */
export type IncidentCommand =
  | { name: 'list' }
  | { name: 'open'; title: string; system?: IncidentSystem; owner?: IncidentOwner; announce: boolean }
  | { name: 'view'; id: number }
  | { name: 'info'; id: number; text: string }
  | { name: 'ref'; id: number; ref: string }
  | { name: 'link'; id: number; ticketIds: number[] }
  | { name: 'monitor'; id: number }
  | { name: 'resolve'; id: number; text: string; keepTickets: boolean };

export type ParsedIncidentCommand =
  | { ok: true; command: IncidentCommand }
  | { ok: false; error: 'usage' }
  | { ok: false; error: 'system' | 'owner'; value: string };

const USAGE = { ok: false, error: 'usage' } as const;

/** Parses the arguments of `/insiden`. Pure. */
export function parseIncidentCommand(args: string): ParsedIncidentCommand {
  const text = args.trim();
  if (text === '' || /^(daftar|list)$/i.test(text)) return { ok: true, command: { name: 'list' } };
  const open = /^(buka|open)(?:\s+([\s\S]*))?$/i.exec(text);
  if (open) {
    let system: IncidentSystem | undefined;
    let owner: IncidentOwner | undefined;
    let announce = false;
    const rest: string[] = [];
    for (const token of (open[2] ?? '').split(/\s+/).filter(Boolean)) {
      const option = /^(sistem|system|pemilik|owner)=(.*)$/i.exec(token);
      if (option) {
        const key = option[1]!.toLowerCase();
        const value = option[2]!;
        if (key === 'sistem' || key === 'system') {
          system = parseSystem(value);
          if (!system) return { ok: false, error: 'system', value };
        } else {
          const o = value.toLowerCase();
          if (!(INCIDENT_OWNERS as readonly string[]).includes(o)) return { ok: false, error: 'owner', value };
          owner = o as IncidentOwner;
        }
      } else if (/^(umumkan|announce)$/i.test(token)) announce = true;
      else rest.push(token);
    }
    const title = rest.join(' ').trim();
    if (title === '') return USAGE;
    return { ok: true, command: { name: 'open', title, announce, ...(system ? { system } : {}), ...(owner ? { owner } : {}) } };
  }
  const m = /^I-?(\d{1,9})(?:\s+(\S+))?(?:\s+([\s\S]*))?$/i.exec(text);
  if (!m) return USAGE;
  const id = Number(m[1]);
  const action = (m[2] ?? '').toLowerCase();
  const body = (m[3] ?? '').trim();
  switch (action) {
    case '':
    case 'lihat':
      return { ok: true, command: { name: 'view', id } };
    case 'info':
    case 'kabar':
      return body ? { ok: true, command: { name: 'info', id, text: body } } : USAGE;
    case 'ref':
      return body && !/\s/.test(body) ? { ok: true, command: { name: 'ref', id, ref: body } } : USAGE;
    case 'tautkan':
    case 'link': {
      const tokens = body.split(/[\s,]+/).filter(Boolean);
      const ids = tokens.map((t) => /^#?(\d{1,9})$/.exec(t)?.[1]);
      if (ids.length === 0 || ids.some((x) => x === undefined)) return USAGE;
      return { ok: true, command: { name: 'link', id, ticketIds: [...new Set(ids.map(Number))] } };
    }
    case 'pantau':
    case 'monitor':
      return { ok: true, command: { name: 'monitor', id } };
    case 'selesai':
    case 'resolve': {
      const keep = /(^|\s)tiket=(biarkan|tetap|keep)(?=\s|$)/i;
      const keepTickets = keep.test(body);
      const rest = body.replace(keep, ' ').trim();
      return rest ? { ok: true, command: { name: 'resolve', id, text: rest, keepTickets } } : USAGE;
    }
    default:
      return USAGE;
  }
}
