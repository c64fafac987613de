import { texts } from '../core/catalogue.js';
import { FileFetchError, type Attachment, type FetchFile } from '../core/channel.js';
import { SendError } from '../core/errors.js';
import type { Logger } from '../core/log.js';

/** Why a file of another channel stays behind: the user is told which, in one line under the text. */
export type FileLeft = 'too_large' | 'not_sendable';

export type ForeignFetch = { bytes: Buffer } | { left: FileLeft };

/**
 * A file that lives on another channel (a staff member's Telegram screenshot), fetched for a
 * sender that delivers it itself. A file that cannot go (too large, gone) is `left`, so the message
 * goes without it; a platform that does not answer now fails the whole send as retryable, before
 * anything of it was sent, so the retried row delivers it once. Logged without the file's name.
 */
export async function fetchForeign(
  attachment: Attachment,
  deps: { fetchFile: FetchFile; maxBytes: number; log: Logger; context: Record<string, unknown> },
): Promise<ForeignFetch> {
  const where = { ...deps.context, source: attachment.channel, kind: attachment.kind };
  try {
    return { bytes: await deps.fetchFile(attachment, deps.maxBytes) };
  } catch (err) {
    const reason = err instanceof FileFetchError ? err.reason : 'unavailable';
    if (reason === 'unavailable')
      throw new SendError(`a file from ${attachment.channel ?? 'another channel'} cannot be fetched now`, {
        permanent: false,
        context: where,
        cause: err,
      });
    deps.log.warn({ ...where, reason }, 'a file from another channel stays behind; the user is told');
    return { left: reason === 'too_large' ? 'too_large' : 'not_sendable' };
  }
}

/** The message's text with the line that says which files stayed behind, if any did. */
export function withFilesLeft(text: string, left: readonly FileLeft[]): string {
  const lines: string[] = [];
  const tooLarge = left.filter((l) => l === 'too_large').length;
  const other = left.length - tooLarge;
  if (tooLarge > 0) lines.push(texts.fileRelay.tooLarge(tooLarge));
  if (other > 0) lines.push(texts.fileRelay.notSendable(other));
  if (lines.length === 0) return text;
  return text.trim() === '' ? lines.join('\n') : `${text}\n\n${lines.join('\n')}`;
}
