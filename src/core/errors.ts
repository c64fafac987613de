/**
 * Typed errors carry a machine-readable context so logs stay structured and callers can decide
 * (retry, answer politely, exit) without parsing messages.
 */
export class AppError extends Error {
  readonly context: Record<string, unknown>;

  constructor(message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.context = context;
  }
}

/** A configuration value is missing or malformed; the message names the variable. */
export class ConfigError extends AppError {}

/** The database could not be opened, migrated or backed up. */
export class StoreError extends AppError {}

/**
 * A channel could not deliver a message. `permanent` means retrying cannot help (the user blocked
 * the bot, the chat does not exist); `retryAfterMs` is the platform's own back-off hint.
 */
export class SendError extends AppError {
  readonly permanent: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    opts: { permanent: boolean; retryAfterMs?: number; context?: Record<string, unknown>; cause?: unknown },
  ) {
    super(message, opts.context ?? {}, { cause: opts.cause });
    this.permanent = opts.permanent;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
