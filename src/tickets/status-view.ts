import { texts } from '../core/catalogue.js';
import type { OutboundMessage } from '../core/channel.js';
import { reply, type DeskContext } from '../core/router.js';
import { excerpt } from '../core/text.js';
import type { TicketsRepo } from '../store/tickets.js';
import type { Categories } from './categories.js';
import { TICKET_OFFER } from './choices.js';
import type { TicketService } from './service.js';
import type { Ticket } from './ticket.js';

const t = texts.tickets;

/** /status shows the newest tickets; older ones stay reachable with /status N. */
export const LIST_LIMIT = 10;

export interface StatusViewDeps {
  tickets: TicketService;
  categories: Categories;
  /** The ticket's history, for the last staff reply. */
  history: Pick<TicketsRepo, 'events'>;
  when: (d: Date) => string;
  trackingLine?: (ticketId: number, now: Date) => string | undefined;
}

/** `/status` and `/status N`: the user's own tickets only; another user's number reads as missing. */
export function createStatusView(deps: StatusViewDeps) {
  const { tickets, categories, history, when } = deps;
  function list(ctx: DeskContext): OutboundMessage[] {
    const own = tickets.listOwn(ctx.contact, LIST_LIMIT + 1);
    if (own.length === 0) return [reply(ctx, t.listEmpty, [TICKET_OFFER])];
    const more = own.length > LIST_LIMIT ? `\n${t.listMore(LIST_LIMIT)}` : '';
    const lines = own
      .slice(0, LIST_LIMIT)
      .map((k) =>
        t.listLine({ id: k.id, status: t.status[k.status], updated: when(k.updatedAt), title: excerpt(k.description, 60) }),
      );
    return [reply(ctx, `${t.listHeader}\n\n${lines.join('\n')}${more}\n\n${t.listFooter}`)];
  }

  function detail(ctx: DeskContext, ticket: Ticket): OutboundMessage[] {
    const lastReply = history
      .events(ticket.id)
      .filter((e) => e.kind === 'reply')
      .at(-1)?.text;
    const text = t.detail({
      id: ticket.id,
      status: t.status[ticket.status],
      category: categories.byId(ticket.category)?.label ?? ticket.category,
      created: when(ticket.createdAt),
      updated: when(ticket.updatedAt),
      description: excerpt(ticket.description, 500),
      external: [ticket.externalParty, ticket.externalRef].filter(Boolean).join(' ') || undefined,
      lastReply: lastReply ? excerpt(lastReply, 500) : undefined,
    });
    const line = deps.trackingLine?.(ticket.id, ctx.now);
    return [{ ...reply(ctx, line ? `${text}\n\n${line}` : text), ticketId: ticket.id, replyTarget: true }];
  }

  function status(ctx: DeskContext, args: string): OutboundMessage[] {
    if (args === '') return list(ctx);
    const m = /^#?(\d{1,9})$/.exec(args);
    if (!m?.[1]) return [reply(ctx, t.badNumber)];
    const ticket = tickets.ownedBy(ctx.contact, Number(m[1]));
    return ticket ? detail(ctx, ticket) : [reply(ctx, t.notFound(m[1]))];
  }

  return { list, status };
}
