import { Api } from 'grammy';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramSender } from '../../../src/channels/telegram/sender.js';
import { createDispatcher } from '../../../src/outbox/dispatcher.js';
import { silentLogger } from '../../../src/logger.js';
import { systemClock } from '../../../src/core/clock.js';
import { tempDir } from '../../helpers.js';
import { startBotApiEmulator, type BotApiEmulator } from '../../support/bot-api-emulator.js';
import { startAdapter, startHarness, type WaHarness } from '../whatsapp/harness.js';
import { chatClient, chatDesk, clientId, type ChatDesk } from './support.js';

const TOKEN = '123456:TEST-token-for-unit-tests-only';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
const REMOVED = 'Berkas layar.png sudah dihapus karena masa simpan data obrolan web telah berakhir.';

let emulator: BotApiEmulator | undefined;
let wa: WaHarness | undefined;
let desk: ChatDesk | undefined;
afterEach(async () => {
  await emulator?.close();
  await wa?.stop();
  await desk?.close();
  emulator = wa = desk = undefined;
});

/** A staff notice with two web uploads: one deleted after the retention period, one still on disk. */
function notice(channel: 'telegram' | 'whatsapp', chatId: string) {
  const dir = tempDir();
  const kept = join(dir, 'kept.png');
  writeFileSync(kept, PNG);
  return {
    channel,
    chatId,
    text: 'Tiket baru #7 (Web)',
    files: [
      { kind: 'photo' as const, fileName: 'layar.png', mimeType: 'image/png', path: join(dir, 'gone.png') },
      { kind: 'document' as const, fileName: 'surat.png', mimeType: 'image/png', path: kept },
    ],
  };
}

describe('sends naming a web chat upload deleted after the retention period', () => {
  it('Telegram: the text goes with a line saying the file was removed, the other file still goes, and nothing is retried', async () => {
    emulator = await startBotApiEmulator();
    const sender = createTelegramSender({ api: new Api(TOKEN, { apiRoot: emulator.apiRoot }), log: silentLogger });
    // Before: the upload of the missing path failed as a network error, retried until the outbox gave up.
    await expect(sender.send({ ...notice('telegram', '1001'), deliveryId: 'outbox:1' })).resolves.toMatchObject({
      ref: expect.any(String),
    });
    const texts = emulator.calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.payload.text));
    expect(texts).toEqual([`Tiket baru #7 (Web)\n${REMOVED}`]);
    expect(emulator.uploads.map((u) => u.fileName)).toEqual(['surat.png']);
  });

  it('WhatsApp: the text goes with the same line, and the file still on disk goes', async () => {
    wa = await startHarness();
    await startAdapter(wa);
    await wa.adapter.sender.send(notice('whatsapp', '6285700000001@s.whatsapp.net'));
    expect(wa.fake.sent[0]!.text).toBe(`Tiket baru #7 (Web)\n${REMOVED}`);
    expect(wa.fake.sent).toHaveLength(2);
    expect(wa.fake.sent[1]!.text).toContain('surat.png');
  });

  it('Web: a message to a deleted session fails for good at once, and the dispatcher carries on', async () => {
    desk = await chatDesk();
    const c = await chatClient(desk.url);
    await c.send({ text: 'halo' });
    await c.waitFor(/./);
    const { store } = desk.app;
    const sessionId = (store.handle.sqlite.prepare('select id from web_sessions').get() as { id: string }).id;
    expect(store.webRetention.prune(sessionId, new Date(Date.now() + 1_000 * 86_400_000))).toBeDefined();
    // Staff reopened the ticket and replied: queued for a session that is gone.
    desk.app.desk.post([{ channel: 'web', chatId: sessionId, text: 'Balasan petugas' }]);
    const dispatcher = createDispatcher({
      outbox: store.outbox,
      sender: desk.hub.senderFor(),
      clock: systemClock,
      log: silentLogger,
    });
    await dispatcher.drain();
    const rows = store.handle.sqlite.prepare(`select status, attempts, last_error from outbox where channel = 'web'`).all();
    expect(rows).toEqual([{ status: 'failed', attempts: 1, last_error: 'no such web chat session' }]);
    expect(await dispatcher.drain()).toBe(0);
  });

  it('Web: a retried POST with a file (the same client id) leaves one file on disk', async () => {
    desk = await chatDesk();
    const c = await chatClient(desk.url);
    const id = clientId();
    const post = () => {
      const form = new FormData();
      form.set('clientId', id);
      form.set('text', 'ini layarnya');
      form.set('file', new Blob([PNG], { type: 'image/png' }), 'layar.png');
      return fetch(`${desk!.url}/chat/api/messages`, {
        method: 'POST',
        headers: { cookie: c.cookie, 'x-csrf-token': c.csrf },
        body: form,
      });
    };
    expect((await post()).status).toBe(202);
    expect((await post()).status).toBe(202);
    const [session] = readdirSync(desk.uploadsDir);
    expect(readdirSync(join(desk.uploadsDir, session!))).toHaveLength(1);
  });
});
