import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { CONSOLE_CHAT_ID, createConsoleAdapter } from '../../../src/channels/console/adapter.js';
import { renderConsole } from '../../../src/channels/console/render.js';
import { texts } from '../../../src/core/catalogue.js';
import type { InboundMessage } from '../../../src/core/channel.js';
import { createManualClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/logger.js';
import { startPlatforms } from '../../../src/platforms.js';
import { createHarness, tempDbPath, tempDir } from '../../helpers.js';

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const tsx = createRequire(import.meta.url).resolve('tsx');

/**
 * Runs the real start command with piped stdin, as a user would: `printf 'halo\n' | npm start`.
 * `via: 'node'` starts the same entry without npm's own start-up (what `npm start` runs, faster).
 */
function npmStart(input: string, env: Record<string, string>, via: 'npm' | 'node' = 'npm'): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const [command, args] = via === 'npm' ? ['npm', ['start', '--silent']] : [process.execPath, ['--import', tsx, 'src/main.ts']];
    const child = spawn(command as string, args as string[], {
      cwd: process.cwd(),
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** NODE_OPTIONS that make the process say on stderr which platform library it imports, if any. */
function reportPlatformImports(): string {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (/grammy|baileys/.test(specifier)) writeSync(2, 'PLATFORM IMPORT ' + specifier + '\\n');
  return next(specifier, context);
}
`,
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
  );
  return `--import ${pathToFileURL(join(dir, 'register.mjs')).href}`;
}

describe('console channel as a process', () => {
  it('answers piped input, keeps logs off stdout and exits 0 at end of input, without loading grammY or Baileys', async () => {
    const dbPath = tempDbPath();
    const result = await npmStart('halo\n/menu\n', {
      DATABASE_PATH: dbPath,
      LOG_LEVEL: 'debug',
      NODE_OPTIONS: reportPlatformImports(),
    });
    expect(result.stderr).not.toContain('PLATFORM IMPORT');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(texts.menu.intro);
    expect(result.stdout).toContain('1. ');
    // Logs are JSON lines on stderr; none may reach stdout.
    expect(result.stdout).not.toMatch(/"level":/);
    expect(result.stderr).toMatch(/"level":/);
  });

  it('stops at /keluar with a goodbye and exit status 0', async () => {
    const result = await npmStart('/keluar\nhalo\n', { DATABASE_PATH: tempDbPath() }, 'node');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(texts.console.goodbye);
  });

  it('fails at start with one line naming a bad variable', async () => {
    const result = await npmStart('halo\n', { DATABASE_PATH: tempDbPath(), WHATSAPP_ENABLED: 'mungkin' }, 'node');
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^Invalid configuration: WHATSAPP_ENABLED: expected true or false/);
    expect(result.stdout).not.toContain(texts.menu.intro);
  });
});

/** The console adapter on in-memory streams, with the hooks main gives it recorded. */
function consoleOn(opts: { interactive?: boolean; deliver?: () => Promise<void> } = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d: Buffer) => (text += d.toString()));
  let quit!: () => void;
  const quitted = new Promise<void>((resolve) => (quit = resolve));
  const adapter = createConsoleAdapter({
    input,
    output,
    interactive: opts.interactive ?? false,
    log: silentLogger,
    clock: createManualClock(),
    alertAdmins: () => undefined,
    fatal: () => undefined,
    deliver: opts.deliver ?? (async () => undefined),
    quit,
  });
  return { adapter, input, output: () => text, quitted };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('console channel in process', () => {
  it('turns each non-empty line into an inbound message with a unique id, and quits at the end of input', async () => {
    const c = consoleOn();
    const got: InboundMessage[] = [];
    await c.adapter.start(async (m) => {
      got.push(m);
    });
    c.input.end('satu\n\n  dua  \n');
    await c.quitted;
    expect(got.map((m) => m.text)).toEqual(['satu', 'dua']);
    expect(new Set(got.map((m) => m.externalId)).size).toBe(2);
    expect(got.every((m) => m.channel === 'console' && m.chatId === CONSOLE_CHAT_ID && m.attachments.length === 0)).toBe(true);
  });

  it("prints a line's answers before it reads the next line", async () => {
    const deliveries: Array<() => void> = [];
    const c = consoleOn({ deliver: () => new Promise<void>((resolve) => deliveries.push(resolve)) });
    // Answers queued before a crash go out before anything is read.
    const starting = c.adapter.start(async (m) => {
      got.push(m.text);
    });
    const got: string[] = [];
    await turn();
    expect(deliveries).toHaveLength(1);
    deliveries.shift()!();
    await starting;
    c.input.write('satu\ndua\n');
    await vi.waitFor(() => expect(deliveries).toHaveLength(1), { timeout: 1_000, interval: 1 });
    await turn();
    expect(got).toEqual(['satu']);
    deliveries.shift()!();
    await vi.waitFor(() => expect(got).toEqual(['satu', 'dua']), { timeout: 1_000, interval: 1 });
    deliveries.shift()!();
    c.input.end();
    await c.quitted;
  });

  it('says goodbye at /keluar, quits and reads nothing after it', async () => {
    const c = consoleOn();
    const got: string[] = [];
    await c.adapter.start(async (m) => void got.push(m.text));
    c.input.end('halo\n/KELUAR\nlagi\n');
    await c.quitted;
    expect(got).toEqual(['halo']);
    expect(c.output().trim()).toBe(texts.console.goodbye);
  });

  it('stop() lets the line in hand be answered, reads no more and does not quit', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const c = consoleOn();
    let quitted = false;
    void c.quitted.then(() => (quitted = true));
    const got: string[] = [];
    let answered = false;
    await c.adapter.start(async (m) => {
      got.push(m.text);
      await held;
      answered = true;
    });
    c.input.write('satu\ndua\n');
    await vi.waitFor(() => expect(got).toEqual(['satu']), { timeout: 1_000, interval: 1 });
    const stopping = c.adapter.stop();
    release();
    await stopping;
    expect(answered).toBe(true);
    expect(got).toEqual(['satu']);
    await turn();
    expect(quitted).toBe(false);
  });

  it('is the one channel when none is configured: the desk answers on it, through the same platform wiring', async () => {
    const h = await createHarness();
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (d: Buffer) => (text += d.toString()));
    let quits = 0;
    const platforms = await startPlatforms({
      app: h.app,
      channels: ['console'],
      clock: h.clock,
      log: silentLogger,
      terminal: { input, output, interactive: true },
      onQuit: () => quits++,
    });
    expect(text).toContain(texts.console.banner);
    input.write('/menu\n');
    await vi.waitFor(() => expect(text).toContain(texts.menu.intro), { timeout: 5_000, interval: 5 });
    expect(text).toContain(`${texts.console.bot}`);
    expect(text).toContain('1. ');
    input.end('/keluar\n');
    await vi.waitFor(() => expect(quits).toBe(1), { timeout: 5_000, interval: 5 });
    expect(text).toContain(texts.console.goodbye);
    expect(h.app.store.outbox.countByStatus('console')).toMatchObject({ pending: 0, failed: 0 });
    await platforms.stop();
    h.close();
  });

  it('renders choices as a numbered list after a blank line and strips bold markers', () => {
    const text = renderConsole({
      text: 'Pilih **salah satu**:',
      choices: [
        { id: 'a', label: 'Pertama' },
        { id: 'b', label: 'Kedua' },
      ],
    });
    expect(text).toBe(`Pilih salah satu:\n\n1. Pertama\n2. Kedua\n${texts.choices.replyWithNumber(2)}`);
  });
});
