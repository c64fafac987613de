import { describe, expect, it } from 'vitest';
import { createConfig, servedChannels } from '../../src/config.js';
import { ConfigError } from '../../src/core/errors.js';

describe('the microsite configuration', () => {
  it('is off by default and listens only on this machine when turned on', () => {
    expect(createConfig({}).web).toEqual({
      port: undefined,
      host: '127.0.0.1',
      publicUrl: undefined,
      telegramUrl: undefined,
      whatsappUrl: undefined,
      chatEmbedOrigins: [],
      chatLimits: { perSession: 20, perIp: 120 },
      chatRetentionDays: 180,
    });
    expect(createConfig({ WEB_PORT: '8080' }).web.port).toBe(8080);
    expect(createConfig({ WEB_PORT: '' }).web.port).toBeUndefined();
  });

  it('takes the origins that may frame the web chat, and names the variable for one that is not an origin', () => {
    expect(
      createConfig({ WEB_CHAT_EMBED_ORIGINS: 'https://lpse.kalteng.go.id, http://localhost:8000' }).web.chatEmbedOrigins,
    ).toEqual(['https://lpse.kalteng.go.id', 'http://localhost:8000']);
    expect(() => createConfig({ WEB_CHAT_EMBED_ORIGINS: 'https://lpse.kalteng.go.id/beranda' })).toThrow(
      /WEB_CHAT_EMBED_ORIGINS/,
    );
  });

  it('takes the web chat limits a minute, and names the variable for one that is not a whole number of at least 1', () => {
    expect(createConfig({ WEB_CHAT_SESSION_PER_MINUTE: '30', WEB_CHAT_ADDRESS_PER_MINUTE: '1000' }).web.chatLimits).toEqual({
      perSession: 30,
      perIp: 1000,
    });
    expect(() => createConfig({ WEB_CHAT_ADDRESS_PER_MINUTE: '0' })).toThrow(/WEB_CHAT_ADDRESS_PER_MINUTE/);
    expect(() => createConfig({ WEB_CHAT_SESSION_PER_MINUTE: 'banyak' })).toThrow(/WEB_CHAT_SESSION_PER_MINUTE/);
  });

  it('keeps web chats 180 days by default (the cookie lifetime), takes another whole number of days, and names the variable for a bad one', () => {
    expect(createConfig({}).web.chatRetentionDays).toBe(180);
    expect(createConfig({ WEB_CHAT_RETENTION_DAYS: '30' }).web.chatRetentionDays).toBe(30);
    expect(() => createConfig({ WEB_CHAT_RETENTION_DAYS: '0' })).toThrow(/WEB_CHAT_RETENTION_DAYS/);
    expect(() => createConfig({ WEB_CHAT_RETENTION_DAYS: 'setahun' })).toThrow(/WEB_CHAT_RETENTION_DAYS/);
    expect(() => createConfig({ WEB_CHAT_RETENTION_DAYS: '1.5' })).toThrow(/WEB_CHAT_RETENTION_DAYS/);
  });

  it('serves the web chat whenever the microsite runs, beside the console or the platforms', () => {
    expect(servedChannels(createConfig({ WEB_PORT: '8080' }))).toEqual(['web', 'console']);
    expect(servedChannels(createConfig({}))).toEqual(['console']);
    expect(
      servedChannels(createConfig({ WEB_PORT: '8080', TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12' })),
    ).toEqual(['telegram', 'web']);
  });

  it('keeps the public address without a trailing slash, so links join cleanly', () => {
    expect(createConfig({ WEB_PUBLIC_URL: 'https://helpdesk.example.go.id/' }).web.publicUrl).toBe(
      'https://helpdesk.example.go.id',
    );
  });

  it.each([
    ['WEB_PORT', 'delapan'],
    ['WEB_PORT', '70000'],
    ['WEB_PUBLIC_URL', 'helpdesk.example'],
    ['WEB_TELEGRAM_URL', 't.me/bot'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => createConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => createConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name}:`));
  });
});
