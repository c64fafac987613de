import { describe, expect, it } from 'vitest';
import { configuredChannels, createConfig } from '../src/config.js';
import { ConfigError } from '../src/core/errors.js';

describe('createConfig', () => {
  it('uses the documented defaults when the environment is empty', () => {
    const config = createConfig({});
    expect(config.databasePath).toBe('data/frontdesk.db');
    expect(config.intentsDir).toBe('intents');
    expect(config.timeZone).toBe('Asia/Jakarta');
    expect(configuredChannels(config)).toEqual([]);
  });

  it('reads the working day, extra holidays and the auto-close window', () => {
    const config = createConfig({
      WORKING_HOURS: '07:30-15:30',
      EXTRA_HOLIDAYS: '2026-12-24, 2026-12-26',
      TICKET_AUTO_CLOSE_DAYS: '3',
    });
    expect(config.tickets).toEqual({
      workStartHour: 7.5,
      workEndHour: 15.5,
      extraHolidays: ['2026-12-24', '2026-12-26'],
      autoCloseDays: 3,
    });
    expect(createConfig({}).tickets).toEqual({ workStartHour: 8, workEndHour: 16, extraHolidays: [], autoCloseDays: 7 });
  });

  it('treats empty strings as unset, as .env files often leave them', () => {
    expect(createConfig({ TELEGRAM_BOT_TOKEN: '', DATABASE_PATH: ' ' }).databasePath).toBe('data/frontdesk.db');
  });

  it('parses staff lists and normalises phone numbers', () => {
    const config = createConfig({
      STAFF_TELEGRAM_IDS: '111, 222,,',
      STAFF_WHATSAPP_NUMBERS: '+62 812-3456-7890,6281299998888',
      WHATSAPP_ENABLED: 'TRUE',
    });
    expect(config.telegram.staffIds).toEqual(['111', '222']);
    expect(config.whatsapp.staffNumbers).toEqual(['6281234567890', '6281299998888']);
    expect(configuredChannels(config)).toEqual(['whatsapp']);
  });

  it('keeps Baileys quiet unless WHATSAPP_DEBUG=true', () => {
    expect(createConfig({}).whatsapp.debug).toBe(false);
    expect(createConfig({ WHATSAPP_DEBUG: '' }).whatsapp.debug).toBe(false);
    expect(createConfig({ WHATSAPP_DEBUG: 'true' }).whatsapp.debug).toBe(true);
  });

  it('enables Telegram when a well-formed token is given', () => {
    const config = createConfig({ TELEGRAM_BOT_TOKEN: '123456:ABCdefGHIjklMNOpqrSTUvwxYZ_-12' });
    expect(configuredChannels(config)).toEqual(['telegram']);
  });

  it.each([
    ['TELEGRAM_STAFF_CHAT_ID', 'staff-group', /TELEGRAM_STAFF_CHAT_ID: expected a numeric chat id/],
    ['STAFF_TELEGRAM_IDS', '12,abc', /STAFF_TELEGRAM_IDS: expected numeric Telegram user ids/],
    ['WHATSAPP_ENABLED', 'maybe', /WHATSAPP_ENABLED: expected true or false/],
    ['WHATSAPP_DEBUG', 'loud', /WHATSAPP_DEBUG: expected true or false/],
    ['TZ', 'Mars/Olympus', /TZ: expected an IANA time zone/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: expected one of/],
    ['TELEGRAM_API_ROOT', 'not a url', /TELEGRAM_API_ROOT: expected an http\(s\) URL/],
    ['WORKING_HOURS', '8-16', /WORKING_HOURS: expected HH:MM-HH:MM/],
    ['WORKING_HOURS', '16:00-08:00', /WORKING_HOURS: the closing time must be after the opening time/],
    ['EXTRA_HOLIDAYS', '2026-12-24,besok', /EXTRA_HOLIDAYS: expected dates as YYYY-MM-DD/],
    ['EXTRA_HOLIDAYS', '2026-13-45', /EXTRA_HOLIDAYS: expected dates as YYYY-MM-DD/],
    ['EXTRA_HOLIDAYS', '2026-02-30', /EXTRA_HOLIDAYS: expected dates as YYYY-MM-DD/],
    ['INTENTS_DIR', '/nope', /INTENTS_DIR: expected the folder of the FAQ content/],
    ['STAFF_WHATSAPP_NUMBERS', '0812-34', /STAFF_WHATSAPP_NUMBERS: expected phone numbers/],
    ['TICKET_AUTO_CLOSE_DAYS', 'seminggu', /TICKET_AUTO_CLOSE_DAYS: expected a whole number of days/],
    ['TICKET_AUTO_CLOSE_DAYS', '0', /TICKET_AUTO_CLOSE_DAYS: expected at least 1 day/],
    ['WHATSAPP_SEND_INTERVAL_MS', '50', /WHATSAPP_SEND_INTERVAL_MS: expected at least 200 ms/],
  ])('rejects a bad %s with one line naming the variable', (name, value, pattern) => {
    let error: unknown;
    try {
      createConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(pattern);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('writes a national WhatsApp number the international way WhatsApp knows it', () => {
    expect(createConfig({ STAFF_WHATSAPP_NUMBERS: '0812-3456-789, (0813) 1111.2222' }).whatsapp.staffNumbers).toEqual([
      '628123456789',
      '6281311112222',
    ]);
  });

  it('accepts a real extra holiday and an existing content folder', () => {
    const config = createConfig({ EXTRA_HOLIDAYS: '2028-02-29', INTENTS_DIR: 'test/fixtures/intents' });
    expect(config.tickets.extraHolidays).toEqual(['2028-02-29']);
    expect(config.intentsDir).toBe('test/fixtures/intents');
  });

  it('names a list variable once even when several of its items are wrong', () => {
    expect(() => createConfig({ STAFF_WHATSAPP_NUMBERS: 'abc,def' })).toThrow(
      /^Invalid configuration: STAFF_WHATSAPP_NUMBERS: [^;]*$/,
    );
  });

  it('never repeats a malformed bot token in its error', () => {
    expect(() => createConfig({ TELEGRAM_BOT_TOKEN: 'secret-but-wrong' })).toThrow(/TELEGRAM_BOT_TOKEN/);
    try {
      createConfig({ TELEGRAM_BOT_TOKEN: 'secret-but-wrong' });
    } catch (err) {
      expect((err as Error).message).not.toContain('secret-but-wrong');
    }
  });

  describe('the web chat mail (SMTP_URL)', () => {
    const mail = {
      SMTP_URL: 'smtps://desk:rahasia-sekali@smtp.example.go.id:465',
      SMTP_FROM: 'Helpdesk Biro PBJ <helpdesk@example.go.id>',
      WEB_PUBLIC_URL: 'https://helpdesk.example.go.id/',
    };

    it('is off without SMTP_URL, and on with it, after 10 minutes unless told otherwise', () => {
      expect(createConfig({}).web.chatMail).toBeUndefined();
      expect(createConfig(mail).web.chatMail).toEqual({ smtpUrl: mail.SMTP_URL, from: mail.SMTP_FROM, afterMinutes: 10 });
      expect(createConfig({ ...mail, WEB_CHAT_MAIL_AFTER_MINUTES: '30' }).web.chatMail?.afterMinutes).toBe(30);
      expect(() => createConfig({ ...mail, WEB_CHAT_MAIL_AFTER_MINUTES: '0' })).toThrow(
        /WEB_CHAT_MAIL_AFTER_MINUTES: expected at least 1 minute/,
      );
    });

    it('needs a sender and the public address (the link back to the chat) with SMTP_URL', () => {
      expect(() => createConfig({ ...mail, SMTP_FROM: '' })).toThrow(
        /^Invalid configuration: SMTP_FROM: required when SMTP_URL is set/,
      );
      expect(() => createConfig({ ...mail, WEB_PUBLIC_URL: '' })).toThrow(
        /^Invalid configuration: WEB_PUBLIC_URL: required when SMTP_URL is set/,
      );
      expect(() => createConfig({ ...mail, SMTP_FROM: 'bukan alamat' })).toThrow(/SMTP_FROM: expected the sender/);
      expect(createConfig({ ...mail, SMTP_FROM: 'helpdesk@example.go.id' }).web.chatMail?.from).toBe('helpdesk@example.go.id');
    });

    it('takes only smtp:// and smtps://, and never repeats SMTP_URL (it holds the password) in its error', () => {
      for (const bad of ['http://desk:rahasia-sekali@smtp.example.go.id', 'smtp-rahasia-sekali', 'smtp://']) {
        let message = '';
        try {
          createConfig({ ...mail, SMTP_URL: bad });
        } catch (err) {
          message = (err as Error).message;
        }
        expect(message).toMatch(/SMTP_URL: expected smtp:\/\/user:password@host/);
        expect(message).not.toContain('rahasia-sekali');
      }
    });
  });
});
