import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmulatorCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
}

/** A fault the emulator answers a call with instead of its normal result. */
export interface Fault {
  /** HTTP status: 502 (a gateway failing), 429 (flood control), 403 (bot kicked), 400 … */
  status: number;
  description?: string;
  retryAfter?: number;
  /** The message was accepted (it reaches the chat) but the answer is lost: the sender cannot know. */
  accepted?: boolean;
}

export interface Delivered {
  chatId: string;
  text: string;
  at: number;
}

/** A file uploaded with sendPhoto or sendDocument (multipart/form-data). */
export interface Uploaded {
  method: string;
  chatId: string;
  fileName: string;
  bytes: Buffer;
  caption?: string;
  parseMode?: string;
}

/**
 * Telegram's flood limits, enforced on the send methods when given: a send over one of them is
 * refused with 429 and the seconds to wait in `retry_after`, as Telegram does, and counted.
 */
export interface FloodLimits {
  /** Sends per second in all (Telegram: about 30). */
  perSecond?: number;
  /** Sends per second to one private chat (a positive chat id; Telegram: 1). */
  perPrivateChatPerSecond?: number;
  /** Sends per minute to one group (a negative chat id; Telegram: 20). */
  perGroupPerMinute?: number;
}

/** What a message carries for a file the emulator holds (a PhotoSize or Document's ids). */
export interface EmulatorFile {
  file_id: string;
  file_unique_id: string;
  file_size: number;
}

/**
 * Files a test puts on the emulator, as if a person had sent them: getFile answers their path
 * and `/file/bot<token>/<path>` serves their bytes, as Telegram does. A file over the bot download
 * limit (20 MB, or what it claims to be with `size`) is refused by getFile with "file is too big".
 */
export interface EmulatorFiles {
  add(bytes: Buffer, opts?: { size?: number }): EmulatorFile;
  /** Every download asked for, with the HTTP status it got. */
  readonly downloads: Array<{ fileId: string; status: number }>;
  /** Decides per download whether it fails, with this HTTP status (a 502, say); undefined serves it. */
  downloadFault: ((fileId: string) => number | undefined) | undefined;
}

/** What getFile lets a bot download (Telegram: 20 MB). */
export const BOT_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

export interface EmulatorOptions {
  /**
   * Another Bot API server (telegram-test-api) to put files in front of: getFile and file
   * downloads are answered here, every other request is passed to it unchanged.
   */
  upstream?: string;
  /** Decides, per call, whether it fails; undefined answers normally. */
  fault?: (method: string, payload: Record<string, unknown>) => Fault | undefined;
  limits?: FloodLimits;
  /** Told of every message as it reaches its chat. */
  onDelivered?: (d: Delivered) => void;
}

/** Methods that post into a chat, the ones Telegram's flood limits count. */
const SEND_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendMediaGroup',
  'copyMessage',
  'forwardMessage',
  'sendVideo',
  'sendAudio',
  'sendVoice',
]);

export interface BotApiEmulator {
  /** `http://127.0.0.1:PORT`, for TELEGRAM_API_ROOT. */
  readonly apiRoot: string;
  readonly calls: EmulatorCall[];
  /** Messages that reached a chat (sent, or accepted before a lost answer), in order. */
  readonly delivered: Delivered[];
  /** Files uploaded (sendPhoto, sendDocument with a file rather than a file_id), in order. */
  readonly uploads: Uploaded[];
  /** Sends refused with 429 because they went over `limits`. */
  readonly floods: number;
  /** The same, by the limit they went over. */
  readonly floodsBy: { all: number; privateChat: number; group: number };
  readonly files: EmulatorFiles;
  /** Queues an update (its update_id is assigned here) for the next getUpdates. */
  push(update: Record<string, unknown>): number;
  count(method: string): number;
  close(): Promise<void>;
}

/**
 * A small Bot API server on 127.0.0.1 that honours getUpdates offsets the way Telegram does: an
 * update stays deliverable until a later call confirms it with a higher offset, so a process that
 * dies before confirming gets it again (telegram-test-api marks updates read at once and cannot
 * show that). Long polls are held up to `timeout` seconds (capped at 1 s) or until an update
 * arrives. Methods it does not know answer `{ ok: true, result: true }`.
 */
export async function startBotApiEmulator(options: EmulatorOptions = {}): Promise<BotApiEmulator> {
  const calls: EmulatorCall[] = [];
  const delivered: Delivered[] = [];
  const uploads: Uploaded[] = [];
  const updates: Array<Record<string, unknown> & { update_id: number }> = [];
  let nextUpdateId = 1;
  let nextMessageId = 1;
  const waiting = new Set<() => void>();
  let floods = 0;
  const floodsBy = { all: 0, privateChat: 0, group: 0 };
  /** Accepted send times: in all, and per chat (kept only as far back as a limit looks). */
  const sentAll: number[] = [];
  const sentByChat = new Map<string, number[]>();
  const stored = new Map<string, { bytes: Buffer; size: number; path: string }>();
  let nextFile = 1;
  const files: EmulatorFiles = {
    add(bytes, opts = {}) {
      const n = nextFile++;
      const file_id = `emu-file-${n}-${Math.random().toString(36).slice(2, 10)}`;
      const size = opts.size ?? bytes.length;
      stored.set(file_id, { bytes, size, path: `documents/file_${n}` });
      return { file_id, file_unique_id: `emu-unique-${n}`, file_size: size };
    },
    downloads: [],
    downloadFault: undefined,
  };
  const byPath = (path: string) => [...stored.entries()].find(([, f]) => f.path === path);

  /** getFile: the file's path, or Telegram's refusals (unknown id, too big for a bot). */
  function getFile(payload: Record<string, unknown>): { ok: true; result: unknown } | Fault {
    const f = stored.get(String(payload.file_id ?? ''));
    if (!f) return { status: 400, description: 'Bad Request: invalid file_id' };
    if (f.size > BOT_DOWNLOAD_LIMIT) return { status: 400, description: 'Bad Request: file is too big' };
    return {
      ok: true,
      result: { file_id: payload.file_id, file_unique_id: 'emu', file_size: f.size, file_path: f.path },
    };
  }

  /** `/file/bot<token>/<path>`: the bytes, or the status the test's fault decides. */
  function download(url: string, res: ServerResponse): void {
    const path = url.replace(/^\/file\/bot[^/]+\//, '');
    const found = byPath(decodeURIComponent(path));
    const status = !found ? 404 : (files.downloadFault?.(found[0]) ?? 200);
    if (found) files.downloads.push({ fileId: found[0], status });
    if (status !== 200 || !found) {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: status, description: 'file download failed' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(found[1].bytes.length) });
    res.end(found[1].bytes);
  }

  /** Passes a request on to the upstream server as it came, and its answer back. */
  function proxy(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const target = new URL(req.url ?? '/', options.upstream);
    const out = httpRequest(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host, 'content-length': String(raw.length) } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: 502, description: 'Bad Gateway' }));
    });
    out.end(raw);
  }

  /** Seconds to wait when this send goes over a limit, else undefined (and the send is counted). */
  function overLimit(chatId: string, now: number): number | undefined {
    const limits = options.limits;
    if (!limits) return undefined;
    const group = chatId.startsWith('-');
    const within = (times: number[], ms: number) => {
      while (times.length > 0 && times[0]! <= now - ms) times.shift();
      return times.length;
    };
    const chatTimes = sentByChat.get(chatId) ?? [];
    const waits: number[] = [];
    let by: keyof typeof floodsBy | undefined;
    if (limits.perSecond !== undefined && within(sentAll, 1_000) >= limits.perSecond) {
      waits.push(sentAll[0]! + 1_000 - now);
      by = 'all';
    }
    if (!group && limits.perPrivateChatPerSecond !== undefined && within(chatTimes, 1_000) >= limits.perPrivateChatPerSecond) {
      waits.push(chatTimes[0]! + 1_000 - now);
      by = 'privateChat';
    }
    if (group && limits.perGroupPerMinute !== undefined && within(chatTimes, 60_000) >= limits.perGroupPerMinute) {
      waits.push(chatTimes[0]! + 60_000 - now);
      by = 'group';
    }
    if (by) {
      floodsBy[by]++;
      return Math.max(1, Math.ceil(Math.max(...waits) / 1_000));
    }
    sentAll.push(now);
    chatTimes.push(now);
    sentByChat.set(chatId, chatTimes);
    return undefined;
  }

  const rawBody = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
    });

  /** The call's parameters: multipart (files), JSON or form-encoded. */
  function body(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
    const boundary = /multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(req.headers['content-type'] ?? '')?.[1];
    if (boundary) return multipart(raw, boundary);
    const text = raw.toString('utf8');
    try {
      return text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return Object.fromEntries(new URLSearchParams(text));
    }
  }

  /** Fields as strings (JSON values parsed), files as `{ fileName, bytes }`; `attach://x` resolved to part x. */
  function multipart(raw: Buffer, boundary: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const sep = Buffer.from(`--${boundary}`);
    let at = raw.indexOf(sep);
    while (at >= 0) {
      const next = raw.indexOf(sep, at + sep.length);
      if (next < 0) break;
      const part = raw.subarray(at + sep.length + 2, next - 2);
      const headerEnd = part.indexOf('\r\n\r\n');
      const head = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]+)"/.exec(head)?.[1];
      const fileName = /filename="?([^";\r\n]*)"?/.exec(head)?.[1];
      if (name) {
        if (fileName !== undefined) out[name] = { fileName, bytes: Buffer.from(content) };
        else {
          const text = content.toString('utf8');
          try {
            out[name] = JSON.parse(text) as unknown;
          } catch {
            out[name] = text;
          }
        }
      }
      at = next;
    }
    for (const [k, v] of Object.entries(out))
      if (typeof v === 'string' && v.startsWith('attach://')) out[k] = out[v.slice('attach://'.length)] ?? v;
    return out;
  }

  function uploaded(method: string, field: string, payload: Record<string, unknown>): unknown {
    const file = payload[field] as { fileName: string; bytes: Buffer } | string | undefined;
    if (file && typeof file === 'object')
      uploads.push({
        method,
        chatId: String(payload.chat_id),
        fileName: file.fileName,
        bytes: file.bytes,
        ...(payload.caption !== undefined ? { caption: String(payload.caption) } : {}),
        ...(payload.parse_mode !== undefined ? { parseMode: String(payload.parse_mode) } : {}),
      });
    return {
      message_id: nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(payload.chat_id), type: 'private' },
    };
  }

  async function answer(method: string, payload: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return { id: 999, is_bot: true, first_name: 'Helpdesk', username: 'helpdesk_test_bot' };
      case 'getUpdates': {
        const offset = Number(payload.offset ?? 0);
        // Confirmed updates are forgotten, as Telegram does.
        while (updates.length > 0 && updates[0]!.update_id < offset) updates.shift();
        if (updates.length === 0) {
          const ms = Math.min(1_000, Number(payload.timeout ?? 0) * 1_000);
          await new Promise<void>((resolve) => {
            const done = () => {
              clearTimeout(timer);
              waiting.delete(done);
              resolve();
            };
            const timer = setTimeout(done, ms);
            waiting.add(done);
          });
        }
        return updates.slice(0, Number(payload.limit ?? 100));
      }
      case 'sendMessage':
        {
          const d = { chatId: String(payload.chat_id), text: String(payload.text ?? ''), at: Date.now() };
          delivered.push(d);
          options.onDelivered?.(d);
        }
        return {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(payload.chat_id), type: 'private' },
          text: payload.text,
        };
      case 'sendPhoto':
        return uploaded(method, 'photo', payload);
      case 'sendDocument':
        return uploaded(method, 'document', payload);
      default:
        return true;
    }
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = req.url ?? '';
      const raw = await rawBody(req);
      if (url.startsWith('/file/')) {
        download(url, res);
        return;
      }
      const method = url.split('?')[0]!.split('/').pop() ?? '';
      if (options.upstream && method !== 'getFile') {
        proxy(req, res, raw);
        return;
      }
      const payload = { ...Object.fromEntries(new URL(url, 'http://x').searchParams), ...body(req, raw) };
      calls.push({ method, payload, at: Date.now() });
      const retryAfter = SEND_METHODS.has(method) ? overLimit(String(payload.chat_id), Date.now()) : undefined;
      if (retryAfter !== undefined) floods++;
      const fault =
        retryAfter !== undefined
          ? { status: 429, description: `Too Many Requests: retry after ${retryAfter}`, retryAfter }
          : options.fault?.(method, payload);
      if (fault) {
        if (fault.accepted) await answer(method, payload);
        res.writeHead(fault.status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ok: false,
            error_code: fault.status,
            description: fault.description ?? `Error ${fault.status}`,
            ...(fault.retryAfter !== undefined ? { parameters: { retry_after: fault.retryAfter } } : {}),
          }),
        );
        return;
      }
      if (method === 'getFile') {
        const got = getFile(payload);
        const failed = 'status' in got;
        res.writeHead(failed ? got.status : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(failed ? { ok: false, error_code: got.status, description: got.description } : got));
        return;
      }
      const result = await answer(method, payload);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    delivered,
    uploads,
    files,
    get floods() {
      return floods;
    },
    floodsBy,
    push(update) {
      const update_id = nextUpdateId++;
      updates.push({ ...update, update_id });
      for (const wake of [...waiting]) wake();
      return update_id;
    },
    count: (method) => calls.filter((c) => c.method === method).length,
    async close() {
      for (const wake of [...waiting]) wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
