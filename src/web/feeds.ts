import { Feed } from 'feed';
import { texts } from '../core/catalogue.js';
import { formatDateTime } from '../core/time.js';
import type { Announcement } from '../store/announcements.js';

const w = texts.web;

/** /feed.xml: the announcements as Atom. `base` is the site's absolute address. */
export function atomFeed(base: string, items: Announcement[], timeZone: string): string {
  const feed = new Feed({
    id: `${base}/pengumuman`,
    title: w.feedTitle,
    link: `${base}/pengumuman`,
    language: 'id',
    updated: items[0]?.createdAt ?? new Date(0),
    generator: false,
    feedLinks: { atom: `${base}/feed.xml` },
    copyright: w.siteName,
  });
  for (const a of items) {
    feed.addItem({
      title: w.feedEntryTitle(formatDateTime(a.createdAt, timeZone)),
      id: `${base}/pengumuman#pengumuman-${a.id}`,
      link: `${base}/pengumuman#pengumuman-${a.id}`,
      date: a.createdAt,
      content: a.text,
    });
  }
  return feed.atom1();
}

const xmlEscape = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** /sitemap.xml: the public pages (never ticket pages or searches). */
export function sitemap(base: string, pages: Array<{ path: string; updated?: string }>): string {
  const urls = pages
    .map(
      (p) =>
        `  <url><loc>${xmlEscape(base + p.path)}</loc>${p.updated ? `<lastmod>${xmlEscape(p.updated)}</lastmod>` : ''}</url>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}

/** /robots.txt: everything public may be indexed, searches and ticket pages not. */
export function robots(base: string): string {
  return `User-agent: *\nDisallow: /cari\nDisallow: /tiket/\nSitemap: ${base}/sitemap.xml\n`;
}
