import { describe, expect, it } from 'vitest';
import type { ChannelHost } from '../src/channels/index.js';
import { texts } from '../src/core/catalogue.js';
import type { ChannelAdapter, ChannelContext, ChannelName, InboundHandler } from '../src/core/channel.js';
import { silentLogger } from '../src/logger.js';
import { startPlatforms } from '../src/platforms.js';
import { createHarness, recordingSender, type RecordingSender } from './helpers.js';

interface FakeAdapter extends ChannelAdapter {
  deps: ChannelContext;
  handler?: InboundHandler;
  stopped: boolean;
}

function fakeAdapter(channel: ChannelName, deps: ChannelContext, startError?: Error): FakeAdapter {
  const adapter: FakeAdapter = {
    channel,
    deps,
    stopped: false,
    sender: recordingSender(channel),
    async start(handler) {
      if (startError) throw startError;
      adapter.handler = handler;
    },
    async stop() {
      adapter.stopped = true;
    },
  };
  return adapter;
}

const ENV = {
  STAFF_TELEGRAM_IDS: '100',
  STAFF_WHATSAPP_NUMBERS: '6281200000001',
  TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12',
  WHATSAPP_ENABLED: 'true',
};

/** Starts the given channels on fake adapters; `failing` ones throw this error from start(). */
function startOnFakes(
  h: Awaited<ReturnType<typeof createHarness>>,
  channels: ChannelName[],
  failing: Partial<Record<ChannelName, Error>> = {},
  onAllDown?: () => void,
) {
  const made: FakeAdapter[] = [];
  const started = startPlatforms({
    app: h.app,
    channels,
    clock: h.clock,
    log: silentLogger,
    createAdapter: (channel, deps) => {
      const a = fakeAdapter(channel, deps, failing[channel]);
      made.push(a);
      return a;
    },
    ...(onAllDown ? { onAllDown } : {}),
  });
  return { made, started };
}

describe('startPlatforms', () => {
  it('keeps Telegram serving when WhatsApp cannot start, and tells the Telegram admin why', async () => {
    const h = await createHarness(ENV);
    const { made, started } = startOnFakes(h, ['telegram', 'whatsapp'], { whatsapp: new Error('no number is paired') });
    const platforms = await started;
    expect([...platforms.down.keys()]).toEqual(['whatsapp']);
    const alerts = h.drainQueued().filter((r) => r.text.includes('no number is paired'));
    expect(alerts.map((r) => [r.channel, r.chatId])).toEqual([['telegram', '100']]);
    expect(alerts[0]!.text).toBe(texts.platform.channelDown('whatsapp', 'no number is paired'));
    // Telegram still answers.
    await made[0]!.handler!({
      channel: 'telegram',
      externalId: 'u1',
      chatId: '5',
      userId: '5',
      text: '/menu',
      attachments: [],
      receivedAt: h.clock.now(),
    });
    expect(h.drainQueued().some((r) => r.chatId === '5')).toBe(true);
    await platforms.stop();
    h.close();
  });

  it('fails, with everything stopped, when no channel can start', async () => {
    const h = await createHarness(ENV);
    const { made, started } = startOnFakes(h, ['telegram'], { telegram: new Error('Telegram rejected the bot token') });
    await expect(started).rejects.toThrow('Telegram rejected the bot token');
    expect(made[0]!.handler).toBeUndefined();
    h.close();
  });

  it('says when the last running channel stops for good', async () => {
    const h = await createHarness(ENV);
    let allDown = 0;
    const { made, started } = startOnFakes(h, ['telegram', 'whatsapp'], {}, () => allDown++);
    const platforms = await started;
    h.drainQueued();
    made[1]!.deps.fatal(new Error('logged out'), { adminsAlerted: true });
    expect(allDown).toBe(0);
    // The adapter told the admins itself: no second, generic alert.
    expect(h.drainQueued()).toEqual([]);
    made[0]!.deps.fatal(new Error('token revoked'));
    made[0]!.deps.fatal(new Error('token revoked'));
    expect(allDown).toBe(1);
    await platforms.stop();
    h.close();
  });

  it('gives a channel a deliver() that sends its own queued rows now, and a quit() that tells the caller', async () => {
    const h = await createHarness(ENV);
    const hosts: ChannelHost[] = [];
    const made: FakeAdapter[] = [];
    let quits = 0;
    const platforms = await startPlatforms({
      app: h.app,
      channels: ['console', 'telegram'],
      clock: h.clock,
      log: silentLogger,
      // A poll too slow to send anything by itself during the test.
      dispatcher: { pollMs: 60_000 },
      createAdapter: (channel, ctx, host) => {
        hosts.push(host);
        const a = fakeAdapter(channel, ctx);
        made.push(a);
        return a;
      },
      onQuit: () => quits++,
    });
    await Promise.all(platforms.dispatchers.map((d) => d.drain()));
    await made[0]!.handler!({
      channel: 'console',
      externalId: 'c1',
      chatId: 'console',
      userId: 'console-user',
      text: '/menu',
      attachments: [],
      receivedAt: h.clock.now(),
    });
    await hosts[0]!.deliver();
    const sent = (made[0]!.sender as RecordingSender).sent;
    expect(sent.map((m) => m.chatId)).toEqual(['console']);
    expect(h.app.store.outbox.countByStatus('console').pending).toBe(0);
    hosts[0]!.quit();
    expect(quits).toBe(1);
    await platforms.stop();
    h.close();
  });
});
