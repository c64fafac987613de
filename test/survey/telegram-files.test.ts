import { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramSender, CAPTION_LIMIT } from '../../src/channels/telegram/sender.js';
import { silentLogger } from '../../src/logger.js';
import { rowToOutbound } from '../../src/store/outbox.js';
import { createHarness, inbound } from '../helpers.js';
import { startBotApiEmulator, type BotApiEmulator } from '../support/bot-api-emulator.js';

const TOKEN = '123456:TEST-token-for-unit-tests-only';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
let emulator: BotApiEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function sender() {
  emulator = await startBotApiEmulator();
  return createTelegramSender({ api: new Api(TOKEN, { apiRoot: emulator.apiRoot }), log: silentLogger });
}

describe('Telegram sender: files the desk made', () => {
  it('uploads a photo and a document with their captions, and no text message when the text is empty', async () => {
    const s = await sender();
    const result = await s.send({
      channel: 'telegram',
      chatId: '42',
      text: '',
      files: [
        {
          kind: 'photo',
          fileName: 'ipa-2026.png',
          mimeType: 'image/png',
          data: PNG.toString('base64'),
          caption: '**IKM 2026**: 83,33',
        },
        { kind: 'document', fileName: 'laporan.csv', data: Buffer.from('a,b\n').toString('base64') },
      ],
    });
    expect(emulator!.count('sendMessage')).toBe(0);
    expect(emulator!.uploads.map((u) => [u.method, u.chatId, u.fileName, u.caption, u.parseMode])).toEqual([
      ['sendPhoto', '42', 'ipa-2026.png', '<b>IKM 2026</b>: 83,33', 'HTML'],
      ['sendDocument', '42', 'laporan.csv', undefined, undefined],
    ]);
    expect(emulator!.uploads[0]!.bytes.equals(PNG)).toBe(true);
    expect(result.ref).toBeDefined();
  });

  it('sends the text first, then the file', async () => {
    const s = await sender();
    await s.send({
      channel: 'telegram',
      chatId: '42',
      text: 'Laporan terlampir.',
      files: [{ kind: 'photo', fileName: 'a.png', data: PNG.toString('base64') }],
    });
    expect(emulator!.calls.map((c) => c.method).filter((m) => m.startsWith('send'))).toEqual(['sendMessage', 'sendPhoto']);
  });

  it('cuts a caption over Telegram’s limit and sends it as plain text', async () => {
    const s = await sender();
    await s.send({
      channel: 'telegram',
      chatId: '42',
      text: '',
      files: [{ kind: 'photo', fileName: 'a.png', data: PNG.toString('base64'), caption: `**x** ${'y'.repeat(2000)}` }],
    });
    const [upload] = emulator!.uploads;
    expect(upload!.caption!.length).toBe(CAPTION_LIMIT);
    expect(upload!.caption!.startsWith('x y')).toBe(true);
    expect(upload!.parseMode).toBeUndefined();
  });

  it('delivers the /ikm report an admin asked for as two PNG photos with the summary as captions', async () => {
    const h = await createHarness({ TELEGRAM_BOT_TOKEN: TOKEN, ADMIN_TELEGRAM_IDS: '1001' });
    h.app.store.survey.importFile(
      'x.csv',
      'sha',
      [
        {
          period: '2026',
          answeredOn: '2026-02-01',
          answers: [
            { item: 'B3', performance: 2, importance: 4 },
            { item: 'U1', performance: 4, importance: 3 },
          ],
        },
      ],
      h.clock.now(),
    );
    // The pictures are rendered after the message's transaction, off the event loop.
    const { deferred } = h.app.desk.receive(
      inbound('/ikm 2026', { channel: 'telegram', chatId: '1001', userId: '1001', privateChat: true, receivedAt: h.clock.now() }),
    );
    await deferred;
    const [row] = h.drainQueued();
    h.close();
    const s = await sender();
    await s.send(rowToOutbound(row!));
    expect(emulator!.uploads.map((u) => [u.method, u.fileName])).toEqual([
      ['sendPhoto', 'ipa-2026.png'],
      ['sendPhoto', 'nrr-2026.png'],
    ]);
    for (const u of emulator!.uploads) expect(u.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(emulator!.uploads[0]!.caption).toContain('<b>Survei Kepuasan Masyarakat (IKM) untuk periode 2026</b>');
    expect(emulator!.uploads[0]!.caption).toContain('Kuadran I Prioritas utama: B3');
  });
});
