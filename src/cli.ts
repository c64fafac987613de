import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createConfig, type Config } from './config.js';
import { ConfigError, errorMessage } from './core/errors.js';
import { createLogger } from './core/log.js';
import { openStore } from './store/index.js';

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

const USAGE = `Usage: npm run cli -- <command>
  backup FILE            write a consistent online copy of the database to FILE
  help                   this text`;

const commands: Record<string, Command> = {
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
    const store = openStore(config.databasePath);
    try {
      await store.backup(destination);
    } finally {
      store.close();
    }
    io.stdout.write(`Backup written to ${destination}\n`);
    return 0;
  },
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
