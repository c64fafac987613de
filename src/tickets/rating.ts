import { z } from 'zod';
import { texts } from '../core/catalogue.js';
import type { OutboundMessage } from '../core/channel.js';
import type { MessageKind } from '../faq/reader.js';
import { defineFlow, reply, type DeskContext } from '../core/router.js';
import { hasWords } from '../core/text.js';
import { ticketChoice } from './choices.js';
import { MAX_DESCRIPTION } from './dialog.js';
import { MAX_RATING } from './notices.js';
import type { TicketService } from './service.js';

const r = texts.tickets.rating;

const ratingCommentSchema = z.object({ name: z.literal('rating-comment'), ticketId: z.number().int() });
const ratingRemarkSchema = z.object({ name: z.literal('rating-remark'), ticketId: z.number().int() });

/** How long after the rating the "Ingin menambahkan saran?" prompt takes a typed sentence as the comment. */
export const RATING_REMARK_MS = 60 * 60_000;

/** The 1–4 rating after a ticket is solved, and the comment that may follow it. */
export function createRating({
  tickets,
  classify,
  surveyInvite,
}: {
  tickets: TicketService;
  classify?: ((text: string) => MessageKind) | undefined;
  surveyInvite?: ((ctx: DeskContext) => OutboundMessage[]) | undefined;
}) {
  const after = (ctx: DeskContext) => surveyInvite?.(ctx) ?? [];
  function rate(ctx: DeskContext, ticketId: number, rating: number): OutboundMessage[] {
    if (rating < 1 || rating > MAX_RATING) return [reply(ctx, texts.errors.choiceExpired)];
    const outcome = tickets.rate(ticketId, ctx.contact, rating, ctx.now);
    // The prompt asks for a comment: a sentence typed next is it, without pressing "Tulis saran".
    // (Not over a dialog the user is in, such as a ticket being written.)
    if (outcome.ok && !ctx.flow) ctx.setFlow({ name: 'rating-remark', ticketId });
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

  /** "Tulis saran": the next message is the comment, whatever it says. */
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

  /**
   * Right after a rating, the next plain message is the comment, unless it is something the FAQ
   * answers with confidence (a question: "bagaimana cara reset password?"), small talk or a thanks
   * (answered there too), a message about a ticket, or it comes after the prompt's time. A command
   * or button ends it first (passive), and it lapses silently.
   */
  const remarkFlow = (followUp: (ctx: DeskContext) => OutboundMessage[] | undefined) =>
    defineFlow({
      schema: ratingRemarkSchema,
      passive: true,
      lapsedNotice: null,
      handle(ctx, flow) {
        ctx.setFlow(undefined);
        const since = ctx.flowSince?.getTime() ?? 0;
        if (ctx.now.getTime() - since > RATING_REMARK_MS) return null;
        const referenced = followUp(ctx);
        if (referenced) return referenced;
        const text = ctx.msg.text.trim();
        // A bare number is a pick that matched no choice, an emoji or a file no comment.
        if (!/\p{L}/u.test(text) || ctx.msg.attachments.length > 0) return null;
        const kind = classify?.(text) ?? 'other';
        if (kind !== 'other' && kind !== 'feedback') return null;
        const outcome = tickets.comment(flow.ticketId, ctx.contact, text.slice(0, MAX_DESCRIPTION), ctx.now);
        return outcome.ok ? [...outcome.messages, reply(ctx, r.commentSaved), ...after(ctx)] : null;
      },
    });

  return { rate, askComment, skip, commentFlow, remarkFlow };
}
