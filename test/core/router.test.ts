import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { z } from 'zod';
import { createRouter, defineFlow, parseCommand, reply, type DeskContext, type Feature } from '../../src/core/router.js';
import type { Contact } from '../../src/core/contact.js';
import { inbound } from '../helpers.js';

const contact = { id: 1 } as Contact;

function ctx(text: string, over: Partial<DeskContext> = {}, choice?: string): DeskContext {
  const c: DeskContext = {
    msg: inbound(text, choice ? { choice } : {}),
    contact,
    now: new Date(),
    flow: undefined,
    setFlow: (f) => {
      c.flow = f;
    },
    ...over,
  };
  return c;
}

describe('parseCommand', () => {
  it.each([
    ['/tiket', { name: 'tiket', args: '' }],
    ['/Tiket@PbjDeskBot  layar putih saat login ', { name: 'tiket', args: 'layar putih saat login' }],
    ['/status 12', { name: 'status', args: '12' }],
    ['/balas 3 baris satu\nbaris dua', { name: 'balas', args: '3 baris satu\nbaris dua' }],
  ])('reads %j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each(['halo', '/ ', '//x', 'kenapa /tiket tidak jalan', '/123'])('does not take %j for a command', (text) => {
    expect(parseCommand(text)).toBeUndefined();
  });
});

describe('router', () => {
  const echo: Feature = {
    name: 'echo',
    commands: { gema: (c, args) => [reply(c, `gema: ${args}`)] },
    choices: { pick: (c, value) => [reply(c, `dipilih ${value}`)] },
    flows: {
      asking: defineFlow({
        schema: z.object({ name: z.literal('asking') }),
        handle: (c) => [reply(c, `flow got ${c.msg.text}`)],
      }),
    },
    text: (c) => (c.msg.text.includes('kata') ? [reply(c, 'teks dikenali')] : null),
    menu: [{ id: 'pick:one', label: 'Satu' }],
  };
  const router = createRouter([echo]);

  it('answers /start and /menu with the menu and every feature’s items', () => {
    const [out] = router.route(ctx('/start'));
    expect(out?.text).toBe(texts.menu.intro);
    expect(out?.choices?.map((c) => c.id)).toEqual(['menu:ask', 'pick:one']);
  });

  it('sends a command with its arguments to the feature that owns it', () => {
    expect(router.route(ctx('/gema apa kabar'))[0]?.text).toBe('gema: apa kabar');
  });

  it('answers an unknown command politely, naming it', () => {
    expect(router.route(ctx('/entah'))[0]?.text).toBe(texts.errors.unknownCommand('/entah'));
  });

  it('routes a picked choice by its prefix', () => {
    expect(router.route(ctx('1', {}, 'pick:one'))[0]?.text).toBe('dipilih one');
  });

  it('says a choice has expired when nobody owns its prefix', () => {
    expect(router.route(ctx('1', {}, 'gone:x'))[0]?.text).toBe(texts.errors.choiceExpired);
  });

  it('gives plain text to the active flow before the text handlers', () => {
    expect(router.route(ctx('ada kata', { flow: { name: 'asking' } }))[0]?.text).toBe('flow got ada kata');
  });

  it('lets commands interrupt an active flow', () => {
    expect(router.route(ctx('/gema x', { flow: { name: 'asking' } }))[0]?.text).toBe('gema: x');
  });

  it('drops a flow nobody owns instead of trapping the chat in it', () => {
    const c = ctx('ada kata', { flow: { name: 'removed-flow' } });
    expect(router.route(c)[0]?.text).toBe('teks dikenali');
    expect(c.flow).toBeUndefined();
  });

  it('asks for words when the message is empty', () => {
    expect(router.route(ctx('   '))[0]?.text).toBe(texts.errors.emptyMessage);
  });

  it('tells a user whose dialog lapsed in the words of the feature that owns it', () => {
    const withNotice = createRouter([
      {
        name: 'echo2',
        flows: {
          asking: defineFlow({
            schema: z.object({ name: z.literal('asking') }),
            handle: () => [],
            lapsedNotice: 'pertanyaan tadi kedaluwarsa',
          }),
        },
      },
    ]);
    expect(withNotice.lapsedNotice({ name: 'asking' })).toBe('pertanyaan tadi kedaluwarsa');
    expect(withNotice.lapsedNotice({ name: 'other' })).toBe(texts.errors.flowExpired);
  });

  it('reads back a saved dialog only when it still fits its flow’s schema', () => {
    expect(router.parseFlow({ name: 'asking' })).toEqual({ name: 'asking' });
    expect(router.parseFlow({ name: 'gone' })).toBeUndefined();
    expect(router.parseFlow({ nama: 'asking' })).toBeUndefined();
    expect(router.parseFlow('asking')).toBeUndefined();
  });

  it('falls back to the menu for text no feature takes', () => {
    expect(router.route(ctx('sesuatu yang lain'))[0]?.text).toBe(texts.menu.intro);
  });
});
