import { z } from 'zod';
import { texts } from '../core/catalogue.js';
import type { ChannelName, Choice, OutboundMessage } from '../core/channel.js';
import { choiceCodec } from '../core/choice-id.js';
import type { Contact } from '../core/contact.js';
import type { Logger } from '../core/log.js';
import { choiceHandler, defineFlow, reply, type CommandHandler, type DeskContext, type Feature } from '../core/router.js';
import type { ContactsRepo } from '../store/contacts.js';
import type { StoredResponse, SurveyRepo } from '../store/survey.js';
import type { SurveyContent } from './content.js';
import { periodKindOf, periodOf, type PeriodKind } from './period.js';
import type { SurveyReport } from './report.js';
import { periodReport, reportFiles, reportPictures, reportPicturesAsync, type ReportPictures } from './service.js';

const t = texts.survey;

export const surveyChoice = choiceCodec('survei', {
  mulai: [],
  nanti: [],
  ubah: [],
  tetap: [],
  berhenti: [],
  /** An answer: the score (or the option's number) and the step it answers (`k:B3`, `h:B3`, `p:peran`). */
  j: ['int', 'text'],
  lewati: ['text'],
});

/** Where a respondent is: the performance (`k`) or importance (`h`) of an item, or a profile question (`p`). */
type StepKind = 'k' | 'h' | 'p';
interface Step {
  kind: StepKind;
  index: number;
}

const flowSchema = z.object({
  name: z.literal('survey'),
  period: z.string(),
  responseId: z.number().int(),
  kind: z.enum(['k', 'h', 'p']),
  index: z.number().int().min(0),
  /** Revising a complete response walks every question again, showing the earlier answer. */
  revise: z.boolean(),
});
type SurveyFlow = z.infer<typeof flowSchema>;

export interface SurveyFeatureDeps {
  content: SurveyContent | undefined;
  survey: Pick<
    SurveyRepo,
    'responseOf' | 'start' | 'answer' | 'skip' | 'setProfile' | 'complete' | 'answersOf' | 'periods' | 'invite'
  >;
  contacts: Pick<ContactsRepo, 'subscribers'>;
  periodKind: PeriodKind;
  timeZone: string;
  population: number | undefined;
  /** Invite after a ticket's rating (SURVEY_INVITE_AFTER_TICKET). */
  inviteAfterTicket: boolean;
  isAdmin: (ctx: DeskContext) => boolean;
  isStaffGroup?: (ctx: DeskContext) => boolean;
  channelRunning: (channel: ChannelName) => boolean;
  /** Renders the report's pictures for /ikm (default: the two PNGs with resvg, off the event loop). */
  renderPictures?: (report: SurveyReport) => Promise<ReportPictures>;
  log: Logger;
}

/** One respondent per person: linked chats (`/tautkan`) answer once between them. */
export const respondentOf = (contact: Pick<Contact, 'id' | 'personId'>) =>
  contact.personId !== null ? `p:${contact.personId}` : `c:${contact.id}`;

const localDate = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

export interface SurveyFeature extends Feature {
  /** The invitation after a ticket's rating: at most once per respondent and period, none once answered. */
  inviteAfterTicket(ctx: DeskContext): OutboundMessage[];
}

/** The IKM survey in the chat (/survei), its invitations (/survei undang) and the report for admins (/ikm). */
export function createSurveyFeature(deps: SurveyFeatureDeps): SurveyFeature {
  const { content, survey } = deps;
  const render = deps.renderPictures ?? reportPicturesAsync;
  const period = (now: Date) => periodOf(now, deps.periodKind, deps.timeZone);
  const startChoices = (): Choice[] => [surveyChoice.choice(t.start, 'mulai'), surveyChoice.choice(t.later, 'nanti')];

  /** Every step in order: each item's performance, its importance when asked, then the profile. */
  function steps(c: SurveyContent): Step[] {
    return [
      ...c.items.flatMap((item, index): Step[] =>
        item.importance
          ? [
              { kind: 'k', index },
              { kind: 'h', index },
            ]
          : [{ kind: 'k', index }],
      ),
      ...c.profile.map((_, index): Step => ({ kind: 'p', index })),
    ];
  }

  const stepKey = (c: SurveyContent, s: Step) => `${s.kind}:${s.kind === 'p' ? c.profile[s.index]!.id : c.items[s.index]!.code}`;

  function answered(c: SurveyContent, response: StoredResponse, s: Step): boolean {
    if (s.kind === 'p') return c.profile[s.index]!.id in response.profile;
    const a = response.answers.get(c.items[s.index]!.code);
    // A skipped item (a row with no scores) counts as offered for both of its questions.
    if (s.kind === 'k') return a !== undefined;
    return a !== undefined && (a.importance !== undefined || a.performance === undefined);
  }

  /** The step after `from` (-1: the first); when not revising, one not answered yet. */
  function nextStep(c: SurveyContent, response: StoredResponse, from: Step | undefined, revise: boolean): Step | undefined {
    const all = steps(c);
    const at = from ? all.findIndex((s) => s.kind === from.kind && s.index === from.index) : -1;
    return all.slice(at + 1).find((s) => revise || !answered(c, response, s));
  }

  function ask(
    ctx: DeskContext,
    c: SurveyContent,
    flow: SurveyFlow,
    response: StoredResponse,
    prefix?: string,
  ): OutboundMessage[] {
    ctx.setFlow(flow);
    const step: Step = { kind: flow.kind, index: flow.index };
    const key = stepKey(c, step);
    const tail = [surveyChoice.choice(t.skip, 'lewati', key), surveyChoice.choice(t.stop, 'berhenti')];
    const lines: string[] = prefix ? [prefix] : [];
    let options: readonly string[];
    if (step.kind === 'p') {
      const q = c.profile[step.index]!;
      if (step.index === 0) lines.push(t.profileIntro);
      lines.push(q.text);
      options = q.options;
      const before = response.profile[q.id];
      if (flow.revise && before) lines.push(t.previous(before));
    } else {
      const item = c.items[step.index]!;
      const a = response.answers.get(item.code);
      if (step.kind === 'k') {
        lines.push(t.question(step.index + 1, c.items.length, item.name, item.text));
        options = item.labels;
        if (flow.revise && a?.performance !== undefined) lines.push(t.previous(item.labels[a.performance - 1]!));
      } else {
        lines.push(t.importance(c.importanceQuestion, item.name));
        options = c.importanceLabels;
        if (flow.revise && a?.importance !== undefined) lines.push(t.previous(c.importanceLabels[a.importance - 1]!));
      }
    }
    const choices = options.map((label, i) => surveyChoice.choice(label, 'j', i + 1, key));
    return [reply(ctx, lines.join('\n\n'), [...choices, ...tail])];
  }

  /** Moves on from `from` (or starts): the next question, or the end. */
  function advance(ctx: DeskContext, c: SurveyContent, flow: Omit<SurveyFlow, 'kind' | 'index'>, from?: Step, prefix?: string) {
    const response = survey.responseOf(flow.period, respondentOf(ctx.contact));
    if (!response) return [reply(ctx, texts.errors.choiceExpired)];
    const next = nextStep(c, response, from, flow.revise);
    if (next) return ask(ctx, c, { ...flow, kind: next.kind, index: next.index }, response, prefix);
    survey.complete(response.id, localDate(ctx.now, deps.timeZone), ctx.now);
    ctx.setFlow(undefined);
    deps.log.info({ period: flow.period, revised: flow.revise }, 'survey response complete');
    return [reply(ctx, flow.revise ? t.revised : t.done)];
  }

  function begin(ctx: DeskContext, revise: boolean): OutboundMessage[] {
    if (!content) return [reply(ctx, t.unavailable)];
    const p = period(ctx.now);
    const response = survey.start(p, respondentOf(ctx.contact), ctx.now);
    return advance(ctx, content, { name: 'survey', period: p, responseId: response.id, revise });
  }

  const inGroup = (ctx: DeskContext) => deps.isStaffGroup?.(ctx) === true;

  /** `/survei`: the invitation, a resume, or the offer to revise a complete response. */
  function open(ctx: DeskContext): OutboundMessage[] {
    if (!content) return [reply(ctx, t.unavailable)];
    if (inGroup(ctx)) return [reply(ctx, texts.staff.userCommandInGroup)];
    const p = period(ctx.now);
    const response = survey.responseOf(p, respondentOf(ctx.contact));
    if (response?.complete)
      return [reply(ctx, t.alreadyDone(p), [surveyChoice.choice(t.revise, 'ubah'), surveyChoice.choice(t.keep, 'tetap')])];
    if (response && (response.answers.size > 0 || Object.keys(response.profile).length > 0)) {
      return advance(ctx, content, { name: 'survey', period: p, responseId: response.id, revise: false }, undefined, t.resume);
    }
    return [reply(ctx, t.intro(content.items.length), startChoices())];
  }

  /** The flow the chat is in, when it is this survey's for the current period. */
  function current(ctx: DeskContext): SurveyFlow | undefined {
    const parsed = flowSchema.safeParse(ctx.flow);
    return parsed.success && parsed.data.period === period(ctx.now) ? parsed.data : undefined;
  }

  /** An answer or a skip for `key`: recorded only when it is the question asked now. */
  function respond(ctx: DeskContext, key: string, score: number | undefined): OutboundMessage[] {
    if (!content) return [reply(ctx, t.unavailable)];
    const flow = current(ctx);
    if (!flow) return open(ctx);
    const step: Step = { kind: flow.kind, index: flow.index };
    const response = survey.responseOf(flow.period, respondentOf(ctx.contact));
    if (!response) return [reply(ctx, texts.errors.choiceExpired)];
    if (stepKey(content, step) !== key) return ask(ctx, content, flow, response, t.stale);
    const { id } = response;
    if (step.kind === 'p') {
      const q = content.profile[step.index]!;
      const value = score === undefined ? '' : q.options[score - 1];
      if (value === undefined) return ask(ctx, content, flow, response);
      survey.setProfile(id, q.id, value, ctx.now);
    } else {
      const code = content.items[step.index]!.code;
      const max = step.kind === 'k' ? content.items[step.index]!.labels.length : content.importanceLabels.length;
      if (score !== undefined && (score < 1 || score > max)) return ask(ctx, content, flow, response);
      if (score === undefined) {
        // Skipping the performance question skips the item; skipping its importance keeps the performance.
        if (step.kind === 'k') survey.skip(id, code, ctx.now);
      } else survey.answer(id, code, step.kind === 'k' ? { performance: score } : { importance: score }, ctx.now);
    }
    return advance(ctx, content, flow, step);
  }

  function stop(ctx: DeskContext): OutboundMessage[] {
    ctx.setFlow(undefined);
    return [reply(ctx, t.stopped)];
  }

  const surveyFlow = defineFlow({
    schema: flowSchema,
    lapsedNotice: t.lapsed,
    // Typed text that is not an answer: the survey steps aside, so a question is never taken for one.
    handle(ctx) {
      ctx.setFlow(undefined);
      return [reply(ctx, t.pickOne)];
    },
  });

  /** `/survei undang`: an invitation to every subscriber not yet invited or answered this period. */
  function inviteSubscribers(ctx: DeskContext): OutboundMessage[] {
    if (!deps.isAdmin(ctx)) return [reply(ctx, texts.staff.adminOnly)];
    if (!content) return [reply(ctx, t.unavailable)];
    const p = period(ctx.now);
    const messages: OutboundMessage[] = [];
    for (const c of deps.contacts.subscribers()) {
      if (!deps.channelRunning(c.channel)) continue;
      const respondent = respondentOf(c);
      if (survey.responseOf(p, respondent)?.complete) continue;
      if (!survey.invite(p, respondent, 'broadcast', ctx.now)) continue;
      messages.push({
        channel: c.channel,
        chatId: c.chatId,
        text: t.invitation,
        choices: startChoices(),
        dedupeKey: `survey-invite:${p}:${respondent}`,
        bulk: true,
      });
    }
    deps.log.info({ period: p, recipients: messages.length }, 'survey invitations queued');
    if (messages.length === 0) return [reply(ctx, t.inviteNone)];
    return [reply(ctx, t.invitedSubscribers(messages.length)), ...messages];
  }

  const command: CommandHandler = (ctx, args) => {
    const word = args.trim().toLowerCase();
    if (word === 'undang' || word === 'invite') return inviteSubscribers(ctx);
    return open(ctx);
  };

  /**
   * `/ikm [periode]`: the report's pictures, with the summary as their captions (admins). Rendering
   * two PNGs takes about a third of a second: it runs after the asking message's transaction
   * (ctx.defer, as /laporan does) and on resvg's thread pool, so neither the database nor the event
   * loop waits on it and others are answered meanwhile. A failed render gets a polite apology.
   */
  const ikm: CommandHandler = (ctx, args) => {
    if (!deps.isAdmin(ctx)) return [reply(ctx, texts.staff.adminOnly)];
    if (!content) return [reply(ctx, t.unavailable)];
    const asked = args.trim();
    if (asked !== '' && !periodKindOf(asked)) return [reply(ctx, t.badPeriod(asked))];
    // Which period, and whether it has any answers, is one grouped count: answered at once. The
    // report itself (every answer of the period) and its pictures wait for after the transaction.
    const periods = survey.periods();
    const p = asked !== '' ? asked : (periods.at(-1)?.period ?? period(ctx.now));
    if (!periods.some((x) => x.period === p && x.respondents > 0)) return [reply(ctx, t.noResponses(p))];
    const answer = (report: SurveyReport, pictures: ReportPictures): OutboundMessage[] => {
      deps.log.info({ period: report.period, respondents: report.respondents }, 'survey report sent');
      return [{ ...reply(ctx, ''), files: reportFiles(report, pictures) }];
    };
    const failed = (report: SurveyReport, err: unknown): OutboundMessage[] => {
      deps.log.error({ err, period: report.period }, 'survey report pictures failed');
      return [reply(ctx, t.picturesFailed(report.period))];
    };
    // Outside the desk (no defer) it is all done here, the pictures on the event loop.
    if (!ctx.defer) {
      const report = periodReport(survey, content, p, deps.population);
      if (report.respondents === 0) return [reply(ctx, t.noResponses(p))];
      try {
        return answer(report, reportPictures(report));
      } catch (err) {
        return failed(report, err);
      }
    }
    ctx.defer(async () => {
      const report = periodReport(survey, content, p, deps.population);
      if (report.respondents === 0) return [reply(ctx, t.noResponses(report.period))];
      let pictures: ReportPictures;
      try {
        pictures = await render(report);
      } catch (err) {
        return failed(report, err);
      }
      return answer(report, pictures);
    });
    return [];
  };

  return {
    name: 'survey',
    commands: { survei: command, survey: command, ikm },
    choices: choiceHandler(surveyChoice, (ctx, choice) => {
      switch (choice.action) {
        case 'mulai':
          if (inGroup(ctx)) return [reply(ctx, texts.staff.userCommandInGroup)];
          return survey.responseOf(period(ctx.now), respondentOf(ctx.contact))?.complete ? open(ctx) : begin(ctx, false);
        case 'ubah':
          return begin(ctx, true);
        case 'nanti':
          if (current(ctx)) ctx.setFlow(undefined);
          return [reply(ctx, t.laterReply)];
        case 'tetap':
          return [reply(ctx, t.keepReply)];
        case 'berhenti':
          return current(ctx) ? stop(ctx) : [reply(ctx, t.stopped)];
        case 'j':
          return respond(ctx, choice.args[1], choice.args[0]);
        case 'lewati':
          return respond(ctx, choice.args[0], undefined);
      }
    }),
    flows: { survey: surveyFlow },
    inviteAfterTicket(ctx) {
      if (!content || !deps.inviteAfterTicket || inGroup(ctx)) return [];
      const p = period(ctx.now);
      const respondent = respondentOf(ctx.contact);
      if (survey.responseOf(p, respondent)?.complete) return [];
      if (!survey.invite(p, respondent, 'ticket', ctx.now)) return [];
      return [reply(ctx, t.invitation, startChoices())];
    },
  };
}
