import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleAdapter } from '../../src/channels/console/adapter.js';
import { createManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/logger.js';

describe('console channel: files the desk made', () => {
  it('writes each file to a temporary folder and prints its path with the caption', async () => {
    const output = new PassThrough();
    let text = '';
    output.on('data', (d: Buffer) => (text += d.toString()));
    const adapter = createConsoleAdapter({
      input: new PassThrough(),
      output,
      interactive: false,
      log: silentLogger,
      clock: createManualClock(),
      alertAdmins: () => undefined,
      fatal: () => undefined,
      deliver: async () => undefined,
      quit: () => undefined,
    });
    await adapter.sender.send({
      channel: 'console',
      chatId: 'console',
      text: '',
      files: [
        { kind: 'photo', fileName: 'ipa-2026.png', data: Buffer.from('png-bytes').toString('base64'), caption: '**IKM** 83,33' },
      ],
    });
    const path = /\[berkas: (.+ipa-2026\.png)\]/.exec(text)?.[1];
    expect(path).toBeDefined();
    expect(readFileSync(path!, 'utf8')).toBe('png-bytes');
    expect(text).toContain('IKM 83,33');
  });
});
