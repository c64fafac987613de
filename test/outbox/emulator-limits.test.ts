import { afterEach, describe, expect, it } from 'vitest';
import { startBotApiEmulator, type BotApiEmulator } from '../support/bot-api-emulator.js';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12';
let emulator: BotApiEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function send(chatId: string): Promise<{ ok: boolean; error_code?: number; parameters?: { retry_after: number } }> {
  const res = await fetch(`${emulator!.apiRoot}/bot${TOKEN}/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chat_id: chatId, text: 'halo' }),
  });
  return (await res.json()) as { ok: boolean; error_code?: number; parameters?: { retry_after: number } };
}

describe('the Bot API emulator’s flood limits (for the broadcast bench)', () => {
  it('refuses a second message to one private chat within a second, with retry_after', async () => {
    emulator = await startBotApiEmulator({ limits: { perPrivateChatPerSecond: 1 } });
    expect((await send('42')).ok).toBe(true);
    expect(await send('42')).toMatchObject({ ok: false, error_code: 429, parameters: { retry_after: 1 } });
    expect((await send('43')).ok).toBe(true);
    expect(emulator.floods).toBe(1);
    expect(emulator.delivered.map((d) => d.chatId)).toEqual(['42', '43']);
  });

  it('refuses a group’s messages over its per-minute limit, and the bot’s over its per-second one', async () => {
    emulator = await startBotApiEmulator({ limits: { perSecond: 5, perGroupPerMinute: 3 } });
    const group = await Promise.all(['-100', '-100', '-100', '-100'].map(send));
    expect(group.filter((r) => r.ok)).toHaveLength(3);
    expect(group.find((r) => !r.ok)?.parameters?.retry_after).toBeGreaterThan(50);
    const others = await Promise.all(['1', '2', '3'].map(send));
    expect(others.filter((r) => r.ok)).toHaveLength(2);
    expect(emulator.floods).toBe(2);
  });

  it('takes Telegram’s 30 messages a second to different chats and refuses the 31st within that second', async () => {
    emulator = await startBotApiEmulator({ limits: { perSecond: 30, perPrivateChatPerSecond: 1 } });
    const results = await Promise.all(Array.from({ length: 31 }, (_, i) => send(String(1_000 + i))));
    expect(results.filter((r) => r.ok)).toHaveLength(30);
    expect(results.find((r) => !r.ok)).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    expect(emulator.floodsBy).toEqual({ all: 1, privateChat: 0, group: 0 });
  });

  it('limits nothing unless asked', async () => {
    emulator = await startBotApiEmulator();
    const results = await Promise.all(Array.from({ length: 10 }, () => send('42')));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(emulator.floods).toBe(0);
  });
});
