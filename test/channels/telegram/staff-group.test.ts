import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/app.js';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logger.js';
import { testConfig, testContent } from '../../helpers.js';
import { until, withBatches, type ApiCall, type FakeAnswer } from './fake-api.js';
import { startTelegramPlatform, type TelegramPlatform } from './platform.js';

/**
 * The staff group refusing the bot, through the real desk, store and dispatcher in front of a
 * fake Bot API: new-ticket notices must still reach someone, and the admins must be told.
 */

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123';
const GROUP = '-1001111111111';
const ADMIN = '11';
const AGENT = '22';

let running: { app: App; platform: TelegramPlatform } | undefined;
afterEach(async () => {
  await running?.platform.stop();
  running?.app.close();
  running = undefined;
});

const ticket = (updateId: number, userId: number, t: string): Update =>
  ({
    update_id: updateId,
    message: {
      message_id: updateId,
      date: 1,
      chat: { id: userId, type: 'private', first_name: `U${userId}` },
      from: { id: userId, is_bot: false, first_name: `U${userId}` },
      text: t,
    },
  }) as Update;

/**
 * The first ticket at once; the second only once the first one's notice was tried (and answered)
 * somewhere, so it is a later notice, queued after the desk learnt what became of the group.
 */
async function start(first: Update, second: Update, groupAnswer: (chatId: string) => FakeAnswer | undefined, group = GROUP) {
  let firstDone = false;
  let secondSent = false;
  const fake = withBatches([[first]], {
    sendMessage: (p) => {
      const answer = groupAnswer(String(p.chat_id));
      if (!answer && String(p.text).includes('Tiket baru #1')) firstDone = true;
      return answer;
    },
    getUpdates: async (_p, n) => {
      if (n === 1) return { ok: true, result: [first] };
      await new Promise((r) => setTimeout(r, 5));
      if (firstDone && !secondSent) {
        secondSent = true;
        return { ok: true, result: [second] };
      }
      return { ok: true, result: [] };
    },
  });
  const app = createApp({
    config: testConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_STAFF_CHAT_ID: group,
      STAFF_TELEGRAM_IDS: `${ADMIN},${AGENT}`,
    }),
    clock: systemClock,
    log: silentLogger,
    content: await testContent(),
  });
  const platform = await startTelegramPlatform({
    app,
    clock: systemClock,
    log: silentLogger,
    idlePollDelayMs: 5,
    adapter: { pollRetryMs: 5, apiTransformers: [fake.transformer] },
    dispatcherPollMs: 20,
  });
  running = { app, platform };
  return { app, fake };
}

const sentTo = (calls: ApiCall[], chatId: string) =>
  calls.filter((c) => c.method === 'sendMessage' && String(c.payload.chat_id) === chatId).map((c) => String(c.payload.text));

describe('Telegram staff group that refuses the bot', () => {
  it('kicked (403): the notice and later ones go to staff private chats, and the admins are told once', async () => {
    const kicked: FakeAnswer = { ok: false, error_code: 403, description: 'Forbidden: bot was kicked from the supergroup chat' };
    const { app, fake } = await start(
      ticket(1, 501, '/tiket Tidak bisa login ke SPSE sejak pagi'),
      ticket(2, 502, '/tiket Dokumen penawaran gagal diunggah'),
      (chatId: string) => (chatId === GROUP ? kicked : undefined),
    );
    await until('both notices in both private chats', () =>
      [ADMIN, AGENT].every((id) => sentTo(fake.calls, id).filter((t) => /#1\b/.test(t) || /#2\b/.test(t)).length >= 2),
    );
    // Tried in the group once; the second ticket's notice went straight to the private chats.
    expect(sentTo(fake.calls, GROUP)).toHaveLength(1);
    for (const id of [ADMIN, AGENT]) {
      const notices = sentTo(fake.calls, id).filter((t) => !t.includes('Grup staf'));
      expect(notices.some((t) => t.includes('#1') && t.includes('Tidak bisa login'))).toBe(true);
      expect(notices.some((t) => t.includes('#2') && t.includes('Dokumen penawaran'))).toBe(true);
    }
    // The admin is told once, in Indonesian, what happened and what to do; the agent is not.
    const alerts = sentTo(fake.calls, ADMIN).filter((t) => t.includes('Grup staf Telegram menolak bot'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain('chat pribadi');
    expect(sentTo(fake.calls, AGENT).some((t) => t.includes('menolak bot'))).toBe(false);
    expect(app.staff.noticeTargets().map((t) => t.chatId)).toEqual(expect.arrayContaining([ADMIN, AGENT]));
    // The users were each told their ticket was opened.
    expect(sentTo(fake.calls, '501').some((t) => t.includes('#1'))).toBe(true);
  });

  it('upgraded to a supergroup (400 with migrate_to_chat_id): notices follow it to the new id, kept, and the admins are told to update the variable', async () => {
    const OLD = '-4001';
    const NEW = '-1009999999999';
    const upgraded: FakeAnswer = {
      ok: false,
      error_code: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: Number(NEW) },
    };
    const { app, fake } = await start(
      ticket(1, 501, '/tiket Tidak bisa login ke SPSE sejak pagi'),
      ticket(2, 502, '/tiket Dokumen penawaran gagal diunggah'),
      (chatId: string) => (chatId === OLD ? upgraded : undefined),
      OLD,
    );
    await until('both notices in the new group', () => sentTo(fake.calls, NEW).length >= 2);
    expect(sentTo(fake.calls, NEW)[0]).toContain('#1');
    expect(sentTo(fake.calls, NEW)[1]).toContain('#2');
    expect(sentTo(fake.calls, OLD)).toHaveLength(1);
    const alerts = sentTo(fake.calls, ADMIN).filter((t) => t.includes('Grup staf Telegram pindah'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain(NEW);
    expect(alerts[0]).toContain('TELEGRAM_STAFF_CHAT_ID');
    // Staff private chats got no notice: the group still works, at its new id.
    expect(sentTo(fake.calls, AGENT)).toEqual([]);
    expect(app.staff.isStaffGroup('telegram', NEW)).toBe(true);
    expect(app.staff.noticeTargets()).toEqual([{ channel: 'telegram', chatId: NEW }]);
    expect(app.store.deskState.get(`telegram.staffGroup.movedTo:${OLD}`)).toBe(NEW);
  });
});
