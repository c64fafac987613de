import { describe, expect, it } from 'vitest';
import { renderWhatsApp, toWhatsAppText } from '../../../src/channels/whatsapp/render.js';
import { createPacedQueue } from '../../../src/channels/whatsapp/send-queue.js';
import { texts } from '../../../src/core/catalogue.js';
import { createManualClock } from '../../../src/core/clock.js';

describe('WhatsApp rendering', () => {
  it('turns Markdown-light into WhatsApp formatting', () => {
    expect(toWhatsAppText('**Tiket #12** dibuat. _Mohon_ tunggu.')).toBe('*Tiket #12* dibuat. _Mohon_ tunggu.');
    expect(toWhatsAppText('__penting__ ~~lama~~')).toBe('_penting_ ~lama~');
    expect(toWhatsAppText('Buka [INAPROC](https://akun.inaproc.id) atau https://lpse.example.go.id')).toBe(
      'Buka INAPROC (https://akun.inaproc.id) atau https://lpse.example.go.id',
    );
    expect(toWhatsAppText('**baris\nkedua**')).toBe('*baris\nkedua*');
    expect(toWhatsAppText('Tanpa format.')).toBe('Tanpa format.');
  });

  it('renders choices as a numbered list the desk can map back', () => {
    const text = renderWhatsApp({
      text: 'Maksud Anda:',
      choices: [
        { id: 'a', label: '**Lupa** password' },
        { id: 'b', label: 'Akun terblokir' },
        { id: 'c', label: 'Lainnya' },
      ],
    });
    expect(text).toBe(`Maksud Anda:\n\n1. *Lupa* password\n2. Akun terblokir\n3. Lainnya\n${texts.choices.replyWithNumber(3)}`);
    expect(renderWhatsApp({ text: 'Tanpa pilihan\n\n' })).toBe('Tanpa pilihan');
  });
});

describe('paced send queue', () => {
  it('runs one task at a time, about the interval (plus jitter) apart, in order', async () => {
    const clock = createManualClock();
    const queue = createPacedQueue({ intervalMs: 1_000, jitterMs: 500, random: () => 0.5, clock });
    const startedAt: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const task = (i: number) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      startedAt.push(clock.now().getTime());
      await clock.sleep(100);
      running--;
      return i;
    };
    const results = Promise.all([0, 1, 2, 3].map((i) => queue.run(task(i))));
    await clock.advanceAsync(10_000);
    expect(await results).toEqual([0, 1, 2, 3]);
    expect(maxRunning).toBe(1);
    const gaps = startedAt.slice(1).map((t, i) => t - startedAt[i]!);
    // 100 ms of sending + 1000 ms interval + 250 ms jitter.
    expect(gaps).toEqual([1_350, 1_350, 1_350]);
  });

  it('keeps going after a failed task, and a closed queue refuses what has not started', async () => {
    const clock = createManualClock();
    const queue = createPacedQueue({ intervalMs: 1_000, jitterMs: 0, clock });
    const failed = queue.run(async () => {
      throw new Error('boom');
    });
    const ok = queue.run(async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await clock.advanceAsync(1_000);
    await expect(ok).resolves.toBe('ok');

    let started = false;
    let finish!: () => void;
    const slow = queue.run(
      () =>
        new Promise<string>((resolve) => {
          started = true;
          finish = () => resolve('slow');
        }),
    );
    const waiting = queue.run(async () => 'never');
    await clock.advanceAsync(1_000);
    expect(started).toBe(true);
    queue.close(() => new Error('stopping'));
    finish();
    await expect(slow).resolves.toBe('slow');
    await expect(waiting).rejects.toThrow('stopping');
    await expect(queue.run(async () => 'later')).rejects.toThrow('stopping');
  });

  it('refuses a task waiting out the pause as soon as the queue closes', async () => {
    const clock = createManualClock();
    const queue = createPacedQueue({ intervalMs: 60_000, jitterMs: 0, clock });
    await queue.run(async () => 'first');
    const waiting = queue.run(async () => 'never');
    await new Promise((r) => setImmediate(r));
    queue.close(() => new Error('stopping'));
    await expect(waiting).rejects.toThrow('stopping');
    expect(clock.pendingTimers()).toBe(0);
  });
});
