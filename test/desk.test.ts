import { describe, expect, it } from 'vitest';
import { texts } from '../src/core/catalogue.js';
import { createManualClock } from '../src/core/clock.js';
import { silentLogger } from '../src/logger.js';
import { z } from 'zod';
import { createRouter, defineFlow, reply, type Feature } from '../src/core/router.js';
import { createDesk } from '../src/desk.js';
import { openStore, type Store } from '../src/store/index.js';
import { inbound, MEMORY_DB, tempDbPath } from './helpers.js';

function setup(features: Feature[] = [], path = MEMORY_DB) {
  const store = openStore(path);
  const desk = createDesk({ store, router: createRouter(features), clock: createManualClock(), log: silentLogger });
  return { store, desk, path };
}

function pendingTexts(store: Store): string[] {
  return store.outbox.due('console', new Date('2100-01-01'), 100).map((r) => r.text);
}

describe('desk', () => {
  it('handles a redelivered message once', () => {
    const { store, desk } = setup();
    const msg = inbound('/menu', { externalId: 'update-42' });
    expect(desk.receive(msg)).toMatchObject({ duplicate: false });
    expect(desk.receive({ ...msg })).toEqual({ duplicate: true, queued: [] });
    expect(pendingTexts(store)).toHaveLength(1);
    store.close();
  });

  it('treats the same external id on another channel as a different message', () => {
    const { store, desk } = setup();
    desk.receive(inbound('/menu', { externalId: 'same' }));
    expect(desk.receive(inbound('/menu', { externalId: 'same', channel: 'telegram' })).duplicate).toBe(false);
    store.close();
  });

  it('queues the answer in the outbox in the same step as handling the message', () => {
    const { store, desk } = setup();
    const { queued } = desk.receive(inbound('/menu'));
    expect(queued).toHaveLength(1);
    expect(store.outbox.byId(queued[0]!)).toMatchObject({ status: 'pending', chatId: 'chat-1', text: texts.menu.intro });
    store.close();
  });

  it('maps a numeric reply to the choice offered just before', () => {
    const picked: string[] = [];
    const feature: Feature = {
      name: 'pick',
      commands: {
        pilih: (c) => [
          reply(c, 'pilih satu', [
            { id: 'p:a', label: 'A' },
            { id: 'p:b', label: 'B' },
          ]),
        ],
      },
      choices: { p: (c, v) => (picked.push(v), [reply(c, `ok ${v}`)]) },
    };
    const { store, desk } = setup([feature]);
    desk.receive(inbound('/pilih'));
    desk.receive(inbound('2'));
    expect(picked).toEqual(['b']);
    // The menu was answered: a second "2" is ordinary text now.
    desk.receive(inbound('2'));
    expect(picked).toEqual(['b']);
    store.close();
  });

  it('maps typed words to the choice whose label starts with them', () => {
    const picked: string[] = [];
    const feature: Feature = {
      name: 'pick',
      commands: {
        tanya: (c) => [
          reply(c, 'membantu?', [
            { id: 'p:y', label: 'Ya, membantu' },
            { id: 'p:n', label: 'Belum membantu' },
          ]),
        ],
      },
      choices: { p: (c, v) => (picked.push(v), [reply(c, `ok ${v}`)]) },
    };
    const { store, desk } = setup([feature]);
    desk.receive(inbound('/tanya'));
    desk.receive(inbound('ya'));
    desk.receive(inbound('/tanya'));
    desk.receive(inbound('Belum.'));
    desk.receive(inbound('/tanya'));
    desk.receive(inbound('mungkin')); // matches no label: ordinary text
    expect(picked).toEqual(['y', 'n']);
    store.close();
  });

  it('keeps a flow across a restart because its state is in the database', () => {
    const feature: Feature = {
      name: 'two-step',
      commands: { mulai: (c) => (c.setFlow({ name: 'step', count: 1 }), [reply(c, 'langkah 1')]) },
      flows: {
        step: defineFlow({
          schema: z.object({ name: z.literal('step'), count: z.number() }),
          handle: (c) => (c.setFlow(undefined), [reply(c, `selesai dengan ${c.msg.text}`)]),
        }),
      },
    };
    const first = setup([feature], tempDbPath());
    first.desk.receive(inbound('/mulai'));
    first.store.close();

    const second = setup([feature], first.path);
    second.desk.receive(inbound('jawaban'));
    expect(pendingTexts(second.store)).toEqual(['langkah 1', 'selesai dengan jawaban']);
    second.store.close();
  });

  describe('saved dialogs', () => {
    const stepFlow: Feature = {
      name: 'two-step',
      commands: { mulai: (c) => (c.setFlow({ name: 'step', count: 1 }), [reply(c, 'langkah 1')]) },
      flows: {
        step: defineFlow({
          schema: z.object({ name: z.literal('step'), count: z.number() }),
          handle: (c, state) => (c.setFlow(undefined), [reply(c, `langkah ${state.count + 1}: ${c.msg.text}`)]),
        }),
      },
    };

    it('saves a dialog as a versioned envelope with the state its flow wrote', () => {
      const { store, desk } = setup([stepFlow]);
      desk.receive(inbound('/mulai'));
      expect(store.dialogs.get('console', 'chat-1')).toEqual({ v: 1, flow: { name: 'step', count: 1 } });
      store.close();
    });

    it('drops a saved state that no longer fits its flow, tells the user politely and answers the message', () => {
      const { store, desk } = setup([stepFlow]);
      store.dialogs.set('console', 'chat-1', { v: 1, flow: { name: 'step', count: 'satu' } }, new Date('2026-01-05T02:00:00Z'));
      expect(() => desk.receive(inbound('/menu'))).not.toThrow();
      const [notice, answer] = pendingTexts(store);
      expect(notice).toBe(texts.errors.flowUnreadable);
      expect(answer).toBe(texts.menu.intro);
      expect(store.dialogs.get('console', 'chat-1')).toBeUndefined();
      store.close();
    });

    it('drops a saved state of another version or an unknown flow the same way', () => {
      for (const state of [{ v: 2, flow: { name: 'step', count: 1 } }, { v: 1, flow: { name: 'gone' } }, 'rusak', [1, 2]]) {
        const { store, desk } = setup([stepFlow]);
        store.dialogs.set('console', 'chat-1', state, new Date('2026-01-05T02:00:00Z'));
        desk.receive(inbound('halo'));
        expect(pendingTexts(store)[0]).toBe(texts.errors.flowUnreadable);
        expect(store.dialogs.get('console', 'chat-1')).toBeUndefined();
        store.close();
      }
    });

    it('still reads a dialog saved before states were versioned', () => {
      const { store, desk } = setup([stepFlow]);
      store.dialogs.set('console', 'chat-1', { name: 'step', count: 2, offeredChoices: [] }, new Date('2026-01-05T02:00:00Z'));
      desk.receive(inbound('lanjut'));
      expect(pendingTexts(store)).toEqual(['langkah 3: lanjut']);
      store.close();
    });
  });

  it('answers with an apology and leaves no partial change when a handler throws', () => {
    const feature: Feature = {
      name: 'broken',
      commands: {
        rusak: (c) => {
          c.setFlow({ name: 'half-done' });
          throw new Error('handler bug');
        },
      },
    };
    const { store, desk } = setup([feature]);
    const msg = inbound('/rusak', { externalId: 'will-fail' });
    expect(desk.receive(msg).queued).toHaveLength(1);
    expect(pendingTexts(store)).toEqual([texts.errors.internal]);
    expect(store.dialogs.get('console', 'chat-1')).toBeUndefined();
    // The delivery is recorded, so a redelivery does not repeat the failure.
    expect(desk.receive(msg).duplicate).toBe(true);
    store.close();
  });

  it('records who wrote, with the latest display name', () => {
    const { store, desk } = setup();
    desk.receive(inbound('halo', { userId: 'u9', displayName: 'Budi' }));
    desk.receive(inbound('halo lagi', { userId: 'u9', displayName: 'Budi S.' }));
    expect(store.contacts.find('console', 'u9')).toMatchObject({ displayName: 'Budi S.', chatId: 'chat-1' });
    store.close();
  });

  describe('dialogs that wait for one message, and claims ahead of them', () => {
    const clock = createManualClock(new Date('2026-03-02T02:00:00Z'));
    const since: Array<Date | undefined> = [];
    const passive: Feature = {
      name: 'remark',
      commands: {
        nilai: (c) => (c.setFlow({ name: 'remark' }), [reply(c, 'komentar?')]),
        lain: (c) => [reply(c, `perintah lain, dialog: ${c.flow?.name ?? 'tidak ada'}`)],
      },
      flows: {
        remark: defineFlow({
          schema: z.object({ name: z.literal('remark') }),
          passive: true,
          lapsedNotice: null,
          handle: (c) => {
            since.push(c.flowSince);
            c.setFlow(undefined);
            // Not for this dialog: the message goes on as free text.
            return c.msg.text.endsWith('?') ? null : [reply(c, `komentar: ${c.msg.text}`)];
          },
        }),
      },
      text: (c) => [reply(c, `teks: ${c.msg.text}`)],
    };
    const claiming: Feature = {
      name: 'claims',
      claim: (c) => (c.msg.text.startsWith('petugas') ? [reply(c, 'ke petugas')] : null),
    };
    const make = () => {
      const store = openStore(MEMORY_DB);
      return { store, desk: createDesk({ store, router: createRouter([passive, claiming]), clock, log: silentLogger }) };
    };

    it('hands a message its dialog declines on as free text, and tells the dialog when it last moved', () => {
      const { store, desk } = make();
      desk.receive(inbound('/nilai'));
      const started = clock.now();
      clock.advance(60_000);
      desk.receive(inbound('apa itu?'));
      desk.receive(inbound('bagus'));
      expect(pendingTexts(store)).toEqual(['komentar?', 'teks: apa itu?', 'teks: bagus']);
      expect(since.at(-1)).toEqual(started);
      store.close();
    });

    it('ends a passive dialog at the next command', () => {
      const { store, desk } = make();
      desk.receive(inbound('/nilai'));
      desk.receive(inbound('/lain'));
      desk.receive(inbound('bagus'));
      expect(pendingTexts(store)).toEqual(['komentar?', 'perintah lain, dialog: tidak ada', 'teks: bagus']);
      store.close();
    });

    it('lets a dialog whose notice is null lapse without a word', () => {
      const { store, desk } = make();
      desk.receive(inbound('/nilai'));
      clock.advance(7 * 60 * 60_000);
      desk.receive(inbound('bagus'));
      expect(pendingTexts(store)).toEqual(['komentar?', 'teks: bagus']);
      store.close();
    });

    it('gives a claim the message before the chat’s dialog', () => {
      const { store, desk } = make();
      desk.receive(inbound('/nilai'));
      desk.receive(inbound('petugas, ini jawabannya'));
      expect(pendingTexts(store)).toEqual(['komentar?', 'ke petugas']);
      store.close();
    });
  });
});
