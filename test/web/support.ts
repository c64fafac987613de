import type { FastifyInstance } from 'fastify';
import { unescapeMarkup } from '../../src/core/text.js';
import { createHarness, type Harness, type OutboundRow } from '../helpers.js';
import { silentLogger } from '../../src/logger.js';
import { buildWebServer, type WebServerOptions } from '../../src/web/server.js';
import { siteOf } from '../../src/web/index.js';

export const STAFF = { channel: 'telegram' as const, chatId: '1001', userId: '1001', displayName: 'Sari Wulandari' };
export const VENDOR = { channel: 'console' as const, chatId: 'v-4711', userId: 'v-4711', displayName: 'Budi Santoso' };
export const READER = { channel: 'telegram' as const, chatId: '3001', userId: '3001' };
export const PUBLIC_URL = 'https://helpdesk.example.go.id';
export const WEB_ENV = {
  STAFF_TELEGRAM_IDS: '1001',
  TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12',
  WEB_PUBLIC_URL: PUBLIC_URL,
  WEB_TELEGRAM_URL: 'https://t.me/pbj_kalteng_bot',
  WEB_WHATSAPP_URL: 'https://wa.me/6281234567890',
};

export interface WebHarness {
  h: Harness;
  web: FastifyInstance;
  close(): Promise<void>;
}

/** A desk on the test content (manual clock, in memory) with its microsite, asked in process. */
export async function webHarness(
  env: Record<string, string> = WEB_ENV,
  opts: Partial<Pick<WebServerOptions, 'rateLimit'>> = {},
): Promise<WebHarness> {
  const h = await createHarness(env);
  const web = await buildWebServer({ site: siteOf(h.app, h.clock, silentLogger), log: silentLogger, ...opts });
  return {
    h,
    web,
    async close() {
      await web.close();
      h.close();
    },
  };
}

/** Opens a ticket as the vendor; returns its number and the tracking path given in the confirmation. */
/**
 * An admin's /siaran, confirmed with "Kirim" as the preview asks. With nobody subscribed the
 * preview says so and nothing is sent, so a reader subscribes first.
 */
export function announce(h: Harness, text: string): void {
  h.say('/langganan', READER);
  h.say(`/siaran ${text}`, STAFF);
  h.say('', { ...STAFF, choice: 'siaran:kirim' });
}

export function openTicket(
  h: Harness,
  text = '/tiket tidak bisa login ke akun spse',
): { id: number; path: string | undefined; rows: OutboundRow[] } {
  const rows = h.say(text, VENDOR);
  // As a chat shows it: user values (and so a link with `_`) are stored with markup stand-ins.
  const all = unescapeMarkup(rows.map((r) => r.text).join('\n'));
  const id = Number(/Tiket #(\d+) telah dibuat/.exec(all)?.[1]);
  const link = /https:\/\/helpdesk\.example\.go\.id(\/tiket\/[A-Za-z0-9_-]+)/.exec(all)?.[1];
  return { id, path: link, rows };
}

/** The levels of a page's headings in document order: [1, 2, 2, 3, …]. */
export const headingLevels = (html: string) => [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));

/** Headings start at one h1 and never skip a level going down. */
export function headingsInOrder(html: string): boolean {
  const levels = headingLevels(html);
  if (levels[0] !== 1 || levels.filter((l) => l === 1).length !== 1) return false;
  return levels.every((l, i) => i === 0 || l <= levels[i - 1]! + 1);
}
