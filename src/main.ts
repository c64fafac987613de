/**
 * The desk's entry point (`npm start`, the image's `node dist/main.js`). It stays this small on
 * purpose: signals are trapped before the rest of the desk loads, so a stop asked for while the
 * desk starts is still a clean stop.
 */
import { pathToFileURL } from 'node:url';
import type { Terminal } from './channels/index.js';
import { trapSignals } from './signals.js';

export async function main(env: NodeJS.ProcessEnv = process.env, terminal?: Terminal): Promise<number> {
  const signals = trapSignals();
  const { runDesk } = await import('./run.js');
  return runDesk(env, terminal, signals);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => {
      process.exitCode = code;
      // The desk has stopped in order; a channel still half-started (stopped during its start-up)
      // must not keep the process alive past a supervisor's grace period.
      setTimeout(() => process.exit(code), 2_000).unref();
    },
    (err: unknown) => {
      process.stderr.write(`Fatal: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
