import { describe, expect, it } from 'vitest';
import { texts } from '../../../src/core/catalogue.js';
import { createHarness } from '../../helpers.js';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12';
const ADMIN = { channel: 'telegram' as const, chatId: '1001', userId: '1001', displayName: 'Sari' };
const VENDOR = { channel: 'telegram' as const, chatId: '2001', userId: '2001', displayName: 'Budi', privateChat: true };

/** What the desk says to a command nobody handles. */
const unknown = (command: string) => texts.errors.unknownCommand(command);

describe('the command menus Telegram shows', () => {
  it('offer only commands the desk knows, to a user and to an admin', async () => {
    const h = await createHarness({ STAFF_TELEGRAM_IDS: '1001', TELEGRAM_BOT_TOKEN: TOKEN });
    for (const [menu, who] of [
      [texts.commandMenu.user, VENDOR],
      [texts.commandMenu.staff, ADMIN],
    ] as const) {
      for (const command of Object.keys(menu)) {
        const out = h.say(`/${command}`, who).map((r) => r.text);
        expect(out.length, command).toBeGreaterThan(0);
        expect(out, command).not.toContain(unknown(command));
        expect(out, command).not.toContain(unknown(`/${command}`));
        h.say('/batal', who);
      }
    }
    h.close();
  });
});
