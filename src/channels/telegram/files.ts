import { GrammyError, HttpError, type Api } from 'grammy';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { FileFetchError, type Attachment, type FetchFile } from '../../core/channel.js';

/** The most a bot may download through the Bot API (getFile refuses larger files). */
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

export interface FileFetcherDeps {
  api: Api;
  token: string;
  /** TELEGRAM_API_ROOT without its trailing slash; Telegram's own server when absent. */
  apiRoot?: string | undefined;
  /** How long one download may take before it counts as unavailable (tried again later). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * A Telegram file's bytes: getFile for its path, then the download from `<apiRoot>/file/bot<token>/<path>`.
 * Hand-written rather than @grammyjs/files: that plugin downloads to a temporary file with no size
 * limit, while the desk needs the bytes, a limit kept while reading and errors that say whether a
 * retry can help. Like it, an absolute path (a local Bot API server started with --local) is read
 * from disk. The download address holds the bot token: it is never put in an error or a log.
 */
export function createFileFetcher(deps: FileFetcherDeps): FetchFile {
  const root = deps.apiRoot ?? 'https://api.telegram.org';
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return async (attachment: Attachment, maxBytes: number): Promise<Buffer> => {
    const limit = Math.min(maxBytes, TELEGRAM_DOWNLOAD_LIMIT);
    const context = { kind: attachment.kind, limit };
    if (attachment.channel !== 'telegram' || !attachment.ref) throw new FileFetchError('gone', 'not a Telegram file', context);
    let file;
    try {
      file = await deps.api.getFile(attachment.ref);
    } catch (err) {
      if (err instanceof GrammyError) {
        if (/file is too big/i.test(err.description)) throw new FileFetchError('too_large', 'Telegram: file is too big', context);
        // A file_id that is wrong or no longer known: retrying cannot bring it back.
        if (err.error_code === 400) throw new FileFetchError('gone', `Telegram getFile: ${err.description}`, context);
        throw new FileFetchError('unavailable', `Telegram getFile: ${err.error_code} ${err.description}`, context);
      }
      throw new FileFetchError('unavailable', 'Telegram getFile failed', context, {
        cause: err instanceof HttpError ? err.error : err,
      });
    }
    if (file.file_size !== undefined && file.file_size > limit)
      throw new FileFetchError('too_large', 'file over the limit', { ...context, size: file.file_size });
    const path = file.file_path;
    if (!path) throw new FileFetchError('gone', 'Telegram gave no file path', context);
    if (isAbsolute(path)) return fromDisk(path, limit, context);
    return download(`${root}/file/bot${deps.token}/${path}`, limit, context);
  };

  async function fromDisk(path: string, limit: number, context: Record<string, unknown>): Promise<Buffer> {
    try {
      if ((await stat(path)).size > limit) throw new FileFetchError('too_large', 'file over the limit', context);
      return await readFile(path);
    } catch (err) {
      if (err instanceof FileFetchError) throw err;
      throw new FileFetchError('gone', 'the local Bot API server file cannot be read', context);
    }
  }

  async function download(url: string, limit: number, context: Record<string, unknown>): Promise<Buffer> {
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      // The error names no address, but its cause could: only its kind is kept.
      const code = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new FileFetchError('unavailable', `Telegram file download failed (${code})`, context);
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      // 5xx and 429 pass; any other refusal (the path expired or never was) is not worth repeating as is,
      // but the next attempt asks getFile again, so it too counts as unavailable, bounded by the outbox's expiry.
      throw new FileFetchError('unavailable', `Telegram file download answered ${res.status}`, {
        ...context,
        status: res.status,
      });
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > limit) {
      await res.body?.cancel().catch(() => undefined);
      throw new FileFetchError('too_large', 'file over the limit', { ...context, size: declared });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const reader = res.body?.getReader();
    try {
      for (;;) {
        const part = reader ? await reader.read() : { done: true as const, value: undefined };
        if (part.done) break;
        size += part.value.length;
        if (size > limit) throw new FileFetchError('too_large', 'file over the limit', { ...context, size });
        chunks.push(Buffer.from(part.value));
      }
    } catch (err) {
      // Read no further than the limit: the rest of a large file is not fetched.
      await reader?.cancel().catch(() => undefined);
      if (err instanceof FileFetchError) throw err;
      throw new FileFetchError('unavailable', 'Telegram file download broke off', context);
    }
    return Buffer.concat(chunks);
  }
}
