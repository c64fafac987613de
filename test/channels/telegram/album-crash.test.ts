import type { Message, Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { createTelegramAdapter } from '../../../src/channels/telegram/adapter.js';
import type { ChannelAdapter, InboundMessage } from '../../../src/core/channel.js';
import { createManualClock, type ManualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logger.js';
import { tempDbPath, testConfig, testContent } from '../../helpers.js';
import { fakeApi, until, withBatches } from './fake-api.js';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123';
const CHAT = 4242;

const photo = (updateId: number, messageId: number, caption?: string): Update =>
  ({
    update_id: updateId,
    message: {
      message_id: messageId,
      date: 1,
      chat: { id: CHAT, type: 'private', first_name: 'Vendor' },
      from: { id: CHAT, is_bot: false, first_name: 'Vendor' },
      media_group_id: 'album-crash',
      photo: [{ file_id: `photo-${messageId}`, file_unique_id: `u${messageId}`, width: 800, height: 600 }],
      ...(caption ? { caption } : {}),
    } as Message,
  }) as Update;

const apps: App[] = [];
const adapters: ChannelAdapter[] = [];
afterEach(async () => {
  for (const a of adapters.splice(0)) await a.stop();
  for (const app of apps.splice(0)) app.close();
});

async function instance(path: string, fake: ReturnType<typeof fakeApi>, clock: ManualClock) {
  const app = createApp({
    config: testConfig({ DATABASE_PATH: path, TELEGRAM_BOT_TOKEN: TOKEN }),
    clock,
    log: silentLogger,
    content: await testContent(),
  });
  apps.push(app);
  const adapter = createTelegramAdapter(
    {
      config: app.config.telegram,
      topics: app.store.telegramTopics,
      albumParts: app.store.telegramAlbums,
      log: silentLogger,
      clock,
      alertAdmins: () => undefined,
      fatal: () => undefined,
    },
    { albumQuietMs: 1_000, stopTimeoutMs: 1_000, pollRetryMs: 5, apiTransformers: [fake.transformer] },
  );
  return { app, adapter };
}

describe('Telegram albums survive a crash', () => {
  it('an album whose parts were confirmed to Telegram before a kill -9 becomes exactly one ticket with every file on restart', async () => {
    const path = tempDbPath();
    const album = [photo(1, 10, '/tiket Tidak bisa unggah dokumen penawaran'), photo(2, 11), photo(3, 12)];

    // The first process: it fetches the three parts (two polls, so Telegram counts the first
    // batch as delivered) and dies within the album's quiet period — never stopped, no flush.
    let polled = 0;
    const first = fakeApi({
      getMe: () => ({ ok: true, result: { id: 666, is_bot: true, first_name: 'Bot', username: 'pbj_bot' } }),
      getUpdates: () => {
        polled++;
        if (polled === 1) return { ok: true, result: album.slice(0, 2) };
        if (polled === 2) return { ok: true, result: album.slice(2) };
        // A long poll that never answers: this process is as good as dead.
        return new Promise<never>(() => undefined);
      },
    });
    const clock1 = createManualClock();
    const one = await instance(path, first, clock1);
    const gotByFirst: InboundMessage[] = [];
    await one.adapter.start(async (msg) => void gotByFirst.push(msg));
    await until('the album to be fetched', () => polled >= 3);
    expect(gotByFirst).toHaveLength(0);
    expect(one.app.store.tickets.countByStatus(['new'])).toBe(0);

    // The second process, on the same file: Telegram sends nothing again, but the last part once
    // more (its update was never confirmed) — it must not make a second ticket or a stray message.
    const second = withBatches([[album[2]!]]);
    const clock2 = createManualClock();
    const two = await instance(path, second, clock2);
    adapters.push(two.adapter);
    const got: InboundMessage[] = [];
    await two.adapter.start(async (msg) => {
      got.push(msg);
      two.app.desk.receive(msg);
    });
    await until('the redelivered part', () => second.calls.filter((c) => c.method === 'getUpdates').length >= 3);
    clock2.advance(1_000);
    await until('the album handed to the desk', () => got.length >= 1);
    await new Promise((r) => setTimeout(r, 50));

    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ externalId: `${CHAT}:10`, text: '/tiket Tidak bisa unggah dokumen penawaran' });
    const tickets = two.app.store.tickets.byStatus(['new'], 10);
    expect(tickets).toHaveLength(1);
    expect(two.app.store.tickets.attachments(tickets[0]!.id).map((a) => a.ref)).toEqual(['photo-10', 'photo-11', 'photo-12']);
    // Handed over: nothing is left to complete at the next start.
    expect(two.app.store.telegramAlbums.pending()).toEqual([]);
  });

  it('a third start after the album was handed over does not hand it over again', async () => {
    const path = tempDbPath();
    const clock = createManualClock();
    const one = await instance(path, withBatches([[photo(1, 10, '/tiket layar putih'), photo(2, 11)]]), clock);
    adapters.push(one.adapter);
    const got: InboundMessage[] = [];
    await one.adapter.start(async (msg) => void (got.push(msg), one.app.desk.receive(msg)));
    await until('two parts recorded', () => one.app.store.telegramAlbums.pending().length === 2);
    clock.advance(1_000);
    await until('the album', () => got.length === 1);
    await until('its parts cleared', () => one.app.store.telegramAlbums.pending().length === 0);
    await one.adapter.stop();
    adapters.splice(0);

    const again = await instance(path, withBatches([]), createManualClock());
    adapters.push(again.adapter);
    const gotAgain: InboundMessage[] = [];
    await again.adapter.start(async (msg) => void gotAgain.push(msg));
    await new Promise((r) => setTimeout(r, 50));
    expect(gotAgain).toHaveLength(0);
    expect(again.app.store.tickets.byStatus(['new'], 10)).toHaveLength(1);
  });
});
