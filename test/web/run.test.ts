import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDesk } from '../../src/run.js';
import type { TrappedSignals } from '../../src/signals.js';
import { freePort } from '../channels/telegram/platform.js';
import { tempDbPath } from '../helpers.js';

/** A stop the test gives when it wants, as SIGTERM would. */
function manualSignals(): TrappedSignals & { stop(): void } {
  let stop = () => {};
  const first = new Promise<NodeJS.Signals>((resolve) => (stop = () => resolve('SIGTERM')));
  return { first, stop };
}

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the desk with WEB_PORT set', () => {
  it('serves the microsite from its own process and stops it in order with the desk', async () => {
    const port = await freePort();
    const signals = manualSignals();
    const input = new PassThrough();
    const env = { DATABASE_PATH: tempDbPath(), WEB_PORT: String(port), LOG_LEVEL: 'silent' };
    const done = runDesk(env, { input, output: new PassThrough(), interactive: false }, signals);
    const health = await until(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return res.status;
    });
    expect(health).toBe(200);
    const home = await fetch(`http://127.0.0.1:${port}/`);
    expect(await home.text()).toContain('<html lang="id">');
    signals.stop();
    expect(await done).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('refuses to start, saying why, when the port is taken', async () => {
    const port = await freePort();
    const first = manualSignals();
    const env = { DATABASE_PATH: tempDbPath(), WEB_PORT: String(port), LOG_LEVEL: 'silent' };
    const running = runDesk(env, { input: new PassThrough(), output: new PassThrough(), interactive: false }, first);
    await until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status);
    const second = runDesk(
      { ...env, DATABASE_PATH: tempDbPath() },
      { input: new PassThrough(), output: new PassThrough(), interactive: false },
      manualSignals(),
    );
    expect(await second).toBe(1);
    first.stop();
    expect(await running).toBe(0);
  });
});
