import { z } from 'zod';
import { texts } from '../core/catalogue.js';
import { ATTACHMENT_KINDS, CHANNELS, type Choice, type OutboundMessage } from '../core/channel.js';
import { defineFlow, parseCommand, reply, type DeskContext } from '../core/router.js';
import { hasWords } from '../core/text.js';
import type { MessageKind } from '../faq/reader.js';
import type { Categories } from './categories.js';
import { ticketChoice } from './choices.js';
import type { TicketService } from './service.js';

const t = texts.tickets;

/** Longer descriptions belong in a document; chat platforms cap messages near 4,096 characters. */
export const MAX_DESCRIPTION = 3_000;
const MAX_CONTACT = 120;

const attachmentSchema = z.object({
  kind: z.enum(ATTACHMENT_KINDS),
  ref: z.string(),
  fileName: z.string().optional(),
  mimeType: z.string().optional(),
  messageRef: z.string().optional(),
  chatRef: z.string().optional(),
  channel: z.enum(CHANNELS).optional(),
});

/** A ticket being written, as saved between the user's messages. */
export const draftSchema = z.object({
  name: z.literal('ticket'),
  step: z.enum(['category', 'description', 'attachment', 'contact', 'confirm']),
  categoryId: z.string().optional(),
  description: z.string().optional(),
  files: z.array(attachmentSchema),
  contactName: z.string().optional(),
  company: z.string().optional(),
});
export type Draft = z.infer<typeof draftSchema>;

/** The ticket being written in this chat, if any (the desk checked it against the schema). */
export const draftOf = (ctx: DeskContext): Draft | undefined => (ctx.flow?.name === 'ticket' ? (ctx.flow as Draft) : undefined);

/** Why a description cannot be used, in the user's language; undefined when it is fine. */
export function descriptionProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return t.descriptionEmpty;
  if (!hasWords(trimmed)) return t.descriptionNoWords;
  if (trimmed.length > MAX_DESCRIPTION) return t.descriptionTooLong(MAX_DESCRIPTION, trimmed.length);
  return undefined;
}

export interface TicketDialogDeps {
  tickets: TicketService;
  categories: Categories;
  /** "12 Mar 2026 09.00" in the bureau's time zone. */
  when: (d: Date) => string;
  guessCategory?: ((text: string) => string | undefined) | undefined;
  classify?: ((text: string) => MessageKind) | undefined;
  recentTexts?: ((ctx: DeskContext, limit: number) => string[]) | undefined;
  trackingLine?: ((ticketId: number, now: Date) => string | undefined) | undefined;
}

export type DialogInput = 'message' | 'skip' | 'next' | 'send';

/** Opening a ticket step by step: category → description → files → name/company → confirm. */
export function createTicketDialog(deps: TicketDialogDeps) {
  const { tickets, categories, when } = deps;
  const categoryLabel = (id: string) => categories.byId(id)?.label ?? id;
  const categoryChoices = (): Choice[] => categories.list.map((c) => ticketChoice.choice(c.label, 'kat', c.id));
  const skipChoice = ticketChoice.choice(t.skip, 'lewati');
  const confirmChoices = () => [ticketChoice.choice(t.send, 'kirim'), ticketChoice.choice(t.cancel, 'batal')];

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
          ? [reply(ctx, t.attachmentReceived(draft.files.length), [ticketChoice.choice(t.next, 'lanjut')])]
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
        return [reply(ctx, t.confirm(summary), confirmChoices())];
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
        ...reply(
          ctx,
          [
            t.created({ id: ticket.id, status: t.status.new, due: when(due), web: ctx.msg.channel === 'web' }),
            deps.trackingLine?.(ticket.id, ctx.now),
          ]
            .filter(Boolean)
            .join('\n\n'),
        ),
        ticketId: ticket.id,
        replyTarget: true,
      },
    ];
  }

  /** A fresh dialog; "/tiket" as the caption of a screenshot keeps the screenshot for the ticket. */
  function start(ctx: DeskContext, description?: string): OutboundMessage[] {
    return ask(ctx, {
      name: 'ticket',
      step: 'category',
      files: [...ctx.msg.attachments],
      ...(description ? { description } : {}),
    });
  }

  /** "/tiket layar putih saat upload": opened at once, under the category its words suggest. */
  function openWith(ctx: DeskContext, text: string): OutboundMessage[] {
    const problem = descriptionProblem(text);
    if (problem) return [reply(ctx, problem)];
    const categoryId = deps.guessCategory?.(text) ?? categories.fallback.id;
    return openNow(ctx, { categoryId, description: text.trim(), files: [...ctx.msg.attachments] });
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

  /** A category button: starts the dialog there if none is open. */
  function pickCategory(ctx: DeskContext, categoryId: string): OutboundMessage[] {
    const category = categories.byId(categoryId);
    if (!category) return start(ctx);
    const base: Draft = draftOf(ctx) ?? { name: 'ticket', step: 'category', files: [] };
    return ask(ctx, { ...base, step: base.description ? 'attachment' : 'description', categoryId: category.id });
  }

  /** One step of the dialog; `input` is the user's message or a button. */
  function advance(ctx: DeskContext, draft: Draft, input: DialogInput): OutboundMessage[] {
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
        const contactName = name?.trim();
        return ask(ctx, {
          ...draft,
          step: 'confirm',
          contactName: contactName || undefined,
          ...(company ? { company } : {}),
        });
      }
      case 'confirm':
        if (input === 'send') return openNow(ctx, draft);
        return [reply(ctx, t.pickConfirm, confirmChoices())];
    }
  }

  function cancel(ctx: DeskContext): OutboundMessage[] {
    ctx.setFlow(undefined);
    return [reply(ctx, t.cancelled)];
  }

  return { start, openWith, questionBefore, advance, typedInput, pickCategory, cancel };
}

export type TicketDialog = ReturnType<typeof createTicketDialog>;

/** The dialog as a flow; a message about an existing ticket goes to it instead (`followUp`). */
export function ticketDialogFlow(dialog: TicketDialog, followUp: (ctx: DeskContext) => OutboundMessage[] | undefined) {
  return defineFlow({
    schema: draftSchema,
    lapsedNotice: t.draftExpired,
    handle(ctx, draft) {
      // A reply to an existing ticket's notice (or "#N …") belongs to that ticket, dialog or not.
      const referenced = followUp(ctx);
      if (referenced) return referenced;
      const typed = dialog.typedInput(draft.step, ctx.msg.text);
      if (typed === 'cancel') return dialog.cancel(ctx);
      return dialog.advance(ctx, draft, typed ?? 'message');
    },
  });
}
