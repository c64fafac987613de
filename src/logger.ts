import { pino } from 'pino';
import type { Logger } from './core/log.js';

/**
 * Structured JSON logs on stderr, so stdout stays the conversation in the console channel and
 * a clean data stream for the CLI. Anything that looks like a secret is redacted by path.
 * (Outside core/: making a logger is I/O; core only names the Logger port.)
 */
export function createLogger(level: string = 'info', destination: number = 2): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['token', '*.token', '*.*.token', 'botToken', 'authorization', '*.authorization', 'creds', '*.creds'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: destination, sync: true }),
  );
}

/** A logger that drops everything; for tests and the quiet CLI. */
export const silentLogger: Logger = pino({ level: 'silent' });
