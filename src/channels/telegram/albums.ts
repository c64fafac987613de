import type { Message } from 'grammy/types';
import type { Clock, TimerHandle } from '../../core/clock.js';

export interface AlbumBufferOptions {
  /** The quiet periods are timed on it. */
  clock: Clock;
  /** An album is complete this long after its last part arrived (1 s unless given). */
  quietMs?: number;
}

/** ...and at the latest this long after its first part, however slowly parts trickle in. */
const MAX_WAIT_MS = 5_000;
/** Telegram albums hold at most 10 items: one with this many parts is complete at once. */
const MAX_PARTS = 10;
/** Albums being collected at once; past this, parts are handled one by one (nothing is lost). */
const MAX_ALBUMS = 1_000;

/** What became of a part handed to the buffer. */
type AlbumPart =
  /** This part is the album's first: it stands for the whole album, whose parts `parts` resolves with. */
  | { role: 'first'; parts: Promise<Message[]> }
  /** The album's first part already stands for it; nothing more is to be done with this one. */
  | { role: 'joined' }
  /** Not collected (no media_group_id, or the buffer is full): handle it as a message of its own. */
  | { role: 'single' };

export interface AlbumBuffer {
  add(msg: Message): AlbumPart;
  /** Completes every album being collected now (on stop). */
  flush(): void;
}

interface Pending {
  parts: Message[];
  startedAt: number;
  timer: TimerHandle;
  resolve: (parts: Message[]) => void;
}

/**
 * Telegram delivers an album (photos or documents sent together) as one update per item, all
 * with the same media_group_id, possibly spread over several polls. The buffer collects them so
 * the desk gets one message with every file and the caption, instead of a ticket for the first
 * photo and stray "file without text" messages for the rest.
 */
export function createAlbumBuffer(options: AlbumBufferOptions): AlbumBuffer {
  const { clock } = options;
  const quietMs = options.quietMs ?? 1_000;
  const pending = new Map<string, Pending>();

  function complete(key: string): void {
    const album = pending.get(key);
    if (!album) return;
    pending.delete(key);
    clock.clearTimeout(album.timer);
    // In arrival order: translateAlbum puts them in the order they were sent.
    album.resolve(album.parts);
  }

  function schedule(key: string, album: Pick<Pending, 'startedAt'>): TimerHandle {
    const wait = Math.max(0, Math.min(quietMs, album.startedAt + MAX_WAIT_MS - clock.now().getTime()));
    return clock.setTimeout(() => complete(key), wait);
  }

  return {
    add(msg) {
      if (!msg.media_group_id) return { role: 'single' };
      const key = `${msg.chat.id}:${msg.media_group_id}`;
      const album = pending.get(key);
      if (album) {
        // A part delivered twice counts once.
        if (!album.parts.some((p) => p.message_id === msg.message_id)) album.parts.push(msg);
        clock.clearTimeout(album.timer);
        if (album.parts.length >= MAX_PARTS) complete(key);
        else album.timer = schedule(key, album);
        return { role: 'joined' };
      }
      if (pending.size >= MAX_ALBUMS) return { role: 'single' };
      let resolve!: (parts: Message[]) => void;
      const parts = new Promise<Message[]>((r) => (resolve = r));
      const startedAt = clock.now().getTime();
      pending.set(key, { parts: [msg], startedAt, timer: schedule(key, { startedAt }), resolve });
      return { role: 'first', parts };
    },
    flush() {
      for (const key of [...pending.keys()]) complete(key);
    },
  };
}
