import { unescapeMarkup } from '../../src/core/text.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { createApp } from '../../src/app.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/logger.js';
import { createHarness, tempDbPath, tempDir, testConfig, cliIo } from '../helpers.js';
import { openTicket, VENDOR, WEB_ENV } from './support.js';

const io = cliIo;

const filesIn = (dir: string, prefix = ''): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesIn(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );

describe('site build DIR (static export)', () => {
  it('writes the public pages as static files, never ticket pages or searches', async () => {
    const db = tempDbPath();
    const h = await createHarness(WEB_ENV, undefined, db);
    openTicket(h);
    h.close();
    const dir = tempDir();
    const run = io({ ...WEB_ENV, DATABASE_PATH: db });
    expect(await runCli(['site', 'build', dir], run.io)).toBe(0);
    const files = filesIn(dir);
    expect(files).toEqual(
      expect.arrayContaining([
        'index.html',
        'faq/index.html',
        'faq/lupa-password/index.html',
        'pengumuman/index.html',
        'transparansi/index.html',
        'feed.xml',
        'sitemap.xml',
        'robots.txt',
      ]),
    );
    expect(files.some((f) => f.startsWith('tiket') || f.startsWith('cari'))).toBe(false);
    expect(files.some((f) => /^assets\/site-[0-9a-f]+\.css$/.test(f))).toBe(true);
    const faq = readFileSync(join(dir, 'faq/lupa-password/index.html'), 'utf8');
    expect(faq).toContain('<h1>Lupa password akun SPSE/INAPROC</h1>');
    // The bureau's server has no /cari: the search goes to the live desk, without the live script.
    const home = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(home).toContain(`action="${WEB_ENV.WEB_PUBLIC_URL}/cari"`);
    expect(home).not.toContain('data-live');
    expect(home).not.toContain('<script');
    expect(run.out()).toMatch(/^\d+ files written to /);
  });

  it('leaves the search box out when the live desk has no public address', async () => {
    const dir = tempDir();
    expect(await runCli(['site', 'build', dir], io({ DATABASE_PATH: tempDbPath() }).io)).toBe(0);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).not.toContain('<form');
    expect(existsSync(join(dir, 'faq/index.html'))).toBe(true);
  });

  it('explains its usage when the folder is missing', async () => {
    const run = io({ DATABASE_PATH: tempDbPath() });
    expect(await runCli(['site', 'build'], run.io)).toBe(2);
    expect(run.err()).toContain('site build DIR');
  });
});

describe('site revoke N', () => {
  it("revokes a ticket's tracking links; the next /status N gives a new one", async () => {
    const db = tempDbPath();
    const h = await createHarness(WEB_ENV, undefined, db);
    const { id, path } = openTicket(h);
    const token = path!.split('/').pop()!;
    expect(h.app.store.ticketTokens.ticketOf(token)).toBe(id);
    h.close();
    const run = io({ ...WEB_ENV, DATABASE_PATH: db });
    expect(await runCli(['site', 'revoke', String(id)], run.io)).toBe(0);
    expect(run.out()).toBe(`Ticket #${id}: 1 tracking link(s) revoked\n`);
    const app = createApp({ config: testConfig({ ...WEB_ENV, DATABASE_PATH: db }), clock: systemClock, log: silentLogger });
    try {
      expect(app.store.ticketTokens.ticketOf(token)).toBeUndefined();
    } finally {
      app.close();
    }
    const again = await createHarness(WEB_ENV, undefined, db);
    const status = unescapeMarkup(
      again
        .say(`/status ${id}`, VENDOR)
        .map((r) => r.text)
        .join(),
    );
    again.close();
    expect(status).toMatch(/\/tiket\/[A-Za-z0-9_-]{43}/);
    expect(status).not.toContain(token);
  });

  it('says so for a ticket that does not exist', async () => {
    const run = io({ DATABASE_PATH: tempDbPath() });
    expect(await runCli(['site', 'revoke', '999'], run.io)).toBe(1);
    expect(run.err()).toContain('No ticket #999');
  });
});
