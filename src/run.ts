import { createApp, type App } from './app.js';
import type { Terminal } from './channels/index.js';
import { createConfig, servedChannels } from './config.js';
import type { ChannelName } from './core/channel.js';
import { systemClock, type Clock, type TimerHandle } from './core/clock.js';
import { ConfigError, errorMessage } from './core/errors.js';
import type { Logger } from './core/log.js';
import { createLogger } from './logger.js';
import type { Dispatcher } from './outbox/dispatcher.js';
import { startPlatforms } from './platforms.js';
import type { TrappedSignals } from './signals.js';
import type { RunningWebServer } from './web/server.js';
import type { WebChatHub } from './channels/web/hub.js';
import type { WebChatMailer } from './channels/web/mail.js';
import { dirname, resolve as resolvePath } from 'node:path';

/** Auto-close is measured in days; checking every few minutes is plenty. */
const HOUSEKEEPING_INTERVAL_MS = 5 * 60_000;

interface Running {
  /** Resolves when every channel has stopped for good: the process should exit non-zero. */
  allDown: Promise<void>;
  /** Resolves when the person at the console ended the session: the process exits 0. */
  quit: Promise<void>;
  stop(): Promise<void>;
}

function startHousekeeping(app: App, dispatchers: Dispatcher[], clock: Clock, log: Logger): () => void {
  let timer: TimerHandle | undefined;
  const run = () => {
    try {
      app.housekeeping();
      for (const d of dispatchers) d.kick();
    } catch (err) {
      log.error({ err }, 'housekeeping failed');
    }
    // It alone does not keep the process alive.
    timer = clock.setTimeout(run, HOUSEKEEPING_INTERVAL_MS, { unref: true });
  };
  run();
  return () => clock.clearTimeout(timer);
}

/** The channels, every one wired the same way, with housekeeping; runs until stopped. */
async function runChannels(
  app: App,
  channels: ChannelName[],
  clock: Clock,
  log: Logger,
  terminal: Terminal | undefined,
  webChat: WebChatHub | undefined,
): Promise<Running> {
  let onAllDown = () => {};
  const allDown = new Promise<void>((resolve) => (onAllDown = resolve));
  let onQuit = () => {};
  const quit = new Promise<void>((resolve) => (onQuit = resolve));
  const platforms = await startPlatforms({
    app,
    channels,
    clock,
    log,
    ...(terminal ? { terminal } : {}),
    ...(webChat ? { webChat } : {}),
    onAllDown: () => onAllDown(),
    onQuit: () => onQuit(),
  });
  const stopHousekeeping = startHousekeeping(app, platforms.dispatchers, clock, log);
  // Period reports: admins' /laporanberkala requests and REPORT_SCHEDULE, sent through the outbox.
  const stopReports = app.reports.start(() => platforms.dispatchers.forEach((d) => d.kick()));
  return {
    allDown,
    quit,
    async stop() {
      stopHousekeeping();
      stopReports();
      await platforms.stop();
    },
  };
}

/**
 * Composition root (src/main.ts is the entry that calls it): config → store → desk → channels, and an orderly shutdown. With no channel
 * configured the console is the one channel. `terminal`: the console's, the process's by default.
 */
export async function runDesk(env: NodeJS.ProcessEnv, terminal: Terminal | undefined, signals: TrappedSignals): Promise<number> {
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
  const interactive = terminal ? terminal.interactive : Boolean(process.stdin.isTTY && process.stdout.isTTY);
  // With the web chat and no terminal (the image: no TTY, stdin closed) the console would end the desk at once.
  const channels: ChannelName[] = servedChannels(config).filter(
    (c, _i, all) => !(c === 'console' && all.includes('web') && !interactive),
  );
  // In the console the terminal is the chat window: only warnings and errors belong on it.
  const log = createLogger(config.logLevel ?? (channels.includes('console') ? 'warn' : 'info'));
  const clock = systemClock;

  let app: App;
  try {
    app = createApp({ config, clock, log });
  } catch (err) {
    log.fatal({ err, databasePath: config.databasePath, intentsDir: config.intentsDir }, 'cannot start the desk');
    process.stderr.write(`Cannot start: ${errorMessage(err)}\n`);
    return 1;
  }
  log.info({ databasePath: config.databasePath, channels }, 'front desk starting');

  // The microsite (WEB_PORT), in this process on the same desk; loaded only when it runs.
  let web: RunningWebServer | undefined;
  let webChat: WebChatHub | undefined;
  let stopRetention = () => {};
  let webMail: WebChatMailer | undefined;
  if (config.web.port !== undefined) {
    try {
      const [{ startWebServer }, { siteOf }, { createWebChatHub }, { createWebRetention }] = await Promise.all([
        import('./web/server.js'),
        import('./web/index.js'),
        import('./channels/web/hub.js'),
        import('./channels/web/retention.js'),
      ]);
      const uploadsDir = resolvePath(dirname(config.databasePath), 'web-uploads');
      const mail = config.web.chatMail;
      if (mail) {
        // SMTP_URL: desk messages no open page showed are mailed to the contact's e-mail (nodemailer loaded only then).
        const { createWebChatMailer, smtpTransport } = await import('./channels/web/mail.js');
        webMail = createWebChatMailer({
          chats: app.store.webChat,
          transport: smtpTransport(mail.smtpUrl, mail.from),
          from: mail.from,
          chatUrl: `${config.web.publicUrl}/chat`,
          afterMinutes: mail.afterMinutes,
          timeZone: config.timeZone,
          clock,
          log: log.child({ channel: 'web', part: 'mail' }),
        });
      }
      const site = siteOf(app, clock, log);
      // The web chat's routes are on the microsite; the web channel hands its messages to the desk.
      webChat = createWebChatHub({
        chats: app.store.webChat,
        contactOf: (sessionId) => app.store.contacts.find('web', sessionId),
        saveDetails: (identity, details, now) => void app.store.contacts.saveDetails(identity, details, now),
        uploadsDir,
        mode: { links: site.links, timeZone: site.timeZone, chat: true },
        secure: config.web.publicUrl?.startsWith('https:') === true,
        publicUrl: config.web.publicUrl,
        embedOrigins: config.web.chatEmbedOrigins,
        limits: config.web.chatLimits,
        mailsReplies: webMail !== undefined,
        clock,
        log: log.child({ channel: 'web' }),
      });
      web = await startWebServer({
        site,
        log,
        host: config.web.host,
        port: config.web.port,
        plugins: [webChat.plugin],
        chat: true,
      });
      // The web chat's personal data is kept WEB_CHAT_RETENTION_DAYS: swept every night.
      stopRetention = createWebRetention({
        repo: app.store.webRetention,
        uploadsDir,
        retentionDays: config.web.chatRetentionDays,
        clock,
        log: log.child({ channel: 'web' }),
        timeZone: config.timeZone,
      }).start();
    } catch (err) {
      log.fatal({ err: errorMessage(err), host: config.web.host, port: config.web.port }, 'cannot start the microsite');
      process.stderr.write(`Cannot start the microsite: ${errorMessage(err)}\n`);
      app.close();
      return 1;
    }
  }

  let running: Running;
  try {
    const starting = runChannels(app, channels, clock, log, terminal, webChat);
    // A stop asked for while a channel is still starting (an unreachable Bot API can hold getMe for
    // minutes) is honoured now: whatever started is stopped when it has, and the entry makes sure
    // the process ends soon after this returns.
    const first = await Promise.race([starting, signals.first.then((signal) => ({ signal }))]);
    if ('signal' in first) {
      log.info({ reason: first.signal, during: 'start-up' }, 'stopping');
      void starting.then((r) => r.stop()).catch(() => undefined);
      stopRetention();
      await web?.close();
      return 0;
    }
    running = first;
    webMail?.start();
  } catch (err) {
    log.fatal({ err: errorMessage(err) }, 'cannot start the channels');
    process.stderr.write(`Cannot start: ${errorMessage(err)}\n`);
    stopRetention();
    await web?.close();
    app.close();
    return 1;
  }
  const reason = await Promise.race([
    signals.first,
    running.allDown.then(() => 'all-channels-down' as const),
    running.quit.then(() => 'quit' as const),
  ]);
  log.info({ reason }, 'stopping');
  stopRetention();
  // The site and the mail first: they read the database the desk is about to close.
  await web?.close();
  await webMail?.stop();
  await running.stop();
  app.close();
  return reason === 'all-channels-down' ? 1 : 0;
}
