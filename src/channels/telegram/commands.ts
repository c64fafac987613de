import type { BotCommand } from 'grammy/types';
import { texts } from '../../core/catalogue.js';

const toCommands = (menu: Record<string, string>): BotCommand[] =>
  Object.entries(menu).map(([command, description]) => ({ command, description }));

/** The command menu Telegram shows users (setMyCommands); the desk understands more aliases. */
export const USER_COMMANDS: BotCommand[] = toCommands(texts.commandMenu.user);

/** What staff see in their private chat and in the staff group. */
export const STAFF_COMMANDS: BotCommand[] = [...toCommands(texts.commandMenu.staff), ...USER_COMMANDS];
