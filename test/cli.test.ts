import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { runCli } from '../src/cli.js';
import { createConfig } from '../src/config.js';
import { texts } from '../src/core/catalogue.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/logger.js';
import { openStore } from '../src/store/index.js';
import { inbound, tempDbPath, tempDir, cliIo } from './helpers.js';

const io = cliIo;

describe('cli backup', () => {
  it('copies the live database to the given file', async () => {
    const dbPath = tempDbPath();
    const store = openStore(dbPath);
    store.inbound.record(inbound('halo'), new Date());
    const target = join(tempDir(), 'backup.db');
    const run = io({ DATABASE_PATH: dbPath });
    // The desk keeps the database open while the backup runs.
    expect(await runCli(['backup', target], run.io)).toBe(0);
    store.close();
    expect(run.out()).toContain(target);
    const copy = new Database(target, { readonly: true });
    expect((copy.prepare('select count(*) as n from inbound_messages').get() as { n: number }).n).toBe(1);
    copy.close();
  });

  it('explains its usage when the file is missing', async () => {
    const run = io({ DATABASE_PATH: tempDbPath() });
    expect(await runCli(['backup'], run.io)).toBe(2);
    expect(run.err()).toContain('backup FILE');
  });

  it('refuses to overwrite the database with its own backup', async () => {
    const dbPath = tempDbPath();
    const run = io({ DATABASE_PATH: dbPath });
    expect(await runCli(['backup', dbPath], run.io)).toBe(2);
  });

  it('lists the commands for an unknown one', async () => {
    const run = io({});
    expect(await runCli(['nonsense'], run.io)).toBe(2);
    expect(run.err()).toContain('Unknown command: nonsense');
  });
});

describe('cli report and staff', () => {
  it('prints the period report', async () => {
    const dbPath = tempDbPath();
    openStore(dbPath).close();
    const run = io({ DATABASE_PATH: dbPath });
    expect(await runCli(['report', '7'], run.io)).toBe(0);
    expect(run.out()).toContain('Laporan helpdesk 7 hari terakhir');
    expect(run.out()).toContain('Tiket masuk: 0');
  });

  it('rejects a report period out of range', async () => {
    const run = io({ DATABASE_PATH: tempDbPath() });
    expect(await runCli(['report', '0'], run.io)).toBe(2);
  });

  it('lists the staff the desk registered, and changes nothing even without the staff variables', async () => {
    const dbPath = tempDbPath();
    // The desk started once with its staff configured.
    createApp({
      config: createConfig({ DATABASE_PATH: dbPath, STAFF_TELEGRAM_IDS: '11,22' }),
      clock: systemClock,
      log: silentLogger,
    }).close();
    const report = io({ DATABASE_PATH: dbPath });
    expect(await runCli(['report'], report.io)).toBe(0);
    const run = io({ DATABASE_PATH: dbPath });
    expect(await runCli(['staff'], run.io)).toBe(0);
    expect(run.out().trim().split('\n')).toEqual(['active    admin  telegram  11', 'active    agent  telegram  22']);
  });

  it.each([['report'], ['staff'], ['backup', 'copy.db'], ['gaps']])(
    'refuses %s on a database file that does not exist, and creates none',
    async (...argv) => {
      const dbPath = join(tempDir(), 'missing', 'desk.db');
      const run = io({ DATABASE_PATH: dbPath });
      const args = argv[0] === 'backup' ? ['backup', join(tempDir(), 'copy.db')] : argv;
      expect(await runCli(args, run.io)).toBe(2);
      expect(run.err()).toContain(`DATABASE_PATH: no database at ${dbPath}`);
      expect(existsSync(dbPath)).toBe(false);
    },
  );

  it('says so when no staff is registered', async () => {
    const dbPath = tempDbPath();
    openStore(dbPath).close();
    const run = io({ DATABASE_PATH: dbPath });
    expect(await runCli(['staff'], run.io)).toBe(0);
    expect(run.out()).toMatch(/^No staff registered\. Set STAFF_TELEGRAM_IDS/);
  });

  it('counts in check-intents exactly the warnings it prints', async () => {
    const run = io({ DATABASE_PATH: tempDbPath() });
    expect(await runCli(['check-intents'], run.io)).toBe(0);
    const printed = run
      .out()
      .split('\n')
      .filter((l) => l.startsWith('warning: ')).length;
    expect(printed).toBeGreaterThan(0);
    expect(run.out()).toMatch(new RegExp(`, ${printed} warnings\\n$`));
  });

  it('prints the FAQ gaps of the period grouped, biggest first', async () => {
    const dbPath = tempDbPath();
    const store = openStore(dbPath);
    const now = new Date();
    for (const question of ['ganti logo perusahaan', 'cara ganti logo perusahaan', 'harga cabai hari ini'])
      store.faq.recordUnmatched({ channel: 'console', contactId: null, question, bestIntent: null, bestScore: 0 }, now);
    store.close();
    const run = io({ DATABASE_PATH: dbPath });
    expect(await runCli(['gaps', '7'], run.io)).toBe(0);
    const lines = run.out().split('\n');
    expect(lines[0]).toBe(texts.staff.gaps.header(7, 3, 2));
    expect(lines.find((l) => l.startsWith('1. '))).toMatch(/— 2×$/);
    expect(run.out()).toContain('"cara ganti logo perusahaan"');
    const bad = io({ DATABASE_PATH: dbPath });
    expect(await runCli(['gaps', 'sebulan'], bad.io)).toBe(2);
    expect(bad.err()).toContain('gaps [DAYS]');
  });

  it('lists contact details that are still placeholders in check-intents', async () => {
    const run = io({ DATABASE_PATH: tempDbPath() });
    expect(await runCli(['check-intents'], run.io)).toBe(0);
    expect(run.out()).toContain('warning: _contacts.yaml: kontak.telepon is still a placeholder');
  });

  it('prints one JSON line per input line for ask --jsonl, blank lines included', async () => {
    const run = io({ DATABASE_PATH: tempDbPath() });
    run.io.stdin.end('lupa password spse\n\nharga cabai hari ini\n');
    expect(await runCli(['ask', '--jsonl'], run.io)).toBe(0);
    const lines = run
      .out()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { question: string; intent: string | null });
    expect(lines.map((l) => [l.question, l.intent])).toEqual([
      ['lupa password spse', 'lupa-password'],
      ['', null],
      ['harga cabai hari ini', null],
    ]);
  });
});

describe('cli web prune', () => {
  /** A web chat last seen a year ago, with its upload in `<db dir>/web-uploads/<session>/`. */
  function oldChat() {
    const dbPath = tempDbPath();
    const store = openStore(dbPath);
    const id = 'ab'.repeat(16);
    const yearAgo = new Date(Date.now() - 365 * 86_400_000);
    store.webChat.createSession(id, yearAgo);
    const dir = join(dbPath, '..', 'web-uploads', id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'c-1.png'), 'png');
    store.webChat.addInbound(
      id,
      'c-1',
      { text: 'halo', files: [{ kind: 'photo', fileName: 'a.png', path: join(dir, 'c-1.png') }] },
      yearAgo,
    );
    store.contacts.saveDetails({ channel: 'web', userId: id, chatId: id, displayName: 'Rina Kartika' }, {}, yearAgo);
    store.close();
    return { dbPath, dir };
  }

  it('with --dry-run prints what it would delete, in counts, and changes nothing', async () => {
    const { dbPath, dir } = oldChat();
    const run = io({ DATABASE_PATH: dbPath });
    expect(await runCli(['web', 'prune', '--dry-run'], run.io)).toBe(0);
    expect(run.out()).toContain('Would delete');
    expect(run.out()).toContain('1 sessions, 1 messages, 1 uploaded files, contact details of 1 contacts');
    expect(run.out()).not.toContain('Rina');
    expect(existsSync(dir)).toBe(true);
  });

  it('deletes the web chats past WEB_CHAT_RETENTION_DAYS, and explains its usage', async () => {
    const { dbPath, dir } = oldChat();
    const run = io({ DATABASE_PATH: dbPath });
    expect(await runCli(['web', 'prune'], run.io)).toBe(0);
    expect(run.out()).toContain('Deleted');
    expect(existsSync(dir)).toBe(false);
    const kept = io({ DATABASE_PATH: oldChat().dbPath, WEB_CHAT_RETENTION_DAYS: '400' });
    expect(await runCli(['web', 'prune'], kept.io)).toBe(0);
    expect(kept.out()).toContain('0 sessions');
    const bad = io({ DATABASE_PATH: dbPath });
    expect(await runCli(['web', 'purge'], bad.io)).toBe(2);
    expect(bad.err()).toContain('web prune [--dry-run]');
  });
});
