import { texts } from '../core/catalogue.js';
import type { Choice, OutboundMessage } from '../core/channel.js';
import { choiceCodec } from '../core/choice-id.js';
import { choiceHandler, reply, type CommandHandler, type DeskContext, type Feature } from '../core/router.js';
import type { Intent } from '../faq/types.js';
import type { ContactsRepo } from '../store/contacts.js';

const t = texts.subscriptions;

const subscribeChoice = choiceCodec('langganan', { ya: [] });
export const SUBSCRIBE_CHOICE: Choice = subscribeChoice.choice(t.subscribeButton, 'ya');

/** Users opt in to announcements (/langganan) and out (/berhenti); broadcasts reach only them. */
export function createAnnouncementsFeature({
  contacts,
  isStaffGroup,
}: {
  contacts: Pick<ContactsRepo, 'setSubscribed'>;
  /** The staff group is not an audience for announcements. */
  isStaffGroup?: (ctx: DeskContext) => boolean;
}): Feature {
  const subscribe: CommandHandler = (ctx) => {
    if (isStaffGroup?.(ctx)) return [reply(ctx, texts.staff.userCommandInGroup)];
    if (ctx.contact.subscribed) return [reply(ctx, t.alreadySubscribed)];
    contacts.setSubscribed(ctx.contact.id, true);
    return [reply(ctx, t.subscribed)];
  };
  const unsubscribe: CommandHandler = (ctx) => {
    if (!ctx.contact.subscribed) return [reply(ctx, t.notSubscribed)];
    contacts.setSubscribed(ctx.contact.id, false);
    return [reply(ctx, t.unsubscribed)];
  };
  return {
    name: 'announcements',
    commands: { langganan: subscribe, subscribe, berhenti: unsubscribe, unsubscribe, stop: unsubscribe },
    choices: choiceHandler(subscribeChoice, (ctx) => subscribe(ctx, '')),
  };
}

/** The `pengumuman` intent: its answer with a button to subscribe (unless already subscribed). */
export function subscribeIntentAction(ctx: DeskContext, intent: Intent): OutboundMessage[] {
  return [reply(ctx, intent.answer.trim(), ctx.contact.subscribed ? [] : [SUBSCRIBE_CHOICE])];
}
