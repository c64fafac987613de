import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleChannel, renderConsole } from '../../../src/channels/console/console.js';
import { texts } from '../../../src/core/catalogue.js';
import { createManualClock } from '../../../src/core/clock.js';
import type { InboundMessage } from '../../../src/core/channel.js';
import { tempDbPath } from '../../helpers.js';

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real start command with piped stdin, as a user would: `printf 'halo\n' | npm start`. */
function npmStart(input: string, env: Record<string, string>): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start', '--silent'], {
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

describe('console channel as a process', () => {
  it('answers piped input, keeps logs off stdout and exits 0 at end of input', async () => {
    const dbPath = tempDbPath();
    const result = await npmStart('halo\n/menu\n', { DATABASE_PATH: dbPath, LOG_LEVEL: 'debug' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(texts.menu.intro);
    expect(result.stdout).toContain('1. ');
    // Logs are JSON lines on stderr; none may reach stdout.
    expect(result.stdout).not.toMatch(/"level":/);
    expect(result.stderr).toMatch(/"level":/);
  });

  it('stops at /keluar with a goodbye and exit status 0', async () => {
    const result = await npmStart('/keluar\nhalo\n', { DATABASE_PATH: tempDbPath() });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(texts.console.goodbye);
  });

  it('fails at start with one line naming a bad variable', async () => {
    const result = await npmStart('halo\n', { DATABASE_PATH: tempDbPath(), WHATSAPP_ENABLED: 'mungkin' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^Invalid configuration: WHATSAPP_ENABLED: expected true or false/);
    expect(result.stdout).not.toContain(texts.menu.intro);
  });
});

describe('console channel in process', () => {
  it('turns each non-empty line into an inbound message with a unique id', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const channel = createConsoleChannel({ input, output, interactive: false, clock: createManualClock() });
    const got: InboundMessage[] = [];
    const done = channel.run(async (m) => {
      got.push(m);
    });
    input.end('satu\n\n  dua  \n');
    await done;
    expect(got.map((m) => m.text)).toEqual(['satu', 'dua']);
    expect(new Set(got.map((m) => m.externalId)).size).toBe(2);
    expect(got.every((m) => m.channel === 'console' && m.attachments.length === 0)).toBe(true);
  });

  it('renders choices as a numbered list and strips bold markers', () => {
    const text = renderConsole({
      channel: 'console',
      chatId: 'console',
      text: 'Pilih **salah satu**:',
      choices: [
        { id: 'a', label: 'Pertama' },
        { id: 'b', label: 'Kedua' },
      ],
    });
    expect(text).toBe(`Pilih salah satu:\n1. Pertama\n2. Kedua\n${texts.choices.replyWithNumber(2)}`);
  });
});
