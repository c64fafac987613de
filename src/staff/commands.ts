import type { TicketStatus } from '../tickets/ticket.js';

/**
 * Staff commands, parsed into typed requests. Pure: the feature decides who may run them and
 * what they do. Indonesian names with the English aliases of DESIGN.md §6.
 */
export type StaffCommand =
  | { name: 'queue'; filter: QueueFilter }
  | { name: 'view'; ticketId: number }
  | { name: 'reply'; ticketId: number; text: string }
  | { name: 'reply_intent'; ticketId: number; intentId: string }
  | { name: 'take'; ticketId: number }
  | { name: 'progress'; ticketId: number }
  | { name: 'wait'; ticketId: number; text?: string }
  | { name: 'resolve'; ticketId: number; text?: string }
  | { name: 'close'; ticketId: number }
  | { name: 'reopen'; ticketId: number }
  | { name: 'escalate'; ticketId: number; party: 'LKPP' | 'Telkom'; ref?: string }
  | { name: 'note'; ticketId: number; text: string }
  | { name: 'broadcast'; text: string }
  | { name: 'report'; days: number }
  | { name: 'staff_list' }
  | { name: 'recategorise'; ticketId: number; categoryId: string }
  | { name: 'search'; query: string }
  | { name: 'gaps'; days: number };

export type StaffCommandName = StaffCommand['name'];
export type QueueFilter = 'open' | 'all' | 'mine' | TicketStatus;

/** Which commands only supervisors may run. */
export const ADMIN_ONLY: ReadonlySet<StaffCommandName> = new Set(['broadcast', 'report', 'staff_list']);

/** Command word → request kind; aliases share a kind. */
export const STAFF_COMMAND_WORDS: Readonly<Record<string, StaffCommandName>> = {
  antrian: 'queue',
  queue: 'queue',
  lihat: 'view',
  view: 'view',
  balas: 'reply',
  reply: 'reply',
  ambil: 'take',
  take: 'take',
  proses: 'progress',
  progress: 'progress',
  tunggu: 'wait',
  wait: 'wait',
  selesai: 'resolve',
  resolve: 'resolve',
  tutup: 'close',
  close: 'close',
  buka: 'reopen',
  reopen: 'reopen',
  eskalasi: 'escalate',
  escalate: 'escalate',
  catatan: 'note',
  note: 'note',
  siaran: 'broadcast',
  broadcast: 'broadcast',
  laporan: 'report',
  report: 'report',
  petugas: 'staff_list',
  staff: 'staff_list',
  kategori: 'recategorise',
  category: 'recategorise',
  cari: 'search',
  search: 'search',
  celah: 'gaps',
  gaps: 'gaps',
};

const QUEUE_FILTERS: Readonly<Record<string, QueueFilter>> = {
  saya: 'mine',
  mine: 'mine',
  semua: 'all',
  all: 'all',
  terbuka: 'open',
  open: 'open',
  baru: 'new',
  new: 'new',
  proses: 'in_progress',
  diproses: 'in_progress',
  in_progress: 'in_progress',
  tunggu: 'waiting_user',
  menunggu: 'waiting_user',
  waiting: 'waiting_user',
  waiting_user: 'waiting_user',
  eskalasi: 'escalated',
  escalated: 'escalated',
  selesai: 'resolved',
  resolved: 'resolved',
  tutup: 'closed',
  ditutup: 'closed',
  closed: 'closed',
};

export const MAX_REPORT_DAYS = 366;
export const DEFAULT_REPORT_DAYS = 30;
export const DEFAULT_GAP_DAYS = 30;
/** A search shorter than this would list half the desk. */
export const MIN_SEARCH_CHARS = 3;

/** "30" → 30 within 1..MAX_REPORT_DAYS, "" → the default, anything else → undefined. */
export function parseDays(args: string, fallback: number): number | undefined {
  if (args === '') return fallback;
  const days = /^\d{1,3}$/.test(args) ? Number(args) : NaN;
  return days >= 1 && days <= MAX_REPORT_DAYS ? days : undefined;
}

export type ParseResult = { ok: true; command: StaffCommand } | { ok: false; name: StaffCommandName };

/** "12 sisa teks" or "#12 sisa teks" → [12, 'sisa teks'] */
function ticketAndRest(args: string): [number, string] | undefined {
  const m = /^#?(\d{1,9})(?:\s+([\s\S]*))?$/.exec(args.trim());
  if (!m?.[1]) return undefined;
  return [Number(m[1]), (m[2] ?? '').trim()];
}

/** Parses the arguments of a staff command word; a malformed one returns its name for the usage line. */
export function parseStaffCommand(word: string, args: string): ParseResult | undefined {
  const name = STAFF_COMMAND_WORDS[word];
  if (!name) return undefined;
  const bad: ParseResult = { ok: false, name };
  const ok = (command: StaffCommand): ParseResult => ({ ok: true, command });
  const withTicket = ticketAndRest(args);

  switch (name) {
    case 'queue': {
      if (args === '') return ok({ name, filter: 'open' });
      const filter = QUEUE_FILTERS[args.toLowerCase()];
      return filter ? ok({ name, filter }) : bad;
    }
    case 'view':
    case 'take':
    case 'progress':
    case 'close':
    case 'reopen':
      return withTicket && withTicket[1] === '' ? ok({ name, ticketId: withTicket[0] }) : bad;
    case 'wait':
    case 'resolve':
      return withTicket ? ok({ name, ticketId: withTicket[0], ...(withTicket[1] ? { text: withTicket[1] } : {}) }) : bad;
    case 'reply': {
      if (!withTicket || withTicket[1] === '') return bad;
      const canned = /^@([a-z0-9-]+)$/.exec(withTicket[1]);
      return canned?.[1]
        ? ok({ name: 'reply_intent', ticketId: withTicket[0], intentId: canned[1] })
        : ok({ name, ticketId: withTicket[0], text: withTicket[1] });
    }
    case 'note':
      return withTicket && withTicket[1] !== '' ? ok({ name, ticketId: withTicket[0], text: withTicket[1] }) : bad;
    case 'escalate': {
      if (!withTicket) return bad;
      const m = /^(lkpp|telkom)(?:\s+(\S[\s\S]*))?$/i.exec(withTicket[1]);
      if (!m?.[1]) return bad;
      const party = m[1].toLowerCase() === 'lkpp' ? 'LKPP' : 'Telkom';
      return ok({ name, ticketId: withTicket[0], party, ...(m[2] ? { ref: m[2].trim().slice(0, 100) } : {}) });
    }
    case 'broadcast':
      return args.trim() === '' ? bad : ok({ name, text: args.trim() });
    case 'report': {
      const days = parseDays(args, DEFAULT_REPORT_DAYS);
      return days === undefined ? bad : ok({ name, days });
    }
    case 'staff_list':
      return args === '' ? ok({ name }) : bad;
    case 'recategorise': {
      const m = withTicket && /^([a-z0-9][a-z0-9_-]{0,40})$/i.exec(withTicket[1]);
      return withTicket && m?.[1] ? ok({ name, ticketId: withTicket[0], categoryId: m[1].toLowerCase() }) : bad;
    }
    case 'search': {
      const query = args.replace(/\s+/g, ' ').trim().slice(0, 100);
      return query.length >= MIN_SEARCH_CHARS ? ok({ name, query }) : bad;
    }
    case 'gaps': {
      const days = parseDays(args, DEFAULT_GAP_DAYS);
      return days === undefined ? bad : ok({ name, days });
    }
    default:
      return bad;
  }
}
