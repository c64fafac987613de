import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';
import { createApp } from './app.js';
import { renderConsole } from './channels/console/render.js';
import { createConfig, normalisePhone, type Config } from './config.js';
import { systemClock } from './core/clock.js';
import { ConfigError, errorMessage } from './core/errors.js';
import { createLogger, silentLogger } from './logger.js';
import { askJsonl } from './faq/ask.js';
import { checkIntents } from './faq/check.js';
import { CONTACTS_FILE, loadFaqContent, unfilledContacts } from './faq/loader.js';
import { createMatcher } from './faq/matcher.js';
import { createNormaliser } from './faq/normalise.js';
import { DEFAULT_GAP_DAYS, DEFAULT_REPORT_DAYS, MAX_REPORT_DAYS, parseDays } from './staff/commands.js';
import { groupGaps, renderGaps } from './staff/gaps.js';
import { computeReport, renderReport } from './staff/report.js';
import { openStore } from './store/index.js';
import { rowToOutbound } from './store/outbox.js';

/**
 * Operator commands. Results go to stdout, diagnostics to stderr, and the exit code says
 * whether it worked, so each command composes in scripts and cron.
 */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

type Command = (args: string[], io: CliIo, config: Config) => Promise<number>;

/**
 * Read-only commands read the desk's database; opening a path that does not exist would create an
 * empty one (and hide a wrong DATABASE_PATH behind a report of zeros). Says why and returns false.
 */
function databaseExists(config: Config, io: CliIo): boolean {
  if (config.databasePath === ':memory:' || existsSync(config.databasePath)) return true;
  io.stderr.write(
    `DATABASE_PATH: no database at ${config.databasePath}. Start the desk once to create it, or point DATABASE_PATH at it.\n`,
  );
  return false;
}

/** Unanswered questions read for one gaps listing (as /celah). */
const GAP_QUESTIONS_LIMIT = 5_000;
const GAP_GROUPS_SHOWN = 20;

const USAGE = `Usage: npm run cli -- <command>
  ask "teks"             the desk's answer to a question, as the bot would give it
  ask --jsonl            one question per stdin line → one JSON line each on stdout
  check-intents          validate the FAQ content and report examples too close between intents
  report [DAYS]          the period report staff get with /laporan (default 30 days)
  report --period 2026-11|2026-Q3 | --from YYYY-MM-DD --to YYYY-MM-DD --format pdf|xlsx|csv|json [--out FILE]
                         the periodic report for LKPP and Telkom as a document
  gaps [DAYS]            the FAQ's unanswered questions of the period, grouped (default 30 days)
  staff                  the staff list (as configured, with roles)
  site build DIR         write the microsite's public pages as static files (site revoke N: revoke ticket N's links)
  backup FILE            write a consistent online copy of the database to FILE
  whatsapp login [--pairing-code 62812…] [--force] [--timeout SECONDS]
                         pair the desk's WhatsApp number (QR in the terminal, or a pairing code)
  ikm import FILE [--period P] / ikm report [--period P] [--json] [--png FILE]
                         import an earlier IKM survey (CSV/XLSX); the survey report (IKM, IPA, CSI)
  web prune [--dry-run]  delete web chats unseen for WEB_CHAT_RETENTION_DAYS without an open ticket (counts only)
  help                   this text`;

const commands: Record<string, Command> = {
  async ask(args, io, config) {
    if (args[0] === '--jsonl') {
      const { intents, lexicon } = loadFaqContent(config.intentsDir);
      const matcher = createMatcher({ intents, lexicon });
      for await (const line of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
        // One output line per input line, blank ones too, so answers can be zipped with questions.
        io.stdout.write(`${askJsonl(matcher, line.trim())}\n`);
      }
      return 0;
    }
    const question = args.join(' ').trim();
    if (question === '') {
      io.stderr.write('Usage: npm run -s ask -- "teks pertanyaan"   or   npm run -s ask -- --jsonl < questions.txt\n');
      return 2;
    }
    // The real desk on a throw-away database: exactly what a user would be sent, nothing recorded.
    const app = createApp({ config: { ...config, databasePath: ':memory:' }, clock: systemClock, log: silentLogger });
    try {
      app.desk.receive({
        channel: 'console',
        externalId: 'ask',
        chatId: 'ask',
        userId: 'ask',
        text: question,
        attachments: [],
        receivedAt: new Date(),
      });
      for (const row of app.store.outbox.due('console', new Date(8.64e15), 100)) {
        io.stdout.write(`${renderConsole(rowToOutbound(row))}\n`);
      }
    } finally {
      app.close();
    }
    return 0;
  },
  async 'check-intents'(_args, io, config) {
    const content = loadFaqContent(config.intentsDir);
    const findings = checkIntents(content, createNormaliser(content.lexicon));
    for (const f of findings) io.stdout.write(`${f.severity}: ${f.message}\n`);
    const placeholders = unfilledContacts(content.contacts);
    for (const key of placeholders) {
      io.stdout.write(`warning: ${CONTACTS_FILE}: kontak.${key} is still a placeholder; users see it as written\n`);
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    // Every warning printed above is counted: the findings' and the placeholders'.
    const warnings = findings.length - errors + placeholders.length;
    io.stdout.write(
      `${content.intents.length} intents, ${content.intents.reduce((n, i) => n + i.examples.length, 0)} examples: ` +
        `${errors} errors, ${warnings} warnings\n`,
    );
    return errors > 0 ? 1 : 0;
  },
  async backup(args, io, config) {
    const [file] = args;
    if (!file) {
      io.stderr.write('Usage: npm run cli -- backup FILE\n');
      return 2;
    }
    const destination = resolve(file);
    if (destination === resolve(config.databasePath)) {
      io.stderr.write('The backup file must not be the database itself.\n');
      return 2;
    }
    if (!databaseExists(config, io)) return 2;
    const store = openStore(config.databasePath);
    try {
      await store.backup(destination);
    } finally {
      store.close();
    }
    io.stdout.write(`Backup written to ${destination}\n`);
    return 0;
  },
  async whatsapp(args, io, config) {
    const usage = 'Usage: npm run cli -- whatsapp login [--pairing-code 62812…] [--force] [--timeout SECONDS]\n';
    const [sub, ...rest] = args;
    if (sub !== 'login') {
      io.stderr.write(usage);
      return 2;
    }
    let pairingNumber: string | undefined;
    let force = false;
    let timeoutMs: number | undefined;
    for (let i = 0; i < rest.length; i++) {
      const arg = rest[i]!;
      const [flag, inline] = arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
      const value = () => inline ?? rest[++i];
      if (flag === '--pairing-code') pairingNumber = value();
      else if (flag === '--force') force = true;
      else if (flag === '--timeout') timeoutMs = Number(value()) * 1000;
      else {
        io.stderr.write(`Unknown option: ${arg}\n${usage}`);
        return 2;
      }
    }
    const pairingPhone = pairingNumber === undefined ? undefined : normalisePhone(pairingNumber);
    if (pairingNumber !== undefined && pairingPhone === undefined) {
      io.stderr.write(
        `--pairing-code needs the phone number in international form, e.g. 6281234567890 (got "${pairingNumber}")\n`,
      );
      return 2;
    }
    if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
      io.stderr.write(`--timeout needs a number of seconds\n${usage}`);
      return 2;
    }
    const { runWhatsAppLogin } = await import('./channels/whatsapp/login.js');
    const store = openStore(config.databasePath);
    let code: number;
    try {
      const result = await runWhatsAppLogin({
        authRepo: store.whatsappAuth,
        clock: systemClock,
        log: createLogger(config.logLevel ?? 'warn'),
        out: io.stdout,
        force,
        ...(pairingPhone !== undefined ? { pairingNumber: pairingPhone } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      });
      if (result.ok) {
        io.stdout.write(
          result.alreadyPaired
            ? `WhatsApp is already paired (${result.me ?? 'unknown number'}). Use --force to pair again.\n`
            : `WhatsApp paired as ${result.me ?? 'unknown number'}; the session is saved in ${config.databasePath}. Start the desk with WHATSAPP_ENABLED=true.\n`,
        );
        code = 0;
      } else {
        io.stderr.write(`WhatsApp login failed: ${result.message}\n`);
        code = 1;
      }
    } finally {
      store.close();
    }
    // Baileys can leave timers behind after its socket ended; as the CLI process, do not hang on them.
    if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) setTimeout(() => process.exit(code), 2_000).unref();
    return code;
  },
  async report(args, io, config) {
    // The period report as a file (issue 15); `report [DAYS]` stays the /laporan text.
    if (args.some((a) => a.startsWith('--'))) return (await import('./reports/cli.js')).reportCommand(args, io, config);
    const days = args[0] === undefined ? DEFAULT_REPORT_DAYS : Number(args[0]);
    if (!Number.isInteger(days) || days < 1 || days > MAX_REPORT_DAYS) {
      io.stderr.write(`Usage: npm run cli -- report [DAYS]   (DAYS from 1 to ${MAX_REPORT_DAYS})\n`);
      return 2;
    }
    if (!databaseExists(config, io)) return 2;
    const app = createApp({ config, clock: systemClock, log: silentLogger, syncStaff: false });
    try {
      io.stdout.write(
        `${renderReport(computeReport(app.store, app.calendar, days, systemClock.now()), days, app.categories, config.timeZone)}\n`,
      );
    } finally {
      app.close();
    }
    return 0;
  },
  async gaps(args, io, config) {
    const days = parseDays(args[0] ?? '', DEFAULT_GAP_DAYS);
    if (days === undefined || args.length > 1) {
      io.stderr.write(`Usage: npm run cli -- gaps [DAYS]   (DAYS from 1 to ${MAX_REPORT_DAYS})\n`);
      return 2;
    }
    if (!databaseExists(config, io)) return 2;
    const content = loadFaqContent(config.intentsDir);
    const store = openStore(config.databasePath);
    try {
      const now = systemClock.now();
      const questions = store.faq.unmatchedBetween(new Date(now.getTime() - days * 86_400_000), now, GAP_QUESTIONS_LIMIT);
      const groups = groupGaps(questions, createNormaliser(content.lexicon));
      io.stdout.write(`${renderConsole({ text: renderGaps(groups, days, GAP_GROUPS_SHOWN) })}\n`);
    } finally {
      store.close();
    }
    return 0;
  },
  async staff(_args, io, config) {
    if (!databaseExists(config, io)) return 2;
    // Shows what the running desk uses; the desk itself writes the staff list at start.
    const app = createApp({ config, clock: systemClock, log: silentLogger, syncStaff: false });
    try {
      const list = app.staff.list();
      if (list.length === 0)
        io.stdout.write(
          'No staff registered. Set STAFF_TELEGRAM_IDS and/or STAFF_WHATSAPP_NUMBERS (admins: ADMIN_TELEGRAM_IDS, ADMIN_WHATSAPP_NUMBERS) and start the desk.\n',
        );
      for (const m of list) {
        io.stdout.write(
          `${m.active ? 'active  ' : 'inactive'}  ${m.role.padEnd(5)}  ${m.channel.padEnd(8)}  ${m.userId}${m.displayName ? `  ${m.displayName}` : ''}\n`,
        );
      }
    } finally {
      app.close();
    }
    return 0;
  },
  async web(args, io, config) {
    const dryRun = args.includes('--dry-run');
    if (args[0] !== 'prune' || args.length > (dryRun ? 2 : 1)) {
      io.stderr.write('Usage: npm run cli -- web prune [--dry-run]\n');
      return 2;
    }
    if (!databaseExists(config, io)) return 2;
    const { createWebRetention } = await import('./channels/web/retention.js');
    const store = openStore(config.databasePath);
    try {
      const r = await createWebRetention({
        repo: store.webRetention,
        uploadsDir: resolve(dirname(config.databasePath), 'web-uploads'),
        retentionDays: config.web.chatRetentionDays,
        clock: systemClock,
        log: silentLogger,
        timeZone: config.timeZone,
      }).run({ dryRun });
      // Counts only: what the sessions said and who they were stays out of the terminal and its scrollback.
      io.stdout.write(
        `${dryRun ? 'Would delete' : 'Deleted'} (web chats unseen for ${config.web.chatRetentionDays} days, no open ticket): ` +
          `${r.sessions} sessions, ${r.messages} messages, ${r.files} uploaded files, ` +
          `contact details of ${r.contacts} contacts; ${r.orphans} orphaned uploads; ${r.unused} sessions never used\n`,
      );
    } finally {
      store.close();
    }
    return 0;
  },
  site: async (args, io, config) => (await import('./web/cli.js')).runSiteCommand(args, io, config),
  ikm: (args, io, config) => import('./survey/cli.js').then((m) => m.ikmCommand(args, io, config)),
  async help(_args, io) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  },
};

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    io.stderr.write(`${name ? `Unknown command: ${name}\n` : ''}${USAGE}\n`);
    return 2;
  }
  let config: Config;
  try {
    config = createConfig(io.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  try {
    return await command(args, io, config);
  } catch (err) {
    createLogger(config.logLevel ?? 'error').error({ err, command: name }, 'command failed');
    io.stderr.write(`Error: ${errorMessage(err)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`Fatal: ${errorMessage(err)}\n`);
      process.exitCode = 1;
    },
  );
}
