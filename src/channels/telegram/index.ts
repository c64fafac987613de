/** The Telegram channel (grammY). main.ts loads it only when TELEGRAM_BOT_TOKEN is set. */
export { createTelegramAdapter, type TelegramAdapterOptions } from './adapter.js';
