import { describe, expect, it } from 'vitest';
import { createStaffRegistry } from '../../src/staff/registry.js';
import { silentLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/index.js';
import { tempDbPath, testConfig } from '../helpers.js';

const GROUP = '-4001';
const SUPERGROUP = '-1009999999999';

function registry(store: Store, env: Record<string, string> = {}) {
  const config = testConfig({ TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ0123', STAFF_TELEGRAM_IDS: '11,22', ...env });
  const r = createStaffRegistry({
    staff: store.staff,
    contacts: store.contacts,
    transaction: store.transaction,
    state: store.deskState,
    config,
    served: ['telegram'],
    log: silentLogger,
  });
  r.sync(new Date());
  return r;
}

describe('staff registry: what the desk learnt about the staff group', () => {
  it('keeps the id Telegram moved the group to across a restart, until the variable names another group', () => {
    const path = tempDbPath();
    let store = openStore(path);
    const first = registry(store, { TELEGRAM_STAFF_CHAT_ID: GROUP });
    expect(first.staffGroupMoved(SUPERGROUP, new Date())).toBe(true);
    expect(first.staffGroupMoved(SUPERGROUP, new Date())).toBe(false);
    store.close();

    store = openStore(path);
    const again = registry(store, { TELEGRAM_STAFF_CHAT_ID: GROUP });
    expect(again.noticeTargets()).toEqual([{ channel: 'telegram', chatId: SUPERGROUP }]);
    expect(again.staffGroupId()).toBe(SUPERGROUP);
    expect(again.isStaffGroup('telegram', SUPERGROUP)).toBe(true);
    expect(again.isStaffGroup('telegram', GROUP)).toBe(true);
    // The operator set the variable to the new id (or to another group): the old move is moot.
    const updated = registry(store, { TELEGRAM_STAFF_CHAT_ID: '-1005555' });
    expect(updated.noticeTargets()).toEqual([{ channel: 'telegram', chatId: '-1005555' }]);
    store.close();
  });

  it('sends notices to staff private chats while the group refuses the bot, and back to it once it writes again', () => {
    const store = openStore(tempDbPath());
    const r = registry(store, { TELEGRAM_STAFF_CHAT_ID: GROUP });
    expect(r.staffGroupRefused(GROUP, 'Telegram sendMessage: 403 Forbidden: bot was kicked', new Date())).toBe(true);
    expect(r.staffGroupRefused(GROUP, 'again', new Date())).toBe(false);
    expect(
      r
        .noticeTargets()
        .map((t) => t.chatId)
        .sort(),
    ).toEqual(['11', '22']);
    expect(r.isStaffGroup('telegram', GROUP)).toBe(true);
    expect(registry(store, { TELEGRAM_STAFF_CHAT_ID: GROUP }).noticeTargets()).toHaveLength(2);
    expect(r.staffGroupBack(GROUP)).toBe(true);
    expect(r.staffGroupBack(GROUP)).toBe(false);
    expect(r.noticeTargets()).toEqual([{ channel: 'telegram', chatId: GROUP }]);
    store.close();
  });
});
