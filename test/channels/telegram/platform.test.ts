import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { texts } from '../../../src/core/catalogue.js';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logger.js';
import { testConfig } from '../../helpers.js';
import { until, withBatches, type fakeApi } from './fake-api.js';
import { startTelegramPlatform, type TelegramPlatform } from './platform.js';

/**
 * The Telegram adapter wired to the real app (real desk, real store on a temp file, real
 * dispatcher) as main does it, in front of a fake Bot API: for what the emulator cannot show —
 * Telegram delivering an update again, or refusing the token while the desk runs.
 */

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123';

let running: { app: App; platform: TelegramPlatform } | undefined;
afterEach(async () => {
  await running?.platform.stop();
  running?.app.close();
  running = undefined;
});

async function start(fake: ReturnType<typeof fakeApi>, onAllDown?: () => void) {
  const app = createApp({ config: testConfig({ TELEGRAM_BOT_TOKEN: TOKEN }), clock: systemClock, log: silentLogger });
  const platform = await startTelegramPlatform({
    app,
    clock: systemClock,
    log: silentLogger,
    idlePollDelayMs: 5,
    adapter: { pollRetryMs: 5, apiTransformers: [fake.transformer] },
    dispatcherPollMs: 20,
    ...(onAllDown ? { onAllDown } : {}),
  });
  running = { app, platform };
  return { app, platform };
}

const text = (updateId: number, messageId: number, t: string): Update =>
  ({
    update_id: updateId,
    message: {
      message_id: messageId,
      date: 1,
      chat: { id: 100, type: 'private', first_name: 'U' },
      from: { id: 100, is_bot: false, first_name: 'U' },
      text: t,
    },
  }) as Update;

describe('Telegram platform (real desk, fake Bot API)', () => {
  it('handles a redelivered message once, and a new message under an update_id seen before', async () => {
    const fake = withBatches([
      [text(500, 10, '/status')],
      // Delivered again (the confirming poll was lost in a restart): the same message.
      [text(500, 10, '/status')],
      // Telegram started update_id again after a quiet week: a new message under an old update_id.
      [text(500, 11, '/status 7')],
    ]);
    const { app, platform } = await start(fake);
    const answers = () => fake.calls.filter((c) => c.method === 'sendMessage' && String(c.payload.chat_id) === '100');
    await until('both answers', () => answers().length >= 2);
    await until('every batch to be fetched', () => fake.calls.filter((c) => c.method === 'getUpdates').length >= 5);
    await platform.dispatcher.drain();
    expect(answers().map((c) => String(c.payload.text))).toEqual([texts.tickets.listEmpty, expect.stringContaining('#7')]);
    const inbound = app.store.handle.sqlite
      .prepare("select external_id as id from inbound_messages where channel = 'telegram' order by id")
      .all() as Array<{ id: string }>;
    expect(inbound.map((r) => r.id)).toEqual(['100:10', '100:11']);
  });

  it('a token revoked while running takes the channel down for an operator; with no channel left, the process is told to exit', async () => {
    const fake = withBatches([[text(1, 10, '/status')], { ok: false, error_code: 401, description: 'Unauthorized' }]);
    let allDown = false;
    const { platform } = await start(fake, () => (allDown = true));
    await until('the channel to go down', () => platform.down.has('telegram'));
    expect(platform.down.get('telegram')!.message).toMatch(/401.*TELEGRAM_BOT_TOKEN/);
    expect(allDown).toBe(true);
  });
});
