import { describe, expect, it } from 'vitest';
import { choiceCodec } from '../../src/core/choice-id.js';

const codec = choiceCodec('tiket', { baru: [], nilai: ['int', 'int'], kat: ['text'] });
const faq = choiceCodec('faq', { '-': [], '*': ['text'] });

describe('choice ids', () => {
  it('encodes an action and its fields as prefix:action:field', () => {
    expect(codec.id('nilai', 12, 3)).toBe('tiket:nilai:12:3');
    expect(codec.id('baru')).toBe('tiket:baru');
    expect(codec.choice('Akun SPSE', 'kat', 'spse-akun')).toEqual({ id: 'tiket:kat:spse-akun', label: 'Akun SPSE' });
  });

  it('decodes what it encoded, with whole numbers as numbers', () => {
    expect(codec.decode('nilai:12:3')).toEqual({ action: 'nilai', args: [12, 3] });
    expect(codec.decode('baru')).toEqual({ action: 'baru', args: [] });
    expect(codec.decode('kat:a:b')).toEqual({ action: 'kat', args: ['a:b'] });
  });

  it('refuses ids that are not its own: unknown actions, missing, extra or malformed fields', () => {
    for (const value of ['hapus', 'nilai:12', 'nilai:12:3:9', 'nilai:x:3', 'nilai:1.5:3', 'baru:1', 'kat', 'kat:', ''])
      expect(codec.decode(value), value).toBeUndefined();
  });

  it('reads ids whose action segment is the value itself', () => {
    expect(faq.id('*', 'lupa-password')).toBe('faq:lupa-password');
    expect(faq.decode('lupa-password')).toEqual({ action: '*', args: ['lupa-password'] });
    expect(faq.decode('-')).toEqual({ action: '-', args: [] });
  });

  it('throws on an id too long for a Telegram button, a wiring bug rather than a user error', () => {
    expect(() => codec.id('kat', 'x'.repeat(60))).toThrow(/too long/);
  });

  it('rejects a spec whose text field is not last', () => {
    expect(() => choiceCodec('x', { bad: ['text', 'int'] })).toThrow(/last/);
  });
});
