import { texts } from '../core/catalogue.js';
import type { TicketTokensRepo } from '../store/ticket-tokens.js';

/** The public path of a ticket's tracking page. */
export const ticketPath = (token: string) => `/tiket/${token}`;

/**
 * "Pantau tiket ini di: <link>", for the ticket confirmation and /status N, when the microsite has a
 * public address; undefined otherwise (the chat texts stay as they were). The token is made on first use.
 */
export function createTrackingLine(
  publicUrl: string | undefined,
  tokens: Pick<TicketTokensRepo, 'issue'>,
): ((ticketId: number, now: Date) => string | undefined) | undefined {
  if (!publicUrl) return undefined;
  return (ticketId, now) => texts.web.trackingLine(`${publicUrl}${ticketPath(tokens.issue(ticketId, now))}`);
}
