import { describe, expect, it } from 'vitest';
import { serialise } from '../../../src/channels/whatsapp/auth-state.js';
import { combinedLidLookup, createIdentityMerger, lidLookupFrom } from '../../../src/channels/whatsapp/identity.js';
import { silentLogger } from '../../../src/logger.js';
import type { MergeResult } from '../../../src/store/whatsapp-identity.js';

const LID = '118472937465123@lid';
const PHONE = '6285700000002';
const PN = `${PHONE}@s.whatsapp.net`;

/** The auth state's `lid-mapping` keys as Baileys writes them (pn → lid, lid_reverse → pn). */
function authWith(entries: Record<string, unknown>) {
  return {
    get: (category: string, id: string) => (category === 'lid-mapping' && id in entries ? serialise(entries[id]) : undefined),
  };
}

function merger(phones: Record<string, string | null> = {}, fail = false) {
  const merges: Array<[string, string, string]> = [];
  const m = createIdentityMerger({
    identities: {
      merge(lidJid, pnJid, phone): MergeResult | undefined {
        if (fail) throw new Error('database is locked');
        merges.push([lidJid, pnJid, phone]);
        return { contactId: 1, fromContactId: 2, tickets: 1, feedback: 0, unmatched: 0 };
      },
    },
    contactOf: (userId) => (userId in phones ? { phone: phones[userId]! } : undefined),
    log: silentLogger,
  });
  return { m, merges };
}

describe('WhatsApp LID ↔ phone lookups', () => {
  it('reads the mappings Baileys stored, ignoring what is not a number', () => {
    const lookup = lidLookupFrom(authWith({ [PHONE]: '118472937465123', '118472937465123_reverse': PHONE, '6281': { x: 1 } }));
    expect(lookup.lidForPhone(PHONE)).toBe('118472937465123');
    expect(lookup.phoneForLid('118472937465123')).toBe(PHONE);
    expect(lookup.lidForPhone('6281')).toBeUndefined();
    expect(lookup.lidForPhone('6289')).toBeUndefined();
  });

  it('falls back to the phone numbers the desk recorded on LID contacts', () => {
    const contacts = {
      contactOf: (userId: string) => (userId === LID ? { phone: PHONE } : undefined),
      lidContactByPhone: (phone: string) => (phone === PHONE ? { userId: LID } : undefined),
    };
    const lookup = combinedLidLookup(lidLookupFrom(authWith({})), contacts);
    expect(lookup.lidForPhone(PHONE)).toBe('118472937465123');
    expect(lookup.phoneForLid('118472937465123')).toBe(PHONE);
    expect(lookup.lidForPhone('6289')).toBeUndefined();
    expect(lookup.phoneForLid('999')).toBeUndefined();
    // What Baileys stored wins.
    const stored = combinedLidLookup(lidLookupFrom(authWith({ [PHONE]: '777' })), contacts);
    expect(stored.lidForPhone(PHONE)).toBe('777');
  });
});

describe('WhatsApp identity merging', () => {
  it('merges on a message only when the LID contact has no phone yet or another one', () => {
    const { m, merges } = merger({ [LID]: null, '222@lid': PHONE, '333@lid': '6281111' });
    m.messageFrom({ userId: LID, chatId: LID, lidJid: LID, phone: PHONE });
    m.messageFrom({ userId: '222@lid', chatId: '222@lid', lidJid: '222@lid', phone: PHONE });
    m.messageFrom({ userId: '333@lid', chatId: '333@lid', lidJid: '333@lid', phone: PHONE });
    // A new LID nobody knew yet: its phone is new too.
    m.messageFrom({ userId: '444@lid', chatId: '444@lid', lidJid: '444@lid', phone: PHONE });
    expect(merges).toEqual([
      [LID, PN, PHONE],
      ['333@lid', PN, PHONE],
      ['444@lid', PN, PHONE],
    ]);
  });

  it('does nothing for a message without both addresses', () => {
    const { m, merges } = merger();
    m.messageFrom({ userId: PN, chatId: PN, phone: PHONE });
    m.messageFrom({ userId: LID, chatId: LID, lidJid: LID });
    expect(merges).toEqual([]);
  });

  it('merges a mapping whichever way round it names the addresses, without the device part', () => {
    const { m, merges } = merger();
    m.mapped({ lid: '118472937465123:12@lid', pn: '6285700000002:12@s.whatsapp.net' });
    m.mapped({ lid: PN, pn: LID });
    expect(merges).toEqual([
      [LID, PN, PHONE],
      [LID, PN, PHONE],
    ]);
  });

  it('ignores mappings that are not a LID and a phone number', () => {
    const { m, merges } = merger();
    m.mapped({ lid: LID, pn: '120363025246125888@g.us' });
    m.mapped({ lid: PN, pn: PN });
    expect(merges).toEqual([]);
  });

  it('logs a failed merge and goes on: the message is handled either way', () => {
    const { m } = merger({}, true);
    expect(() => m.messageFrom({ userId: LID, chatId: LID, lidJid: LID, phone: PHONE })).not.toThrow();
    expect(() => m.mapped({ lid: LID, pn: PN })).not.toThrow();
  });
});
