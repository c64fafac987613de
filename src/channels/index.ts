import type { Readable, Writable } from 'node:stream';
import type { Config } from '../config.js';
import type { AttachmentKind, ChannelAdapter, ChannelContext, ChannelName, FetchFile } from '../core/channel.js';
import type { Store } from '../store/index.js';
import { rowToOutbound } from '../store/outbox.js';
import type { TelegramAdapterOptions } from './telegram/adapter.js';
import type { WhatsAppAdapterOptions } from './whatsapp/adapter.js';
import type { WebChatHub } from './web/hub.js';

/** Where the console channel reads and writes. */
export interface Terminal {
  input: Readable;
  output: Writable;
  /** A person at a terminal (banner, prompt), not piped input. */
  interactive: boolean;
}

/** What the composition root offers a channel beyond its ChannelContext; each entry below takes only what its adapter uses. */
export interface ChannelHost {
  config: Config;
  store: Store;
  /** Sends this channel's due outbox rows now; resolves once they went out (or wait for a retry). */
  deliver(): Promise<void>;
  /** The person at the terminal ended the session: the desk stops and the process exits 0. */
  quit(): void;
  readonly terminal: Terminal;
  /** The web chat's routes on the microsite, when the microsite runs (the web channel needs them). */
  webChat?: WebChatHub | undefined;
  /**
   * The bytes of a file that lives on another channel (a staff member's Telegram screenshot), from
   * that channel's adapter: for a sender to deliver it at send time. FileFetchError when it cannot.
   */
  fetchFile: FetchFile;
}

/**
 * Which channels' files reach which: within a channel whose sender relays its own files
 * (`relaysOwn`: a Telegram copy, a web upload), and from a channel whose adapter hands out its
 * files' bytes (`fetches`, ChannelAdapter.fetchFile) to one whose sender delivers such a file
 * (`deliversForeign`). WhatsApp keeps only a file's message key, not its media: its files reach
 * no one, not even another WhatsApp chat.
 */
const FILE_CAPABILITIES: Record<ChannelName, { relaysOwn: boolean; fetches: boolean; deliversForeign: boolean }> = {
  console: { relaysOwn: false, fetches: false, deliversForeign: false },
  telegram: { relaysOwn: true, fetches: true, deliversForeign: false },
  whatsapp: { relaysOwn: false, fetches: false, deliversForeign: true },
  web: { relaysOwn: true, fetches: false, deliversForeign: true },
};

/**
 * Whether a file sent on `from` can be delivered to a user on `to` (what the staff feature tells
 * staff). Across channels only pictures and documents go (a voice note or a sticker stays behind).
 */
export function filesReach(from: ChannelName, to: ChannelName, kind?: AttachmentKind): boolean {
  if (from === to) return FILE_CAPABILITIES[from].relaysOwn;
  if (kind !== undefined && kind !== 'photo' && kind !== 'document') return false;
  return FILE_CAPABILITIES[from].fetches && FILE_CAPABILITIES[to].deliversForeign;
}

/** Tunables per channel, for tests and benchmarks (fake sockets, short timers); production passes none. */
export interface ChannelOptions {
  telegram?: TelegramAdapterOptions;
  whatsapp?: WhatsAppAdapterOptions;
}

export type ChannelFactory = (ctx: ChannelContext, host: ChannelHost, options: ChannelOptions) => Promise<ChannelAdapter>;

/**
 * Every channel, by name: its adapter module, imported only when the channel runs (the console
 * start never loads grammY or Baileys), and what the adapter gets from the desk. A new channel is
 * a folder with its adapter.ts and one entry here.
 */
export const channelRegistry: Record<ChannelName, ChannelFactory> = {
  console: async (ctx, { terminal, deliver, quit }) =>
    (await import('./console/adapter.js')).createConsoleAdapter({ ...ctx, ...terminal, deliver, quit }),

  telegram: async (ctx, { config, store }, options) =>
    (await import('./telegram/adapter.js')).createTelegramAdapter(
      { ...ctx, config: config.telegram, topics: store.telegramTopics, albumParts: store.telegramAlbums },
      options.telegram,
    ),

  whatsapp: async (ctx, { config, store, fetchFile }, options) =>
    (await import('./whatsapp/adapter.js')).createWhatsAppAdapter(
      {
        ...ctx,
        config: config.whatsapp,
        auth: store.whatsappAuth,
        identities: store.whatsappIdentities,
        contactOf: (userId) => store.contacts.find('whatsapp', userId),
        lidContactByPhone: (phone) => store.contacts.findByPhone('whatsapp', phone, '@lid'),
        sentMessages: (id) => store.outbox.bySentRef('whatsapp', id).map(rowToOutbound),
        fetchFile,
      },
      options.whatsapp,
    ),

  web: async (ctx, { webChat, deliver, fetchFile }) => {
    if (!webChat) throw new Error('The web chat runs on the microsite: set WEB_PORT');
    return (await import('./web/adapter.js')).createWebAdapter({ ...ctx, hub: webChat, deliver, fetchFile });
  },
};
