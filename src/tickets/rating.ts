import { z } from 'zod';
import { texts } from '../core/catalogue.js';
import type { OutboundMessage } from '../core/channel.js';
import { defineFlow, reply, type DeskContext } from '../core/router.js';
import { hasWords } from '../core/text.js';
import { ticketChoice } from './choices.js';
import { MAX_DESCRIPTION } from './dialog.js';
import { MAX_RATING } from './notices.js';
import type { TicketService } from './service.js';

const r = texts.tickets.rating;

const ratingCommentSchema = z.object({ name: z.literal('rating-comment'), ticketId: z.number().int() });

/** The 1–4 rating after a ticket is solved, and the comment that may follow it. */
export function createRating({
  tickets,
  surveyInvite,
}: {
  tickets: TicketService;
  surveyInvite?: ((ctx: DeskContext) => OutboundMessage[]) | undefined;
}) {
  const after = (ctx: DeskContext) => surveyInvite?.(ctx) ?? [];
  function rate(ctx: DeskContext, ticketId: number, rating: number): OutboundMessage[] {
    if (rating < 1 || rating > MAX_RATING) return [reply(ctx, texts.errors.choiceExpired)];
    const outcome = tickets.rate(ticketId, ctx.contact, rating, ctx.now);
    if (outcome.ok)
      return [
        ...outcome.messages,
        reply(ctx, r.thanks, [
          ticketChoice.choice(r.addComment, 'saran', ticketId),
          ticketChoice.choice(r.noComment, 'tanpa-saran'),
        ]),
      ];
    if (outcome.reason === 'not_found') return [reply(ctx, texts.tickets.notFound(String(ticketId)))];
    if (outcome.reason === 'same_status') return [reply(ctx, r.alreadyRated(ticketId))];
    return [reply(ctx, r.notResolved(ticketId))];
  }

  /** Only an explicit "yes, a comment" turns the next message into one: a question typed after rating must still reach the FAQ. */
  function askComment(ctx: DeskContext, ticketId: number): OutboundMessage[] {
    if (!tickets.ownedBy(ctx.contact, ticketId)) return [reply(ctx, texts.errors.choiceExpired)];
    ctx.setFlow({ name: 'rating-comment', ticketId });
    return [reply(ctx, r.askComment)];
  }

  function skip(ctx: DeskContext): OutboundMessage[] {
    ctx.setFlow(undefined);
    return [reply(ctx, r.skipped), ...after(ctx)];
  }

  /** The comment flow; a message about a ticket goes to it instead (`followUp`). */
  const commentFlow = (followUp: (ctx: DeskContext) => OutboundMessage[] | undefined) =>
    defineFlow({
      schema: ratingCommentSchema,
      handle(ctx, flow) {
        const referenced = followUp(ctx);
        ctx.setFlow(undefined);
        if (referenced) return referenced;
        const text = ctx.msg.text.trim();
        if (!hasWords(text)) return [reply(ctx, r.skipped), ...after(ctx)];
        const outcome = tickets.comment(flow.ticketId, ctx.contact, text.slice(0, MAX_DESCRIPTION), ctx.now);
        return [...(outcome.messages ?? []), reply(ctx, r.commentSaved), ...after(ctx)];
      },
    });

  return { rate, askComment, skip, commentFlow };
}
