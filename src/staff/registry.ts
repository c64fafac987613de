import type { Config } from '../config.js';
import type { ChannelName, OutboundMessage } from '../core/channel.js';
import type { Contact } from '../core/contact.js';
import type { Logger } from '../core/log.js';
import type { ContactsRepo } from '../store/contacts.js';
import type { DeskStateRepo } from '../store/desk-state.js';
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
  /**
   * Where staff notices go: the Telegram staff group when configured (at the id Telegram moved it
   * to, if it did) and not refusing the bot, else every staff member's private chat.
   */
  noticeTargets(): ChatAddress[];
  /** Whether the desk serves this channel now (the console only when no platform is configured). */
  channelRunning(channel: ChannelName): boolean;
  /** Whether a chat is the staff group (its configured id or the one it moved to), where the desk never answers small talk. */
  isStaffGroup(channel: ChannelName, chatId: string): boolean;
  /** The Telegram staff group's id now: TELEGRAM_STAFF_CHAT_ID, or the supergroup Telegram moved it to. */
  staffGroupId(): string | undefined;
  /**
   * Telegram moved the staff group to `to` (upgraded to a supergroup): kept, since the configured
   * variable cannot be rewritten; notices follow it. True when this is news (tell the admins once).
   */
  staffGroupMoved(to: string, now: Date): boolean;
  /** The staff group refuses the bot: its notices go to staff private chats from now on. True when news. */
  staffGroupRefused(chatId: string, reason: string, now: Date): boolean;
  /** A message came from the staff group: it takes the bot again, notices go back to it. True when news. */
  staffGroupBack(chatId: string): boolean;
  /** A message for every admin's private chat, except on `except` (the channel that is failing). */
  adminAlerts(text: string, except?: ChannelName): OutboundMessage[];
  /** Where to reach one staff member privately, or undefined when they are inactive or their channel is not served. */
  privateChat(member: StaffMember): ChatAddress | undefined;
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
  /** Where what the desk learnt about the staff group (its new id, a refusal) is kept across restarts. */
  state: DeskStateRepo;
  config: Pick<Config, 'telegram' | 'whatsapp'>;
  /** The channels the desk serves now (config's servedChannels). */
  served: readonly ChannelName[];
  log: Logger;
}

export function createStaffRegistry({
  staff,
  contacts,
  transaction,
  state,
  config,
  served,
  log,
}: StaffRegistryDeps): StaffRegistry {
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

  // Keyed by the configured id: once the operator sets the variable to the new id, the old move is moot.
  const configuredGroup = config.telegram.staffChatId;
  const movedKey = configuredGroup ? `telegram.staffGroup.movedTo:${configuredGroup}` : undefined;
  const refusedKey = (chatId: string) => `telegram.staffGroup.refused:${chatId}`;
  const groupId = () => (movedKey ? (state.get(movedKey) ?? configuredGroup) : undefined);

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
      const group = groupId();
      if (enabled.has('telegram') && group && state.get(refusedKey(group)) === undefined)
        return [{ channel: 'telegram', chatId: group }];
      return active().map(chatOf);
    },
    channelRunning: (channel) => enabled.has(channel),
    isStaffGroup: (channel, chatId) =>
      channel === 'telegram' && configuredGroup !== undefined && (chatId === configuredGroup || chatId === groupId()),
    staffGroupId: groupId,
    staffGroupMoved(to, now) {
      if (!movedKey || groupId() === to) return false;
      state.set(movedKey, to, now);
      return true;
    },
    staffGroupRefused(chatId, reason, now) {
      if (state.get(refusedKey(chatId)) !== undefined) return false;
      state.set(refusedKey(chatId), reason, now);
      return true;
    },
    staffGroupBack(chatId) {
      if (state.get(refusedKey(chatId)) === undefined) return false;
      state.remove(refusedKey(chatId));
      return true;
    },
    adminAlerts(text, except) {
      return active()
        .filter((s) => s.role === 'admin' && s.channel !== except)
        .map((s) => ({ ...chatOf(s), text }));
    },
    privateChat: (member) => (member.active && enabled.has(member.channel) ? chatOf(member) : undefined),
  };
}
