import { GrammyError, HttpError } from 'grammy';
import { errorMessage, SendError } from '../../core/errors.js';

/**
 * What is safe to log about a failed Bot API call. grammY's errors hold the request payload and,
 * for network failures, an inner error whose text can contain the request URL — and the URL
 * contains the bot token. Only the method, Telegram's code and description, or grammY's own
 * message (which never includes the URL) are kept.
 */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof GrammyError) {
    return {
      method: err.method,
      errorCode: err.error_code,
      description: err.description,
      ...(err.parameters.retry_after !== undefined ? { retryAfter: err.parameters.retry_after } : {}),
      ...(err.parameters.migrate_to_chat_id !== undefined ? { migrateToChatId: err.parameters.migrate_to_chat_id } : {}),
    };
  }
  if (err instanceof HttpError) return { network: err.message };
  return { message: redactToken(errorMessage(err)), ...(err instanceof Error ? { name: err.name } : {}) };
}

/** Anything shaped like a bot token (123456:ABC…) in free text. */
function redactToken(text: string): string {
  return text.replace(/\d{5,}:[A-Za-z0-9_-]{20,}/g, '[token]');
}

/** A one-line message for errors that are stored (outbox lastError) or shown: no token, no payload. */
export function errorText(err: unknown): string {
  if (err instanceof GrammyError)
    return `Telegram ${err.method}: ${err.error_code ?? '?'} ${err.description ?? 'unsupported method'}`;
  if (err instanceof HttpError) return err.message;
  return redactToken(errorMessage(err));
}

const PERMANENT_400 = [
  /chat not found/i,
  /user not found/i,
  /PEER_ID_INVALID/i,
  /bot was kicked/i,
  /not enough rights/i,
  /have no rights/i,
  /CHAT_WRITE_FORBIDDEN/i,
  /group chat was upgraded/i,
  /bot can't initiate conversation/i,
];

/** Retrying cannot help: the user blocked the bot, the chat is gone, or the request itself is wrong. */
export function isPermanent(err: unknown): boolean {
  if (!(err instanceof GrammyError)) return false;
  const code = err.error_code;
  if (code === 403) return true;
  if (code === 400) return true;
  // A Bot API server that does not know the method (a local server or an emulator) answers 404 or nothing.
  if (code === 404 || code === undefined) return true;
  return false;
}

/** True for the 400s that mean the chat itself cannot be written to (as opposed to a bad request). */
export function isChatGone(err: unknown): boolean {
  if (!(err instanceof GrammyError)) return false;
  return err.error_code === 403 || (err.error_code === 400 && PERMANENT_400.some((re) => re.test(err.description ?? '')));
}

/** The chat's new id when Telegram moved it (a group upgraded to a supergroup: 400 with migrate_to_chat_id). */
export function migratedTo(err: unknown): string | undefined {
  const to = err instanceof GrammyError ? err.parameters.migrate_to_chat_id : undefined;
  return to === undefined ? undefined : String(to);
}

/** The forum topic a message was sent to no longer exists (someone deleted it). */
export function isThreadGone(err: unknown): boolean {
  return (
    err instanceof GrammyError &&
    /message thread not found|TOPIC_DELETED|TOPIC_ID_INVALID|thread not found/i.test(err.description ?? '')
  );
}

export function isTopicClosed(err: unknown): boolean {
  return err instanceof GrammyError && /TOPIC_CLOSED/i.test(err.description ?? '');
}

/** The HTML was refused: a renderer bug must not cost the user the message; it goes out as plain text. */
export function isEntityParseError(err: unknown): boolean {
  return (
    err instanceof GrammyError &&
    err.error_code === 400 &&
    /can't parse entities|unsupported start tag|can't find end/i.test(err.description ?? '')
  );
}

/**
 * A failed send as the dispatcher's SendError: permanent for 403 and 400 (blocked, chat gone, bad
 * request), retryAfterMs from Telegram's retry_after on 429, transient for 5xx and the network.
 */
export function toSendError(err: unknown, context: Record<string, unknown> = {}): SendError {
  if (err instanceof SendError) return err;
  const retryAfter = err instanceof GrammyError ? err.parameters.retry_after : undefined;
  // Rate limited: retried after Telegram's wait, whatever the code.
  const limited = retryAfter !== undefined || (err instanceof GrammyError && err.error_code === 429);
  return new SendError(errorText(err), {
    permanent: !limited && isPermanent(err),
    ...(retryAfter !== undefined ? { retryAfterMs: retryAfter * 1000 } : {}),
    context: { ...context, ...describeError(err) },
  });
}
