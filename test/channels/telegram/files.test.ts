import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileFetcher } from '../../../src/channels/telegram/files.js';
import { FileFetchError, type Attachment } from '../../../src/core/channel.js';
import { startBotApiEmulator, type BotApiEmulator } from '../../support/bot-api-emulator.js';

const TOKEN = '424242:FileFetcherTestToken_abcdefghijklmnop';

describe('fetching a Telegram file for another channel', () => {
  let emulator: BotApiEmulator;
  beforeAll(async () => {
    emulator = await startBotApiEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  const fetcher = () =>
    createFileFetcher({ api: new Api(TOKEN, { apiRoot: emulator.apiRoot }), token: TOKEN, apiRoot: emulator.apiRoot });
  const photo = (ref: string): Attachment => ({ kind: 'photo', ref, channel: 'telegram' });
  const failure = async (p: Promise<unknown>): Promise<FileFetchError> => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FileFetchError);
    // The download address holds the token: no error may carry it.
    expect(JSON.stringify({ message: (err as Error).message, context: (err as FileFetchError).context })).not.toContain(TOKEN);
    return err as FileFetchError;
  };

  it('hands out the bytes of a file by its file_id (getFile, then the download)', async () => {
    const bytes = Buffer.from('the screenshot bytes');
    const { file_id } = emulator.files.add(bytes);
    expect(await fetcher()(photo(file_id), 1024)).toEqual(bytes);
    expect(emulator.calls.filter((c) => c.method === 'getFile').at(-1)?.payload.file_id).toBe(file_id);
  });

  it('says too_large for a file over the limit asked for, or one Telegram will not hand a bot', async () => {
    const small = emulator.files.add(Buffer.alloc(2_000, 1));
    expect((await failure(fetcher()(photo(small.file_id), 1_000))).reason).toBe('too_large');
    // Telegram's size says small, the body is larger: the limit holds while reading.
    const lying = emulator.files.add(Buffer.alloc(5_000, 2), { size: 10 });
    expect((await failure(fetcher()(photo(lying.file_id), 1_000))).reason).toBe('too_large');
    const huge = emulator.files.add(Buffer.alloc(10), { size: 25 * 1024 * 1024 });
    expect((await failure(fetcher()(photo(huge.file_id), 100 * 1024 * 1024))).reason).toBe('too_large');
  });

  it('says gone for a file_id Telegram does not know, and unavailable when the download fails for now', async () => {
    expect((await failure(fetcher()(photo('no-such-file'), 1_000))).reason).toBe('gone');
    const f = emulator.files.add(Buffer.from('bytes'));
    emulator.files.downloadFault = () => 502;
    try {
      expect((await failure(fetcher()(photo(f.file_id), 1_000))).reason).toBe('unavailable');
    } finally {
      emulator.files.downloadFault = undefined;
    }
    expect(await fetcher()(photo(f.file_id), 1_000)).toEqual(Buffer.from('bytes'));
  });
});
