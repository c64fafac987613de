import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from '../core/log.js';
import { SCRIPT_PATH, STYLE_PATH } from './assets.js';
import { buildWebServer, publicPaths } from './server.js';
import type { Site } from './site.js';

/** Where a path is written: `/faq/x` → `faq/x/index.html`, files keep their names. */
function fileFor(path: string): string {
  if (/\.[a-z]+$/.test(path)) return path.slice(1);
  return join(path.slice(1), 'index.html');
}

/**
 * Writes the public pages (never ticket pages or searches) into `dir` as static files, for the
 * bureau's own web server: each page rendered by the same server, asked in process (no port).
 * Returns the files written, relative to `dir`.
 */
export async function exportSite(site: Site, dir: string, log: Logger): Promise<string[]> {
  const app = await buildWebServer({ site, log, exported: true });
  const written: string[] = [];
  try {
    const paths = [...publicPaths(site).map((p) => p.path), '/feed.xml', '/sitemap.xml', '/robots.txt', STYLE_PATH, SCRIPT_PATH];
    for (const path of paths) {
      const res = await app.inject({ method: 'GET', url: path, headers: { host: 'localhost' } });
      if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}`);
      const file = fileFor(path);
      const target = resolve(dir, file);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, res.rawPayload);
      written.push(file);
    }
  } finally {
    await app.close();
  }
  return written;
}
