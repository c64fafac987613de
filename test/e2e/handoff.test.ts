import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { createConfig } from '../../src/config.js';
import { texts } from '../../src/core/catalogue.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/logger.js';
import { until } from '../channels/telegram/fake-api.js';
import {
  startEmulator,
  startTelegramPlatform,
  type TelegramPlatform,
  type TelegramServer,
} from '../channels/telegram/platform.js';
import { tempDbPath } from '../helpers.js';

/**
 * The conversation with staff end to end, as test/e2e/telegram.test.ts runs the desk: the Bot API
 * emulator on 127.0.0.1, the real app on a temp SQLite file, the real grammY adapter and the real
 * outbox dispatcher. The vendor and the staff member are emulator clients.
 */

const TOKEN = '123456789:AAE2eTestTokenForTheEmulator_0123456789';
const VENDOR = { id: 5101, name: 'Budi' };
const STAFF = { id: 9101, name: 'Sari' };

interface BotMessage {
  messageId: number;
  message: { chat_id: number | string; text: string };
}

let server: TelegramServer;
let apiRoot: string;
beforeAll(async () => {
  ({ server, apiRoot } = await startEmulator());
});
afterAll(async () => {
  await server?.stop();
});

const running: Array<{ platform: TelegramPlatform; app: App }> = [];
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.platform.stop();
    r.app.close();
  }
});

function botMessagesTo(chatId: number): BotMessage[] {
  return (server.storage.botMessages as unknown as BotMessage[]).filter((m) => String(m.message.chat_id) === String(chatId));
}

/** A person in a private chat with the bot, through the emulator's client API. */
function person(who: { id: number; name: string }) {
  const client = server.getClient(TOKEN, {
    userId: who.id,
    chatId: who.id,
    firstName: who.name,
    type: 'private',
    chatTitle: who.name,
    userName: `u${who.id}`,
  });
  let seen = botMessagesTo(who.id).length;
  return {
    async say(text: string) {
      const msg = text.startsWith('/') ? client.makeCommand(text) : client.makeMessage(text);
      await client.sendMessage(msg as Parameters<typeof client.sendMessage>[0]);
    },
    /** The next n messages the bot sends to this chat. */
    async receive(n = 1): Promise<BotMessage[]> {
      const got = await until(`${n} message(s) to ${who.name}`, () => {
        const all = botMessagesTo(who.id);
        return all.length >= seen + n ? all.slice(seen, seen + n) : undefined;
      });
      seen += n;
      return got;
    },
    unread: () => botMessagesTo(who.id).slice(seen),
  };
}

async function start(dbPath: string) {
  const config = createConfig({
    DATABASE_PATH: dbPath,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    STAFF_TELEGRAM_IDS: String(STAFF.id),
    TELEGRAM_CHAT_INTERVAL_MS: '0',
    TELEGRAM_GROUP_PER_MINUTE: '100000',
  });
  const app = createApp({ config, clock: systemClock, log: silentLogger });
  const platform = await startTelegramPlatform({ app, clock: systemClock, log: silentLogger, adapter: { pollRetryMs: 50 } });
  running.push({ platform, app });
  return { app, platform };
}

/** Every queued outbound message is sent: nothing more is on its way. */
async function settled(app: App, platform: TelegramPlatform) {
  await platform.dispatcher.drain();
  await until('the outbox to empty', () => app.store.outbox.countByStatus('telegram').pending === 0);
}

describe('conversation with staff over Telegram (emulator)', () => {
  it('brings the vendor’s plain answer to staff after /balas, with no FAQ answer, and the FAQ back after resolve', async () => {
    const bot = await start(tempDbPath());
    const vendor = person(VENDOR);
    const staff = person(STAFF);

    await vendor.say('/tiket Tidak bisa upload dokumen penawaran, muncul layar putih');
    const [created] = await vendor.receive();
    const n = Number(/Tiket #(\d+) telah dibuat/.exec(created!.message.text)?.[1]);
    expect(n).toBeGreaterThan(0);
    await staff.receive(); // the new-ticket notice

    // Staff ask a question; the vendor is told their messages now go to the officer on #N.
    await staff.say(`/balas ${n} Ukuran file dan formatnya apa, pak?`);
    const [question] = await vendor.receive();
    expect(question!.message.text).toContain('Ukuran file dan formatnya apa, pak?');
    expect(question!.message.text).toContain(`langsung diteruskan ke petugas yang menangani tiket #${n}`);
    await staff.receive(); // "Balasan terkirim"

    // The plain answer: on the ticket, to staff, and no FAQ answer to the vendor.
    await vendor.say('ukurannya 38 MB pak, pdf');
    const [forwarded] = await vendor.receive();
    expect(forwarded!.message.text).toBe(texts.tickets.handoff.forwarded(n));
    const [toStaff] = await staff.receive();
    expect(toStaff!.message.text).toContain(`#${n}`);
    expect(toStaff!.message.text).toContain('ukurannya 38 MB pak, pdf');
    await settled(bot.app, bot.platform);
    expect(vendor.unread()).toEqual([]);
    expect(bot.app.store.tickets.events(n).at(-1)).toMatchObject({ kind: 'user_message', text: 'ukurannya 38 MB pak, pdf' });

    // Resolved: the conversation is over, the FAQ answers again.
    await staff.say(`/selesai ${n} File dikompres di bawah batas unggah.`);
    const [resolved] = await vendor.receive();
    expect(resolved!.message.text).toContain(`#${n}`);
    await staff.receive();
    await vendor.say('lupa password akun spse');
    const [answer] = await vendor.receive();
    expect(answer!.message.text).toContain('akun.inaproc.id');
    await settled(bot.app, bot.platform);
    expect(staff.unread()).toEqual([]);
  });
});
