import { describe, expect, it } from 'vitest';
import { createHarness } from '../helpers.js';
import { openTicket, WEB_ENV } from './support.js';

describe('ticket tracking tokens', () => {
  it('are 256 random bits, one live token per ticket, different between tickets', async () => {
    const h = await createHarness(WEB_ENV);
    const a = openTicket(h);
    const b = openTicket(h, '/tiket halaman tender tidak muncul');
    const tokens = h.app.store.ticketTokens;
    const ta = tokens.issue(a.id, h.clock.now());
    expect(ta).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(ta, 'base64url')).toHaveLength(32);
    expect(tokens.issue(a.id, h.clock.now())).toBe(ta);
    expect(tokens.issue(b.id, h.clock.now())).not.toBe(ta);
    expect(tokens.ticketOf(ta)).toBe(a.id);
    expect(tokens.ticketOf(ta.toLowerCase() === ta ? `${ta.slice(0, -1)}Z` : ta.toLowerCase())).toBeUndefined();
    expect(tokens.ticketOf("' or 1=1 --")).toBeUndefined();
    h.close();
  });

  it('stop working once revoked, and a new one is made on the next request', async () => {
    const h = await createHarness(WEB_ENV);
    const { id } = openTicket(h);
    const tokens = h.app.store.ticketTokens;
    const first = tokens.issue(id, h.clock.now());
    expect(tokens.revoke(id, h.clock.now())).toBe(1);
    expect(tokens.revoke(id, h.clock.now())).toBe(0);
    expect(tokens.ticketOf(first)).toBeUndefined();
    const next = tokens.issue(id, h.clock.now());
    expect(next).not.toBe(first);
    expect(tokens.ticketOf(next)).toBe(id);
    h.close();
  });
});
