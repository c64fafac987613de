import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWhatsApp, toWhatsAppText } from '../../../src/channels/whatsapp/render.js';
import { createPacedQueue } from '../../../src/channels/whatsapp/send-queue.js';
import { texts } from '../../../src/core/catalogue.js';

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
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs one task at a time, about the interval (plus jitter) apart, in order', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
    const queue = createPacedQueue({ intervalMs: 1_000, jitterMs: 500, random: () => 0.5 });
    const startedAt: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const task = (i: number) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      startedAt.push(performance.now());
      await new Promise((resolve) => setTimeout(resolve, 100));
      running--;
      return i;
    };
    const results = Promise.all([0, 1, 2, 3].map((i) => queue.run(task(i))));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await results).toEqual([0, 1, 2, 3]);
    expect(maxRunning).toBe(1);
    const gaps = startedAt.slice(1).map((t, i) => Math.round(t - startedAt[i]!));
    // 100 ms of sending + 1000 ms interval + 250 ms jitter.
    expect(gaps).toEqual([1_350, 1_350, 1_350]);
  });

  it('keeps going after a failed task, and a closed queue refuses what has not started', async () => {
    const queue = createPacedQueue({ intervalMs: 1, jitterMs: 0 });
    const failed = queue.run(async () => {
      throw new Error('boom');
    });
    const ok = queue.run(async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(ok).resolves.toBe('ok');

    let started = false;
    const slow = queue.run(
      () =>
        new Promise((resolve) => {
          started = true;
          setTimeout(() => resolve('slow'), 20);
        }),
    );
    const waiting = queue.run(async () => 'never');
    await vi.waitFor(() => expect(started).toBe(true), { timeout: 1_000, interval: 1 });
    queue.close(() => new Error('stopping'));
    await expect(slow).resolves.toBe('slow');
    await expect(waiting).rejects.toThrow('stopping');
    await expect(queue.run(async () => 'later')).rejects.toThrow('stopping');
  });
});
