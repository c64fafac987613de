import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { createPollingHealth } from '../../../src/channels/telegram/polling.js';
import { texts } from '../../../src/core/catalogue.js';
import { createManualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logger.js';

const MINUTE = 60_000;

function health(outageAlertMs = 15 * MINUTE, restartDelayMs = MINUTE) {
  const clock = createManualClock();
  const alerts: string[] = [];
  const h = createPollingHealth({
    log: silentLogger,
    clock,
    alertAdmins: (t) => alerts.push(t),
    pollRetryMs: 5_000,
    restartDelayMs,
    outageAlertMs,
  });
  return { h, clock, alerts };
}

const down = () => new HttpError("Network request for 'getUpdates' failed!", new Error('connect ECONNREFUSED'));
const conflict = () =>
  new GrammyError(
    "Call to 'getUpdates' failed!",
    { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request' },
    'getUpdates',
    {},
  );

describe('Telegram polling health', () => {
  it('says nothing about a short outage', () => {
    const { h, clock, alerts } = health();
    for (let i = 0; i < 10; i++) {
      h.failed(down());
      clock.advance(MINUTE);
    }
    h.succeeded();
    expect(alerts).toEqual([]);
  });

  it('tells the admins once when fetching has failed for the alert period, and once when it works again', () => {
    const { h, clock, alerts } = health();
    h.failed(down());
    for (let i = 0; i < 30; i++) {
      clock.advance(MINUTE);
      h.failed(down());
    }
    expect(alerts).toEqual([texts.telegram.alerts.unreachable(15, "Network request for 'getUpdates' failed!")]);
    h.succeeded();
    h.succeeded();
    expect(alerts).toEqual([
      texts.telegram.alerts.unreachable(15, "Network request for 'getUpdates' failed!"),
      texts.telegram.alerts.recovered,
    ]);
    // The next outage is a new one, measured from its own start.
    h.failed(down());
    clock.advance(14 * MINUTE);
    h.failed(down());
    expect(alerts).toHaveLength(2);
    clock.advance(MINUTE);
    h.failed(down());
    expect(alerts).toHaveLength(3);
  });

  it('treats refusals in a row as one incident, over once polling went on for five restart delays', () => {
    const { h, clock, alerts } = health(15 * MINUTE, MINUTE);
    const stopped = texts.telegram.alerts.pollingStopped(
      'Telegram getUpdates: 409 Conflict: terminated by other getUpdates request',
    );
    h.refused(conflict());
    clock.advance(MINUTE);
    h.succeeded();
    h.refused(conflict());
    clock.advance(MINUTE);
    h.succeeded();
    expect(alerts).toEqual([stopped]);
    clock.advance(4 * MINUTE - 1);
    h.succeeded();
    expect(alerts).toEqual([stopped]);
    clock.advance(1);
    h.succeeded();
    expect(alerts).toEqual([stopped, texts.telegram.alerts.recovered]);
    // Quiet again: nothing more to say.
    h.succeeded();
    expect(alerts).toHaveLength(2);
    // A refusal later is a new incident.
    h.refused(conflict());
    expect(alerts).toEqual([stopped, texts.telegram.alerts.recovered, stopped]);
  });
});
