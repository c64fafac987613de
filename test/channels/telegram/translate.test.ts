import type { Message, Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { translateUpdate, type TranslateOptions } from '../../../src/channels/telegram/translate.js';

const now = new Date('2026-03-02T02:00:00Z');
const vendor = { id: 5001, is_bot: false, first_name: 'Budi', last_name: 'Santoso', username: 'budi_s' };
const privateChat = { id: 5001, type: 'private' as const, first_name: 'Budi' };
const staffGroup = { id: -1001234567890, type: 'supergroup' as const, title: 'Staf Helpdesk', is_forum: true as const };

function message(extra: Partial<Message> & Record<string, unknown>): Message {
  return { message_id: 10, date: 1_700_000_000, chat: privateChat, from: vendor, ...extra } as Message;
}

function update(msg: Message, id = 700): Update {
  return { update_id: id, message: msg } as Update;
}

const opts: TranslateOptions = { now, botId: 666, staffChatId: String(staffGroup.id) };

describe('translateUpdate: messages', () => {
  it('translates a text message', () => {
    expect(translateUpdate(update(message({ text: 'lupa password' })), opts)).toEqual({
      channel: 'telegram',
      externalId: 'u700',
      chatId: '5001',
      userId: '5001',
      displayName: 'Budi Santoso',
      text: 'lupa password',
      attachments: [],
      receivedAt: now,
    });
  });

  it('falls back to the username for the name', () => {
    const msg = message({ text: 'x', from: { id: 7, is_bot: false, first_name: '', username: 'anon7' } });
    expect(translateUpdate(update(msg), opts)?.displayName).toBe('anon7');
  });

  it('takes a photo with caption: the largest size, the caption as text', () => {
    const msg = message({
      caption: 'layar putih saat upload',
      photo: [
        { file_id: 'small', file_unique_id: 's', width: 90, height: 90 },
        { file_id: 'large', file_unique_id: 'l', width: 1280, height: 720 },
        { file_id: 'medium', file_unique_id: 'm', width: 320, height: 180 },
      ],
    });
    const m = translateUpdate(update(msg), opts)!;
    expect(m.text).toBe('layar putih saat upload');
    expect(m.attachments).toEqual([{ kind: 'photo', ref: 'large', messageRef: '10', chatRef: '5001', channel: 'telegram' }]);
  });

  it('takes a document with its name and type, and a voice note as audio', () => {
    const doc = message({ document: { file_id: 'doc1', file_unique_id: 'd', file_name: 'bukti.pdf', mime_type: 'application/pdf' } });
    expect(translateUpdate(update(doc), opts)!.attachments).toEqual([
      { kind: 'document', ref: 'doc1', fileName: 'bukti.pdf', mimeType: 'application/pdf', messageRef: '10', chatRef: '5001', channel: 'telegram' },
    ]);
    const voice = message({ voice: { file_id: 'v1', file_unique_id: 'v', duration: 3, mime_type: 'audio/ogg' } });
    expect(translateUpdate(update(voice), opts)!.attachments[0]).toMatchObject({ kind: 'audio', ref: 'v1', mimeType: 'audio/ogg' });
    const video = message({ video: { file_id: 'vid', file_unique_id: 'x', width: 1, height: 1, duration: 1 } });
    expect(translateUpdate(update(video), opts)!.attachments[0]).toMatchObject({ kind: 'video', ref: 'vid' });
  });

  it('records the message the user replied to', () => {
    const msg = message({ text: 'sudah saya coba', reply_to_message: { message_id: 42, date: 1, chat: privateChat } as never });
    expect(translateUpdate(update(msg), opts)?.replyToRef).toBe('42');
  });

  it('maps a message in a ticket topic of the staff group to the ticket, ignoring the automatic reply to the topic root', () => {
    const staff = { id: 9001, is_bot: false, first_name: 'Sari' };
    const msg = message({
      chat: staffGroup,
      from: staff,
      text: 'sudah kami reset, silakan coba lagi',
      message_thread_id: 77,
      is_topic_message: true,
      reply_to_message: { message_id: 77, date: 1, chat: staffGroup, forum_topic_created: { name: '#12', icon_color: 1 } } as never,
    });
    const lookups: Array<[string, number]> = [];
    const m = translateUpdate(update(msg), {
      ...opts,
      ticketOfThread: (chatId, threadId) => (lookups.push([chatId, threadId]), threadId === 77 ? 12 : undefined),
    })!;
    expect(lookups).toEqual([[String(staffGroup.id), 77]]);
    expect(m.ticketId).toBe(12);
    expect(m.replyToRef).toBeUndefined();
    expect(m.chatId).toBe(String(staffGroup.id));
    expect(m.userId).toBe('9001');
  });

  it('keeps a real reply inside a topic', () => {
    const msg = message({
      chat: staffGroup,
      text: 'ok',
      message_thread_id: 77,
      is_topic_message: true,
      reply_to_message: { message_id: 80, date: 1, chat: staffGroup } as never,
    });
    const m = translateUpdate(update(msg), { ...opts, ticketOfThread: () => 12 })!;
    expect(m.replyToRef).toBe('80');
    expect(m.ticketId).toBe(12);
  });

  it('ignores bots, service messages and edits', () => {
    expect(translateUpdate(update(message({ text: 'x', from: { id: 1, is_bot: true, first_name: 'B' } })), opts)).toBeUndefined();
    expect(translateUpdate(update(message({ chat: staffGroup, new_chat_members: [vendor] })), opts)).toBeUndefined();
    expect(translateUpdate({ update_id: 1, edited_message: message({ text: 'x', edit_date: 2 }) } as Update, opts)).toBeUndefined();
  });

  it('in another group takes only commands and replies to the bot', () => {
    const group = { id: -555, type: 'group' as const, title: 'Vendor' };
    expect(translateUpdate(update(message({ chat: group, text: 'halo semua' })), opts)).toBeUndefined();
    expect(translateUpdate(update(message({ chat: group, text: '/status' })), opts)?.text).toBe('/status');
    const replyToBot = message({
      chat: group,
      text: 'terima kasih',
      reply_to_message: { message_id: 3, date: 1, chat: group, from: { id: 666, is_bot: true, first_name: 'Bot' } } as never,
    });
    expect(translateUpdate(update(replyToBot), opts)?.replyToRef).toBe('3');
  });
});

describe('translateUpdate: button presses', () => {
  const botMessage = {
    message_id: 55,
    date: 1_700_000_000,
    chat: privateChat,
    from: { id: 666, is_bot: true, first_name: 'Bot' },
    text: 'Apakah jawaban ini membantu?',
    reply_markup: {
      inline_keyboard: [[{ text: 'Ya, membantu', callback_data: 'fb:y:lupa-password' }], [{ text: 'Belum membantu', callback_data: 'fb:n:lupa-password' }]],
    },
  } as Message;

  it('becomes a choice with the pressed label as text', () => {
    const m = translateUpdate(
      { update_id: 901, callback_query: { id: 'cq1', from: vendor, chat_instance: 'ci', message: botMessage, data: 'fb:n:lupa-password' } },
      opts,
    );
    expect(m).toEqual({
      channel: 'telegram',
      externalId: 'u901',
      chatId: '5001',
      userId: '5001',
      displayName: 'Budi Santoso',
      text: 'Belum membantu',
      attachments: [],
      choice: 'fb:n:lupa-password',
      receivedAt: now,
    });
  });

  it('has an empty text when the label cannot be found (an old, inaccessible message)', () => {
    const m = translateUpdate(
      {
        update_id: 902,
        callback_query: { id: 'cq2', from: vendor, chat_instance: 'ci', message: { message_id: 1, date: 0, chat: privateChat }, data: 'tiket:nilai:12:4' },
      },
      opts,
    );
    expect(m?.text).toBe('');
    expect(m?.choice).toBe('tiket:nilai:12:4');
  });
});
