import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CHAT_COOKIE, sameSite } from '../../../src/channels/web/hub.js';
import { texts } from '../../../src/core/catalogue.js';
import { removeTempDirs } from '../../helpers.js';
import { CHAT_ENV, chatClient, chatDesk, clientId, sseClient, type ChatDesk } from './support.js';

const desks: ChatDesk[] = [];
afterEach(async () => {
  for (const d of desks.splice(0)) await d.close();
  removeTempDirs();
});
async function desk(...args: Parameters<typeof chatDesk>) {
  const d = await chatDesk(...args);
  desks.push(d);
  return d;
}

/** Outbox rows to Telegram (the staff chat), newest last. */
const staffRows = (d: ChatDesk) =>
  d.app.store.handle.sqlite.prepare(`select text, files from outbox where channel = 'telegram' order by id`).all() as Array<{
    text: string;
    files: string | null;
  }>;

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e0d5f0d60000000049454e44ae426082',
  'hex',
);

describe('the web chat over HTTP', () => {
  it('gives a new browser its own session: an HttpOnly, SameSite=Lax cookie for /chat, random each time', async () => {
    const d = await desk();
    const a = await fetch(`${d.url}/chat`);
    const b = await fetch(`${d.url}/chat`);
    const cookieA = a.headers.get('set-cookie')!;
    expect(cookieA).toMatch(new RegExp(`^${CHAT_COOKIE}=[A-Za-z0-9_-]{43};`));
    expect(cookieA).toMatch(/HttpOnly/);
    expect(cookieA).toMatch(/SameSite=Lax/);
    expect(cookieA).toMatch(/Path=\/chat/);
    // Plain http on this machine: not Secure, or the browser would drop it.
    expect(cookieA).not.toMatch(/Secure/);
    expect(cookieA.split(';')[0]).not.toBe(b.headers.get('set-cookie')!.split(';')[0]);
    // A browser that has its cookie keeps it: no new one.
    const again = await fetch(`${d.url}/chat`, { headers: { cookie: cookieA.split(';')[0]! } });
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(again.headers.get('cache-control')).toBe('no-store');
  });

  it('marks the cookie Secure behind an HTTPS proxy on this machine, and always when the public address is https', async () => {
    const d = await desk();
    const proxied = await fetch(`${d.url}/chat`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(proxied.headers.get('set-cookie')).toMatch(/Secure/);
    const pub = await desk({ ...CHAT_ENV, WEB_PUBLIC_URL: 'https://helpdesk.example.go.id' });
    expect((await fetch(`${pub.url}/chat`)).headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('answers "lupa pasword" with the password answer, and the page shows both on the next visit', async () => {
    const d = await desk();
    const c = await chatClient(d.url);
    const r = await c.send({ text: 'lupa pasword' });
    expect(r.status).toBe(202);
    const answer = await c.waitFor(/reset/);
    expect(answer.html).toContain('<a href="https://akun.inaproc.id" rel="noopener nofollow ugc">');
    expect(answer.html).toContain('<button type="submit" name="choice" value="fb:y:lupa-password">Ya, membantu</button>');
    const page = await c.page();
    expect(page).toContain('lupa pasword');
    expect(page).toContain('Apakah jawaban ini membantu?');
    expect(page).toMatch(/<label for="teks">Tulis pesan<\/label>/);
    expect(page).toMatch(/<button type="submit">Kirim<\/button>/);
  });

  it('takes a pressed choice as the person picking it, shown with its label', async () => {
    const d = await desk();
    const c = await chatClient(d.url);
    await c.send({ text: 'lupa pasword' });
    const asked = await c.waitFor(/membantu/);
    // A press must name the message whose button it was.
    expect((await c.send({ choice: 'fb:n:lupa-password' })).status).toBe(409);
    await c.send({ choice: 'fb:n:lupa-password', from: String(asked.id) });
    await c.waitFor(/Buat tiket/);
    const mine = (await c.history()).filter((m) => m.html.includes('msg-in')).map((m) => m.html);
    expect(mine[1]).toContain('Belum membantu');
  });

  it('answers each desk message’s buttons once: another button of it is refused, the same press again counts once', async () => {
    const d = await desk();
    const c = await chatClient(d.url);
    await c.send({ text: 'lupa pasword' });
    const asked = await c.waitFor(/membantu/);
    const from = String(asked.id);
    expect((await c.send({ choice: 'fb:n:lupa-password', from })).status).toBe(202);
    await c.waitFor(/Buat tiket/);
    // The retried press is the same press; the other button of that message is now refused.
    expect((await c.send({ choice: 'fb:n:lupa-password', from })).status).toBe(202);
    const other = await c.send({ choice: 'fb:y:lupa-password', from });
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: string }).error).toBe(texts.webChat.choiceUsed);
    await d.platforms.dispatchers[0]!.drain();
    const feedback = d.app.store.handle.sqlite.prepare('select helpful from faq_feedback').all();
    expect(feedback).toEqual([{ helpful: 0 }]);
    const history = await c.history();
    expect(history.filter((m) => m.html.includes('msg-in'))).toHaveLength(2);
    // On the next visit the buttons are off, the pressed one marked.
    const page = await c.page();
    const buttons = /id="m-(\d+)"[^]*?<\/li>/g;
    const shown = [...page.matchAll(buttons)].find((m) => m[1] === from)![0];
    expect(shown).toContain('disabled');
    expect(shown).toMatch(/class="chosen"[^>]*>Belum membantu/);
  });

  it('refuses a button that is not on the message it names, or on another session’s message', async () => {
    const d = await desk();
    const a = await chatClient(d.url);
    const b = await chatClient(d.url);
    await a.send({ text: 'lupa pasword' });
    const asked = await a.waitFor(/membantu/);
    const wrong = await a.send({ choice: 'tiket:kirim', from: String(asked.id) });
    expect(wrong.status).toBe(409);
    expect(((await wrong.json()) as { error: string }).error).toBe(texts.webChat.choiceGone);
    expect((await b.send({ choice: 'fb:y:lupa-password', from: String(asked.id) })).status).toBe(409);
    expect((await b.history()).filter((m) => m.html.includes('msg-in'))).toHaveLength(0);
  });

  it('records a retried POST (the same client id) once and answers it once', async () => {
    const d = await desk();
    const c = await chatClient(d.url);
    const id = clientId();
    await c.send({ text: 'lupa pasword', clientId: id });
    await c.send({ text: 'lupa pasword', clientId: id });
    await c.waitFor(/reset/);
    // Give a doubled answer every chance to arrive before counting.
    await d.platforms.dispatchers[0]!.drain();
    const history = await c.history();
    expect(history.filter((m) => m.html.includes('msg-in'))).toHaveLength(1);
    expect(history.filter((m) => m.html.includes('msg-out'))).toHaveLength(1);
  });

  it('refuses a POST without the session token, from another site, or with no session, politely', async () => {
    const d = await desk();
    const c = await chatClient(d.url);
    const noToken = await fetch(`${d.url}/chat/api/messages`, {
      method: 'POST',
      headers: { cookie: c.cookie, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ text: 'halo' }),
    });
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { error: string }).error).toBe(
      'Permintaan ditolak. Silakan muat ulang halaman ini, lalu coba lagi.',
    );
    const other = await c.send({ text: 'halo' }, { origin: 'https://evil.example' });
    expect(other.status).toBe(403);
    const someoneElse = await chatClient(d.url);
    expect((await c.send({ text: 'halo' }, { 'x-csrf-token': someoneElse.csrf })).status).toBe(403);
    const noSession = await fetch(`${d.url}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': c.csrf },
      body: JSON.stringify({ text: 'halo' }),
    });
    expect(noSession.status).toBe(401);
    // A made-up cookie is no session either.
    const madeUp = await fetch(`${d.url}/chat/api/messages`, {
      method: 'POST',
      headers: { cookie: `${CHAT_COOKIE}=${'A'.repeat(43)}`, 'content-type': 'application/json', 'x-csrf-token': c.csrf },
      body: JSON.stringify({ text: 'halo' }),
    });
    expect(madeUp.status).toBe(401);
    expect(await c.history()).toEqual([]);
  });

  it('says politely that a message is too long or empty, and keeps nothing of it', async () => {
    const d = await desk(CHAT_ENV, { maxChars: 50 });
    const c = await chatClient(d.url);
    const long = await c.send({ text: 'x'.repeat(51) });
    expect(long.status).toBe(413);
    expect(((await long.json()) as { error: string }).error).toBe(
      'Maaf, pesan terlalu panjang. Mohon ringkas menjadi paling banyak 50 karakter, atau kirim dalam beberapa pesan.',
    );
    const empty = await c.send({ text: '   ' });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toMatch(/Pesan masih kosong/);
    expect(await c.history()).toEqual([]);
  });

  it('limits messages per session, and per address, with a polite answer', async () => {
    const d = await desk(CHAT_ENV, { perSession: 3, perIp: 1_000 });
    const c = await chatClient(d.url);
    for (let i = 0; i < 3; i++) expect((await c.send({ text: `halo ${i}` })).status).toBe(202);
    const fourth = await c.send({ text: 'halo lagi' });
    expect(fourth.status).toBe(429);
    expect(((await fourth.json()) as { error: string }).error).toMatch(/terlalu banyak pesan/);
    // Another session from the same address is not held by the first one's limit.
    const other = await chatClient(d.url);
    expect((await other.send({ text: 'halo' })).status).toBe(202);

    const byIp = await desk(CHAT_ENV, { perSession: 1_000, perIp: 4 });
    const x = await chatClient(byIp.url);
    const y = await chatClient(byIp.url);
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await x.send({ text: `a ${i}` })).status, (await y.send({ text: `b ${i}` })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
  });

  it('shows what a person typed as text, never as HTML', async () => {
    const d = await desk();
    const c = await chatClient(d.url);
    await c.send({ text: '<img src=x onerror=alert(1)> **tebal** <script>alert(2)</script>' });
    const mine = (await c.history()).find((m) => m.html.includes('msg-in'))!;
    expect(mine.html).toContain('&lt;img src=x onerror=alert(1)> **tebal** &lt;script>alert(2)&lt;/script>');
    expect(mine.html).not.toContain('<img');
    expect(mine.html).not.toContain('<strong>');
    const page = await c.page();
    expect(page).not.toContain('<script>alert');
  });

  it('keeps one session from reading another: history, live stream, page and files', async () => {
    const d = await desk();
    const a = await chatClient(d.url);
    const b = await chatClient(d.url);
    const stream = sseClient(d.url, b.cookie, { after: 0 });
    await stream.opened;
    await a.send({ text: 'rahasia perusahaan saya 12345' });
    await a.waitFor(/./);
    const form = new FormData();
    form.set('clientId', clientId());
    form.set('text', 'bukti');
    form.set('file', new Blob([PNG], { type: 'image/png' }), 'bukti.png');
    const up = await fetch(`${d.url}/chat/api/messages`, {
      method: 'POST',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
      body: form,
    });
    expect(up.status).toBe(202);
    const withFile = (await a.history()).find((m) => m.html.includes('/chat/berkas/'))!;
    const href = /href="(\/chat\/berkas\/[^"]+)"/.exec(withFile.html)![1]!;
    const status = async (headers: Record<string, string>) => {
      const r = await fetch(`${d.url}${href}`, { headers });
      await r.arrayBuffer();
      return r.status;
    };
    expect(await status({ cookie: a.cookie })).toBe(200);
    expect(await status({ cookie: b.cookie })).toBe(404);
    expect(await status({ accept: 'application/json' })).toBe(401);
    expect(await b.history()).toEqual([]);
    expect(await b.page()).not.toContain('rahasia');
    await d.platforms.dispatchers[0]!.drain();
    expect(stream.events).toEqual([]);
    stream.close();
  });

  it('pushes a staff reply to the open page at once, and resumes after a reconnect from the last event, without gaps or doubles', async () => {
    const d = await desk();
    const c = await chatClient(d.url);
    await c.send({ text: '/tiket tidak bisa login ke akun spse sejak kemarin' });
    await c.waitFor(/#1/);
    const live = sseClient(d.url, c.cookie, { after: (await c.history()).at(-1)!.id });
    expect((await live.opened).headers.get('content-type')).toMatch(/^text\/event-stream/);
    d.staff('/balas 1 Silakan coba reset password lewat akun.inaproc.id');
    const pushed = await live.waitFor(/Silakan coba reset password/);
    live.close();
    // While the page is closed, two more messages arrive.
    d.staff('/tunggu 1 Mohon kirim tangkapan layar');
    d.staff('/catatan 1 catatan internal, tidak untuk pengguna');
    d.staff('/balas 1 Kami tunggu kabarnya');
    await c.waitFor(/Kami tunggu kabarnya/);
    const back = sseClient(d.url, c.cookie, { lastEventId: pushed.id, after: 0 });
    await back.waitFor(/Kami tunggu kabarnya/);
    const ids = back.events.map((e) => Number(e.id));
    const expected = (await c.history(Number(pushed.id))).map((m) => m.id);
    expect(ids).toEqual(expected);
    expect(back.events.map((e) => e.data.html).join('\n')).not.toContain('catatan internal');
    back.close();
  });

  it('sends an uploaded screenshot to staff as a file from the desk’s disk, and refuses what is not an image or PDF', async () => {
    const d = await desk();
    const c = await chatClient(d.url);
    const send = (file: Blob, name: string, text: string) => {
      const form = new FormData();
      form.set('clientId', clientId());
      form.set('text', text);
      form.set('file', file, name);
      return fetch(`${d.url}/chat/api/messages`, {
        method: 'POST',
        headers: { cookie: c.cookie, 'x-csrf-token': c.csrf },
        body: form,
      });
    };
    const fake = await send(new Blob(['<html>bukan gambar</html>'], { type: 'image/png' }), 'x.png', '/tiket akun terkunci');
    expect(fake.status).toBe(415);
    expect(((await fake.json()) as { error: string }).error).toMatch(/hanya gambar/);
    expect(
      (await send(new Blob([PNG], { type: 'image/png' }), '../../etc/layar.png', '/tiket akun terkunci setelah salah password'))
        .status,
    ).toBe(202);
    await c.waitFor(/#1/);
    const notice = staffRows(d).find((r) => r.text.includes('Tiket baru #1'))!;
    expect(notice.text).toContain('(Web)');
    expect(notice.text).toContain('Lampiran: 1 berkas');
    const files = JSON.parse(notice.files!) as Array<{ kind: string; fileName: string; path: string; caption?: string }>;
    expect(files).toHaveLength(1);
    // In a staff group without topics, the photo says which ticket it belongs to.
    expect(files[0]!.caption).toBe(texts.staff.noticeFile(1, 1, 1));
    expect(files[0]!.kind).toBe('photo');
    expect(files[0]!.fileName).toBe('layar.png');
    expect(files[0]!.path.startsWith(d.uploadsDir)).toBe(true);
    expect(readFileSync(files[0]!.path).equals(PNG)).toBe(true);
  });

  it('keeps a name and e-mail or phone for staff on the contact, and /lihat shows them', async () => {
    const d = await desk();
    const c = await chatClient(d.url);
    const save = (fields: Record<string, string>) =>
      fetch(`${d.url}/chat/api/contact`, {
        method: 'POST',
        headers: { cookie: c.cookie, 'content-type': 'application/json', 'x-csrf-token': c.csrf },
        body: JSON.stringify(fields),
      });
    const bad = await save({ email: 'bukan-email' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/e-mail tampaknya belum benar/);
    expect((await save({ name: 'Rina Kartika', email: 'rina@cv-maju.co.id', phone: '0812-3456-7890' })).status).toBe(200);
    await c.send({ text: '/tiket tidak bisa unggah penawaran' });
    await c.waitFor(/#1/);
    d.staff('/lihat 1');
    const view = staffRows(d).find((r) => r.text.startsWith('Tiket #1 —'))!;
    expect(view.text).toContain('Pengguna: Rina Kartika (Web)');
    expect(view.text).toContain('Kontak: +6281234567890, rina@cv-maju.co.id');
    expect(await c.page()).toContain('value="rina@cv-maju.co.id"');
    expect(await c.page()).toContain('value="+6281234567890"');

    // What is left empty is taken back; an empty form clears everything.
    expect((await save({ name: 'Rina Kartika', email: '', phone: '0812-3456-7890' })).status).toBe(200);
    const details = () =>
      d.app.store.handle.sqlite.prepare("select display_name, email, phone from contacts where channel = 'web'").get();
    expect(details()).toEqual({ display_name: 'Rina Kartika', email: null, phone: '6281234567890' });
    const cleared = await save({ name: '', email: '', phone: '' });
    expect(((await cleared.json()) as { notice: string }).notice).toBe(texts.webChat.detailsCleared);
    expect(details()).toEqual({ display_name: null, email: null, phone: null });
    // Nothing left to clear: an empty form is a mistake again.
    expect((await save({ name: '', email: '', phone: '' })).status).toBe(400);
  });

  it('serves a file the desk sent only to its session', async () => {
    const d = await desk();
    const c = await chatClient(d.url);
    await c.send({ text: 'halo' });
    await c.waitFor(/./);
    const sessionId = (d.app.store.handle.sqlite.prepare('select id from web_sessions').get() as { id: string }).id;
    d.app.desk.post([
      {
        channel: 'web',
        chatId: sessionId,
        text: 'Laporan Anda',
        files: [
          {
            kind: 'document',
            fileName: 'laporan.pdf',
            mimeType: 'application/pdf',
            data: Buffer.from('%PDF-1.4 x').toString('base64'),
          },
        ],
      },
    ]);
    d.platforms.kickAll();
    const msg = await c.waitFor(/laporan\.pdf/);
    const href = /href="(\/chat\/berkas\/[^"]+)"/.exec(msg.html)![1]!;
    const r = await fetch(`${d.url}${href}`, { headers: { cookie: c.cookie } });
    expect(r.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''laporan.pdf");
    expect(await r.text()).toBe('%PDF-1.4 x');
    expect(existsSync(d.uploadsDir)).toBe(true);
    // Opened in another browser (a forwarded link): a page saying why, not raw JSON.
    const other = await chatClient(d.url);
    const elsewhere = await fetch(`${d.url}${href}`, { headers: { cookie: other.cookie } });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await elsewhere.text()).toContain(texts.webChat.fileGoneBody);
  });

  it('works without the script: a plain form post comes back to the page with the answer on it', async () => {
    const d = await desk();
    const c = await chatClient(d.url);
    const form = new FormData();
    form.set('_csrf', c.csrf);
    form.set('clientId', clientId());
    form.set('text', 'lupa pasword');
    const r = await fetch(`${d.url}/chat/api/messages`, {
      method: 'POST',
      headers: { cookie: c.cookie },
      body: form,
      redirect: 'manual',
    });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toMatch(/^\/chat#m-\d+$/);
    expect(await c.page()).toContain('Apakah jawaban ini membantu?');
  });

  it('without the script, a refused message comes back on the page with the notice and the typed text in its box', async () => {
    const d = await desk(CHAT_ENV, { maxChars: 50, perSession: 4 });
    const c = await chatClient(d.url);
    const post = (fields: Record<string, string>, file?: Blob, headers: Record<string, string> = {}) => {
      const form = new FormData();
      form.set('_csrf', c.csrf);
      form.set('clientId', clientId());
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      if (file) form.set('file', file, 'layar.png');
      return fetch(`${d.url}/chat/api/messages`, {
        method: 'POST',
        headers: { cookie: c.cookie, ...headers },
        body: form,
        redirect: 'manual',
      });
    };
    const typed = 'Akun <b>saya</b> & "PT Maju" terkunci sejak kemarin, mohon dibantu ya pak';
    const long = await post({ text: typed });
    expect(long.status).toBe(413);
    expect(long.headers.get('content-type')).toMatch(/^text\/html/);
    expect(long.headers.get('cache-control')).toBe('no-store');
    const page = await long.text();
    expect(page).toContain('pesan terlalu panjang');
    // Back in the box, as text: escaped, never markup.
    expect(page).toContain(
      '>Akun &lt;b>saya&lt;/b> &amp; &quot;PT Maju&quot; terkunci sejak kemarin, mohon dibantu ya pak</textarea>',
    );
    expect(page).toMatch(/<textarea[^>]*autofocus/);
    expect(page).toContain(`name="_csrf" value="${c.csrf}"`);

    const fake = await post({ text: 'ini layarnya' }, new Blob(['<html>bukan gambar</html>'], { type: 'image/png' }));
    expect(fake.status).toBe(415);
    const fakePage = await fake.text();
    expect(fakePage).toContain('hanya gambar');
    expect(fakePage).toContain('>ini layarnya</textarea>');

    // Refused before its body was read (the session's limit): the text still comes back.
    for (let i = 0; i < 2; i++) await post({ text: `halo ${i}` });
    const many = await post({ text: 'pesan yang tertahan' });
    expect(many.status).toBe(429);
    const manyPage = await many.text();
    expect(manyPage).toContain('terlalu banyak pesan');
    expect(manyPage).toContain('>pesan yang tertahan</textarea>');
    expect((await c.history()).map((m) => m.html).join('')).not.toContain('tertahan');
  });

  it('without the script, a form another site made is refused without its text shown back', async () => {
    const d = await desk();
    const c = await chatClient(d.url);
    const form = new FormData();
    form.set('_csrf', c.csrf);
    form.set('text', 'kirim password Anda ke penipu@contoh.com');
    const forged = await fetch(`${d.url}/chat/api/messages`, {
      method: 'POST',
      headers: { cookie: c.cookie, origin: 'https://evil.example' },
      body: form,
      redirect: 'manual',
    });
    expect(forged.status).toBe(303);
    expect(forged.headers.get('location')).toBe('/chat?n=forbidden#kirim');
    const noToken = new FormData();
    noToken.set('text', 'kirim password Anda ke penipu@contoh.com');
    const r = await fetch(`${d.url}/chat/api/messages`, {
      method: 'POST',
      headers: { cookie: c.cookie },
      body: noToken,
      redirect: 'manual',
    });
    expect(r.status).toBe(303);
    expect(await r.text()).not.toContain('penipu');
    expect(await c.page()).not.toContain('penipu');
  });

  it('without the script, a refused contact form comes back with what was typed in its fields', async () => {
    const d = await desk();
    const c = await chatClient(d.url);
    const form = new FormData();
    form.set('_csrf', c.csrf);
    form.set('name', 'Rina Kartika');
    form.set('email', 'rina@cv-maju');
    form.set('phone', '0812 3456 7890');
    const r = await fetch(`${d.url}/chat/api/contact`, {
      method: 'POST',
      headers: { cookie: c.cookie },
      body: form,
      redirect: 'manual',
    });
    expect(r.status).toBe(400);
    const page = await r.text();
    expect(page).toContain('e-mail tampaknya belum benar');
    expect(page).toContain('value="Rina Kartika"');
    expect(page).toContain('value="rina@cv-maju"');
    expect(page).toContain('value="0812 3456 7890"');
    expect(page).toMatch(/<details class="contact" open/);
    // Nothing was saved.
    expect(
      d.app.store.contacts.find(
        'web',
        (d.app.store.handle.sqlite.prepare('select id from web_sessions').get() as { id: string }).id,
      )?.email ?? null,
    ).toBeNull();
  });

  it('names only the web chat on the home page when no Telegram or WhatsApp link is set', async () => {
    const d = await desk();
    const home = await (await fetch(`${d.url}/`)).text();
    expect(home).toContain(texts.web.reachText([texts.web.reachHere]));
    expect(home).not.toContain('Telegram');
    expect(home).toContain('href="/chat"');
  });

  it('serves the widget script to other sites, and lets only the configured origins frame the chat', async () => {
    const plain = await desk();
    const page = await fetch(`${plain.url}/chat`);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const widget = await fetch(`${plain.url}/chat/widget.js`);
    expect(widget.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(await widget.text()).toContain('"origins":[]');

    const embedded = await desk({ ...CHAT_ENV, WEB_CHAT_EMBED_ORIGINS: 'https://lpse.kalteng.go.id' });
    const framed = await fetch(`${embedded.url}/chat`);
    expect(framed.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://lpse.kalteng.go.id");
    expect(framed.headers.get('x-frame-options')).toBeNull();
    expect(await (await fetch(`${embedded.url}/chat/widget.js`)).text()).toContain('"origins":["https://lpse.kalteng.go.id"]');
    // The rest of the site still refuses frames.
    expect((await fetch(`${embedded.url}/`)).headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    // A page on another site than the desk's public address would never keep the cookie in a frame: a tab there.
    const mixed = await desk({
      ...CHAT_ENV,
      WEB_PUBLIC_URL: 'https://helpdesk.kalteng.go.id',
      WEB_CHAT_EMBED_ORIGINS: 'https://lpse.kalteng.go.id,https://lpse.jatim.go.id',
    });
    expect(await (await fetch(`${mixed.url}/chat/widget.js`)).text()).toContain('"origins":["https://lpse.kalteng.go.id"]');
  });

  it('tells same-site pages from others without a public-suffix list, as browsers decide which frames get the cookie', () => {
    expect(sameSite('http://lpse.test:8091', 'http://helpdesk.lpse.test:8090')).toBe(true);
    expect(sameSite('https://lpse.kalteng.go.id', 'https://helpdesk.kalteng.go.id')).toBe(true);
    expect(sameSite('https://lpse.jatim.go.id', 'https://pbj.kalteng.go.id')).toBe(false);
    expect(sameSite('http://localhost:8091', 'http://127.0.0.1:8090')).toBe(false);
    expect(sameSite('http://lpse.kalteng.go.id', 'https://helpdesk.kalteng.go.id')).toBe(false);
    expect(sameSite('bukan alamat', 'https://helpdesk.kalteng.go.id')).toBe(false);
  });

  it('refuses a live stream without a session with a status, not a redirect that would open a new session each retry', async () => {
    const d = await desk();
    const sessions = () => (d.app.store.handle.sqlite.prepare('select count(*) as n from web_sessions').get() as { n: number }).n;
    const before = sessions();
    const r = await fetch(`${d.url}/chat/api/events`, { headers: { accept: 'text/event-stream' }, redirect: 'manual' });
    expect(r.status).toBe(401);
    expect(sessions()).toBe(before);
  });

  it('refuses a file over the size limit with a polite answer, and keeps nothing of the message', async () => {
    const d = await desk(CHAT_ENV, { maxFileBytes: 1024 * 1024 });
    const c = await chatClient(d.url);
    const form = new FormData();
    form.set('clientId', clientId());
    form.set('text', 'ini tangkapan layarnya');
    form.set('file', new Blob([PNG, Buffer.alloc(1024 * 1024 + 1)], { type: 'image/png' }), 'besar.png');
    const r = await fetch(`${d.url}/chat/api/messages`, {
      method: 'POST',
      headers: { cookie: c.cookie, 'x-csrf-token': c.csrf },
      body: form,
    });
    expect(r.status).toBe(413);
    expect(((await r.json()) as { error: string }).error).toBe('Maaf, berkas terlalu besar. Paling besar 1 MB.');
    expect(await c.history()).toEqual([]);
  });
});
