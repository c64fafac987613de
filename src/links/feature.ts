import { randomInt } from 'node:crypto';
import { texts } from '../core/catalogue.js';
import type { OutboundMessage } from '../core/channel.js';
import type { Contact } from '../core/contact.js';
import type { Logger } from '../core/log.js';
import { reply, type CommandHandler, type DeskContext, type Feature } from '../core/router.js';
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
    codes.issue(ctx.contact.id, code, new Date(ctx.now.getTime() + LINK_CODE_MINUTES * 60_000), ctx.now);
    const linked = [...new Set(others(ctx.contact).map(channelName))];
    const status = linked.length > 0 ? `\n\n${l.linkedWith(linked.join(', '))}` : '';
    return [reply(ctx, `${l.code(code, LINK_CODE_MINUTES)}${status}`)];
  }

  function redeem(ctx: DeskContext, typed: string): OutboundMessage[] {
    const me = ctx.contact;
    if (codes.failuresSince(me.id, new Date(ctx.now.getTime() - HOUR_MS)) >= MAX_LINK_FAILURES)
      return [reply(ctx, l.tooManyAttempts)];
    const code = normaliseLinkCode(typed);
    const issuerId = code ? codes.redeem(code, ctx.now) : undefined;
    const issuer = issuerId === undefined ? undefined : contacts.byId(issuerId);
    if (!issuer) {
      codes.recordFailure(me.id, ctx.now);
      log.warn({ contactId: me.id }, 'link code refused');
      return [reply(ctx, l.invalid)];
    }
    if (issuer.channel === me.channel) return [reply(ctx, l.sameChannel)];
    if (contacts.linked(me).some((c) => c.id === issuer.id)) return [reply(ctx, l.alreadyLinked(channelName(issuer)))];
    contacts.link(me, issuer);
    log.info({ contactId: me.id, linkedContactId: issuer.id }, 'contacts linked on the user’s code');
    // The chat that made the code hears of it too: a link someone else made is seen at once.
    return [
      reply(ctx, l.linked(channelName(issuer))),
      { channel: issuer.channel, chatId: issuer.chatId, text: l.linkedElsewhere(channelName(me)) },
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
    if (args === '') return showCode(ctx);
    if ((l.unlinkWords as readonly string[]).includes(args.toLowerCase())) return unlink(ctx);
    return redeem(ctx, args);
  };

  return { name: 'links', commands: { tautkan: command, link: command } };
}
