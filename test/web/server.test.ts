import { seedSurvey } from '../reports/fixture.js';
import { periodReport } from '../../src/survey/service.js';
import { afterEach, describe, expect, it } from 'vitest';
import { unescapeMarkup } from '../../src/core/text.js';
import { texts } from '../../src/core/catalogue.js';
import { answerHtml } from '../../src/web/markdown.js';
import {
  announce,
  headingsInOrder,
  openTicket,
  PUBLIC_URL,
  STAFF,
  VENDOR,
  WEB_ENV,
  webHarness,
  type WebHarness,
} from './support.js';

const w = texts.web;
const open: WebHarness[] = [];
afterEach(async () => {
  for (const x of open.splice(0)) await x.close();
});
async function site(...args: Parameters<typeof webHarness>) {
  const x = await webHarness(...args);
  open.push(x);
  return x;
}

const PUBLIC_PAGES = [
  '/',
  '/faq',
  '/faq/lupa-password',
  '/faq/spse-tidak-bisa-diakses',
  '/pengumuman',
  '/transparansi',
  '/cari?q=lupa+pasword',
];

const unmatchedRows = (x: WebHarness) =>
  x.h.app.store.handle.sqlite.prepare('select channel, question, contact_id as contactId from unmatched_questions').all();

describe('the microsite pages', () => {
  it.each(PUBLIC_PAGES)(
    'serves %s in Indonesian with a skip link, headings in order, a CSP without inline scripts and no cookie',
    async (path) => {
      const { web } = await site();
      const res = await web.inject(path);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
      expect(res.body).toMatch(/^<!doctype html><html lang="id">/);
      expect(res.body).toContain(`<a class="skip" href="#isi">${w.skipLink}</a>`);
      expect(res.body).toContain('<main id="isi"');
      expect(res.body).toContain('name="viewport" content="width=device-width, initial-scale=1"');
      expect(headingsInOrder(res.body), path).toBe(true);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(res.headers['set-cookie']).toBeUndefined();
    },
  );

  it('shows on the home page a search box, the most asked topics first, the latest announcements and the chat links from the config', async () => {
    const x = await site();
    // Feedback on a topic makes it the most asked one.
    x.h.app.store.faq.recordFeedback({ intentId: 'sanggah', contactId: null, helpful: true, question: null }, x.h.clock.now());
    announce(x.h, 'Server SPSE pemeliharaan Sabtu 08.00');
    const body = (await x.web.inject('/')).body;
    expect(body).toContain('<form class="search" role="search" action="/cari" method="get"');
    const popular = body.slice(body.indexOf(w.popularTitle));
    // Without feedback the content's order puts an account topic first.
    expect(/<a href="\/faq\/([\w-]+)"/.exec(popular)?.[1]).toBe('sanggah');
    expect(body).toContain('Server SPSE pemeliharaan Sabtu 08.00');
    expect(body).toContain('href="https://t.me/pbj_kalteng_bot"');
    expect(body).toContain('href="https://wa.me/6281234567890"');
    expect(body).toContain(w.reachText([w.reachOnTelegram, w.reachOnWhatsapp]));
  });

  it('says how to reach the desk is not set up when no chat link is configured', async () => {
    const { web } = await site({});
    const body = (await web.inject('/')).body;
    expect(body).toContain(w.reachNone);
    // Nothing promises an answer on Telegram or WhatsApp when neither is linked.
    expect(body).not.toContain('Telegram');
  });

  it('lists every published topic by group on /faq, without the chat moves (greetings, "buat tiket")', async () => {
    const x = await site();
    const body = (await x.web.inject('/faq')).body;
    expect(body).toContain(w.group.akun);
    expect(body).toContain('href="/faq/lupa-password"');
    expect(body).not.toContain('href="/faq/salam"');
    expect((await x.web.inject('/faq/salam')).statusCode).toBe(404);
  });

  it('renders a topic from its Markdown, says plainly whose responsibility it is, its date, related topics and where to ask', async () => {
    const { web } = await site();
    const body = (await web.inject('/faq/lupa-password')).body;
    expect(body).toContain('<h1>Lupa password akun SPSE/INAPROC</h1>');
    expect(body).toContain('<ol>');
    expect(body).toContain('<strong>permohonan tertulis</strong>');
    expect(body).toContain('<a href="https://akun.inaproc.id" rel="noopener nofollow">');
    expect(body).toContain(w.owner.biro);
    expect(body).toContain('Diperbarui 27 November 2026');
    expect(body).toContain(w.related);
    expect(body).toContain(w.askTelegram);
    expect((await web.inject('/faq/e-purchasing')).body).toContain('Ini kewenangan LKPP');
    expect((await web.inject('/faq/spse-tidak-bisa-diakses')).body).toContain('Ini kewenangan PT Telkom');
  });

  it('answers an unknown topic with a plain 404 page', async () => {
    const { web } = await site();
    const res = await web.inject('/faq/tidak-ada');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain(w.notFound);
    expect((await web.inject('/apa-saja')).statusCode).toBe(404);
  });
});

describe('the Markdown of an answer', () => {
  it('keeps formatting and drops scripts, event handlers and javascript: links', () => {
    const html = answerHtml(
      '# Judul\n\n**tebal** <script>alert(1)</script> <img src=x onerror=alert(1)> [klik](javascript:alert(1))',
    );
    expect(html).toContain('<h2>Judul</h2>');
    expect(html).toContain('<strong>tebal</strong>');
    expect(html).not.toMatch(/<script|onerror|javascript:|<img/);
  });
});

describe('search (/cari)', () => {
  it('finds the password answer for "lupa pasword" with the bot\'s matcher, without showing scores', async () => {
    const x = await site();
    const body = (await x.web.inject('/cari?q=lupa%20pasword')).body;
    const results = body.slice(body.indexOf('<ul class="results">'), body.indexOf('</ul>', body.indexOf('<ul class="results">')));
    expect(results).toMatch(/^<ul class="results"><li><a href="\/faq\/lupa-password">/);
    expect(results).not.toMatch(/\d\.\d|%/);
    expect(body).toContain(w.notFoundTitle);
    expect(unmatchedRows(x)).toEqual([]);
  });

  it('shows the query with its underscores and stars as typed, not as the chats’ markup stand-ins', async () => {
    const x = await site();
    const body = (await x.web.inject('/cari?q=' + encodeURIComponent('kode_rup *penyedia*'))).body;
    expect(body).toContain('<h1>Hasil pencarian: kode_rup *penyedia*</h1>');
    expect(body).not.toMatch(/[\uE011-\uE013]/);
  });

  it('records a search that finds nothing as an FAQ gap, like a chat question, and offers the ways to open a ticket', async () => {
    const x = await site();
    const body = (await x.web.inject('/cari?q=' + encodeURIComponent('harga cabai di pasar minggu ini'))).body;
    expect(body).toContain(w.searchNone);
    expect(body).toContain(w.notFoundText);
    expect(body).toContain('href="https://t.me/pbj_kalteng_bot"');
    expect(unmatchedRows(x)).toEqual([{ channel: 'web', question: 'harga cabai di pasar minggu ini', contactId: null }]);
    // The FAQ-gap report sees it like the chat's.
    expect(x.h.app.store.faq.recentUnmatched(5).map((r) => r.question)).toEqual(['harga cabai di pasar minggu ini']);
  });

  it('does not record the partial questions of search as you type (live=1), and answers them with the results only', async () => {
    const x = await site();
    const res = await x.web.inject('/cari?live=1&q=' + encodeURIComponent('resep rendang padang'));
    expect(res.body).not.toContain('<html');
    expect(res.body).toContain(w.searchNone);
    expect(unmatchedRows(x)).toEqual([]);
  });

  it('escapes the question it shows back', async () => {
    const { web } = await site();
    const body = (await web.inject('/cari?q=' + encodeURIComponent('<script>alert("x")</script> lupa'))).body;
    expect(body).not.toContain('<script>alert');
    expect(body).toContain('&lt;script>alert');
  });

  it('keeps searches out of caches and search engines', async () => {
    const { web } = await site();
    const res = await web.inject('/cari?q=tender');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['x-robots-tag']).toBe('noindex');
  });

  it('limits how often one address may search, with a polite 429 page', async () => {
    const { web } = await site(WEB_ENV, { rateLimit: { search: 2, ticket: 2 } });
    expect((await web.inject('/cari?q=a')).statusCode).toBe(200);
    expect((await web.inject('/cari?q=b')).statusCode).toBe(200);
    const third = await web.inject('/cari?q=c');
    expect(third.statusCode).toBe(429);
    expect(third.body).toContain(w.tooManyRequests);
    // Other pages are not limited.
    expect((await web.inject('/faq')).statusCode).toBe(200);
  });
});

describe('announcements', () => {
  it('publishes an announcement on the site when the site is served and nobody subscribes in the chat yet', async () => {
    const x = await site({ ...WEB_ENV, WEB_PORT: '8080' });
    const preview = x.h.say('/siaran Layanan tutup pada hari libur nasional', STAFF)[0]!;
    expect(preview.text).toBe(texts.staff.broadcastPreviewSiteOnly('Layanan tutup pada hari libur nasional'));
    const sent = x.h.say('', { ...STAFF, choice: 'siaran:kirim' });
    expect(sent.map((r) => r.text)).toEqual([texts.staff.broadcastSiteOnly]);
    expect((await x.web.inject('/pengumuman')).body).toContain('Layanan tutup pada hari libur nasional');
  });

  it('sends nothing and publishes nothing when neither the site nor a chat subscriber would show it', async () => {
    const x = await site(WEB_ENV);
    expect(x.h.say('/siaran Layanan tutup', STAFF).map((r) => r.text)).toEqual([texts.staff.broadcastNone]);
    expect((await x.web.inject('/pengumuman')).body).not.toContain('Layanan tutup');
  });

  it('publishes what staff sent with /siaran on /pengumuman and in the Atom feed, escaped', async () => {
    const x = await site();
    announce(x.h, 'Jadwal <b>pemeliharaan</b> server & jaringan');
    const page = (await x.web.inject('/pengumuman')).body;
    expect(page).toContain('Jadwal &lt;b>pemeliharaan&lt;/b> server &amp; jaringan');
    expect(page).toContain('<time datetime="2026-03-02T02:00:00.000Z">');
    const feed = await x.web.inject('/feed.xml');
    expect(feed.headers['content-type']).toMatch(/^application\/atom\+xml/);
    expect(feed.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(feed.body).toContain(`${PUBLIC_URL}/pengumuman#pengumuman-1`);
    expect(feed.body).toMatch(
      /Jadwal &lt;b&gt;pemeliharaan&lt;\/b&gt; server &amp;(amp;)? jaringan|<!\[CDATA\[Jadwal <b>pemeliharaan<\/b> server & jaringan\]\]>/,
    );
  });

  it('says so when there is none yet', async () => {
    const { web } = await site();
    expect((await web.inject('/pengumuman')).body).toContain(w.noAnnouncements);
  });
});

describe('transparency (/transparansi)', () => {
  it("shows who is responsible for what, the last 30 days' figures and open escalations with their wait, without personal data", async () => {
    const x = await site();
    const { id } = openTicket(x.h, '/tiket akun spse saya terkunci, kode OTP 9931 tidak masuk');
    openTicket(x.h, '/tiket halaman tender tidak muncul');
    x.h.say(`/balas ${id} Sedang kami periksa`, STAFF);
    x.h.say(`/eskalasi ${id} LKPP REF-77`, STAFF);
    x.h.clock.advance(3 * 24 * 3_600_000);
    const body = (await x.web.inject('/transparansi')).body;
    expect(body).toContain(w.responsibilityTitle);
    expect(body).toMatch(/<td><a href="\/faq\/spse-tidak-bisa-diakses">[^<]+<\/a><\/td><td>PT Telkom<\/td>/);
    expect(body).toContain(`<dt>${w.figureTickets}</dt><dd>2</dd>`);
    expect(body).toMatch(new RegExp(`<dt>${w.figureOnTime.replace(/[()]/g, '\\$&')}</dt><dd>\\d+% \\(\\d+ dari \\d+\\)</dd>`));
    expect(body).toContain('<tr><td>LKPP</td><td>1</td><td>3 hari</td></tr>');
    expect(body).toContain('id="slot-ikm"');
    for (const personal of ['Budi', 'Sari', 'v-4711', 'REF-77', 'OTP 9931']) expect(body).not.toContain(personal);
  });
});

describe('open incidents on the home page', () => {
  it('shows an incident while it is open, with whose system it is and its reference, and not once resolved', async () => {
    const x = await site();
    expect((await x.web.inject('/')).body).not.toContain(w.incidentsTitle);
    x.h.say('/insiden buka SPSE tidak bisa diakses sistem=spse', STAFF);
    x.h.say('/insiden I-1 ref TK-42', STAFF);
    const open = (await x.web.inject('/')).body;
    expect(open).toContain(`<h2 id="gangguan">${w.incidentsTitle}</h2>`);
    expect(open).toContain('I-1 · SPSE tidak bisa diakses');
    expect(open).toContain('Sistem milik PT Telkom; sudah diteruskan (nomor TK-42).');
    expect(headingsInOrder(open)).toBe(true);
    x.h.say('/insiden I-1 selesai SPSE normal kembali', STAFF);
    expect((await x.web.inject('/')).body).not.toContain(w.incidentsTitle);
  });
});

describe('the latest IKM on /transparansi', () => {
  it('says the survey has no index yet, then shows the index and grade of the period once answers came', async () => {
    const x = await site();
    expect((await x.web.inject('/transparansi')).body).toContain(w.ikmPending);
    const content = x.h.app.surveyContent!;
    seedSurvey(
      x.h.app.store,
      content.defs.map((d) => d.code),
    );
    const r = periodReport(x.h.app.store.survey, content, '2026', undefined);
    expect(r.ikm).not.toBeNull();
    const body = (await x.web.inject('/transparansi')).body;
    expect(body).not.toContain(w.ikmPending);
    expect(body).toContain(`Nilai IKM ${r.ikm!.toFixed(2).replace('.', ',')} (mutu ${r.grade} (${r.gradeLabel}))`);
  });
});

describe('ticket tracking (/tiket/<token>)', () => {
  it('gives the link in the ticket confirmation and /status N, the same one both times', async () => {
    const x = await site();
    const { id, path } = openTicket(x.h);
    expect(path).toMatch(/^\/tiket\/[A-Za-z0-9_-]{43}$/);
    const status = x.h.say(`/status ${id}`, VENDOR);
    expect(unescapeMarkup(status.map((r) => r.text).join())).toContain(`${PUBLIC_URL}${path}`);
  });

  it('gives no link when the site has no public address', async () => {
    const x = await site({ STAFF_TELEGRAM_IDS: '1001', TELEGRAM_BOT_TOKEN: WEB_ENV.TELEGRAM_BOT_TOKEN });
    const { rows } = openTicket(x.h);
    expect(rows.map((r) => r.text).join()).not.toContain('/tiket/');
    expect(rows.map((r) => r.text).join()).not.toContain(w.trackingLine('').trim());
  });

  it('shows number, category, status, due time and the public history: staff replies and status changes, never notes or staff names', async () => {
    const x = await site();
    const { id, path } = openTicket(x.h);
    x.h.say(`/ambil ${id}`, STAFF);
    x.h.say(`/catatan ${id} catatan internal: pelapor pernah salah kirim`, STAFF);
    x.h.say(`/balas ${id} Silakan coba reset password lewat akun.inaproc.id`, STAFF);
    const res = await x.web.inject(path!);
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain(`<h1>Tiket #${id}</h1>`);
    expect(body).toContain(`<dd class="status">${texts.tickets.status.in_progress}</dd>`);
    expect(body).toContain('<dd>SPSE &amp; akun (login, pendaftaran, verifikasi)</dd>');
    expect(body).toContain(w.ticketDueResolution);
    expect(body).toContain(w.eventReply);
    expect(body).toContain('Silakan coba reset password lewat akun.inaproc.id');
    expect(body).toContain(w.eventStatus(texts.tickets.status.in_progress));
    expect(body).not.toContain('catatan internal');
    expect(body).not.toContain('Sari');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(body).toContain('<meta name="robots" content="noindex, nofollow"/>');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('keeps a <script> in the ticket text as text', async () => {
    const x = await site();
    const { path } = openTicket(x.h, '/tiket <script>alert("xss")</script> tidak bisa login');
    const body = (await x.web.inject(path!)).body;
    expect(body).toContain('&lt;script>alert(&quot;xss&quot;)&lt;/script> tidak bisa login');
    expect(body).not.toContain('<script>alert');
  });

  it('answers a wrong, malformed or revoked token with the same plain 404 as any unknown page', async () => {
    const x = await site();
    const { id, path } = openTicket(x.h);
    const unknown = await x.web.inject('/halaman-lain');
    for (const bad of ['/tiket/' + 'A'.repeat(43), '/tiket/123', `/tiket/${String(id)}`, `${path!.slice(0, -1)}x`]) {
      const res = await x.web.inject(bad);
      expect(res.statusCode, bad).toBe(404);
      expect(res.body).toBe(unknown.body);
    }
    expect(x.h.app.store.ticketTokens.revoke(id, x.h.clock.now())).toBe(1);
    expect((await x.web.inject(path!)).statusCode).toBe(404);
    // The next /status N gives a new, working link.
    const again = unescapeMarkup(
      x.h
        .say(`/status ${id}`, VENDOR)
        .map((r) => r.text)
        .join(),
    );
    const next = /\/tiket\/[A-Za-z0-9_-]{43}/.exec(again)![0];
    expect(next).not.toBe(path);
    expect((await x.web.inject(next)).statusCode).toBe(200);
  });

  it('limits how often one address may open ticket pages', async () => {
    const x = await site(WEB_ENV, { rateLimit: { search: 2, ticket: 2 } });
    const { path } = openTicket(x.h);
    expect((await x.web.inject(path!)).statusCode).toBe(200);
    expect((await x.web.inject('/tiket/' + 'B'.repeat(43))).statusCode).toBe(404);
    expect((await x.web.inject(path!)).statusCode).toBe(429);
  });
});

describe('sitemap, robots and health', () => {
  it('lists the public pages in the sitemap, never ticket pages or searches', async () => {
    const x = await site();
    openTicket(x.h);
    const body = (await x.web.inject('/sitemap.xml')).body;
    expect(body).toContain(`<loc>${PUBLIC_URL}/faq/lupa-password</loc><lastmod>2026-11-27</lastmod>`);
    expect(body).toContain(`<loc>${PUBLIC_URL}/transparansi</loc>`);
    expect(body).not.toMatch(/tiket\/|cari/);
  });

  it('keeps searches and ticket pages out of robots', async () => {
    const { web } = await site();
    const body = (await web.inject('/robots.txt')).body;
    expect(body).toContain('Disallow: /tiket/');
    expect(body).toContain('Disallow: /cari');
    expect(body).toContain(`Sitemap: ${PUBLIC_URL}/sitemap.xml`);
  });

  it('answers /healthz with 200 while the database answers and 503 when it does not', async () => {
    const x = await site();
    expect((await x.web.inject('/healthz')).statusCode).toBe(200);
    x.h.app.store.close();
    const down = await x.web.inject('/healthz');
    expect(down.statusCode).toBe(503);
    expect(down.headers['cache-control']).toBe('no-store');
  });

  it('serves its stylesheet and script as long-cached static files', async () => {
    const { web } = await site();
    const home = (await web.inject('/')).body;
    const css = /href="(\/assets\/site-[0-9a-f]+\.css)"/.exec(home)![1]!;
    const js = /src="(\/assets\/site-[0-9a-f]+\.js)"/.exec(home)![1]!;
    const cssRes = await web.inject(css);
    expect(cssRes.statusCode).toBe(200);
    expect(cssRes.headers['content-type']).toMatch(/^text\/css/);
    expect(cssRes.headers['cache-control']).toContain('immutable');
    expect((await web.inject(js)).headers['content-type']).toMatch(/^text\/javascript/);
  });
});
