import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { MAX_LINK_FAILURES, newLinkCode, normaliseLinkCode } from '../../src/links/feature.js';
import { createHarness, type Harness, type OutboundRow } from '../helpers.js';

const TG = { channel: 'telegram' as const, chatId: '501', userId: '501', displayName: 'Budi', privateChat: true };
const WA = {
  channel: 'whatsapp' as const,
  chatId: '6281200000001@s.whatsapp.net',
  userId: '6281200000001@s.whatsapp.net',
  privateChat: true,
};
const OTHER_WA = { ...WA, chatId: '6281299999999@s.whatsapp.net', userId: '6281299999999@s.whatsapp.net' };
const OTHER_TG = { ...TG, chatId: '777', userId: '777', displayName: 'Orang lain' };
const ENV = { TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12', WHATSAPP_ENABLED: 'true' };

const codeIn = (rows: OutboundRow[]) => /\*\*([A-Z0-9]{8})\*\*/.exec(rows[0]!.text)?.[1];
const textsTo = (rows: OutboundRow[], chatId: string) => rows.filter((r) => r.chatId === chatId).map((r) => r.text);

/** Shows a code in `from`, types it in `to` and confirms: the whole gesture. */
function link(h: Harness, from: typeof TG | typeof WA, to: typeof TG | typeof WA): OutboundRow[] {
  const code = codeIn(h.say('/tautkan', from))!;
  const asked = h.say(`/tautkan ${code}`, to);
  expect(asked.at(-1)!.choices?.map((c) => c.label)).toEqual([texts.links.confirmYes, texts.links.confirmNo]);
  return h.say('1', to);
}

describe('linking a user’s chats across channels', () => {
  it('links on a code shown in one channel, typed and confirmed in the other; /status then shows tickets of both', async () => {
    const h = await createHarness(ENV);
    h.say('/tiket tidak bisa login akun spse', TG);
    h.say('/tiket upload penawaran gagal terus', WA);
    const code = codeIn(h.say('/tautkan', TG))!;
    expect(code).toHaveLength(8);
    // Typed as people do; nothing is linked before the user confirms the other account is theirs.
    const asked = h.say(`/tautkan ${code.toLowerCase().slice(0, 4)}-${code.slice(4)}`, WA);
    expect(textsTo(asked, WA.chatId)).toEqual([texts.links.confirm('Telegram')]);
    expect(h.say('/status', WA)[0]!.text).not.toContain('#1');
    const linked = h.say('1', WA);
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

  it('links nothing when the user cancels: a code someone sent them is not their account', async () => {
    const h = await createHarness(ENV);
    h.say('/tiket tidak bisa login akun spse', WA);
    const code = codeIn(h.say('/tautkan', OTHER_TG))!;
    h.say(`/tautkan ${code}`, WA);
    expect(textsTo(h.say('2', WA), WA.chatId)).toEqual([texts.links.cancelled]);
    expect(h.say('/status', OTHER_TG)[0]!.text).toBe(texts.tickets.listEmpty);
    h.close();
  });

  it('refuses /tautkan outside a private chat and on the console: a code shown in a group is everyone’s', async () => {
    const h = await createHarness(ENV);
    const inGroup = { ...TG, chatId: '-100999', privateChat: false };
    expect(textsTo(h.say('/tautkan', inGroup), inGroup.chatId)).toEqual([texts.links.privateOnly]);
    expect(h.say('/tautkan', { chatId: 'console', userId: 'console-user' })[0]!.text).toBe(texts.links.notHere);
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
    h.say('1', WA);
    expect(textsTo(h.say(`/tautkan ${code}`, OTHER_WA), OTHER_WA.chatId)).toEqual([texts.links.invalid]);
    h.close();
  });

  it('keeps one account per channel: a second WhatsApp number cannot join the person', async () => {
    const h = await createHarness(ENV);
    link(h, TG, WA);
    const code = codeIn(h.say('/tautkan', TG))!;
    expect(textsTo(h.say(`/tautkan ${code}`, OTHER_WA), OTHER_WA.chatId)).toEqual([texts.links.channelTaken('WhatsApp')]);
    h.close();
  });

  it('stops a chat that keeps guessing codes, even before it finds a real one', async () => {
    const h = await createHarness(ENV);
    const code = codeIn(h.say('/tautkan', TG))!;
    for (let i = 0; i < MAX_LINK_FAILURES; i++) h.say(`/tautkan ${newLinkCode(() => i % 5)}`, OTHER_WA);
    expect(textsTo(h.say(`/tautkan ${code}`, OTHER_WA), OTHER_WA.chatId)).toEqual([texts.links.tooManyAttempts]);
    expect(h.app.store.contacts.find('telegram', TG.userId)!.personId).toBeNull();
    h.clock.advance(61 * 60_000);
    expect(textsTo(link(h, TG, OTHER_WA), OTHER_WA.chatId)).toEqual([texts.links.linked('Telegram')]);
    h.close();
  });

  it('refuses a code from the same channel', async () => {
    const h = await createHarness(ENV);
    const code = codeIn(h.say('/tautkan', WA))!;
    expect(textsTo(h.say(`/tautkan ${code}`, OTHER_WA), OTHER_WA.chatId)).toEqual([texts.links.sameChannel]);
    h.close();
  });

  it('unlinks the whole person on /tautkan putus from either chat', async () => {
    const h = await createHarness(ENV);
    h.say('/tiket tidak bisa login akun spse', TG);
    link(h, TG, WA);
    expect(h.say('/status', WA)[0]!.text).toContain('#1');
    expect(textsTo(h.say('/tautkan putus', WA), WA.chatId)).toEqual([texts.links.unlinked]);
    expect(h.say('/status', WA)[0]!.text).toBe(texts.tickets.listEmpty);
    expect(h.say('/status', TG)[0]!.text).toContain('#1');
    expect(h.app.store.contacts.find('telegram', TG.userId)!.personId).toBeNull();
    expect(textsTo(h.say('/tautkan putus', TG), TG.chatId)).toEqual([texts.links.notLinked]);
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
