import { texts } from '../core/catalogue.js';
import type { ChannelName, OutboundMessage } from '../core/channel.js';
import type { Logger } from '../core/log.js';
import { reply, type DeskContext } from '../core/router.js';
import type { AnnouncementsRepo } from '../store/announcements.js';
import type { ContactsRepo } from '../store/contacts.js';

export interface BroadcastDeps {
  contacts: Pick<ContactsRepo, 'subscribers'>;
  /** Only channels that run now: rows for a stopped channel would flood out the day it returns. */
  channelRunning: (channel: ChannelName) => boolean;
  log: Logger;
  /** Where announcements are kept for the microsite's /pengumuman (optional). */
  announcements?: Pick<AnnouncementsRepo, 'record'>;
  /** The microsite is served: an announcement with no chat subscriber is still published there. */
  sitePublishes?: boolean;
}

/** An announcement: one outbox row per subscriber, and the confirmation to the staff member who sent it. */
export type Broadcast = (ctx: DeskContext, staffId: number, text: string) => OutboundMessage[];

export function createBroadcast({ contacts, channelRunning, log, announcements, sitePublishes }: BroadcastDeps): Broadcast {
  return (ctx, staffId, text) => {
    // Published on the microsite even when no chat subscriber runs now.
    announcements?.record(text, ctx.now);
    const subscribers = contacts.subscribers().filter((c) => channelRunning(c.channel));
    if (subscribers.length === 0) return [reply(ctx, sitePublishes ? texts.staff.broadcastSiteOnly : texts.staff.broadcastNone)];
    // One row per subscriber, queued with this command: a restart midway resumes, never repeats.
    const key = `broadcast:${ctx.msg.channel}:${ctx.msg.externalId}`;
    const messages: OutboundMessage[] = subscribers.map((c) => ({
      channel: c.channel,
      chatId: c.chatId,
      text: texts.staff.broadcastMessage(text),
      dedupeKey: `${key}:${c.id}`,
      bulk: true,
    }));
    log.info({ staffId, recipients: messages.length }, 'broadcast queued');
    return [reply(ctx, texts.staff.broadcastQueued(messages.length)), ...messages];
  };
}
