import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chatDesk, CHAT_ENV, type ChatDesk } from '../channels/web/support.js';
import { emulatorDesk } from '../e2e/support.js';
import { removeTempDirs } from '../helpers.js';

/**
 * The web chat in a real browser (Playwright driving the Debian chromium, as the microsite's
 * browser test does), with staff on Telegram through the Bot API emulator. Without a browser the
 * tests are skipped, and say so.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) console.log(`SKIPPED: web chat browser tests: no chromium at ${CHROMIUM} (apt-get install chromium)`);

/** Screenshots for a person to look at; outside the repository. */
const SHOTS = process.env.WEB_SCREENSHOT_DIR ?? '/tmp';
const STAFF_ID = 1001;

describe.skipIf(!hasBrowser)('the web chat in chromium', () => {
  const emulator = emulatorDesk();
  let browser: Browser;
  let d: ChatDesk | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    // Two host names on this machine, one site (lpse.test): the LPSE home page and the helpdesk.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--host-resolver-rules=MAP lpse.test 127.0.0.1, MAP helpdesk.lpse.test 127.0.0.1, MAP portal.lain.test 127.0.0.1',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
    await d?.close();
    d = undefined;
    removeTempDirs();
  });

  async function open(width = 360, javaScriptEnabled = true): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${d!.url}/chat`);
    return { page, errors };
  }

  const say = async (page: Page, text: string) => {
    await page.getByRole('textbox', { name: 'Tulis pesan' }).fill(text);
    await page.getByRole('button', { name: 'Kirim' }).click();
  };
  const deskSays = (page: Page, text: string | RegExp) => page.locator('li.msg-out', { hasText: text }).first().waitFor();

  it('answers, opens a ticket, shows a staff reply from Telegram without a reload, keeps the history, and shows a second browser nothing', async () => {
    d = await chatDesk(CHAT_ENV, {}, emulator.apiRoot());
    const staff = emulator.person({ id: STAFF_ID, name: 'Sari' });
    const { page, errors } = await open();

    await say(page, 'lupa pasword');
    await deskSays(page, 'akun.inaproc.id');
    expect(await page.getByRole('textbox', { name: 'Tulis pesan' }).inputValue()).toBe('');
    await page.getByRole('button', { name: 'Ya, membantu' }).click();
    await deskSays(page, /Terima kasih/);
    // Answered: that message's buttons are off, as a pressed Telegram menu disappears.
    expect(await page.getByRole('button', { name: /Belum membantu/ }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /Ya, membantu/ }).isDisabled()).toBe(true);

    await say(page, '/tiket tidak bisa login ke akun spse sejak kemarin');
    await deskSays(page, /#1/);
    const [notice] = await staff.receive(1);
    expect(notice!.message.text).toContain('Tiket baru #1');
    expect(notice!.message.text).toContain('(Web)');

    const before = await page.locator('li.msg').count();
    await staff.say('/balas 1 Silakan coba reset lewat akun.inaproc.id, lalu kabari kami');
    // The reply reaches the open page by itself: no reload, no typing.
    await deskSays(page, 'Silakan coba reset lewat akun.inaproc.id');
    expect(await page.locator('li.msg').count()).toBeGreaterThan(before);
    await page.screenshot({ path: join(SHOTS, 'web-chat-360.png'), fullPage: true });

    const texts = await page.locator('li.msg').allTextContents();
    await page.reload();
    expect(await page.locator('li.msg').allTextContents()).toEqual(texts);

    const other = await open(1024);
    expect(await other.page.locator('li.msg').count()).toBe(0);
    expect(await other.page.content()).not.toContain('tidak bisa login');
    await other.page.screenshot({ path: join(SHOTS, 'web-chat-empty-1024.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('shows what a person types exactly as typed, markup and all', async () => {
    d = await chatDesk();
    const { page, errors } = await open();
    await say(page, '<b>tebal?</b> **bukan** <img src=x onerror="document.title=1">');
    const mine = page.locator('li.msg-in .body').first();
    await mine.waitFor();
    expect(await mine.textContent()).toBe('<b>tebal?</b> **bukan** <img src=x onerror="document.title=1">');
    expect(await page.locator('li.msg-in img, li.msg-in b').count()).toBe(0);
    expect(await page.title()).not.toBe('1');
    expect(errors).toEqual([]);
  });

  it('works without JavaScript: a message is sent and answered, and the contact form saves and says so', async () => {
    // The page's own form posts must pass its origin check (a no-referrer policy made Chromium send `Origin: null`).
    d = await chatDesk();
    const { page } = await open(390, false);
    await say(page, 'lupa pasword');
    await deskSays(page, 'akun.inaproc.id');
    // Back at what was sent, with the answer under it, not at the message box below the answer.
    expect(new URL(page.url()).hash).toMatch(/^#m-\d+$/);

    await page.getByText('Data kontak untuk petugas').click();
    await page.getByLabel('Nama').fill('Budi');
    await page.getByLabel('E-mail').fill('budi@contoh.co.id');
    await page.getByRole('button', { name: 'Simpan data kontak' }).click();
    await page.getByRole('alert').filter({ hasText: 'data kontak Anda sudah disimpan' }).waitFor();
    expect(await page.getByRole('alert').isVisible()).toBe(true);
    expect(await page.getByLabel('E-mail').inputValue()).toBe('budi@contoh.co.id');
  });

  it('without JavaScript, a refused message comes back with the notice and the typed text still in the box', async () => {
    d = await chatDesk(CHAT_ENV, { maxChars: 60 });
    const { page } = await open(360, false);
    const typed = 'Akun penyedia PT Maju Jaya terkunci sejak kemarin setelah salah password tiga kali.';
    await say(page, typed);
    await page.getByRole('alert').filter({ hasText: 'pesan terlalu panjang' }).waitFor();
    const box = page.getByRole('textbox', { name: 'Tulis pesan' });
    expect(await box.inputValue()).toBe(typed);
    // The box has the focus, so the notice above it is in view and the person can shorten the text at once.
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator('li.msg').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'retention-nojs-refused-360.png'), fullPage: false });

    // Shortened and sent again: the usual way back to the page, at what was sent.
    await box.fill('Akun penyedia saya terkunci');
    await page.getByRole('button', { name: 'Kirim' }).click();
    await deskSays(page, /./);
    expect(new URL(page.url()).pathname).toBe('/chat');
    expect(new URL(page.url()).hash).toMatch(/^#m-\d+$/);
    expect(await page.getByRole('textbox', { name: 'Tulis pesan' }).inputValue()).toBe('');
  });

  it('saves the contact form in place, so a message half typed in the box stays', async () => {
    d = await chatDesk();
    const { page, errors } = await open();
    const box = page.getByRole('textbox', { name: 'Tulis pesan' });
    // The second stop of the keyboard is a skip link straight to the box, however long the conversation.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Langsung ke kotak pesan');
    await page.keyboard.press('Enter');
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    await box.fill('setengah diketik');
    await page.getByText('Data kontak untuk petugas').click();
    await page.getByRole('textbox', { name: 'Nama' }).fill('Rina Kartika');
    await page.getByRole('textbox', { name: 'E-mail' }).fill('rina@cv-maju.co.id');
    await page.getByRole('button', { name: 'Simpan data kontak' }).click();
    await page.locator('#kontak-status', { hasText: 'sudah disimpan' }).waitFor();
    expect(await box.inputValue()).toBe('setengah diketik');
    const saved = d.app.store.handle.sqlite.prepare("select display_name, email from contacts where channel = 'web'").get();
    expect(saved).toEqual({ display_name: 'Rina Kartika', email: 'rina@cv-maju.co.id' });
    expect(errors).toEqual([]);
  });

  it('keeps a text that is too long in the box and says so, rather than cutting it', async () => {
    d = await chatDesk();
    const { page, errors } = await open();
    const long = 'kendala upload dokumen penawaran. '.repeat(80);
    await say(page, long);
    await page.getByRole('status').filter({ hasText: 'pesan terlalu panjang' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Tulis pesan' }).inputValue()).toBe(long);
    expect(await page.locator('li.msg').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('opens from the widget on the LPSE home page in a frame, where the chat works as on its own page', async () => {
    // The LPSE home page, another host of the same site, with the one script tag the LPSE admin adds.
    let home: Server | undefined;
    const homePort = await new Promise<number>((resolve) => {
      home = createServer((_req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(
          `<!doctype html><html lang="id"><head><title>LPSE</title></head><body><h1>LPSE Kalteng</h1>` +
            `<script src="http://helpdesk.lpse.test:${new URL(d!.url).port}/chat/widget.js" defer></script></body></html>`,
        );
      }).listen(0, '127.0.0.1', () => resolve((home!.address() as AddressInfo).port));
    });
    try {
      d = await chatDesk({ ...CHAT_ENV, WEB_CHAT_EMBED_ORIGINS: `http://lpse.test:${homePort}` });
      const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`http://lpse.test:${homePort}/`);
      await page.getByRole('button', { name: 'Tanya helpdesk' }).click();
      const chat = page.frameLocator('iframe[title="Obrolan dengan helpdesk"]');
      await chat.getByRole('textbox', { name: 'Tulis pesan' }).fill('lupa pasword');
      await chat.getByRole('button', { name: 'Kirim' }).click();
      await chat.locator('li.msg-out', { hasText: 'akun.inaproc.id' }).first().waitFor();
      await page.screenshot({ path: join(SHOTS, 'web-chat-widget.png') });
      expect(await page.getByRole('button', { name: 'Tutup obrolan' }).getAttribute('aria-expanded')).toBe('true');
      // In the small frame the chat comes without the site's header and footer.
      expect(await chat.locator('header.site').count()).toBe(0);
      // Escape in the chat closes the frame and puts the keyboard back on the button.
      await chat.getByRole('textbox', { name: 'Tulis pesan' }).press('Escape');
      const opener = page.getByRole('button', { name: 'Tanya helpdesk' });
      await opener.waitFor();
      expect(await opener.getAttribute('aria-expanded')).toBe('false');
      expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await new Promise((r) => home?.close(r));
    }
  });
  it('on a page of another site, opens the chat in a tab, and a frame that cannot keep the session offers one', async () => {
    let home: Server | undefined;
    let deskPort = 0;
    const homePort = await new Promise<number>((resolve) => {
      home = createServer((_req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(
          `<!doctype html><html lang="id"><head><title>Portal</title></head><body><h1>Portal lain</h1>` +
            `<script src="http://helpdesk.lpse.test:${deskPort}/chat/widget.js" defer></script></body></html>`,
        );
      }).listen(0, '127.0.0.1', () => resolve((home!.address() as AddressInfo).port));
    });
    const origin = `http://portal.lain.test:${homePort}`;
    try {
      // With the public address known, the widget on another site opens a tab, where the chat works.
      d = await chatDesk({ ...CHAT_ENV, WEB_CHAT_EMBED_ORIGINS: origin, WEB_PUBLIC_URL: 'http://helpdesk.lpse.test' });
      deskPort = Number(new URL(d.url).port);
      const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      const [tab] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Tanya helpdesk' }).click()]);
      await tab.getByRole('textbox', { name: 'Tulis pesan' }).fill('lupa pasword');
      await tab.getByRole('button', { name: 'Kirim' }).click();
      await tab.locator('li.msg-out', { hasText: 'akun.inaproc.id' }).first().waitFor();
      await d.close();

      // Without it the page is framed; the browser keeps no cookie there, and the frame says so with a way out.
      d = await chatDesk({ ...CHAT_ENV, WEB_CHAT_EMBED_ORIGINS: origin });
      deskPort = Number(new URL(d.url).port);
      const framed = await context.newPage();
      await framed.goto(`${origin}/`);
      await framed.getByRole('button', { name: 'Tanya helpdesk' }).click();
      const chat = framed.frameLocator('iframe[title="Obrolan dengan helpdesk"]');
      await chat.getByRole('textbox', { name: 'Tulis pesan' }).fill('lupa pasword');
      await chat.getByRole('button', { name: 'Kirim' }).click();
      const way = chat.getByRole('link', { name: 'Buka obrolan di tab baru' });
      await way.waitFor();
      expect(await way.getAttribute('target')).toBe('_blank');
      expect(await chat.getByRole('status').textContent()).toContain('tab baru');
      await framed.screenshot({ path: join(SHOTS, 'web-chat-widget-cross-site.png') });
    } finally {
      await new Promise((r) => home?.close(r));
    }
  });
});
