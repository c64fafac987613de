import type { ChannelName } from '../core/channel.js';

export const STAFF_ROLES = ['agent', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A configured staff member; `userId` is the Telegram user id or the WhatsApp phone number. */
export interface StaffMember {
  id: number;
  channel: ChannelName;
  userId: string;
  role: StaffRole;
  displayName: string | null;
  active: boolean;
  createdAt: Date;
}
