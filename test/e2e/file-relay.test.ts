import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { createConfig } from '../../src/config.js';
import { texts } from '../../src/core/catalogue.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/logger.js';
import { startPlatforms, type Platforms } from '../../src/platforms.js';
import { rowToOutbound } from '../../src/store/outbox.js';
import { chatClient, chatDesk, CHAT_ENV, type ChatClient, type ChatDesk } from '../channels/web/support.js';
import { idlePollDelay } from '../channels/telegram/platform.js';
import { until } from '../channels/telegram/fake-api.js';
import { createFakeWhatsApp, waMessage } from '../channels/whatsapp/fake-socket.js';
import { pairSession } from '../channels/whatsapp/harness.js';
import { removeTempDirs, tempDbPath } from '../helpers.js';
import { E2E_TOKEN, emulatorDesk } from './support.js';

/**
 * A staff member on Telegram answers `/balas N …` with a screenshot for a user on another channel:
 * the file goes along, fetched from Telegram (getFile, then the download) when the reply is sent.
 * Through the Bot API emulator with its file host, the real desk, the web chat over HTTP and
 * WhatsApp on the fake Baileys socket.
 */

const STAFF_ID = 1001;
/** A JPEG as far as anyone checking its first bytes can tell, with a body no one could guess. */
const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(3_000)]);

describe('a staff file for a user on another channel', () => {
  const emulator = emulatorDesk();
  let d: ChatDesk | undefined;
  afterEach(async () => {
    emulator.files().downloadFault = undefined;
    await d?.close();
    d = undefined;
    removeTempDirs();
  });

  /** A web chat user with ticket #1, and the staff member on Telegram. */
  async function webTicket(): Promise<{ desk: ChatDesk; user: ChatClient }> {
    d = await chatDesk(CHAT_ENV, {}, emulator.apiRoot());
    const user = await chatClient(d.url);
    await user.send({ text: '/tiket tidak bisa login ke akun spse sejak kemarin' });
    await user.waitFor(/#1/);
    return { desk: d, user };
  }

  /** The files of one desk message, fetched as the page fetches them. */
  async function filesOf(desk: ChatDesk, user: ChatClient, html: string): Promise<Buffer[]> {
    const urls = [...html.matchAll(/href="(\/chat\/berkas\/\d+\/\d+)"/g)].map((m) => m[1]!);
    return Promise.all(
      urls.map(async (u) =>
        Buffer.from(await (await fetch(`${desk.url}${u}`, { headers: { cookie: user.cookie } })).arrayBuffer()),
      ),
    );
  }

  const staffSaw = (text: string) =>
    until(`staff to read "${text}"`, () => emulator.botMessagesTo(STAFF_ID).find((m) => m.message.text.includes(text)));

  it('shows a web chat user the photo a staff member sent on Telegram with /balas, the same bytes', async () => {
    const { desk, user } = await webTicket();
    const photo = jpeg();
    await emulator.person({ id: STAFF_ID, name: 'Sari' }).sendFile('/balas 1 Coba langkah di gambar ini', { photo });
    const msg = await user.waitFor(/Coba langkah di gambar ini/);
    expect(await filesOf(desk, user, msg.html)).toEqual([photo]);
    await staffSaw('1 lampiran dikirim ke pengguna');
    // Kept with the session's uploads, so it goes when the session goes.
    const sessionDirs = readdirSync(desk.uploadsDir);
    expect(sessionDirs).toHaveLength(1);
    expect(readdirSync(join(desk.uploadsDir, sessionDirs[0]!))).toHaveLength(1);
  });

  it('delivers once when the download failed the first time and the reply was tried again', async () => {
    const { desk, user } = await webTicket();
    let failures = 1;
    emulator.files().downloadFault = () => (failures-- > 0 ? 502 : undefined);
    const before = emulator.files().downloads.length;
    const document = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2_000)]);
    await emulator
      .person({ id: STAFF_ID, name: 'Sari' })
      .sendFile('/balas 1 Formulir terlampir', { document, fileName: 'formulir.pdf', mimeType: 'application/pdf' });
    const msg = await user.waitFor(/Formulir terlampir/);
    expect(
      emulator
        .files()
        .downloads.slice(before)
        .map((x) => x.status),
    ).toEqual([502, 200]);
    expect(await filesOf(desk, user, msg.html)).toEqual([document]);
    expect(msg.html).toContain('formulir.pdf');
    // The same row delivered again (a crash before it was marked sent): no second message, file or download.
    const [session] = readdirSync(desk.uploadsDir);
    const row = desk.app.store.outbox.lastTo('web', session!)!;
    expect(row.attachments).toHaveLength(1);
    const web = desk.platforms.adapters.find((a) => a.channel === 'web')!;
    await web.sender.send({ ...rowToOutbound(row), deliveryId: `outbox:${row.id}` });
    expect((await user.history()).filter((m) => m.html.includes('Formulir terlampir'))).toHaveLength(1);
    expect(emulator.files().downloads.length - before).toBe(2);
    expect(readdirSync(join(desk.uploadsDir, session!))).toHaveLength(1);
  });

  it('gives the user the reply and a polite line when the file is too large to fetch', async () => {
    const { user } = await webTicket();
    await emulator
      .person({ id: STAFF_ID, name: 'Sari' })
      .sendFile('/balas 1 Ini rekaman layarnya', { photo: jpeg(), size: 25 * 1024 * 1024 });
    const msg = await user.waitFor(/Ini rekaman layarnya/);
    expect(msg.html).toContain(texts.fileRelay.tooLarge(1));
    expect(msg.html).not.toContain('/chat/berkas/');
  });

  it('tells a web chat user in a line that a file the page cannot show (not an image or PDF) stayed behind', async () => {
    const { user } = await webTicket();
    const sheet = Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(500)]);
    await emulator.person({ id: STAFF_ID, name: 'Sari' }).sendFile('/balas 1 Templat isian terlampir', {
      document: sheet,
      fileName: 'templat.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const msg = await user.waitFor(/Templat isian terlampir/);
    expect(msg.html).toContain(texts.fileRelay.notSendable(1));
    expect(msg.html).not.toContain('/chat/berkas/');
    expect(msg.html).not.toContain('templat.xlsx');
  });

  describe('to a WhatsApp user', () => {
    const VENDOR = '6285700000001@s.whatsapp.net';
    let running: { app: App; platforms: Platforms } | undefined;
    afterEach(async () => {
      await running?.platforms.stop();
      running?.app.close();
      running = undefined;
    });

    it('sends the photo as a WhatsApp image with the same bytes after the reply, the reply once though the first download failed', async () => {
      const config = createConfig({
        DATABASE_PATH: tempDbPath(),
        TELEGRAM_BOT_TOKEN: E2E_TOKEN,
        TELEGRAM_API_ROOT: emulator.apiRoot(),
        TELEGRAM_CHAT_INTERVAL_MS: '0',
        STAFF_TELEGRAM_IDS: String(STAFF_ID),
        WHATSAPP_ENABLED: 'true',
        WHATSAPP_SEND_INTERVAL_MS: '200',
        WHATSAPP_SEND_JITTER_MS: '0',
      });
      const app = createApp({ config, clock: systemClock, log: silentLogger });
      pairSession(app.store.whatsappAuth, systemClock);
      const fake = createFakeWhatsApp();
      const platforms = await startPlatforms({
        app,
        channels: ['telegram', 'whatsapp'],
        clock: systemClock,
        log: silentLogger,
        options: {
          telegram: { pollRetryMs: 50, apiTransformers: [idlePollDelay(10)] },
          whatsapp: { socketFactory: fake.factory, startTimeoutMs: 2_000 },
        },
        dispatcher: { pollMs: 50 },
      });
      running = { app, platforms };
      fake.deliver([waMessage('/tiket tidak bisa login ke akun spse sejak kemarin', { remoteJid: VENDOR })]);
      await vi.waitFor(() => expect(fake.sent.some((s) => s.text.includes('#1'))).toBe(true), { timeout: 15_000 });
      const photo = jpeg();
      let failures = 1;
      emulator.files().downloadFault = () => (failures-- > 0 ? 503 : undefined);
      await emulator.person({ id: STAFF_ID, name: 'Sari' }).sendFile('/balas 1 Coba langkah di gambar ini', { photo });
      await vi.waitFor(() => expect(fake.sent.some((s) => 'image' in s.content)).toBe(true), { timeout: 15_000 });
      const toVendor = fake.sent.filter((s) => s.jid === VENDOR);
      const reply = toVendor.findIndex((s) => s.text.includes('Coba langkah di gambar ini'));
      const image = toVendor.findIndex((s) => 'image' in s.content);
      expect(reply).toBeGreaterThanOrEqual(0);
      expect(failures).toBe(-1);
      // Fetched before anything was sent: the retry did not repeat the text.
      expect(toVendor.filter((s) => s.text.includes('Coba langkah di gambar ini'))).toHaveLength(1);
      expect(image).toBe(reply + 1);
      const content = toVendor[image]!.content as { image: Buffer; mimetype?: string };
      expect(Buffer.from(content.image)).toEqual(photo);
      expect(content.mimetype).toBe('image/jpeg');
    });
  });
});
