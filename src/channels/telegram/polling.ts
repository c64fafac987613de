import { run, type RunnerHandle } from '@grammyjs/runner';
import { GrammyError, type Bot, type Transformer } from 'grammy';
import { texts } from '../../core/catalogue.js';
import type { ChannelContext } from '../../core/channel.js';
import type { TimerHandle } from '../../core/clock.js';
import { describeError, errorText } from './errors.js';

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
/** Long-polling timeout asked of Telegram, in seconds. */
const POLL_TIMEOUT_SECONDS = 30;
/** Updates handled at once (different chats; one chat's updates always wait their turn). */
const CONCURRENCY = 100;

/** Polling errors the runner does not retry: a revoked token, or another instance polling. */
const UNAUTHORIZED = 401;
const CONFLICT = 409;

export interface PollingTimings {
  /** Wait between getUpdates attempts while fetching fails; constant, retried without limit. */
  pollRetryMs: number;
  /** After polling stopped (409), wait this long and poll again. */
  restartDelayMs: number;
  /** Fetching failing without a break this long is told to the admins (once per outage). */
  outageAlertMs: number;
}

export type PollingHealthDeps = Pick<ChannelContext, 'log' | 'clock' | 'alertAdmins'> & PollingTimings;

/**
 * What fetching updates has been like, for the log and the admins: they are told once when polling
 * is down (an outage, or Telegram refusing to hand over updates) and once when it works again.
 * Two instances on one token take turns being refused (each restart makes the other's poll fail);
 * that is one incident, not an alert a minute: a refusal counts as over only after polling has
 * gone on for five restart delays without another.
 */
export interface PollingHealth {
  /** A getUpdates call failed (the network, a 5xx, a 429): the runner retries it. */
  failed(err: unknown): void;
  /** A getUpdates call answered. */
  succeeded(): void;
  /** Telegram refused to hand over updates and polling stopped; it starts again after a pause. */
  refused(err: unknown): void;
}

export function createPollingHealth(deps: PollingHealthDeps): PollingHealth {
  const { log, clock, pollRetryMs, outageAlertMs } = deps;
  const settleMs = 5 * deps.restartDelayMs;
  const state = {
    failures: 0,
    failingSince: undefined as number | undefined,
    lastWarnAt: 0,
    outageAlerted: false,
    stopAlerted: false,
    lastStopAt: 0,
  };
  const now = () => clock.now().getTime();

  return {
    failed(err) {
      const at = now();
      state.failures += 1;
      state.failingSince ??= at;
      // Once at the start, then once a minute: an outage of days must not flood the log.
      if (state.failures === 1 || at - state.lastWarnAt >= 60_000) {
        state.lastWarnAt = at;
        log.warn(
          { failures: state.failures, retryInMs: pollRetryMs, ...describeError(err) },
          'fetching Telegram updates failed; retrying',
        );
      } else {
        log.debug({ failures: state.failures, ...describeError(err) }, 'fetching Telegram updates failed; retrying');
      }
      if (!state.outageAlerted && at - state.failingSince >= outageAlertMs) {
        state.outageAlerted = true;
        log.error(
          { failingForMs: at - state.failingSince, ...describeError(err) },
          'Telegram updates cannot be fetched; admins alerted, still retrying',
        );
        deps.alertAdmins(texts.telegram.alerts.unreachable(Math.round((at - state.failingSince) / 60_000), errorText(err)));
      }
    },
    succeeded() {
      const at = now();
      if (state.failures > 0) {
        log.info(
          { failures: state.failures, failedForMs: at - (state.failingSince ?? at) },
          'fetching Telegram updates works again',
        );
        state.failures = 0;
        state.failingSince = undefined;
      }
      if (!state.outageAlerted && !state.stopAlerted) return;
      state.outageAlerted = false;
      if (at - state.lastStopAt >= settleMs) state.stopAlerted = false;
      if (!state.stopAlerted) {
        log.info('Telegram polling works again; admins told');
        deps.alertAdmins(texts.telegram.alerts.recovered);
      }
    },
    refused(err) {
      state.lastStopAt = now();
      if (!state.stopAlerted) {
        state.stopAlerted = true;
        deps.alertAdmins(texts.telegram.alerts.pollingStopped(errorText(err)));
      }
    },
  };
}

export interface PollingDeps extends Pick<ChannelContext, 'log' | 'clock' | 'alertAdmins' | 'fatal'>, PollingTimings {
  bot: Bot;
}

/** Long polling that never dies quietly. */
export interface Polling {
  /** Between start() and stop(), unless the token was revoked: polling runs or is about to restart. */
  readonly active: boolean;
  start(): void;
  /** Stops fetching and any pending restart; resolves once the runner stopped fetching. */
  stop(): Promise<void>;
  /** Updates fetched and not yet handled, by the runner running now or the one last stopped. */
  pending(): number;
}

/**
 * grammY runner's long polling (updates of one chat in order, different chats concurrently), with
 * its failures watched: fetch failures are retried for as long as they last (the admins are told
 * when that is long); when Telegram refuses to hand over updates (409: another instance polls with
 * the same token) the admins are told and polling starts again after a pause; a revoked token
 * (401) stops the channel through `fatal`, which tells the operator.
 *
 * Installs its guard on `bot.api` as the outermost transformer: install the others first.
 */
export function createPolling(deps: PollingDeps): Polling {
  const { bot, log, clock, pollRetryMs, restartDelayMs } = deps;
  const health = createPollingHealth(deps);

  const guard: Transformer = async (prev, method, payload, signal) => {
    if (method !== 'getUpdates') return prev(method, payload, signal);
    // 401 and 409 stop the runner; what happens next is decided (and logged) where it stops.
    const failed = (err: unknown, code: number | undefined) => {
      if (code !== UNAUTHORIZED && code !== CONFLICT) health.failed(err);
    };
    try {
      const res = await prev(method, payload, signal);
      if (!res.ok) failed(new GrammyError(`Call to 'getUpdates' failed!`, res, 'getUpdates', payload), res.error_code);
      else health.succeeded();
      return res;
    } catch (err) {
      if (!signal?.aborted) failed(err, err instanceof GrammyError ? err.error_code : undefined);
      throw err;
    }
  };
  bot.api.config.use(guard);

  let runner: RunnerHandle | undefined;
  let last: RunnerHandle | undefined;
  let active = false;
  let restartTimer: TimerHandle | undefined;

  function startRunner(): void {
    const handle = run(bot, {
      runner: {
        fetch: { timeout: POLL_TIMEOUT_SECONDS, allowed_updates: ALLOWED_UPDATES },
        // A constant wait, retried for as long as the outage lasts: the runner's default doubles
        // the wait without a cap and gives up after 15 hours, leaving the process alive but deaf.
        retryInterval: pollRetryMs,
        maxRetryTime: Infinity,
        // Its console output would carry the raw error (and the request URL, with the token).
        silent: true,
      },
      sink: { concurrency: CONCURRENCY },
    });
    runner = last = handle;
    handle.task()?.catch((err: unknown) => {
      if (runner === handle) stopped(err);
    });
  }

  /** The runner gave up: only 401 and 409 get here (fetch failures are retried forever). */
  function stopped(err: unknown): void {
    runner = undefined;
    if (!active) return;
    if (err instanceof GrammyError && err.error_code === UNAUTHORIZED) {
      active = false;
      log.fatal(describeError(err), 'Telegram rejected the bot token while polling; the Telegram channel stops');
      deps.fatal(
        new Error(
          'Telegram rejected the bot token (401 Unauthorized) while receiving messages: it was revoked or replaced in @BotFather. ' +
            'Put the current token in TELEGRAM_BOT_TOKEN and restart the desk.',
        ),
      );
      return;
    }
    const conflict = err instanceof GrammyError && err.error_code === CONFLICT;
    log.error(
      {
        ...describeError(err),
        restartInMs: restartDelayMs,
        ...(conflict ? { hint: 'another instance is polling with this token' } : {}),
      },
      'Telegram polling stopped; starting it again after a pause',
    );
    health.refused(err);
    restartTimer = clock.setTimeout(() => {
      restartTimer = undefined;
      if (!active) return;
      log.info('Telegram polling starting again');
      startRunner();
    }, restartDelayMs);
  }

  return {
    get active() {
      return active;
    },
    start() {
      active = true;
      startRunner();
    },
    async stop() {
      active = false;
      clock.clearTimeout(restartTimer);
      restartTimer = undefined;
      const handle = runner;
      runner = undefined;
      if (handle?.isRunning())
        await handle.stop().catch((err: unknown) => log.warn(describeError(err), 'stopping the Telegram runner failed'));
    },
    pending: () => last?.size() ?? 0,
  };
}
