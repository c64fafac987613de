import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { describeError, errorText, isThreadGone, toSendError } from '../../../src/channels/telegram/errors.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

function grammyError(error_code: number | undefined, description: string | undefined, parameters = {}) {
  return new GrammyError(
    "Call to 'sendMessage' failed!",
    { ok: false, error_code: error_code as number, description: description as string, parameters },
    'sendMessage',
    { chat_id: 1, text: 'secret payload' },
  );
}

describe('toSendError', () => {
  it('treats a blocked bot and a deactivated user as permanent', () => {
    expect(toSendError(grammyError(403, 'Forbidden: bot was blocked by the user')).permanent).toBe(true);
    expect(toSendError(grammyError(403, 'Forbidden: user is deactivated')).permanent).toBe(true);
  });

  it('treats "chat not found" and other bad requests as permanent', () => {
    expect(toSendError(grammyError(400, 'Bad Request: chat not found')).permanent).toBe(true);
    expect(toSendError(grammyError(400, "Bad Request: can't parse entities")).permanent).toBe(true);
  });

  it('takes the wait from retry_after on 429', () => {
    const e = toSendError(grammyError(429, 'Too Many Requests: retry after 37', { retry_after: 37 }));
    expect(e.permanent).toBe(false);
    expect(e.retryAfterMs).toBe(37_000);
  });

  it('retries 5xx, the network, and a revoked token (fixed by an admin, not by dropping messages)', () => {
    expect(toSendError(grammyError(502, 'Bad Gateway')).permanent).toBe(false);
    expect(
      toSendError(
        new HttpError(
          "Network request for 'sendMessage' failed!",
          new Error(`connect ECONNREFUSED https://api.telegram.org/bot${TOKEN}/sendMessage`),
        ),
      ).permanent,
    ).toBe(false);
    expect(toSendError(grammyError(401, 'Unauthorized')).permanent).toBe(false);
  });

  it('never carries the token or the payload into messages and logs', () => {
    const http = new HttpError(
      "Network request for 'sendMessage' failed!",
      new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed`),
    );
    const plain = new Error(`fetch https://api.telegram.org/bot${TOKEN}/getMe failed`);
    for (const err of [http, plain, grammyError(400, 'Bad Request: chat not found')]) {
      const logged =
        JSON.stringify(describeError(err)) + errorText(err) + toSendError(err).message + JSON.stringify(toSendError(err).context);
      expect(logged).not.toContain(TOKEN);
      expect(logged).not.toContain('secret payload');
    }
  });

  it('recognises a deleted forum topic', () => {
    expect(isThreadGone(grammyError(400, 'Bad Request: message thread not found'))).toBe(true);
    expect(isThreadGone(grammyError(400, 'Bad Request: chat not found'))).toBe(false);
  });
});
