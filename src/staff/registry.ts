import type { Config } from '../config.js';
import type { ChannelName, OutboundMessage } from '../core/channel.js';
import type { Contact } from '../core/contact.js';
import type { Logger } from '../core/log.js';
import type { ContactsRepo } from '../store/contacts.js';
import type { StaffRepo } from '../store/staff.js';
import type { StaffMember } from './member.js';

export type { StaffMember };

export interface ChatAddress {
  channel: ChannelName;
  chatId: string;
}

export interface StaffRegistry {
  /** Writes the configured staff to the database: new ones added, removed ones deactivated. */
  sync(now: Date): void;
  /** The active staff member behind a message, if any. WhatsApp staff are matched by phone too. */
  identify(channel: ChannelName, userId: string, contact?: Contact): StaffMember | undefined;
  list(): StaffMember[];
  /** Where staff notices go: the Telegram staff group when configured, else every staff member's private chat. */
  noticeTargets(): ChatAddress[];
  /** Whether the desk serves this channel now (the console only when no platform is configured). */
  channelRunning(channel: ChannelName): boolean;
  /** Whether a chat is the staff group, where the desk never answers small talk. */
  isStaffGroup(channel: ChannelName, chatId: string): boolean;
  /** A message for every admin's private chat, except on `except` (the channel that is failing). */
  adminAlerts(text: string, except?: ChannelName): OutboundMessage[];
}

/** WhatsApp addresses a phone number's private chat by this JID. */
export const whatsappJid = (number: string) => `${number}@s.whatsapp.net`;

export function privateChatOf(member: Pick<StaffMember, 'channel' | 'userId'>): ChatAddress {
  const channel = member.channel;
  return { channel, chatId: channel === 'whatsapp' && /^\d+$/.test(member.userId) ? whatsappJid(member.userId) : member.userId };
}

export interface StaffRegistryDeps {
  staff: StaffRepo;
  /** WhatsApp staff are configured by phone but may write from a LID chat. */
  contacts: Pick<ContactsRepo, 'findByPhone'>;
  transaction: <T>(fn: () => T) => T;
  config: Pick<Config, 'telegram' | 'whatsapp'>;
  /** The channels the desk serves now (config's servedChannels). */
  served: readonly ChannelName[];
  log: Logger;
}

export function createStaffRegistry({ staff, contacts, transaction, config, served, log }: StaffRegistryDeps): StaffRegistry {
  const configured: Array<{ channel: ChannelName; ids: string[]; admins: string[] }> = [
    { channel: 'telegram', ids: config.telegram.staffIds, admins: config.telegram.adminIds },
    { channel: 'whatsapp', ids: config.whatsapp.staffNumbers, admins: config.whatsapp.adminNumbers },
  ];

  // Staff of a channel that is not running cannot be reached: queueing for them would only pile
  // up rows that flood out the day the channel is configured.
  const enabled = new Set<ChannelName>(served);
  const active = () => staff.list().filter((s) => s.active && enabled.has(s.channel));
  // A WhatsApp staff member listed by phone may write from a LID chat: reach them in the chat they
  // use, so their numbered replies and quotes refer to the notices they were sent.
  const chatOf = (m: StaffMember): ChatAddress => {
    const known = m.channel === 'whatsapp' ? contacts.findByPhone('whatsapp', m.userId) : undefined;
    return known ? { channel: 'whatsapp', chatId: known.chatId } : privateChatOf(m);
  };

  return {
    sync(now) {
      transaction(() => {
        for (const { channel, ids, admins } of configured) {
          // Admins are staff too, even when only listed as admins.
          const all = [...new Set([...ids, ...admins])];
          // Without an explicit admin list, the first configured id of the channel supervises.
          const adminSet = new Set(admins.length > 0 ? admins : ids.slice(0, 1));
          for (const id of all) staff.upsert(channel, id, adminSet.has(id) ? 'admin' : 'agent', now);
          const removed = staff.deactivateExcept(channel, all);
          if (removed > 0) log.info({ channel, removed }, 'staff no longer configured were deactivated');
        }
      });
    },
    identify(channel, userId, contact) {
      const direct = staff.find(channel, userId);
      if (direct?.active) return direct;
      // WhatsApp may identify a person by LID; the staff list is by phone number.
      if (contact?.phone) {
        const byPhone = staff.find(channel, contact.phone.replace(/\D/g, ''));
        if (byPhone?.active) return byPhone;
      }
      return undefined;
    },
    list: () => staff.list(),
    noticeTargets() {
      if (enabled.has('telegram') && config.telegram.staffChatId)
        return [{ channel: 'telegram', chatId: config.telegram.staffChatId }];
      return active().map(chatOf);
    },
    channelRunning: (channel) => enabled.has(channel),
    isStaffGroup: (channel, chatId) => channel === 'telegram' && config.telegram.staffChatId === chatId,
    adminAlerts(text, except) {
      return active()
        .filter((s) => s.role === 'admin' && s.channel !== except)
        .map((s) => ({ ...chatOf(s), text }));
    },
  };
}
