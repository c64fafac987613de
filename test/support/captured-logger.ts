import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger.js';

/** A logger at `trace` writing into memory, configured as the desk's own (createLogger): what a log would hold. */
export function capturedLogger() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger('trace', stream), text: () => chunks.join('') };
}
