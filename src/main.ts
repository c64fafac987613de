import { pathToFileURL } from 'node:url';
import { createApp } from './app.js';
import { createConsoleChannel } from './channels/console/console.js';
import { configuredChannels, createConfig } from './config.js';
import { systemClock } from './core/clock.js';
import { ConfigError, errorMessage } from './core/errors.js';
import { createLogger } from './core/log.js';
import { createDispatcher } from './notify/dispatcher.js';

/** Auto-close is measured in days; checking every few minutes is plenty. */
const HOUSEKEEPING_INTERVAL_MS = 5 * 60_000;

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

  let app;
  try {
    app = createApp({ config, clock, log });
  } catch (err) {
    log.fatal({ err, databasePath: config.databasePath }, 'cannot start the desk');
    return 1;
  }
  log.info(
    { databasePath: config.databasePath, channels: channels.length ? channels : ['console'] },
    'front desk starting',
  );

  if (channels.length > 0) {
    log.fatal({ channels }, 'channel adapters are not available in this version yet; unset them to use the console');
    app.close();
    return 1;
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

  const runHousekeeping = () => {
    try {
      app.housekeeping();
      dispatcher.kick();
    } catch (err) {
      log.error({ err }, 'housekeeping failed');
    }
  };
  runHousekeeping();
  const housekeeping = setInterval(runHousekeeping, HOUSEKEEPING_INTERVAL_MS);
  housekeeping.unref();

  const shutdown = async () => {
    clearInterval(housekeeping);
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
