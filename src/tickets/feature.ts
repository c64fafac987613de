import { texts } from '../core/catalogue.js';
import type { ChannelName, OutboundMessage } from '../core/channel.js';
import { choiceHandler, reply, type CommandHandler, type DeskContext, type Feature } from '../core/router.js';
import { formatDateTime } from '../core/time.js';
import type { MessageKind } from '../faq/reader.js';
import type { TicketsRepo } from '../store/tickets.js';
import type { Categories } from './categories.js';
import { ticketChoice } from './choices.js';
import { createTicketDialog, draftOf, ticketDialogFlow } from './dialog.js';
import { createFollowUps } from './follow-up.js';
import { createRating } from './rating.js';
import type { TicketService } from './service.js';
import { createStatusView } from './status-view.js';

const t = texts.tickets;

export interface TicketFeatureDeps {
  tickets: TicketService;
  categories: Categories;
  /** A ticket's history, for the last staff reply shown by /status N. */
  history: Pick<TicketsRepo, 'events'>;
  /** The ticket a reply is about: found by the platform id of the notice replied to. */
  ticketOfReply: (channel: ChannelName, chatId: string, sentRef: string) => number | undefined;
  timeZone: string;
  /** Best category for a free-text description (from the FAQ), when one can be guessed. */
  guessCategory?: (text: string) => string | undefined;
  /**
   * What a plain message is, for deciding whether it belongs to a ticket: a thank-you (must not
   * reopen a solved ticket), small talk (greetings, "ok"), a question the FAQ answers, or other.
   */
  classify?: (text: string) => MessageKind;
  /** The chat's latest messages, newest first: a "Buat tiket" button carries the question before it. */
  recentTexts?: (ctx: DeskContext, limit: number) => string[];
  /** The staff group is no place for a user's dialog or subscription. */
  isStaffGroup?: (ctx: DeskContext) => boolean;
  /** "Pantau tiket ini di: <link>" for the confirmation and /status N, when the microsite is public. */
  trackingLine?: (ticketId: number, now: Date) => string | undefined;
  /** What follows a finished rating (the survey's invitation), from the composition root. */
  surveyInvite?: (ctx: DeskContext) => OutboundMessage[];
}

/**
 * Tickets from the user's side: the opening dialog (dialog.ts), `/status` (status-view.ts),
 * follow-ups on an existing ticket (follow-up.ts) and the rating (rating.ts), as one feature.
 */
export function createTicketFeature(deps: TicketFeatureDeps): Feature {
  const when = (d: Date) => formatDateTime(d, deps.timeZone);
  const dialog = createTicketDialog({ ...deps, when });
  const views = createStatusView({ ...deps, when });
  const followUps = createFollowUps(deps);
  const rating = createRating(deps);
  const bareNumber = (text: string) => /^\s*(\d{1,9})\s*[.)]?\s*$/.exec(text)?.[1];
  const inStaffGroup = (ctx: DeskContext) => deps.isStaffGroup?.(ctx) === true;
  const refusedInGroup = (ctx: DeskContext) => [reply(ctx, texts.staff.userCommandInGroup)];

  const start = (ctx: DeskContext, description?: string) =>
    inStaffGroup(ctx) ? refusedInGroup(ctx) : dialog.start(ctx, description);

  const ticketCommand: CommandHandler = (ctx, args) => {
    if (inStaffGroup(ctx)) return refusedInGroup(ctx);
    if (args === '') return dialog.start(ctx);
    // "/tiket 123": a number is no description; the user most likely means their ticket #123.
    const number = /^#?\s*(\d{1,9})$/.exec(args)?.[1];
    if (number !== undefined)
      return deps.tickets.ownedBy(ctx.contact, Number(number))
        ? views.status(ctx, number)
        : [reply(ctx, t.numberAfterTiket(number))];
    return dialog.openWith(ctx, args);
  };

  const cancel: CommandHandler = (ctx) => {
    if (draftOf(ctx)) return dialog.cancel(ctx);
    if (ctx.flow) return rating.skip(ctx);
    return [reply(ctx, t.nothingToCancel)];
  };

  const skip: CommandHandler = (ctx) => {
    const draft = draftOf(ctx);
    if (draft) return dialog.advance(ctx, draft, 'skip');
    if (ctx.flow?.name === 'rating-comment') return rating.skip(ctx);
    return [reply(ctx, t.nothingToCancel)];
  };

  /** Buttons that only mean something inside the dialog. */
  function inDialog(ctx: DeskContext, input: 'skip' | 'next' | 'send'): OutboundMessage[] {
    const draft = draftOf(ctx);
    return draft ? dialog.advance(ctx, draft, input) : [reply(ctx, texts.errors.choiceExpired)];
  }

  return {
    name: 'tickets',
    menu: [ticketChoice.choice(t.menuNew, 'baru'), ticketChoice.choice(t.menuStatus, 'status')],
    commands: {
      tiket: ticketCommand,
      ticket: ticketCommand,
      status: views.status,
      batal: cancel,
      cancel,
      lewati: skip,
      skip,
    },
    choices: choiceHandler(ticketChoice, (ctx, choice) => {
      switch (choice.action) {
        case 'baru':
          return start(ctx);
        case 'lapor':
          return start(ctx, dialog.questionBefore(ctx));
        case 'status':
          return views.list(ctx);
        case 'batal':
          return cancel(ctx, '');
        case 'nilai':
          return rating.rate(ctx, ...choice.args);
        case 'saran':
          return rating.askComment(ctx, ...choice.args);
        case 'tanpa-saran':
          return [reply(ctx, t.rating.skipped), ...(deps.surveyInvite?.(ctx) ?? [])];
        case 'kat':
          return dialog.pickCategory(ctx, ...choice.args);
        case 'lewati':
          return inDialog(ctx, 'skip');
        case 'lanjut':
          return inDialog(ctx, 'next');
        case 'kirim':
          return inDialog(ctx, 'send');
      }
    }),
    flows: {
      ticket: ticketDialogFlow(dialog, followUps.explicit),
      'rating-comment': rating.commentFlow(followUps.explicit),
      'rating-remark': rating.remarkFlow(followUps.explicit),
    },
    // In conversation with staff on a ticket, the user's plain messages are for staff.
    claim: (ctx) => (inStaffGroup(ctx) ? null : (followUps.conversation(ctx) ?? null)),
    askingBot: (ctx) => deps.tickets.leaveConversation(ctx.msg.channel, ctx.msg.chatId),
    text(ctx) {
      const { msg } = ctx;
      if (inStaffGroup(ctx)) return null;
      const answered = followUps.explicit(ctx) ?? followUps.awaitedAnswer(ctx);
      if (answered) return answered;
      if (msg.text.trim() === '' && msg.attachments.length > 0) return [reply(ctx, t.fileNeedsText)];
      // A number alone with no numbered choice pending: say what it could mean, not "belum memahami".
      const number = msg.attachments.length === 0 ? bareNumber(msg.text) : undefined;
      if (number !== undefined) return [reply(ctx, t.bareNumber(number))];
      return null;
    },
  };
}

/** What the FAQ's ticket intents do: start the dialog, or list the user's tickets. */
export function ticketIntentActions(feature: Feature) {
  return {
    open_ticket: (ctx: DeskContext) => feature.commands!.tiket!(ctx, ''),
    // "tiket 12 gimana" asks about #12, not about every ticket.
    ticket_status: (ctx: DeskContext) => feature.commands!.status!(ctx, /\b(\d{1,9})\b/.exec(ctx.msg.text)?.[1] ?? ''),
  };
}
