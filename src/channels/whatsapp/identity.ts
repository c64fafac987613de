import { isLidUser, isPnUser, jidDecode, jidNormalizedUser, type LIDMapping } from '@whiskeysockets/baileys';
import type { Contact } from '../../core/contact.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { WhatsAppAuthRepo } from '../../store/whatsapp-auth.js';
import type { WhatsAppIdentityRepo } from '../../store/whatsapp-identity.js';
import { deserialise } from './auth-state.js';
import type { LidLookup, WhatsAppIdentity } from './translate.js';

/**
 * One person, two addresses. WhatsApp addresses most people by a LID (a number that is not their
 * phone) and some by their phone number; the desk keys a person on the LID once it is known and
 * keeps the phone on the contact (staff are configured by phone number). This file answers "who
 * is this" from what is known, and merges a contact known by phone into its LID contact when the
 * two are found to be one person.
 */

/** The contacts the desk recorded, as far as telling LIDs and phones apart needs them. */
export interface WhatsAppContactLookups {
  /** The contact keyed on this WhatsApp user id (a LID or a phone JID). */
  contactOf(userId: string): Pick<Contact, 'phone'> | undefined;
  /** The most recently seen LID contact that carries this phone number (digits). */
  lidContactByPhone(phone: string): Pick<Contact, 'userId'> | undefined;
}

/** LID ↔ phone lookups in the `lid-mapping` keys Baileys keeps in the auth state (pn → lid, `lid_reverse` → pn). */
export function lidLookupFrom(auth: Pick<WhatsAppAuthRepo, 'get'>): LidLookup {
  const read = (id: string) => {
    const raw = auth.get('lid-mapping', id);
    if (raw === undefined) return undefined;
    const value = deserialise<unknown>(raw);
    return typeof value === 'string' && /^\d+$/.test(value) ? value : undefined;
  };
  return { lidForPhone: (phone) => read(phone), phoneForLid: (lidUser) => read(`${lidUser}_reverse`) };
}

/**
 * Who is who: the mapping Baileys keeps in the auth state first, then the phone numbers the desk
 * recorded on LID contacts (which survive a logout that clears the auth state).
 */
export function combinedLidLookup(stored: LidLookup, contacts: WhatsAppContactLookups): LidLookup {
  return {
    lidForPhone(phone) {
      const known = stored.lidForPhone(phone);
      if (known) return known;
      const jid = contacts.lidContactByPhone(phone)?.userId;
      const user = jid ? jidDecode(jid)?.user : undefined;
      return user && /^\d+$/.test(user) ? user : undefined;
    },
    phoneForLid: (lidUser) => stored.phoneForLid(lidUser) ?? contacts.contactOf(`${lidUser}@lid`)?.phone ?? undefined,
  };
}

export interface IdentityMergerDeps {
  identities: Pick<WhatsAppIdentityRepo, 'merge'>;
  contactOf: WhatsAppContactLookups['contactOf'];
  log: Logger;
}

/** Merges a contact known by phone into its LID contact, when a message or Baileys says they are one person. */
export interface IdentityMerger {
  /**
   * A message named the sender's LID and phone. Merged only when the LID contact's phone is new or
   * changed, not on every message; the desk's contacts.touch then records the phone
   * (InboundMessage.phone).
   */
  messageFrom(identity: WhatsAppIdentity): void;
  /** LID and phone of one person became known (lid-mapping.update, or a history sync). */
  mapped(mapping: LIDMapping): void;
}

/** Failures are logged (without the person's addresses), never thrown: a message is handled either way. */
export function createIdentityMerger({ identities, contactOf, log }: IdentityMergerDeps): IdentityMerger {
  /** Moves the phone contact's tickets and history onto the LID contact (see WhatsAppIdentityRepo.merge). */
  function merge(lidJid: string, pnJid: string, phone: string): void {
    const result = identities.merge(lidJid, pnJid, phone);
    if (result?.fromContactId !== undefined && result.tickets + result.feedback + result.unmatched > 0) {
      log.info(
        {
          contactId: result.contactId,
          fromContactId: result.fromContactId,
          tickets: result.tickets,
          feedback: result.feedback,
          unmatched: result.unmatched,
        },
        'whatsapp contact known by phone merged into its LID contact',
      );
    }
  }

  return {
    messageFrom({ lidJid, phone }) {
      if (!lidJid || !phone) return;
      try {
        if (contactOf(lidJid)?.phone === phone) return;
        merge(lidJid, `${phone}@s.whatsapp.net`, phone);
      } catch (err) {
        log.error({ err: errorMessage(err) }, 'whatsapp contact known by phone could not be merged');
      }
    },
    mapped({ lid, pn }) {
      const lidJid = isLidUser(lid) ? lid : isLidUser(pn) ? pn : undefined;
      const pnJid = isPnUser(pn) ? pn : isPnUser(lid) ? lid : undefined;
      if (!lidJid || !pnJid) return;
      const phone = jidDecode(pnJid)?.user;
      if (!phone || !/^\d+$/.test(phone)) return;
      try {
        merge(jidNormalizedUser(lidJid), jidNormalizedUser(pnJid), phone);
      } catch (err) {
        log.error({ err: errorMessage(err) }, 'whatsapp lid mapping could not be stored');
      }
    },
  };
}
