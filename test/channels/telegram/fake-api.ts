import { Api, type Transformer } from 'grammy';
import type { Update } from 'grammy/types';

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
}

/** What a fake answers: a result, or a Bot API error. */
export type FakeAnswer =
  { ok: true; result: unknown } | { ok: false; error_code: number; description: string; parameters?: Record<string, unknown> };

export type FakeHandler = (
  payload: Record<string, unknown>,
  call: number,
) => FakeAnswer | undefined | Promise<FakeAnswer | undefined>;

/**
 * A grammY Api whose calls never leave the process: an API transformer records every call and
 * answers from `handlers` (undefined from a handler = the default answer below).
 */
export function fakeApi(handlers: Record<string, FakeHandler> = {}): { api: Api; calls: ApiCall[]; transformer: Transformer } {
  const calls: ApiCall[] = [];
  let nextMessageId = 100;
  const counts = new Map<string, number>();
  const defaults = (method: string, payload: Record<string, unknown>): FakeAnswer => {
    switch (method) {
      case 'sendMessage':
        return {
          ok: true,
          result: {
            message_id: nextMessageId++,
            date: 1,
            chat: { id: Number(payload.chat_id), type: 'private' },
            text: payload.text,
          },
        };
      case 'copyMessage':
        return { ok: true, result: { message_id: nextMessageId++ } };
      case 'getChat':
        return { ok: true, result: { id: Number(payload.chat_id), type: 'supergroup', title: 'Staf', is_forum: true } };
      case 'createForumTopic':
        return {
          ok: true,
          result: {
            message_thread_id: 7000 + calls.filter((c) => c.method === 'createForumTopic').length,
            name: payload.name,
            icon_color: 0,
          },
        };
      default:
        return { ok: true, result: true };
    }
  };
  const transformer: Transformer = async (_prev, method, payload) => {
    const p = (payload ?? {}) as Record<string, unknown>;
    calls.push({ method, payload: p });
    const n = (counts.get(method) ?? 0) + 1;
    counts.set(method, n);
    const answer = (await handlers[method]?.(p, n)) ?? defaults(method, p);
    // The transformer's declared return type is per-method; the fake answers every method alike.
    return answer as never;
  };
  const api = new Api('123456:TEST-token-for-unit-tests-only');
  api.config.use(transformer);
  return { api, calls, transformer };
}

const getMe: FakeHandler = () => ({ ok: true, result: { id: 666, is_bot: true, first_name: 'Bot', username: 'pbj_bot' } });

/** One getUpdates answer: updates, a failure to answer, or a function throwing (a network error). */
export type Batch = Update[] | FakeAnswer | (() => never);

/**
 * A fake Bot API for a polling bot: getMe answers, getUpdates hands out the batches in order, one
 * per poll, then empty polls after a pause, as a long poll would (a resolved promise would spin).
 */
export function withBatches(batches: Batch[], handlers: Record<string, FakeHandler> = {}): ReturnType<typeof fakeApi> {
  const pending = [...batches];
  return fakeApi({
    getMe,
    getUpdates: async () => {
      const next = pending.shift();
      if (next === undefined) {
        await new Promise((r) => setTimeout(r, 5));
        return { ok: true, result: [] };
      }
      if (typeof next === 'function') return next();
      return Array.isArray(next) ? { ok: true, result: next } : next;
    },
    ...handlers,
  });
}

/** Polls `probe` until it gives something other than undefined or false, and returns that. */
export async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
