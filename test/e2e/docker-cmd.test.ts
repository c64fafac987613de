import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { startBotApiEmulator, type BotApiEmulator } from '../support/bot-api-emulator.js';

/** The image's CMD, read from the Dockerfile: the test runs exactly what `docker run` would. */
function dockerCmd(): string[] {
  const line = readFileSync('Dockerfile', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('CMD '));
  const cmd = JSON.parse(line!.slice(4)) as string[];
  // The image's node is this node.
  return cmd[0] === 'node' ? [process.execPath, ...cmd.slice(1)] : cmd;
}

async function until(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The image's CMD as `docker run` would start it, against the emulator, on a fresh database. */
function startImage(em: BotApiEmulator) {
  const [command, ...args] = dockerCmd();
  const child = spawn(command!, args, {
    env: {
      PATH: process.env.PATH,
      DATABASE_PATH: join(tempDir(), 'desk.db'),
      INTENTS_DIR: 'intents',
      TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12',
      TELEGRAM_API_ROOT: em.apiRoot,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = { text: '' };
  child.stderr.on('data', (d: Buffer) => (log.text += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: log, exited };
}

let emulator: BotApiEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('the Docker image’s CMD', () => {
  beforeAll(() => {
    // What the image's build stage runs (without the type check, which npm run check does).
    execFileSync(process.execPath, ['scripts/build.mjs', '--no-check'], { stdio: 'pipe' });
  }, 180_000);

  it('runs node as the process that receives SIGTERM: it answers, stops polling and exits 0', async () => {
    emulator = await startBotApiEmulator();
    expect(dockerCmd().slice(1)).toEqual(['dist/main.js']);
    const { child, stderr, exited } = startImage(emulator);
    const em = emulator;
    await until(() => em.count('getUpdates') >= 1, 'the desk to poll');
    em.push({
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: 42, type: 'private', first_name: 'Budi' },
        from: { id: 42, is_bot: false, first_name: 'Budi' },
        text: '/menu',
      },
    });
    await until(() => em.count('sendMessage') >= 1, 'the answer');

    child.kill('SIGTERM');
    const { code, signal } = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(stderr.text).toContain('"msg":"stopping"');
    const polls = em.count('getUpdates');
    await new Promise((r) => setTimeout(r, 300));
    expect(em.count('getUpdates')).toBe(polls);
  }, 60_000);

  it('honours a SIGTERM that arrives while the desk is still starting: a clean stop, exit 0', async () => {
    emulator = await startBotApiEmulator();
    const { child, stderr, exited } = startImage(emulator);
    const em = emulator;
    // The first call to the Bot API is the channel starting up, before any polling.
    await until(() => em.calls.length >= 1, 'the desk to start its Telegram channel');
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(stderr.text).toContain('"reason":"SIGTERM"');
  }, 60_000);
});
