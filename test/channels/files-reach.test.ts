import { describe, expect, it } from 'vitest';
import { filesReach } from '../../src/channels/index.js';

describe('which channels a staff member’s file reaches', () => {
  it('takes a Telegram file to a Telegram, web chat or WhatsApp user, not to the console', () => {
    expect(filesReach('telegram', 'telegram')).toBe(true);
    expect(filesReach('telegram', 'web')).toBe(true);
    expect(filesReach('telegram', 'whatsapp')).toBe(true);
    expect(filesReach('telegram', 'console')).toBe(false);
    // Across channels only pictures and documents go.
    expect(filesReach('telegram', 'web', 'photo')).toBe(true);
    expect(filesReach('telegram', 'web', 'audio')).toBe(false);
    expect(filesReach('telegram', 'telegram', 'sticker')).toBe(true);
  });

  it('takes no WhatsApp file anywhere: only its message key is kept, not its media', () => {
    expect(filesReach('whatsapp', 'whatsapp')).toBe(false);
    expect(filesReach('whatsapp', 'telegram')).toBe(false);
    expect(filesReach('whatsapp', 'web')).toBe(false);
  });
});
