/**
 * A known set of tickets and events for the report tests (period 2026-11, WIB = UTC+7, working
 * hours 08:00–16:00, Monday–Friday; no public holiday in October or November 2026). Written
 * straight into the tables so that every time is exactly the one the hand computation uses.
 */
import type { Store } from '../../src/store/index.js';

/** A WIB wall-clock time as an instant: wib('2026-11-02 09:00'). */
export const wib = (s: string) => new Date(`${s.replace(' ', 'T')}:00+07:00`);
/** "Now" for the tests: 10:00 WIB on 1 December 2026, after the period. */
export const NOW = wib('2026-12-01 10:00');

interface Seed {
  category: string;
  channel: 'telegram' | 'whatsapp' | 'console';
  status: string;
  created: string;
  frDue: string;
  resDue: string;
  responded?: string;
  resolved?: string;
  closed?: string;
  party?: 'LKPP' | 'Telkom';
  ref?: string;
  rating?: number;
  /** [at, kind, toStatus, text] */
  events: Array<[string, string, string | null, string | null]>;
}

/** T1…T6 as the tests number them (ticket ids 1…6). */
export const SEEDS: Seed[] = [
  {
    category: 'spse-akun',
    channel: 'telegram',
    status: 'closed',
    created: '2026-11-02 09:00',
    frDue: '2026-11-02 11:00',
    responded: '2026-11-02 10:00',
    resDue: '2026-11-04 09:00',
    resolved: '2026-11-03 09:00',
    closed: '2026-11-06 09:00',
    rating: 4,
    events: [
      ['2026-11-02 09:00', 'created', 'new', null],
      ['2026-11-02 10:00', 'reply', 'in_progress', null],
      ['2026-11-03 09:00', 'resolve', 'resolved', null],
      ['2026-11-06 08:30', 'rating', null, '4'],
      ['2026-11-06 09:00', 'close', 'closed', null],
    ],
  },
  {
    category: 'e-katalog',
    channel: 'whatsapp',
    status: 'resolved',
    created: '2026-11-03 09:00',
    frDue: '2026-11-03 10:00',
    responded: '2026-11-03 12:00',
    resDue: '2026-11-05 09:00',
    resolved: '2026-11-09 14:00',
    party: 'LKPP',
    ref: 'LKPP-123',
    events: [
      ['2026-11-03 09:00', 'created', 'new', null],
      ['2026-11-03 12:00', 'escalate', 'escalated', 'LKPP LKPP-123'],
      ['2026-11-09 12:00', 'start', 'in_progress', null],
      ['2026-11-09 14:00', 'resolve', 'resolved', null],
    ],
  },
  {
    category: 'tender',
    channel: 'telegram',
    status: 'new',
    created: '2026-11-04 09:00',
    frDue: '2026-11-04 11:00',
    resDue: '2026-11-06 09:00',
    events: [['2026-11-04 09:00', 'created', 'new', null]],
  },
  {
    category: 'spse-akun',
    channel: 'telegram',
    status: 'new',
    created: '2026-11-30 15:00',
    frDue: '2026-12-01 09:00',
    resDue: '2026-12-03 09:00',
    events: [['2026-11-30 15:00', 'created', 'new', null]],
  },
  {
    category: 'spse-akun',
    channel: 'console',
    status: 'escalated',
    created: '2026-10-29 09:00',
    frDue: '2026-10-29 11:00',
    responded: '2026-10-29 10:00',
    resDue: '2026-11-02 09:00',
    party: 'Telkom',
    ref: 'TK-9',
    events: [
      ['2026-10-29 09:00', 'created', 'new', null],
      ['2026-10-29 10:00', 'escalate', 'escalated', 'Telkom TK-9'],
    ],
  },
  {
    category: 'konsultasi',
    channel: 'telegram',
    status: 'closed',
    created: '2026-10-05 09:00',
    frDue: '2026-10-05 11:00',
    responded: '2026-10-05 10:00',
    resDue: '2026-10-07 09:00',
    resolved: '2026-10-05 10:00',
    closed: '2026-10-08 10:00',
    events: [
      ['2026-10-05 09:00', 'created', 'new', null],
      ['2026-10-05 10:00', 'resolve', 'resolved', null],
      ['2026-10-08 10:00', 'close', 'closed', null],
    ],
  },
];

export const UNANSWERED = [
  ['2026-11-10 09:00', 'bagaimana cara reset password spse'],
  ['2026-11-11 09:00', 'cara reset password spse saya lupa'],
  ['2026-11-12 09:00', 'jadwal pelatihan katalog elektronik'],
  ['2026-10-12 09:00', 'pertanyaan bulan lalu'],
] as const;

export function seed(store: Store): void {
  const db = store.handle.sqlite;
  const ms = (s: string | undefined) => (s === undefined ? null : wib(s).getTime());
  const contact = db
    .prepare(
      `INSERT INTO contacts (channel, user_id, chat_id, display_name, phone, created_at, last_seen_at)
       VALUES ('telegram', 'u1', 'c1', 'Budi Santoso', '6281234567890', ?, ?)`,
    )
    .run(ms('2026-10-01 09:00'), ms('2026-10-01 09:00')).lastInsertRowid;
  const insertTicket = db.prepare(
    `INSERT INTO tickets (contact_id, channel, chat_id, category, description, status, contact_name, external_party, external_ref,
       first_response_due_at, resolution_due_at, first_responded_at, resolved_at, closed_at, rating, created_at, updated_at)
     VALUES (?, ?, 'c1', ?, 'isi rahasia', ?, 'Budi Santoso', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO ticket_events (ticket_id, at, actor_kind, kind, to_status, text) VALUES (?, ?, 'staff', ?, ?, ?)`,
  );
  for (const s of SEEDS) {
    const id = insertTicket.run(
      contact,
      s.channel,
      s.category,
      s.status,
      s.party ?? null,
      s.ref ?? null,
      ms(s.frDue),
      ms(s.resDue),
      ms(s.responded),
      ms(s.resolved),
      ms(s.closed),
      s.rating ?? null,
      ms(s.created),
      ms(s.created),
    ).lastInsertRowid;
    for (const [at, kind, to, text] of s.events) insertEvent.run(id, ms(at), kind, to, text);
  }
  const insertQuestion = db.prepare(`INSERT INTO unmatched_questions (channel, question, created_at) VALUES ('telegram', ?, ?)`);
  for (const [at, q] of UNANSWERED) insertQuestion.run(q, ms(at));
}

/** Four survey responses for 2026 (SURVEY_PERIOD=year), every item answered, the items' means spread out. */
export function seedSurvey(store: Store, itemCodes: readonly string[]): void {
  const rows = [0, 1, 2, 3].map((r) => ({
    period: '2026',
    answeredOn: '2026-11-20',
    answers: itemCodes.map((item, i) => ({
      item,
      performance: 1 + ((i + (r === 3 ? 1 : 0)) % 4),
      importance: 1 + ((i * 3 + (r === 0 ? 1 : 0)) % 4),
    })),
  }));
  store.transaction(() => store.survey.importFile('ikm-2026.csv', 'sha-test', rows, wib('2026-11-20 09:00')));
}
