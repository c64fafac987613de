import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/channels/console/render.js';
import { renderOutbound } from '../../src/channels/telegram/render.js';
import { renderWhatsApp } from '../../src/channels/whatsapp/render.js';
import { texts } from '../../src/core/catalogue.js';
import { escapeMarkup, unescapeMarkup } from '../../src/core/text.js';
import { rowToOutbound } from '../../src/store/outbox.js';
import { createHarness } from '../helpers.js';

const STAFF = { channel: 'telegram' as const, chatId: '1001', userId: '1001', displayName: 'Sari' };
const VENDOR = { channel: 'telegram' as const, chatId: '2002', userId: '2002', displayName: '__Budi__' };
const ENV = { STAFF_TELEGRAM_IDS: '1001', TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12' };
const telegram = (text: string) => renderOutbound({ text }).parts.join('\n');

describe('user text in desk messages', () => {
  it('echoes an unknown command such as /__proto__ as typed, not in bold', async () => {
    const h = await createHarness(ENV);
    const [row] = h.say('/__proto__', VENDOR);
    const msg = rowToOutbound(row!);
    expect(telegram(msg.text)).toContain('/__proto__');
    expect(telegram(msg.text)).not.toMatch(/<[bi]>/);
    expect(renderWhatsApp(msg)).toContain('/__proto__');
    expect(renderConsole(msg)).toContain('/__proto__');
    h.close();
  });

  it('shows a user’s **stars** and _underscores_ literally on Telegram, WhatsApp and the console', async () => {
    const h = await createHarness(ENV);
    const rows = h.say('/tiket **PENTING** _segera_ upload ~~gagal~~ di file_name_v2.pdf', VENDOR);
    const notice = rows.find((r) => r.chatId === STAFF.chatId)!;
    const msg = rowToOutbound(notice);
    const html = telegram(msg.text);
    expect(html).toContain('**PENTING** _segera_ upload ~~gagal~~ di file_name_v2.pdf');
    expect(html).toContain('Dari: __Budi__');
    // The desk's own emphasis in the same message still renders: none here, so no tag at all.
    expect(html).not.toMatch(/<[bi]>/);
    expect(renderWhatsApp(msg)).toContain('**PENTING** _segera_ upload ~~gagal~~ di file_name_v2.pdf');
    expect(renderConsole(msg)).toContain('**PENTING** _segera_ upload ~~gagal~~');
    h.close();
  });

  it('keeps the desk’s own Markdown, also around a user’s value', () => {
    const text = texts.links.code('AB_12', 10);
    expect(telegram(text)).toContain('<b>AB_12</b>');
    expect(renderWhatsApp({ text })).toContain('*AB_12*');
    expect(renderConsole({ text })).toContain('Kode tautan Anda: AB_12');
  });

  it('keeps an FAQ answer’s Markdown when staff send it as a reply', async () => {
    const h = await createHarness(ENV);
    const rows = h.say('/tiket cari panduan spse', VENDOR);
    const id = Number(/#(\d+)/.exec(rows.map((r) => r.text).join())?.[1]);
    const toUser = h.say(`/balas ${id} @panduan`, STAFF).find((r) => r.chatId === VENDOR.chatId)!;
    expect(telegram(toUser.text)).toContain('<b>Tanya langsung di sini</b>');
    h.close();
  });

  it('escapes a value once however many texts it passes through', () => {
    const summary = texts.tickets.summary({ category: 'Lainnya', description: 'a_b *c*', files: 0 });
    const confirm = texts.tickets.confirm(summary);
    expect(renderConsole({ text: confirm })).toContain('Uraian: a_b *c*');
    expect(escapeMarkup(escapeMarkup('x_y*z~'))).toBe(escapeMarkup('x_y*z~'));
    expect(unescapeMarkup(escapeMarkup('x_y*z~'))).toBe('x_y*z~');
  });

  it('leaves a user’s link working on Telegram', () => {
    const text = texts.staff.noticeOffline({
      user: 'u',
      channel: 'Telegram',
      at: 'kemarin',
      text: 'lihat https://x.id/a_b_c',
      files: 0,
    });
    expect(telegram(text)).toContain('https://x.id/a_b_c');
  });
});
