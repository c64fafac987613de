import { pathToFileURL } from 'node:url';
import { createApp, type App } from './app.js';
import { createConsoleChannel } from './channels/console/console.js';
import { configuredChannels, createConfig } from './config.js';
import { systemClock, type Clock } from './core/clock.js';
import { ConfigError, errorMessage } from './core/errors.js';
import { type Logger } from './core/log.js';
import { createLogger } from './logger.js';
import { createDispatcher, type Dispatcher } from './outbox/dispatcher.js';
import { startPlatforms, type PlatformChannel } from './platforms.js';

/** Auto-close is measured in days; checking every few minutes is plenty. */
const HOUSEKEEPING_INTERVAL_MS = 5 * 60_000;

interface Running {
  dispatchers: Dispatcher[];
  /** Resolves when every channel has stopped for good: the process should exit non-zero. */
  allDown: Promise<void>;
  stop(): Promise<void>;
}

function startHousekeeping(app: App, dispatchers: Dispatcher[], log: Logger): () => void {
  const run = () => {
    try {
      app.housekeeping();
      for (const d of dispatchers) d.kick();
    } catch (err) {
      log.error({ err }, 'housekeeping failed');
    }
  };
  run();
  const timer = setInterval(run, HOUSEKEEPING_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Telegram and/or WhatsApp, with housekeeping; runs until stopped. */
async function runPlatforms(app: App, channels: PlatformChannel[], clock: Clock, log: Logger): Promise<Running> {
  let onAllDown = () => {};
  const allDown = new Promise<void>((resolve) => (onAllDown = resolve));
  const platforms = await startPlatforms({ app, channels, clock, log, onAllDown: () => onAllDown() });
  const stopHousekeeping = startHousekeeping(app, platforms.dispatchers, log);
  return {
    dispatchers: platforms.dispatchers,
    allDown,
    async stop() {
      stopHousekeeping();
      await platforms.stop();
    },
  };
}

/** Composition root: config → store → desk → channels, and an orderly shutdown. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config;
  try {
    config = createConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const channels = configuredChannels(config);
  // In the console the terminal is the chat window: only warnings and errors belong on it.
  const log = createLogger(config.logLevel ?? (channels.length === 0 ? 'warn' : 'info'));
  const clock = systemClock;

  let app: App;
  try {
    app = createApp({ config, clock, log });
  } catch (err) {
    log.fatal({ err, databasePath: config.databasePath, intentsDir: config.intentsDir }, 'cannot start the desk');
    process.stderr.write(`Cannot start: ${errorMessage(err)}\n`);
    return 1;
  }
  log.info({ databasePath: config.databasePath, channels: channels.length ? channels : ['console'] }, 'front desk starting');

  if (channels.length > 0) {
    let running: Running;
    try {
      running = await runPlatforms(app, channels, clock, log);
    } catch (err) {
      log.fatal({ err: errorMessage(err) }, 'cannot start the channels');
      process.stderr.write(`Cannot start: ${errorMessage(err)}\n`);
      app.close();
      return 1;
    }
    const reason = await Promise.race([
      new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      }),
      running.allDown.then(() => 'all-channels-down' as const),
    ]);
    log.info({ reason }, 'stopping');
    await running.stop();
    app.close();
    return reason === 'all-channels-down' ? 1 : 0;
  }

  const consoleChannel = createConsoleChannel({
    input: process.stdin,
    output: process.stdout,
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    clock,
  });
  const dispatcher = createDispatcher({ outbox: app.store.outbox, sender: consoleChannel.sender, clock, log });
  // Messages queued before a crash go out first.
  await dispatcher.drain();
  dispatcher.start();
  const stopHousekeeping = startHousekeeping(app, [dispatcher], log);

  const shutdown = async () => {
    stopHousekeeping();
    await dispatcher.stop();
    app.close();
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'stopping');
    void shutdown().then(() => process.exit(0));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  await consoleChannel.run(async (msg) => {
    app.desk.receive(msg);
    await dispatcher.drain();
  });
  await shutdown();
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`Fatal: ${errorMessage(err)}\n`);
      process.exitCode = 1;
    },
  );
}
