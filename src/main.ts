import { pathToFileURL } from 'node:url';
import { createApp, type App } from './app.js';
import { createConsoleChannel } from './channels/console/console.js';
import type { ChannelAdapter, ChannelDeps } from './channels/types.js';
import { configuredChannels, createConfig, type Config } from './config.js';
import { systemClock, type Clock } from './core/clock.js';
import { ConfigError, errorMessage } from './core/errors.js';
import { createLogger, type Logger } from './core/log.js';
import { createDispatcher, type Dispatcher } from './notify/dispatcher.js';

/** Auto-close is measured in days; checking every few minutes is plenty. */
const HOUSEKEEPING_INTERVAL_MS = 5 * 60_000;

/** Platform adapters load only when configured: the console start never pays for grammY or Baileys. */
async function loadAdapter(channel: 'telegram' | 'whatsapp', deps: ChannelDeps): Promise<ChannelAdapter> {
  if (channel === 'telegram') return (await import('./channels/telegram/index.js')).createTelegramAdapter(deps);
  const { whatsapp } = deps.config;
  return (await import('./channels/whatsapp/index.js')).createWhatsAppAdapter(deps, {
    sendIntervalMs: whatsapp.sendIntervalMs,
    sendJitterMs: whatsapp.sendJitterMs,
    appendWindowMs: whatsapp.appendWindowMs,
  });
}

interface Running {
  dispatchers: Dispatcher[];
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

/** Telegram and/or WhatsApp: runs until SIGINT/SIGTERM. */
async function runPlatforms(app: App, config: Config, channels: Array<'telegram' | 'whatsapp'>, clock: Clock, log: Logger): Promise<Running> {
  const dispatchers: Dispatcher[] = [];
  const kickAll = () => {
    for (const d of dispatchers) d.kick();
  };
  const depsFor = (channel: 'telegram' | 'whatsapp'): ChannelDeps => ({
    config,
    store: app.store,
    log: log.child({ channel }),
    clock,
    // An adapter alerts about itself: its own channel is the one that cannot carry the alert.
    alertAdmins: (text) => {
      app.store.transaction(() => app.store.outbox.enqueue(app.staff.adminAlerts(text, channel), clock.now()));
      kickAll();
    },
  });
  const adapters: ChannelAdapter[] = [];
  for (const channel of channels) adapters.push(await loadAdapter(channel, depsFor(channel)));
  for (const adapter of adapters) {
    const dispatcher = createDispatcher({ outbox: app.store.outbox, sender: adapter.sender, clock, log: log.child({ channel: adapter.channel }) });
    dispatchers.push(dispatcher);
  }
  const started: ChannelAdapter[] = [];
  const stopAll = async () => {
    for (const adapter of started) await adapter.stop().catch((err: unknown) => log.error({ err, channel: adapter.channel }, 'stop failed'));
    for (const d of dispatchers) await d.stop();
  };
  // Pending rows from before a restart, and everything later, go out as soon as the loops run.
  for (const d of dispatchers) d.start();
  try {
    for (const adapter of adapters) {
      await adapter.start(async (msg) => {
        app.desk.receive(msg);
        // A message on one channel can notify another (a WhatsApp ticket to the Telegram staff group).
        kickAll();
      });
      started.push(adapter);
      log.info({ channel: adapter.channel }, 'channel started');
    }
  } catch (err) {
    // Nothing may keep using the database after the caller closes it.
    await stopAll();
    throw err;
  }
  const stopHousekeeping = startHousekeeping(app, dispatchers, log);
  return {
    dispatchers,
    async stop() {
      stopHousekeeping();
      await stopAll();
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
      running = await runPlatforms(app, config, channels, clock, log);
    } catch (err) {
      log.fatal({ err: errorMessage(err) }, 'cannot start the channels');
      process.stderr.write(`Cannot start: ${errorMessage(err)}\n`);
      app.close();
      return 1;
    }
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    log.info({ signal }, 'stopping');
    await running.stop();
    app.close();
    return 0;
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
