import { texts } from '../core/catalogue.js';
import { contactReach } from '../core/contact.js';
import { choiceCodec } from '../core/choice-id.js';
import { uploadedFile, type Choice, type OutboundFile, type OutboundMessage } from '../core/channel.js';
import type { Categories } from '../tickets/categories.js';
import type { StaffNotice } from '../tickets/service.js';
import type { StaffRegistry } from './registry.js';

/** Buttons under staff notices: "staf:ambil:12", "staf:lihat:12". */
export const staffChoice = choiceCodec('staf', { ambil: ['int'], lihat: ['int'] });

export function staffChoices(ticketId: number): Choice[] {
  return [staffChoice.choice(texts.staff.take, 'ambil', ticketId), staffChoice.choice(texts.staff.viewButton, 'lihat', ticketId)];
}

/**
 * New tickets and user follow-ups, addressed to the staff group (or each staff member's private
 * chat), with the user's files attached for adapters that can relay them.
 */
export function createStaffNotifier(deps: { registry: StaffRegistry; categories: Categories }) {
  return (notice: StaffNotice): OutboundMessage[] => {
    const { ticket, contact } = notice;
    // The name the user typed for the ticket beats their chat nickname.
    const user = ticket.contactName ?? contact?.displayName ?? texts.staff.actorUser;
    const channel = texts.channelNames[ticket.channel] ?? ticket.channel;
    const all = notice.attachments.map((a) => ({ ...a, channel: a.channel ?? ticket.channel }));
    // A web chat upload is a file on the desk's disk: it goes to staff as a file, not a relay.
    const uploads = all
      .map(uploadedFile)
      .filter((f): f is OutboundFile => f !== undefined)
      .map((f, i, list) => ({ ...f, caption: texts.staff.noticeFile(ticket.id, i + 1, list.length) }));
    const attachments = all.filter((a) => uploadedFile(a) === undefined);
    const fileCount = all.length;
    const text =
      notice.kind === 'new_ticket'
        ? texts.staff.noticeNew({
            id: ticket.id,
            category: deps.categories.byId(ticket.category)?.label ?? ticket.category,
            user,
            channel,
            company: ticket.company ?? undefined,
            reach: contactReach(contact),
            text: notice.text,
            files: fileCount,
          })
        : texts.staff.noticeFollowUp({
            id: ticket.id,
            category: deps.categories.byId(ticket.category)?.label ?? ticket.category,
            status: texts.staff.status[ticket.status],
            user,
            text: notice.text,
            files: fileCount,
            reopened: notice.reopened === true,
          });
    return deps.registry.noticeTargets().map((target) => ({
      ...target,
      text,
      ticketId: ticket.id,
      // Staff answer a notice by replying to it; confirmations and listings are not reply targets.
      replyTarget: true,
      choices: notice.kind === 'new_ticket' ? staffChoices(ticket.id) : [],
      ...(attachments.length > 0 ? { attachments } : {}),
      ...(uploads.length > 0 ? { files: uploads } : {}),
    }));
  };
}
