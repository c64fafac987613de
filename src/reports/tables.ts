/**
 * The report's tables, drawn from the JSON: the XLSX makes one sheet of each, the PDF prints them.
 * Pure.
 */
import { texts } from '../core/catalogue.js';
import { unescapeMarkup } from '../core/text.js';
import type { Counts, PeriodReport, SlaFigures } from './compute.js';

export type Cell = string | number | Date | null;
export type ColumnFormat = 'text' | 'int' | 'dec' | 'pct' | 'date';

export interface Table {
  /** Sheet name (≤ 31 characters). */
  sheet: string;
  title: string;
  /** `width`: characters in the XLSX, and the column's share of the PDF's width unless `pdf` is given (points). */
  columns: Array<{ header: string; format: ColumnFormat; width?: number; pdf?: number }>;
  rows: Cell[][];
}

const t = () => texts.periodReport;
/** Catalogue texts come back with markup protected; documents show them plain. */
export const plain = (s: string) => unescapeMarkup(s);
const d = (iso: string | null) => (iso === null ? null : new Date(iso));

function countsTable(sheet: string, title: string, keyHeader: string, rows: Array<[string, Counts]>): Table {
  const h = t().head;
  return {
    sheet,
    title,
    columns: [
      { header: keyHeader, format: 'text', width: 28 },
      { header: h.opened, format: 'int' },
      { header: h.resolved, format: 'int' },
      { header: h.closed, format: 'int' },
      { header: h.stillOpen, format: 'int' },
    ],
    rows: rows.map(([k, c]) => [k, c.opened, c.resolved, c.closed, c.stillOpen]),
  };
}

const slaCells = (s: SlaFigures): Cell[] => [s.met, s.breached, s.medianHours, s.p90Hours];

export function reportTables(r: PeriodReport): Table[] {
  const h = t().head;
  const s = t().section;
  const owner = (o: keyof ReturnType<typeof t>['owner']) => t().owner[o];
  const cur = r.totals;
  const prev = r.previous.totals;
  const tables: Table[] = [
    {
      sheet: 'Ringkasan',
      title: s.volume,
      columns: [
        { header: h.item, format: 'text', width: 28 },
        { header: h.current, format: 'int' },
        { header: h.previous, format: 'int' },
      ],
      rows: [
        [h.opened, cur.opened, prev.opened],
        [h.resolved, cur.resolved, prev.resolved],
        [h.closed, cur.closed, prev.closed],
        [h.stillOpen, cur.stillOpen, prev.stillOpen],
        [h.resMet, r.sla.resolution.met, r.previous.sla.resolution.met],
        [h.resBreached, r.sla.resolution.breached, r.previous.sla.resolution.breached],
        ...r.escalations.totals.map((e, i): Cell[] => [
          `${h.count} ${e.party}`,
          e.count,
          r.previous.escalations.totals[i]!.count,
        ]),
      ],
    },
    countsTable(
      'Kategori',
      s.byCategory,
      h.category,
      r.byCategory.map((c) => [c.label, c]),
    ),
    countsTable(
      'Penanggung jawab',
      s.byOwner,
      h.owner,
      r.byOwner.map((c) => [owner(c.owner), c]),
    ),
    countsTable(
      'Kanal',
      s.byChannel,
      h.channel,
      r.byChannel.map((c) => [c.channel, c]),
    ),
    {
      sheet: 'SLA',
      title: s.sla,
      columns: [
        { header: h.category, format: 'text', width: 20 },
        { header: h.frMet, format: 'int' },
        { header: h.frBreached, format: 'int' },
        { header: h.frMedian, format: 'dec' },
        { header: h.frP90, format: 'dec' },
        { header: h.resMet, format: 'int' },
        { header: h.resBreached, format: 'int' },
        { header: h.resMedian, format: 'dec' },
        { header: h.resP90, format: 'dec' },
      ],
      rows: [
        ...r.sla.byCategory.map((c): Cell[] => [c.label, ...slaCells(c.firstResponse), ...slaCells(c.resolution)]),
        [t().totalsRow, ...slaCells(r.sla.firstResponse), ...slaCells(r.sla.resolution)],
      ],
    },
    {
      sheet: 'Eskalasi',
      title: s.escalations,
      columns: [
        { header: h.ticket, format: 'int', width: 8 },
        { header: h.party, format: 'text', width: 8 },
        { header: h.externalRef, format: 'text', width: 16 },
        { header: h.forwardedAt, format: 'date', width: 18 },
        { header: h.returnedAt, format: 'date', width: 18 },
        { header: h.workingDays, format: 'dec', width: 10 },
        { header: h.waiting, format: 'text', width: 15 },
      ],
      rows: r.escalations.rows.map((e) => [
        e.ticket,
        e.party,
        e.externalRef,
        d(e.forwardedAt),
        d(e.returnedAt),
        e.workingDays,
        e.waiting ? t().waitingNow : t().returned,
      ]),
    },
    {
      sheet: 'Total eskalasi',
      title: s.escalationTotals,
      columns: [
        { header: h.party, format: 'text' },
        { header: h.count, format: 'int' },
        { header: h.stillWaiting, format: 'int' },
        { header: h.meanDays, format: 'dec' },
        { header: h.hours, format: 'dec' },
        { header: h.share, format: 'dec' },
      ],
      rows: r.escalations.totals.map((e) => [e.party, e.count, e.waiting, e.meanWorkingDays, e.workingHours, e.sharePercent]),
    },
    {
      sheet: 'Masalah berulang',
      title: s.recurring,
      columns: [
        { header: h.category, format: 'text', width: 28 },
        { header: h.count, format: 'int' },
      ],
      rows: r.recurring.categories.map((c) => [c.label, c.count]),
    },
    {
      sheet: 'Celah FAQ',
      title: s.gaps,
      columns: [
        { header: h.terms, format: 'text', width: 24 },
        { header: h.count, format: 'int' },
        { header: h.examples, format: 'text', width: 60 },
      ],
      rows: r.recurring.gaps.map((g) => [g.terms.join(' '), g.count, g.examples.map((e) => e.slice(0, 120)).join(' | ')]),
    },
    {
      sheet: 'Kepuasan',
      title: s.satisfaction,
      columns: [
        { header: h.rating, format: 'text' },
        { header: h.count, format: 'int' },
      ],
      rows: [
        ...(['1', '2', '3', '4'] as const).map((k): Cell[] => [k, r.satisfaction.distribution[k]]),
        [t().totalsRow, r.satisfaction.ratings],
      ],
    },
  ];
  if (r.incidents.length > 0) {
    const x = texts.incidents;
    tables.push({
      sheet: 'Insiden',
      title: s.incidents,
      columns: [
        { header: h.incident, format: 'text' },
        { header: h.incidentTitle, format: 'text', width: 30 },
        { header: h.incidentOwner, format: 'text' },
        { header: h.incidentStart, format: 'date', width: 17, pdf: 15 },
        { header: h.incidentEnd, format: 'date', width: 17, pdf: 15 },
        { header: h.incidentHours, format: 'dec' },
        { header: h.affectedUsers, format: 'int', width: 12, pdf: 15 },
        { header: h.incidentTickets, format: 'int' },
      ],
      rows: r.incidents.map((i) => [
        i.incident,
        `${i.title} (${x.systemNames[i.system as keyof typeof x.systemNames] ?? i.system})`,
        x.ownerNames[i.owner as keyof typeof x.ownerNames] ?? i.owner,
        d(i.startedAt),
        d(i.endedAt),
        i.durationHours,
        i.affectedUsers,
        i.tickets,
      ]),
    });
  }
  if (r.satisfaction.survey) {
    tables.push({
      sheet: 'IKM kuadran I',
      title: t().quadrantI,
      columns: [
        { header: h.code, format: 'text' },
        { header: h.item, format: 'text', width: 40 },
        { header: h.performance, format: 'dec' },
        { header: h.importance, format: 'dec' },
      ],
      rows: r.satisfaction.survey.quadrantI.map((q) => [q.code, q.name, q.performance, q.importance]),
    });
  }
  tables.push(ticketsTable(r));
  return tables.map((tb) => ({
    ...tb,
    sheet: plain(tb.sheet).slice(0, 31),
    title: plain(tb.title),
    columns: tb.columns.map((c) => ({ ...c, header: plain(c.header) })),
    rows: tb.rows.map((row) => row.map((c) => (typeof c === 'string' ? plain(c) : c))),
  }));
}

/** The raw ticket rows: number, category, owner, channel, status, dates; no names, phones or texts. */
export function ticketsTable(r: PeriodReport): Table {
  const h = t().head;
  return {
    sheet: 'Tiket',
    title: t().section.tickets,
    columns: [
      { header: h.ticket, format: 'int', width: 8, pdf: 27 },
      { header: h.category, format: 'text', width: 18, pdf: 57 },
      { header: h.owner, format: 'text', width: 12, pdf: 34 },
      { header: h.channel, format: 'text', width: 10, pdf: 40 },
      { header: h.status, format: 'text', width: 12, pdf: 52 },
      { header: h.createdAt, format: 'date', pdf: 48 },
      { header: h.firstRespondedAt, format: 'date', pdf: 48 },
      { header: h.resolvedAt, format: 'date', pdf: 48 },
      { header: h.closedAt, format: 'date', pdf: 48 },
      { header: h.party, format: 'text', width: 10, pdf: 32 },
      { header: h.externalRef, format: 'text', width: 18, pdf: 43 },
      { header: h.rating, format: 'int', width: 8, pdf: 26 },
    ],
    rows: r.tickets.map((x) => [
      x.ticket,
      x.category,
      x.owner,
      x.channel,
      x.status,
      d(x.createdAt),
      d(x.firstRespondedAt),
      d(x.resolvedAt),
      d(x.closedAt),
      x.externalParty,
      x.externalRef,
      x.rating,
    ]),
  };
}
