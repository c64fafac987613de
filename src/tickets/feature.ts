import { texts } from '../core/catalogue.js';
import type { Attachment, Choice, OutboundMessage } from '../core/channel.js';
import { parseCommand, reply, type CommandHandler, type DeskContext, type Feature, type FlowState } from '../core/router.js';
import { excerpt, hasWords } from '../core/text.js';
import { formatDateTime } from '../core/time.js';
import type { MessageKind } from '../faq/reader.js';
import type { Store } from '../store/index.js';
import type { Ticket } from '../tickets/ticket.js';
import type { Categories } from './categories.js';
import type { Outcome, TicketService } from './service.js';

const t = texts.tickets;

/** Longer descriptions belong in a document; chat platforms cap messages near 4,096 characters. */
export const MAX_DESCRIPTION = 3_000;
const MAX_CONTACT = 120;
/** /status shows the newest tickets; older ones stay reachable with /status N. */
const LIST_LIMIT = 10;

/** The FAQ's "Buat tiket" after it could not help: the question before it becomes the description. */
export const TICKET_OFFER: Choice = { id: 'tiket:lapor', label: texts.faq.openTicket };

interface Draft extends FlowState {
  name: 'ticket';
  step: 'category' | 'description' | 'attachment' | 'contact' | 'confirm';
  categoryId?: string;
  description?: string;
  files: Attachment[];
  contactName?: string;
  company?: string;
}

interface RatingComment extends FlowState {
  name: 'rating-comment';
  ticketId: number;
}

export interface TicketFeatureDeps {
  tickets: TicketService;
  categories: Categories;
  store: Store;
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
}

/** Why a description cannot be used, in the user's language; undefined when it is fine. */
export function descriptionProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return t.descriptionEmpty;
  if (!hasWords(trimmed)) return t.descriptionNoWords;
  if (trimmed.length > MAX_DESCRIPTION) return t.descriptionTooLong(MAX_DESCRIPTION, trimmed.length);
  return undefined;
}

/** "#12 sudah saya coba" → { id: 12, text: 'sudah saya coba' } */
export function parseTicketMention(text: string): { id: number; text: string } | undefined {
  const m = /^\s*#(\d{1,9})\b[\s:,.-]*([\s\S]*)$/.exec(text);
  return m?.[1] ? { id: Number(m[1]), text: (m[2] ?? '').trim() } : undefined;
}

export function createTicketFeature(deps: TicketFeatureDeps): Feature {
  const { tickets, categories, store, timeZone } = deps;
  const when = (d: Date) => formatDateTime(d, timeZone);
  const categoryLabel = (id: string) => categories.byId(id)?.label ?? id;

  const categoryChoices = (): Choice[] => categories.list.map((c) => ({ id: `tiket:kat:${c.id}`, label: c.label }));
  const skipChoice: Choice = { id: 'tiket:lewati', label: t.skip };

  function ask(ctx: DeskContext, draft: Draft): OutboundMessage[] {
    ctx.setFlow(draft);
    switch (draft.step) {
      case 'category':
        return [
          reply(ctx, draft.description ? t.askCategoryWithDescription(draft.description) : t.askCategory, categoryChoices()),
        ];
      case 'description':
        return [reply(ctx, t.askDescription(categoryLabel(draft.categoryId ?? categories.fallback.id)))];
      case 'attachment':
        return draft.files.length > 0
          ? [reply(ctx, t.attachmentReceived(draft.files.length), [{ id: 'tiket:lanjut', label: t.next }])]
          : [reply(ctx, t.askAttachment, [skipChoice])];
      case 'contact':
        return [reply(ctx, t.askContact, [skipChoice])];
      case 'confirm': {
        const contact = [draft.contactName, draft.company].filter(Boolean).join(', ');
        const summary = t.summary({
          category: categoryLabel(draft.categoryId ?? categories.fallback.id),
          description: draft.description ?? '',
          files: draft.files.length,
          contact: contact || undefined,
        });
        return [
          reply(ctx, t.confirm(summary), [
            { id: 'tiket:kirim', label: t.send },
            { id: 'tiket:batal', label: t.cancel },
          ]),
        ];
      }
    }
  }

  function openNow(ctx: DeskContext, draft: Pick<Draft, 'categoryId' | 'description' | 'files' | 'contactName' | 'company'>) {
    const { ticket, messages } = tickets.open(
      {
        contact: ctx.contact,
        channel: ctx.msg.channel,
        chatId: ctx.msg.chatId,
        categoryId: draft.categoryId ?? categories.fallback.id,
        description: draft.description ?? '',
        attachments: draft.files,
        contactName: draft.contactName,
        company: draft.company,
      },
      ctx.now,
    );
    ctx.setFlow(undefined);
    const due = ticket.firstResponseDueAt ?? ticket.createdAt;
    return [
      ...messages,
      {
        ...reply(ctx, t.created({ id: ticket.id, status: t.status.new, due: when(due) })),
        ticketId: ticket.id,
        replyTarget: true,
      },
    ];
  }

  function start(ctx: DeskContext, description?: string): OutboundMessage[] {
    if (deps.isStaffGroup?.(ctx)) return [reply(ctx, texts.staff.userCommandInGroup)];
    // "/tiket" as the caption of a screenshot: keep the screenshot for the ticket.
    return ask(ctx, {
      name: 'ticket',
      step: 'category',
      files: [...ctx.msg.attachments],
      ...(description ? { description } : {}),
    });
  }

  /**
   * The question the user asked just before pressing "Buat tiket" (the FAQ could not answer it):
   * it becomes the draft's description, so they need not type it again.
   */
  function questionBefore(ctx: DeskContext): string | undefined {
    // Skip what the user pressed or typed to get here ("Belum membantu", "2"): button labels,
    // numbers and commands are not the question.
    const labels = new Set(
      [texts.faq.feedbackYes, texts.faq.feedbackNo, texts.faq.noneOfThese, texts.faq.notThis, texts.faq.openTicket].map((l) =>
        l.toLowerCase(),
      ),
    );
    const previous = (deps.recentTexts?.(ctx, 4) ?? []).slice(1);
    const question = previous.find(
      (text) => !parseCommand(text) && !/^\s*\d{1,2}\s*$/.test(text) && !labels.has(text.trim().toLowerCase()),
    );
    if (!question || question.trim().split(/\s+/).length < 3 || descriptionProblem(question)) return undefined;
    return deps.classify?.(question) === 'small-talk' ? undefined : question.trim();
  }

  /** What a typed word means at a step that offers buttons: people often type instead of tapping. */
  function typedInput(step: Draft['step'], text: string): 'skip' | 'send' | 'cancel' | undefined {
    const word = text
      .trim()
      .toLowerCase()
      .replace(/[.!]+$/, '');
    if (step === 'confirm') {
      if ((t.words.send as readonly string[]).includes(word)) return 'send';
      if ((t.words.cancel as readonly string[]).includes(word)) return 'cancel';
    }
    if ((step === 'attachment' || step === 'contact') && (t.words.skip as readonly string[]).includes(word)) return 'skip';
    return undefined;
  }

  /** A category named in the text ("tender", "katalog", "mau lapor soal tender") instead of picked. */
  function typedCategory(text: string) {
    const words = new Set(
      text
        .toLowerCase()
        .split(/[^\p{L}\p{N}-]+/u)
        .filter((w) => w.length >= 4),
    );
    const hits = categories.list.filter((c) =>
      [c.id, ...c.label.toLowerCase().split(/[^\p{L}\p{N}-]+/u)]
        .filter((w) => w.length >= 4)
        .some((w) => words.has(w) || words.has(w.replace(/^e-/, ''))),
    );
    return hits.length === 1 ? hits[0] : undefined;
  }

  const ticketCommand: CommandHandler = (ctx, args) => {
    if (deps.isStaffGroup?.(ctx)) return [reply(ctx, texts.staff.userCommandInGroup)];
    if (args === '') return start(ctx);
    const problem = descriptionProblem(args);
    if (problem) return [reply(ctx, problem)];
    const categoryId = deps.guessCategory?.(args) ?? categories.fallback.id;
    return openNow(ctx, { categoryId, description: args.trim(), files: [...ctx.msg.attachments] });
  };

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
    const lastReply = store.tickets
      .events(ticket.id)
      .filter((e) => e.kind === 'reply')
      .at(-1)?.text;
    const text = t.detail({
      id: ticket.id,
      status: t.status[ticket.status],
      category: categoryLabel(ticket.category),
      created: when(ticket.createdAt),
      updated: when(ticket.updatedAt),
      description: excerpt(ticket.description, 500),
      external: [ticket.externalParty, ticket.externalRef].filter(Boolean).join(' ') || undefined,
      lastReply: lastReply ? excerpt(lastReply, 500) : undefined,
    });
    return [{ ...reply(ctx, text), ticketId: ticket.id, replyTarget: true }];
  }

  const statusCommand: CommandHandler = (ctx, args) => {
    if (args === '') return list(ctx);
    const m = /^#?(\d{1,9})$/.exec(args);
    if (!m?.[1]) return [reply(ctx, t.badNumber)];
    const ticket = tickets.ownedBy(ctx.contact, Number(m[1]));
    return ticket ? detail(ctx, ticket) : [reply(ctx, t.notFound(m[1]))];
  };

  const cancel: CommandHandler = (ctx) => {
    if (ctx.flow?.name === 'ticket') {
      ctx.setFlow(undefined);
      return [reply(ctx, t.cancelled)];
    }
    if (ctx.flow) {
      ctx.setFlow(undefined);
      return [reply(ctx, t.rating.skipped)];
    }
    return [reply(ctx, t.nothingToCancel)];
  };

  const skip: CommandHandler = (ctx) => {
    if (ctx.flow?.name === 'ticket') return advance(ctx, ctx.flow as Draft, 'skip');
    if (ctx.flow?.name === 'rating-comment') {
      ctx.setFlow(undefined);
      return [reply(ctx, t.rating.skipped)];
    }
    return [reply(ctx, t.nothingToCancel)];
  };

  /** One step of the dialog; `input` is the user's message or a button. */
  function advance(ctx: DeskContext, draft: Draft, input: 'message' | 'skip' | 'next' | 'send'): OutboundMessage[] {
    const { msg } = ctx;
    switch (draft.step) {
      case 'category': {
        const files = [...draft.files, ...msg.attachments];
        const typed = typedCategory(msg.text);
        if (typed)
          return ask(ctx, { ...draft, files, categoryId: typed.id, step: draft.description ? 'attachment' : 'description' });
        // People often skip the category and just describe the problem: take it as the description.
        if (msg.text.trim().split(/\s+/).length >= 6 && !descriptionProblem(msg.text)) {
          const categoryId = deps.guessCategory?.(msg.text) ?? categories.fallback.id;
          return ask(ctx, { ...draft, files, categoryId, description: msg.text.trim(), step: 'attachment' });
        }
        return [reply(ctx, t.pickCategory, categoryChoices())];
      }
      case 'description': {
        const files = [...draft.files, ...msg.attachments];
        if (input !== 'message') return ask(ctx, draft);
        if (msg.text.trim() === '' && msg.attachments.length > 0) {
          // A screenshot before the words: keep it and still ask for the words.
          ctx.setFlow({ ...draft, files });
          return [reply(ctx, `${t.attachmentReceived(files.length)}\n${t.descriptionEmpty}`)];
        }
        const problem = descriptionProblem(msg.text);
        if (problem) return [reply(ctx, problem)];
        return ask(ctx, { ...draft, files, description: msg.text.trim(), step: 'attachment' });
      }
      case 'attachment': {
        if (input === 'skip' || input === 'next') return ask(ctx, { ...draft, step: 'contact' });
        const words = msg.text.trim();
        // Words are more of the story ("screenshotnya menyusul"): keep them with the description.
        const description =
          hasWords(words) && input === 'message'
            ? `${draft.description ?? ''}\n${words}`.trim().slice(0, MAX_DESCRIPTION)
            : draft.description;
        const next: Draft = { ...draft, ...(description !== undefined ? { description } : {}) };
        if (msg.attachments.length > 0) return ask(ctx, { ...next, files: [...draft.files, ...msg.attachments] });
        return ask(ctx, { ...next, step: 'contact' });
      }
      case 'contact': {
        if (input === 'skip') return ask(ctx, { ...draft, step: 'confirm' });
        const text = msg.text.trim();
        if (!hasWords(text)) return ask(ctx, draft);
        const [name, ...rest] = text.slice(0, MAX_CONTACT).split(',');
        const company = rest.join(',').trim();
        return ask(ctx, {
          ...draft,
          step: 'confirm',
          contactName: name?.trim() || undefined,
          ...(company ? { company } : {}),
        } as Draft);
      }
      case 'confirm':
        if (input === 'send') return openNow(ctx, draft);
        return [
          reply(ctx, t.pickConfirm, [
            { id: 'tiket:kirim', label: t.send },
            { id: 'tiket:batal', label: t.cancel },
          ]),
        ];
    }
  }

  /** The ticket a message is explicitly about: "#N …", or a reply to one of its notices. */
  function referencedTicket(ctx: DeskContext): { id: number; text: string } | undefined {
    const { msg } = ctx;
    const mention = parseTicketMention(msg.text);
    if (mention) return mention;
    if (!msg.replyToRef) return undefined;
    const id = store.outbox.ticketOfSent(msg.channel, msg.chatId, msg.replyToRef);
    return id === undefined ? undefined : { id, text: msg.text.trim() };
  }

  /** Files a message on one of the user's tickets and says what happened. */
  function followUp(ctx: DeskContext, ticketId: number, text: string): OutboundMessage[] {
    const own = tickets.ownedBy(ctx.contact, ticketId);
    if (!own) return [reply(ctx, t.notFound(String(ticketId)))];
    if (text === '' && ctx.msg.attachments.length === 0) return [reply(ctx, t.followUpEmpty(ticketId))];
    if (text.length > MAX_DESCRIPTION) return [reply(ctx, t.followUpTooLong(MAX_DESCRIPTION, text.length))];
    // "Terima kasih, sudah bisa" on a solved ticket is the happy ending, not a reason to reopen it.
    const thanksOnly = own.status === 'resolved' && ctx.msg.attachments.length === 0 && deps.classify?.(text) === 'thanks';
    const outcome: Outcome = tickets.userMessage(ticketId, ctx.contact, text, ctx.msg.attachments, ctx.now, {
      reopen: !thanksOnly,
    });
    if (outcome.ok && thanksOnly) return [...outcome.messages, { ...reply(ctx, t.thanksNoted(ticketId)), ticketId }];
    if (!outcome.ok) {
      // A thank-you after the ticket closed deserves a "sama-sama", not a refusal.
      if (ctx.msg.attachments.length === 0 && deps.classify?.(text) === 'thanks') return [reply(ctx, t.thanksNoted(ticketId))];
      const why = outcome.reason === 'window_passed' ? t.followUpWindowPassed(ticketId) : t.followUpClosed(ticketId);
      return [reply(ctx, why, [TICKET_OFFER])];
    }
    const reopened = own.status === 'resolved';
    return [
      ...outcome.messages,
      { ...reply(ctx, reopened ? t.followUpReopened(ticketId) : t.followUpAdded(ticketId)), ticketId },
    ];
  }

  function rate(ctx: DeskContext, value: string): OutboundMessage[] {
    const [idText, ratingText] = value.split(':');
    const ticketId = Number(idText);
    const rating = Number(ratingText);
    if (!Number.isInteger(ticketId) || !Number.isInteger(rating) || rating < 1 || rating > 4)
      return [reply(ctx, texts.errors.choiceExpired)];
    const outcome = tickets.rate(ticketId, ctx.contact, rating, ctx.now);
    if (outcome.ok)
      return [
        ...outcome.messages,
        reply(ctx, t.rating.thanks, [
          { id: `tiket:saran:${ticketId}`, label: t.rating.addComment },
          { id: 'tiket:tanpa-saran', label: t.rating.noComment },
        ]),
      ];
    if (outcome.reason === 'not_found') return [reply(ctx, t.notFound(String(ticketId)))];
    if (outcome.reason === 'same_status') return [reply(ctx, t.rating.alreadyRated(ticketId))];
    return [reply(ctx, t.rating.notResolved(ticketId))];
  }

  return {
    name: 'tickets',
    lapsedNotices: { ticket: t.draftExpired },
    menu: [
      { id: 'tiket:baru', label: t.menuNew },
      { id: 'tiket:status', label: t.menuStatus },
    ],
    commands: {
      tiket: ticketCommand,
      ticket: ticketCommand,
      status: statusCommand,
      batal: cancel,
      cancel,
      lewati: skip,
      skip,
    },
    choices: {
      tiket(ctx, value) {
        const draft = ctx.flow?.name === 'ticket' ? (ctx.flow as Draft) : undefined;
        if (value === 'baru') return start(ctx);
        if (value === 'lapor') return start(ctx, questionBefore(ctx));
        if (value === 'status') return list(ctx);
        if (value === 'batal') return cancel(ctx, '');
        if (value.startsWith('nilai:')) return rate(ctx, value.slice('nilai:'.length));
        if (value.startsWith('saran:')) {
          // Only an explicit "yes, a comment" turns the next message into one: a question typed
          // after rating must still reach the FAQ.
          const ticketId = Number(value.slice('saran:'.length));
          if (!tickets.ownedBy(ctx.contact, ticketId)) return [reply(ctx, texts.errors.choiceExpired)];
          ctx.setFlow({ name: 'rating-comment', ticketId } satisfies RatingComment);
          return [reply(ctx, t.rating.askComment)];
        }
        if (value === 'tanpa-saran') return [reply(ctx, t.rating.skipped)];
        if (value.startsWith('kat:')) {
          const category = categories.byId(value.slice(4));
          if (!category) return start(ctx);
          const base = draft ?? ({ name: 'ticket', files: [] } as unknown as Draft);
          return ask(ctx, { ...base, step: base.description ? 'attachment' : 'description', categoryId: category.id });
        }
        if (!draft) return [reply(ctx, texts.errors.choiceExpired)];
        if (value === 'lewati') return advance(ctx, draft, 'skip');
        if (value === 'lanjut') return advance(ctx, draft, 'next');
        if (value === 'kirim') return advance(ctx, draft, 'send');
        return [reply(ctx, texts.errors.choiceExpired)];
      },
    },
    flows: {
      ticket: (ctx) => {
        const draft = ctx.flow as Draft;
        // A reply to an existing ticket's notice (or "#N …") belongs to that ticket, dialog or not.
        const referenced = referencedTicket(ctx);
        if (referenced) return followUp(ctx, referenced.id, referenced.text);
        const typed = typedInput(draft.step, ctx.msg.text);
        if (typed === 'cancel') return cancel(ctx, '');
        return advance(ctx, draft, typed ?? 'message');
      },
      'rating-comment': (ctx) => {
        const flow = ctx.flow as RatingComment;
        const referenced = referencedTicket(ctx);
        if (referenced) {
          ctx.setFlow(undefined);
          return followUp(ctx, referenced.id, referenced.text);
        }
        const text = ctx.msg.text.trim();
        ctx.setFlow(undefined);
        if (!hasWords(text)) return [reply(ctx, t.rating.skipped)];
        const outcome = tickets.comment(flow.ticketId, ctx.contact, text.slice(0, MAX_DESCRIPTION), ctx.now);
        return [...(outcome.messages ?? []), reply(ctx, t.rating.commentSaved)];
      },
    },
    text(ctx) {
      const { msg } = ctx;
      if (deps.isStaffGroup?.(ctx)) return null;
      const referenced = referencedTicket(ctx);
      if (referenced) return followUp(ctx, referenced.id, referenced.text);
      // Staff asked this user something on exactly one ticket: whatever they send next is the
      // answer (the notice said so), without needing "#N" or the reply gesture.
      const waiting = tickets.listOwn(ctx.contact, LIST_LIMIT).filter((k) => k.status === 'waiting_user');
      if (waiting.length === 1) {
        const id = waiting[0]!.id;
        const text = msg.text.trim();
        // A screenshot is what staff usually asked for; other text is the answer unless it is small
        // talk (reminded what the ticket waits for) or a question the FAQ answers (answered there).
        if (msg.attachments.length > 0) return followUp(ctx, id, text);
        const kind = deps.classify?.(text) ?? 'other';
        if (kind === 'small-talk' || kind === 'thanks') return [reply(ctx, t.waitingForAnswer(id))];
        if (kind === 'other') return followUp(ctx, id, text);
      }
      if (msg.text.trim() === '' && msg.attachments.length > 0) return [reply(ctx, t.fileNeedsText)];
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
