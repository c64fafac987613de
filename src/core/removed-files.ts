import { texts } from './catalogue.js';
import type { OutboundMessage } from './channel.js';

/**
 * A message without the files whose `path` is gone, and a line in its text for each: a web chat
 * upload is deleted after the retention period (WEB_CHAT_RETENTION_DAYS), while the ticket it came
 * with, and notices queued before, still name it. Sending it would fail the same way on every retry;
 * the text and the other files still go. `exists` is the adapter's look at the disk (core does no I/O).
 */
export function withoutMissingFiles(msg: OutboundMessage, exists: (path: string) => boolean): OutboundMessage {
  const files = msg.files ?? [];
  const missing = files.filter((f) => f.data === undefined && f.path !== undefined && !exists(f.path));
  if (missing.length === 0) return msg;
  const kept = files.filter((f) => !missing.includes(f));
  const { files: _files, ...rest } = msg;
  const lines = missing.map((f) => texts.webChat.fileRemoved(f.fileName));
  return {
    ...rest,
    text: [msg.text, ...lines].filter((t) => t.trim() !== '').join('\n'),
    ...(kept.length > 0 ? { files: kept } : {}),
  };
}
