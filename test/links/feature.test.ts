import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { MAX_LINK_FAILURES, newLinkCode, normaliseLinkCode } from '../../src/links/feature.js';
import { createHarness, type OutboundRow } from '../helpers.js';

const TG = { channel: 'telegram' as const, chatId: '501', userId: '501', displayName: 'Budi' };
const WA = { channel: 'whatsapp' as const, chatId: '6281200000001@s.whatsapp.net', userId: '6281200000001@s.whatsapp.net' };
const OTHER = { channel: 'whatsapp' as const, chatId: '6281299999999@s.whatsapp.net', userId: '6281299999999@s.whatsapp.net' };
const ENV = { TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12', WHATSAPP_ENABLED: 'true' };

const codeIn = (rows: OutboundRow[]) => /\*\*([A-Z0-9]{8})\*\*/.exec(rows[0]!.text)?.[1];
const textsTo = (rows: OutboundRow[], chatId: string) => rows.filter((r) => r.chatId === chatId).map((r) => r.text);

describe('linking a user’s chats across channels', () => {
  it('links on the code shown in one channel and sent from the other; /status then shows tickets of both', async () => {
    const h = await createHarness(ENV);
    h.say('/tiket tidak bisa login akun spse', TG);
    h.say('/tiket upload penawaran gagal terus', WA);
    const code = codeIn(h.say('/tautkan', TG))!;
    expect(code).toHaveLength(8);

    const linked = h.say(`/tautkan ${code.toLowerCase().slice(0, 4)}-${code.slice(4)}`, WA);
    expect(textsTo(linked, WA.chatId)).toEqual([texts.links.linked('Telegram')]);
    // The chat that showed the code is told, so a link made by someone else is seen at once.
    expect(textsTo(linked, TG.chatId)).toEqual([texts.links.linkedElsewhere('WhatsApp')]);

    for (const who of [TG, WA]) {
      const [status] = h.say('/status', who);
      expect(status!.text).toContain('#1');
      expect(status!.text).toContain('#2');
    }
    // A follow-up from the other channel lands on the ticket; the staff reply still goes to the chat the ticket came from.
    h.say('#1 sudah coba reset password', WA);
    expect(h.app.store.tickets.events(1).map((e) => e.kind)).toContain('user_message');
    const reply = h.app.desk.apply(() => h.app.tickets.reply(1, { kind: 'staff', id: '1' }, 'Silakan coba lagi', h.clock.now()));
    expect(reply.ok && reply.messages.map((m) => m.chatId)).toEqual([TG.chatId]);
    h.close();
  });

  it('refuses an unknown or expired code and links nothing', async () => {
    const h = await createHarness(ENV);
    h.say('/tiket tidak bisa login akun spse', TG);
    const code = codeIn(h.say('/tautkan', TG))!;
    expect(textsTo(h.say('/tautkan ABCDEFGH', WA), WA.chatId)).toEqual([texts.links.invalid]);
    h.clock.advance(11 * 60_000);
    expect(textsTo(h.say(`/tautkan ${code}`, WA), WA.chatId)).toEqual([texts.links.invalid]);
    expect(h.say('/status', WA)[0]!.text).not.toContain('#1');
    h.close();
  });

  it('uses a code once: a second chat cannot reuse it', async () => {
    const h = await createHarness(ENV);
    const code = codeIn(h.say('/tautkan', TG))!;
    h.say(`/tautkan ${code}`, WA);
    expect(textsTo(h.say(`/tautkan ${code}`, OTHER), OTHER.chatId)).toEqual([texts.links.invalid]);
    h.close();
  });

  it('stops a chat that keeps guessing codes, even before it finds a real one', async () => {
    const h = await createHarness(ENV);
    const code = codeIn(h.say('/tautkan', TG))!;
    for (let i = 0; i < MAX_LINK_FAILURES; i++) h.say(`/tautkan ${newLinkCode(() => i % 5)}`, OTHER);
    expect(textsTo(h.say(`/tautkan ${code}`, OTHER), OTHER.chatId)).toEqual([texts.links.tooManyAttempts]);
    expect(h.app.store.contacts.find('telegram', TG.userId)!.personId).toBeNull();
    h.clock.advance(61 * 60_000);
    const fresh = codeIn(h.say('/tautkan', TG))!;
    expect(textsTo(h.say(`/tautkan ${fresh}`, OTHER), OTHER.chatId)).toEqual([texts.links.linked('Telegram')]);
    h.close();
  });

  it('refuses a code from the same channel', async () => {
    const h = await createHarness(ENV);
    const code = codeIn(h.say('/tautkan', WA))!;
    expect(textsTo(h.say(`/tautkan ${code}`, OTHER), OTHER.chatId)).toEqual([texts.links.sameChannel]);
    h.close();
  });

  it('unlinks on /tautkan putus: each chat sees only its own tickets again', async () => {
    const h = await createHarness(ENV);
    h.say('/tiket tidak bisa login akun spse', TG);
    h.say(`/tautkan ${codeIn(h.say('/tautkan', TG))}`, WA);
    expect(h.say('/status', WA)[0]!.text).toContain('#1');
    expect(textsTo(h.say('/tautkan putus', WA), WA.chatId)).toEqual([texts.links.unlinked]);
    expect(h.say('/status', WA)[0]!.text).toBe(texts.tickets.listEmpty);
    expect(h.say('/status', TG)[0]!.text).toContain('#1');
    expect(textsTo(h.say('/tautkan putus', WA), WA.chatId)).toEqual([texts.links.notLinked]);
    h.close();
  });

  it('reads codes as people type them and makes codes without look-alike characters', () => {
    expect(normaliseLinkCode(' k7qm-3xpa ')).toBe('K7QM3XPA');
    expect(normaliseLinkCode('K7QM 3XPA')).toBe('K7QM3XPA');
    expect(normaliseLinkCode('K7QM3XP0')).toBeUndefined();
    expect(normaliseLinkCode('halo')).toBeUndefined();
    expect(newLinkCode()).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
  });
});
