import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { texts } from '../../core/catalogue.js';
import type { Clock } from '../../core/clock.js';
import type { InboundMessage, OutboundMessage } from '../../core/channel.js';
import type { ChannelSender } from '../../core/channel.js';
import { numberedChoices, toPlainText } from '../format.js';

export interface ConsoleChannelOptions {
  input: Readable;
  output: Writable;
  /** A person at a terminal: show the banner and a prompt. Piped input gets only the answers. */
  interactive: boolean;
  clock: Clock;
  /** Identity of the person at the terminal; one console user per database. */
  userId?: string;
}

export interface ConsoleChannel {
  sender: ChannelSender;
  /** Reads lines until EOF or /keluar, handing each to `handle` and waiting for it. */
  run(handle: (msg: InboundMessage) => Promise<void>): Promise<void>;
}

export const CONSOLE_CHAT_ID = 'console';

export function renderConsole(msg: OutboundMessage): string {
  const body = toPlainText(msg.text);
  return msg.choices && msg.choices.length > 0 ? `${body}\n${numberedChoices(msg.choices)}` : body;
}

export function createConsoleChannel(opts: ConsoleChannelOptions): ConsoleChannel {
  const { input, output, interactive, clock } = opts;
  const userId = opts.userId ?? 'console-user';
  // Inbound ids must stay unique across runs: the dedupe table outlives the process.
  const session = randomUUID();
  let seq = 0;

  const write = (s: string) => output.write(s.endsWith('\n') ? s : `${s}\n`);

  const sender: ChannelSender = {
    channel: 'console',
    send: async (msg) => {
      // A blank line between messages keeps consecutive answers apart when read back.
      write(interactive ? `\n${texts.console.bot}${renderConsole(msg)}\n` : `${renderConsole(msg)}\n\n`);
      return {};
    },
  };

  async function run(handle: (msg: InboundMessage) => Promise<void>): Promise<void> {
    const rl = createInterface({ input, terminal: interactive, ...(interactive ? { output } : {}) });
    if (interactive) {
      write(texts.console.banner);
      rl.setPrompt(texts.console.prompt);
      rl.prompt();
    }
    try {
      for await (const line of rl) {
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
          });
        }
        if (interactive) rl.prompt();
      }
    } finally {
      rl.close();
    }
  }

  return { sender, run };
}
