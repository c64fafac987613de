import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { siteOf } from '../../src/web/index.js';
import { startWebServer, type RunningWebServer } from '../../src/web/server.js';
import { createHarness, type Harness } from '../helpers.js';
import { announce, openTicket, STAFF, WEB_ENV } from './support.js';

/**
 * The microsite in a real browser: Playwright (playwright-core, no browser download) driving the
 * Debian chromium. Without one (a laptop without chromium) the tests are skipped, and say so.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasBrowser = existsSync(CHROMIUM);
if (!hasBrowser) console.log(`SKIPPED: microsite browser tests: no chromium at ${CHROMIUM} (apt-get install chromium)`);

/** Screenshots for a person to look at; outside the repository. */
const SHOTS = process.env.WEB_SCREENSHOT_DIR ?? '/tmp';

/**
 * Text on the page whose contrast with its background is below WCAG AA (4.5:1; 3:1 for large
 * text), as the browser computes the colours: the background is the nearest ancestor's that is set.
 */
function lowContrast(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0)) return c;
      }
      return [255, 255, 255];
    };
    const bad: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || !n.textContent?.trim() || el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      const [l1, l2] = [lum(rgb(style.color)), lum(background(el))].sort((a, b) => b - a);
      const ratio = (l1! + 0.05) / (l2! + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) bad.push(`${n.textContent.trim().slice(0, 30)}: ${ratio.toFixed(2)}`);
    }
    return bad;
  });
}

describe.skipIf(!hasBrowser)('the microsite in chromium', () => {
  let browser: Browser;
  let h: Harness;
  let server: RunningWebServer;
  const pages: Page[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.context().close();
    await server?.close();
    h?.close();
  });

  /** A fresh desk and its site on a free port; a fresh browser context whose console errors are collected. */
  async function start(width = 360): Promise<{ page: Page; errors: string[]; url: (path: string) => string }> {
    h = await createHarness(WEB_ENV);
    server = await startWebServer({ site: siteOf(h.app, h.clock, silentLogger), log: silentLogger, host: '127.0.0.1', port: 0 });
    const context = await browser.newContext({ viewport: { width, height: 740 } });
    const page = await context.newPage();
    pages.push(page);
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    return { page, errors, url: (path) => server.url + path };
  }

  /** The tracking link from the chat, on this test server instead of the public address. */
  const local = (path: string | undefined) => {
    expect(path).toMatch(/^\/tiket\//);
    return server.url + path!;
  };

  it('finds the password answer for a search with a typo, submitted without JavaScript help', async () => {
    const { page, url } = await start();
    await page.goto(url('/'));
    await page.getByLabel('Cari jawaban').fill('lupa pasword');
    await page.getByRole('button', { name: 'Cari' }).click();
    await page.waitForURL(/\/cari\?q=lupa\+pasword/);
    const first = page.locator('ul.results a').first();
    await expect.poll(() => first.textContent()).toBe('Lupa password akun SPSE/INAPROC');
    await first.click();
    await page.waitForURL(/\/faq\/lupa-password$/);
    expect(await page.locator('h1').textContent()).toBe('Lupa password akun SPSE/INAPROC');
  });

  it('shows the answers while typing (search as you type), from the static script', async () => {
    const { page, errors, url } = await start();
    await page.goto(url('/'));
    await page.getByLabel('Cari jawaban').pressSequentially('lupa pasword', { delay: 20 });
    const first = page.locator('#hasil ul.results a').first();
    await first.waitFor();
    expect(await first.textContent()).toBe('Lupa password akun SPSE/INAPROC');
    expect(page.url()).toBe(url('/'));
    expect(errors).toEqual([]);
    // Typing is not a question asked: nothing is recorded as an FAQ gap.
    await page.getByLabel('Cari jawaban').fill('harga cabai minggu ini');
    await page.getByLabel('Cari jawaban').press('End');
    await page.getByText('Belum ada jawaban yang cocok').waitFor();
    expect(h.app.store.faq.recentUnmatched(5)).toEqual([]);
  });

  it('says on an FAQ page plainly whose responsibility the topic is', async () => {
    const { page, url } = await start();
    await page.goto(url('/faq/e-purchasing'));
    const owner = page.locator('p.owner');
    expect(await owner.isVisible()).toBe(true);
    expect(await owner.textContent()).toMatch(/^Ini kewenangan LKPP/);
    expect(await page.getByRole('link', { name: 'Tanya lewat Telegram' }).getAttribute('href')).toBe(WEB_ENV.WEB_TELEGRAM_URL);
  });

  it('shows on the ticket page a staff reply sent in the chat, and never an internal note', async () => {
    const { page, errors } = await start();
    const { id, path } = openTicket(h);
    await page.goto(local(path));
    expect(await page.locator('h1').textContent()).toBe(`Tiket #${id}`);
    expect(await page.getByText('Mohon kirim screenshot halaman login').count()).toBe(0);
    h.say(`/catatan ${id} rahasia: pelapor pernah salah kirim dokumen`, STAFF);
    h.say(`/balas ${id} Mohon kirim screenshot halaman login`, STAFF);
    await page.reload();
    expect(await page.getByText('Mohon kirim screenshot halaman login').isVisible()).toBe(true);
    expect(await page.getByText('Balasan petugas helpdesk').isVisible()).toBe(true);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain('rahasia');
    expect(text).not.toContain(STAFF.displayName);
    expect(errors).toEqual([]);
  });

  it('keeps a <script> in a ticket text as text: shown, never run', async () => {
    const { page, errors } = await start();
    const { path } = openTicket(h, '/tiket <script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> login gagal');
    await page.goto(local(path));
    const description = page.locator('section[aria-labelledby="uraian"] p.text');
    expect(await description.textContent()).toBe(
      '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> login gagal',
    );
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('loads every page without a console error, readable at 360 px without sideways scrolling, its text in AA contrast', async () => {
    const { page, errors, url } = await start();
    announce(h, 'Pemeliharaan server SPSE hari Sabtu pukul 08.00–12.00 WIB');
    const { id, path } = openTicket(h);
    h.say(`/balas ${id} Sedang kami periksa, mohon ditunggu`, STAFF);
    const paths = [
      '/',
      '/faq',
      '/faq/lupa-password',
      '/faq/spse-tidak-bisa-diakses',
      '/cari?q=jadwal+tender',
      '/cari?q=zzzz',
      '/pengumuman',
      '/transparansi',
      path!,
    ];
    for (const p of paths) {
      await page.goto(p.startsWith('/tiket/') ? local(p) : url(p));
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(wide, p).toBeLessThanOrEqual(360);
      expect(await page.locator('html').getAttribute('lang')).toBe('id');
      expect(await lowContrast(page), p).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.goto(url('/'));
    await page.screenshot({ path: `${SHOTS}/microsite-home-360.png`, fullPage: true });
    await page.goto(local(path));
    await page.screenshot({ path: `${SHOTS}/microsite-ticket-360.png`, fullPage: true });
    expect(existsSync(`${SHOTS}/microsite-home-360.png`)).toBe(true);
  });

  it('moves the keyboard to the content with the skip link', async () => {
    const { page, url } = await start();
    await page.goto(url('/faq'));
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Langsung ke isi halaman' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/#isi$/);
  });
});
