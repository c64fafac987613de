import { randomInt } from 'node:crypto';
import { texts } from '../core/catalogue.js';
import type { OutboundMessage } from '../core/channel.js';
import type { Contact } from '../core/contact.js';
import type { Logger } from '../core/log.js';
import { z } from 'zod';
import { choiceCodec } from '../core/choice-id.js';
import { choiceHandler, defineFlow, reply, type CommandHandler, type DeskContext, type Feature } from '../core/router.js';
import type { ContactsRepo } from '../store/contacts.js';
import type { LinkCodesRepo } from '../store/link-codes.js';

const l = texts.links;

export const LINK_CODE_MINUTES = 10;
/** Wrong codes a contact may send per hour before it must wait: guessing 31⁸ codes is hopeless then. */
export const MAX_LINK_FAILURES = 5;
const HOUR_MS = 60 * 60_000;

/** No 0/O, 1/I/L: read off one phone, typed into another. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

export function newLinkCode(random: (max: number) => number = randomInt): string {
  return Array.from({ length: CODE_LENGTH }, () => ALPHABET[random(ALPHABET.length)]).join('');
}

/** "k7qm-3xpa", "K7QM 3XPA" → "K7QM3XPA"; undefined when it cannot be a code. */
export function normaliseLinkCode(text: string): string | undefined {
  const code = text.toUpperCase().replace(/[\s-]/g, '');
  return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}

/** `tautan:ya` / `tautan:batal`: the confirmation before a code links anything. */
const linkChoice = choiceCodec('tautan', { ya: [], batal: [] });
const confirmSchema = z.object({ name: z.literal('link-confirm'), code: z.string() });

export interface LinkFeatureDeps {
  contacts: Pick<ContactsRepo, 'linked' | 'link' | 'unlink' | 'byId'>;
  codes: LinkCodesRepo;
  log: Logger;
  /** The staff group is nobody's own chat. */
  isStaffGroup?: (ctx: DeskContext) => boolean;
  newCode?: () => string;
}

/**
 * Cross-channel identity on the user's word: `/tautkan` shows a one-time code; sending
 * `/tautkan KODE` from the chat on the other channel makes the two contacts one person, so
 * `/status` on either shows all their tickets. Nothing is ever linked by guess.
 */
export function createLinkFeature(deps: LinkFeatureDeps): Feature {
  const { contacts, codes, log } = deps;
  const newCode = deps.newCode ?? (() => newLinkCode());
  const channelName = (c: Contact) => texts.channelNames[c.channel] ?? c.channel;
  const others = (contact: Contact) => contacts.linked(contact).slice(1);

  function showCode(ctx: DeskContext): OutboundMessage[] {
    const code = newCode();
    codes.issue(ctx.contact.id, ctx.msg.chatId, code, new Date(ctx.now.getTime() + LINK_CODE_MINUTES * 60_000), ctx.now);
    const linked = [...new Set(others(ctx.contact).map(channelName))];
    const status = linked.length > 0 ? `\n\n${l.linkedWith(linked.join(', '))}` : '';
    return [reply(ctx, `${l.code(code, LINK_CODE_MINUTES)}${status}`)];
  }

  /** A person has at most one contact per channel: a second WhatsApp number is someone else. */
  function channelTaken(me: Contact, issuer: Contact): Contact | undefined {
    const mine = contacts.linked(me);
    const theirs = contacts.linked(issuer);
    return theirs.find((t) => mine.some((m) => m.channel === t.channel && m.id !== t.id));
  }

  /** A typed code: checked, then confirmed by the user before it links anything. */
  function check(ctx: DeskContext, typed: string): OutboundMessage[] {
    const me = ctx.contact;
    if (codes.failuresSince(me.id, new Date(ctx.now.getTime() - HOUR_MS)) >= MAX_LINK_FAILURES)
      return [reply(ctx, l.tooManyAttempts)];
    const code = normaliseLinkCode(typed);
    const issued = code ? codes.peek(code, ctx.now) : undefined;
    const issuer = issued ? contacts.byId(issued.contactId) : undefined;
    if (!code || !issuer) {
      codes.recordFailure(me.id, ctx.now);
      log.warn({ contactId: me.id }, 'link code refused');
      return [reply(ctx, l.invalid)];
    }
    if (issuer.channel === me.channel) {
      codes.redeem(code, ctx.now);
      return [reply(ctx, l.sameChannel)];
    }
    if (contacts.linked(me).some((c) => c.id === issuer.id)) return [reply(ctx, l.alreadyLinked(channelName(issuer)))];
    const taken = channelTaken(me, issuer);
    if (taken) return [reply(ctx, l.channelTaken(channelName(taken)))];
    // Someone may have sent the user *their* code ("kirim kode ini untuk verifikasi"): the user
    // must say the other account is their own before it sees their tickets.
    ctx.setFlow({ name: 'link-confirm', code });
    return [
      reply(ctx, l.confirm(channelName(issuer)), [
        linkChoice.choice(l.confirmYes, 'ya'),
        linkChoice.choice(l.confirmNo, 'batal'),
      ]),
    ];
  }

  function confirm(ctx: DeskContext, code: string): OutboundMessage[] {
    ctx.setFlow(undefined);
    const me = ctx.contact;
    const issued = codes.redeem(code, ctx.now);
    const issuer = issued ? contacts.byId(issued.contactId) : undefined;
    if (!issued || !issuer) return [reply(ctx, l.invalid)];
    const taken = channelTaken(me, issuer);
    if (taken) return [reply(ctx, l.channelTaken(channelName(taken)))];
    contacts.link(me, issuer);
    log.info({ contactId: me.id, linkedContactId: issuer.id }, 'contacts linked on the user’s code');
    // The chat that showed the code hears of it too: a link someone else made is seen at once.
    return [
      reply(ctx, l.linked(channelName(issuer))),
      { channel: issuer.channel, chatId: issued.chatId || issuer.chatId, text: l.linkedElsewhere(channelName(me)) },
    ];
  }

  function unlink(ctx: DeskContext): OutboundMessage[] {
    if (others(ctx.contact).length === 0) return [reply(ctx, l.notLinked)];
    contacts.unlink(ctx.contact);
    log.info({ contactId: ctx.contact.id }, 'contact unlinked');
    return [reply(ctx, l.unlinked)];
  }

  const command: CommandHandler = (ctx, args) => {
    if (deps.isStaffGroup?.(ctx)) return [reply(ctx, texts.staff.userCommandInGroup)];
    if (ctx.msg.channel === 'console') return [reply(ctx, l.notHere)];
    // A code shown in a group is a code for everyone in it.
    if (ctx.msg.privateChat !== true) return [reply(ctx, l.privateOnly)];
    if (args === '') return showCode(ctx);
    if ((l.unlinkWords as readonly string[]).includes(args.toLowerCase())) return unlink(ctx);
    return check(ctx, args);
  };

  const pending = (ctx: DeskContext) =>
    ctx.flow?.name === 'link-confirm' ? (ctx.flow as z.infer<typeof confirmSchema>) : undefined;

  return {
    name: 'links',
    commands: { tautkan: command, link: command },
    choices: choiceHandler(linkChoice, (ctx, choice) => {
      const flow = pending(ctx);
      if (!flow) return [reply(ctx, texts.errors.choiceExpired)];
      if (choice.action === 'ya') return confirm(ctx, flow.code);
      ctx.setFlow(undefined);
      return [reply(ctx, l.cancelled)];
    }),
    flows: {
      // Anything but "yes" leaves nothing linked; the message is then answered as usual next time.
      'link-confirm': defineFlow({
        schema: confirmSchema,
        handle: (ctx) => {
          ctx.setFlow(undefined);
          return [reply(ctx, l.cancelled)];
        },
      }),
    },
  };
}
