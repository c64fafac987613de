import { GrammyError, type Api } from 'grammy';
import type { TicketSummary } from '../../core/channel.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/log.js';
import type { TelegramTopicsRepo } from '../../store/telegram-topics.js';
import { describeError } from './errors.js';
import { truncate } from './render.js';

/** Telegram's limit for a topic name. */
const TOPIC_NAME_LIMIT = 128;

/**
 * Forum topics of the staff group: one per ticket, so the group reads like a ticket board. Every
 * call here is best-effort — without topics (not a forum, no rights, an emulator) messages go to
 * the group itself and nothing is lost. What the topic shows of its ticket (its name, whether it
 * is closed) comes from the message being sent (OutboundMessage.ticket): without it, a topic is
 * neither created nor opened or closed.
 */
export interface TopicManager {
  readonly chatId: string;
  /** The topic for a ticket's message, created or reopened as needed; undefined: post to the group. */
  threadFor(ticketId: number, ticket: TicketSummary | undefined): Promise<TicketTopic | undefined>;
  /** The ticket's topic was deleted: forget it and create a new one. */
  recreate(ticketId: number, ticket: TicketSummary | undefined): Promise<number | undefined>;
  /** The topic refused a message because it is closed. */
  reopen(ticketId: number): Promise<void>;
  /**
   * After any message about a ticket went out (to the user or to staff): the topic follows the
   * ticket as the message saw it — closed when the ticket is closed, open again when it was
   * reopened. `topic`: as threadFor found it for this message (else it is looked up).
   */
  afterSend(ticketId: number, ticket: TicketSummary | undefined, topic?: TicketTopic): Promise<void>;
}

/** A ticket's topic in the staff group, whether it is closed, and whether its ticket is (when known). */
export interface TicketTopic {
  threadId: number;
  closed: boolean;
  ticketClosed: boolean | undefined;
}

interface TopicDeps {
  api: Api;
  topics: TelegramTopicsRepo;
  clock: Clock;
  log: Logger;
  chatId: string;
}

/** The ticket's title (`#12 · category · description`) as Telegram takes a topic name. */
function topicName(ticket: TicketSummary): string {
  return truncate(ticket.title.replace(/\s+/g, ' ').trim(), TOPIC_NAME_LIMIT);
}

export function createTopicManager({ api, topics: repo, clock, log, chatId }: TopicDeps): TopicManager {
  let forum: boolean | undefined;
  // One creation per ticket at a time, should two messages for a new ticket race.
  const creating = new Map<number, Promise<number | undefined>>();

  async function isForum(): Promise<boolean> {
    if (forum !== undefined) return forum;
    try {
      const chat = await api.getChat(chatId);
      forum = 'is_forum' in chat && chat.is_forum === true;
      log.info({ chatId, forum }, 'staff group checked for forum topics');
    } catch (err) {
      // Only a definite answer is remembered. A refusal (no rights, a Bot API server without
      // getChat) means: no topics. A network failure, a 5xx or a rate limit says nothing about the
      // group: this message goes to the group itself, and the next one asks again.
      // Rate-limited: the message waits with its chat (SendError retryAfterMs) and asks again then.
      if (err instanceof GrammyError && err.error_code === 429) throw err;
      const definite = err instanceof GrammyError && !((err.error_code ?? 0) >= 500);
      log.warn(
        { chatId, definite, ...describeError(err) },
        'cannot tell whether the staff group has topics; posting to the group',
      );
      if (!definite) return false;
      forum = false;
    }
    return forum;
  }

  async function create(ticketId: number, ticket: TicketSummary | undefined): Promise<number | undefined> {
    if (!ticket) return undefined;
    try {
      const topic = await api.createForumTopic(chatId, topicName(ticket));
      repo.set(ticketId, chatId, topic.message_thread_id, clock.now());
      log.info({ ticketId, chatId, threadId: topic.message_thread_id }, 'ticket topic created');
      return topic.message_thread_id;
    } catch (err) {
      // Rate-limited: the message waits with its chat and gets its topic on the retry.
      if (err instanceof GrammyError && err.error_code === 429) throw err;
      log.warn({ ticketId, chatId, ...describeError(err) }, 'cannot create the ticket topic; posting to the group');
      return undefined;
    }
  }

  function createOnce(ticketId: number, ticket: TicketSummary | undefined): Promise<number | undefined> {
    let pending = creating.get(ticketId);
    if (!pending) {
      pending = create(ticketId, ticket).finally(() => creating.delete(ticketId));
      creating.set(ticketId, pending);
    }
    return pending;
  }

  async function setOpen(ticketId: number, threadId: number, open: boolean): Promise<boolean> {
    try {
      if (open) await api.reopenForumTopic(chatId, threadId);
      else await api.closeForumTopic(chatId, threadId);
    } catch (err) {
      // TOPIC_NOT_MODIFIED: it already was; anything else is logged and left.
      if (!/TOPIC_NOT_MODIFIED/i.test(String(describeError(err).description ?? ''))) {
        log.warn({ ticketId, chatId, threadId, open, ...describeError(err) }, 'cannot change the ticket topic');
        return false;
      }
    }
    repo.setClosed(ticketId, !open);
    log.info({ ticketId, chatId, threadId, open }, open ? 'ticket topic reopened' : 'ticket topic closed');
    return true;
  }

  return {
    chatId,
    async threadFor(ticketId, ticket) {
      if (!(await isForum())) return undefined;
      const topic = repo.byTicket(ticketId);
      const ticketClosed = ticket?.closed;
      if (!topic || topic.chatId !== chatId) {
        const threadId = await createOnce(ticketId, ticket);
        return threadId === undefined ? undefined : { threadId, closed: false, ticketClosed };
      }
      // A message for a ticket that was reopened goes into a topic that is open again.
      const reopened = topic.closed && ticketClosed === false && (await setOpen(ticketId, topic.threadId, true));
      return { threadId: topic.threadId, closed: topic.closed && !reopened, ticketClosed };
    },
    async recreate(ticketId, ticket) {
      log.info({ ticketId, chatId }, 'ticket topic is gone; creating it again');
      repo.remove(ticketId);
      return createOnce(ticketId, ticket);
    },
    async reopen(ticketId) {
      const topic = repo.byTicket(ticketId);
      if (topic) await setOpen(ticketId, topic.threadId, true);
    },
    async afterSend(ticketId, ticket, known) {
      let topic = known;
      if (!topic) {
        const row = repo.byTicket(ticketId);
        if (!row || row.chatId !== chatId) return;
        topic = { threadId: row.threadId, closed: row.closed, ticketClosed: ticket?.closed };
      }
      if (topic.ticketClosed !== undefined && topic.ticketClosed !== topic.closed)
        await setOpen(ticketId, topic.threadId, !topic.ticketClosed);
    },
  };
}
