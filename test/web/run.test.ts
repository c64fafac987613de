import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { runDesk } from '../../src/run.js';
import type { TrappedSignals } from '../../src/signals.js';
import { freePort } from '../channels/telegram/platform.js';
import { openStore } from '../../src/store/index.js';
import { tempDbPath } from '../helpers.js';
import { smtpSink } from '../support/smtp-sink.js';

/** A stop the test gives when it wants, as SIGTERM would. */
function manualSignals(): TrappedSignals & { stop(): void } {
  let stop = () => {};
  const first = new Promise<NodeJS.Signals>((resolve) => (stop = () => resolve('SIGTERM')));
  return { first, stop };
}

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the desk with WEB_PORT set', () => {
  it('serves the microsite from its own process and stops it in order with the desk', async () => {
    const port = await freePort();
    const signals = manualSignals();
    const input = new PassThrough();
    const env = { DATABASE_PATH: tempDbPath(), WEB_PORT: String(port), LOG_LEVEL: 'silent' };
    const done = runDesk(env, { input, output: new PassThrough(), interactive: false }, signals);
    const health = await until(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return res.status;
    });
    expect(health).toBe(200);
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(await home.text()).toContain('<html lang="id">');
    signals.stop();
    expect(await done).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('keeps serving the web chat with no terminal and stdin closed (the image), answers on /chat, and keeps to the configured limit', async () => {
    const port = await freePort();
    const signals = manualSignals();
    const input = new PassThrough();
    // End of input at once, as `docker run` without -i gives.
    input.end();
    const env = { DATABASE_PATH: tempDbPath(), WEB_PORT: String(port), LOG_LEVEL: 'silent', WEB_CHAT_SESSION_PER_MINUTE: '1' };
    let finished = false;
    const done = runDesk(env, { input, output: new PassThrough(), interactive: false }, signals).finally(() => (finished = true));
    const page = await until(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/chat`);
      return res.status === 200 ? res : undefined;
    });
    const cookie = page!.headers.get('set-cookie')!.split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page!.text())![1]!;
    const sent = await fetch(`http://127.0.0.1:${port}/chat/api/messages`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'lupa pasword', clientId: 'run-test-1' }),
    });
    expect(sent.status).toBe(202);
    const answered = await until(async () => {
      const r = await fetch(`http://127.0.0.1:${port}/chat/api/messages`, { headers: { cookie } });
      const { messages } = (await r.json()) as { messages: Array<{ html: string }> };
      return messages.find((m) => m.html.includes('msg-out'));
    });
    expect(answered!.html).toContain('akun.inaproc.id');
    const second = await fetch(`http://127.0.0.1:${port}/chat/api/messages`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'halo', clientId: 'run-test-2' }),
    });
    // WEB_CHAT_SESSION_PER_MINUTE=1: the second message in the minute is refused, politely.
    expect(second.status).toBe(429);
    expect(((await second.json()) as { error: string }).error).toBe(texts.webChat.tooMany);
    expect(finished).toBe(false);
    signals.stop();
    expect(await done).toBe(0);
  });

  it('gives a person at a terminal the console as well as the web chat', async () => {
    const port = await freePort();
    const signals = manualSignals();
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (b: Buffer) => (printed += b.toString()));
    const env = { DATABASE_PATH: tempDbPath(), WEB_PORT: String(port), LOG_LEVEL: 'silent' };
    const done = runDesk(env, { input, output, interactive: true }, signals);
    await until(async () => (await fetch(`http://127.0.0.1:${port}/chat`)).status === 200 || undefined);
    input.write('lupa pasword\n');
    await until(async () => printed.includes('akun.inaproc.id') || undefined);
    // /keluar at the terminal ends the desk, the web chat with it.
    input.write('/keluar\n');
    expect(await done).toBe(0);
  });

  it('with SMTP_URL mails a closed page its owed reply from the start, says so on the contact form, and stops the mail with the desk', async () => {
    const smtp = await smtpSink();
    const databasePath = tempDbPath();
    // A reply that waited unseen for 20 minutes while the desk was down.
    const store = openStore(databasePath);
    const twentyMinutesAgo = new Date(Date.now() - 20 * 60_000);
    store.webChat.createSession('sess-x', twentyMinutesAgo);
    store.contacts.saveDetails(
      { channel: 'web', userId: 'sess-x', chatId: 'sess-x' },
      { email: 'rina@contoh.co.id' },
      twentyMinutesAgo,
    );
    store.webChat.addOutbound('sess-x', undefined, { text: 'Balasan yang belum terbaca' }, twentyMinutesAgo);
    store.close();
    const port = await freePort();
    const signals = manualSignals();
    const env = {
      DATABASE_PATH: databasePath,
      WEB_PORT: String(port),
      LOG_LEVEL: 'silent',
      SMTP_URL: smtp.url,
      SMTP_FROM: 'helpdesk@pbj.example.go.id',
      WEB_PUBLIC_URL: 'https://helpdesk.example.go.id',
    };
    const done = runDesk(env, { input: new PassThrough(), output: new PassThrough(), interactive: false }, signals);
    try {
      const page = await until(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/chat`);
        return res.status === 200 ? res.text() : undefined;
      });
      expect(page).toContain(texts.webChat.detailsMailNote);
      const [mail] = await smtp.waitFor(1);
      expect(mail!.text).toContain('Balasan yang belum terbaca');
      expect(mail!.text).toContain('https://helpdesk.example.go.id/chat');
    } finally {
      signals.stop();
      expect(await done).toBe(0);
      await smtp.close();
    }
  });

  it('refuses to start, saying why, when the port is taken', async () => {
    const port = await freePort();
    const first = manualSignals();
    const env = { DATABASE_PATH: tempDbPath(), WEB_PORT: String(port), LOG_LEVEL: 'silent' };
    const running = runDesk(env, { input: new PassThrough(), output: new PassThrough(), interactive: false }, first);
    await until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status);
    const second = runDesk(
      { ...env, DATABASE_PATH: tempDbPath() },
      { input: new PassThrough(), output: new PassThrough(), interactive: false },
      manualSignals(),
    );
    expect(await second).toBe(1);
    first.stop();
    expect(await running).toBe(0);
  });
});
