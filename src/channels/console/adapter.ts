import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { texts } from '../../core/catalogue.js';
import type { ChannelAdapter, ChannelContext, ChannelSender, InboundHandler, OutboundFile } from '../../core/channel.js';
import { errorMessage } from '../../core/errors.js';
import { renderConsole } from './render.js';

export { renderConsole } from './render.js';

/** What the console adapter needs: the terminal, and two hooks into the desk. */
export interface ConsoleAdapterDeps extends ChannelContext {
  input: Readable;
  output: Writable;
  /** A person at a terminal: show the banner and a prompt. Piped input gets only the answers. */
  interactive: boolean;
  /**
   * Sends the channel's queued replies now; resolves once they are written. A terminal is one
   * conversation read line by line: each answer is printed before the next line is read.
   */
  deliver(): Promise<void>;
  /** The person at the terminal ended the session (/keluar, end of input, Ctrl-C): the desk stops, exit 0. */
  quit(): void;
  /** Identity of the person at the terminal; one console user per database. */
  userId?: string;
}

export const CONSOLE_CHAT_ID = 'console';

/** The desk on stdin/stdout, for trying it without any token. */
export function createConsoleAdapter(deps: ConsoleAdapterDeps): ChannelAdapter {
  const { input, output, interactive, clock, log } = deps;
  const userId = deps.userId ?? 'console-user';
  // Inbound ids must stay unique across runs: the dedupe table outlives the process.
  const session = randomUUID();
  let seq = 0;
  let rl: Interface | undefined;
  let reading: Promise<void> | undefined;
  let stopping = false;

  const write = (s: string) => output.write(s.endsWith('\n') ? s : `${s}\n`);

  let fileDir: string | undefined;
  /** A terminal shows no pictures: a file is written to a temporary folder (or is already on disk) and its path printed. */
  const fileLine = (file: OutboundFile) => {
    let path = file.path;
    if (path === undefined) {
      fileDir ??= mkdtempSync(join(tmpdir(), 'frontdesk-console-'));
      path = join(fileDir, basename(file.fileName));
      writeFileSync(path, Buffer.from(file.data ?? '', 'base64'));
    }
    return texts.console.file(path, file.caption && renderConsole({ text: file.caption }));
  };

  const sender: ChannelSender = {
    channel: 'console',
    send: async (msg) => {
      const body = [
        ...(msg.text.trim() !== '' || msg.choices?.length ? [renderConsole(msg)] : []),
        ...(msg.files ?? []).map(fileLine),
      ].join('\n\n');
      // A blank line between messages keeps consecutive answers apart when read back.
      write(interactive ? `\n${texts.console.bot}${body}\n` : `${body}\n\n`);
      return {};
    },
  };

  /** Reads lines until the end of input or /keluar, handing each over and printing its answers before the next. */
  async function read(lines: Interface, handle: InboundHandler): Promise<void> {
    try {
      for await (const line of lines) {
        const text = line.trim();
        if ((texts.console.quitCommands as readonly string[]).includes(text.toLowerCase())) {
          write(texts.console.goodbye);
          break;
        }
        if (text !== '') {
          seq += 1;
          await handle({
            channel: 'console',
            externalId: `${session}:${seq}`,
            chatId: CONSOLE_CHAT_ID,
            userId,
            displayName: 'Konsol',
            text,
            attachments: [],
            receivedAt: clock.now(),
          }).catch((err: unknown) => log.error({ err: errorMessage(err) }, 'handling a console message failed'));
          await deps.deliver();
        }
        if (stopping) break;
        if (interactive) lines.prompt();
      }
    } finally {
      lines.close();
    }
    if (!stopping) deps.quit();
  }

  return {
    channel: 'console',
    sender,
    async start(onMessage) {
      if (reading) throw new Error('The console channel is already running');
      // Answers queued before a crash go out first.
      await deps.deliver();
      const lines = createInterface({ input, terminal: interactive, ...(interactive ? { output } : {}) });
      rl = lines;
      if (interactive) {
        write(texts.console.banner);
        lines.setPrompt(texts.console.prompt);
        lines.prompt();
      }
      // A failure here (the outbox cannot be read) ends the channel: with no other, the process exits 1.
      reading = read(lines, onMessage).catch((err: unknown) => {
        log.error({ err: errorMessage(err) }, 'the console channel failed');
        deps.fatal(err instanceof Error ? err : new Error(String(err)));
      });
    },
    async stop() {
      stopping = true;
      // The line in hand is answered; nothing more is read.
      rl?.close();
      await reading;
    },
  };
}
