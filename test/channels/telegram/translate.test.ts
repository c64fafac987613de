import type { Message, Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { translateAlbum, translateUpdate, type TranslateOptions } from '../../../src/channels/telegram/translate.js';

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
      externalId: '5001:10',
      chatId: '5001',
      userId: '5001',
      displayName: 'Budi Santoso',
      text: 'lupa password',
      attachments: [],
      privateChat: true,
      receivedAt: now,
    });
  });

  it('tells a group message from a private one', () => {
    const inGroup = message({ text: '/tautkan', chat: { id: -100999, type: 'supergroup', title: 'Grup' } } as never);
    const translated = translateUpdate(update(inGroup), opts);
    expect(translated).toMatchObject({ chatId: '-100999', text: '/tautkan' });
    expect(translated!.privateChat).toBeUndefined();
  });

  it('is identified by chat and message id, not by update_id (which Telegram may start again)', () => {
    const first = translateUpdate(update(message({ text: 'a', message_id: 10 }), 700), opts)!;
    // The same message delivered again: the same id, whatever its update_id.
    expect(translateUpdate(update(message({ text: 'a', message_id: 10 }), 701), opts)!.externalId).toBe(first.externalId);
    // A new message under an update_id seen before: a new id.
    expect(translateUpdate(update(message({ text: 'b', message_id: 11 }), 700), opts)!.externalId).not.toBe(first.externalId);
    // The same message id in another chat: another message.
    const elsewhere = message({ text: 'a', message_id: 10, chat: { id: 5002, type: 'private', first_name: 'X' } });
    expect(translateUpdate(update(elsewhere, 702), opts)!.externalId).toBe('5002:10');
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
    const doc = message({
      document: { file_id: 'doc1', file_unique_id: 'd', file_name: 'bukti.pdf', mime_type: 'application/pdf' },
    });
    expect(translateUpdate(update(doc), opts)!.attachments).toEqual([
      {
        kind: 'document',
        ref: 'doc1',
        fileName: 'bukti.pdf',
        mimeType: 'application/pdf',
        messageRef: '10',
        chatRef: '5001',
        channel: 'telegram',
      },
    ]);
    const voice = message({ voice: { file_id: 'v1', file_unique_id: 'v', duration: 3, mime_type: 'audio/ogg' } });
    expect(translateUpdate(update(voice), opts)!.attachments[0]).toMatchObject({
      kind: 'audio',
      ref: 'v1',
      mimeType: 'audio/ogg',
    });
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
      reply_to_message: {
        message_id: 77,
        date: 1,
        chat: staffGroup,
        forum_topic_created: { name: '#12', icon_color: 1 },
      } as never,
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
    expect(
      translateUpdate({ update_id: 1, edited_message: message({ text: 'x', edit_date: 2 }) } as Update, opts),
    ).toBeUndefined();
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

describe('translateAlbum', () => {
  const part = (id: number, extra: Record<string, unknown> = {}) =>
    message({
      message_id: id,
      media_group_id: 'g',
      photo: [{ file_id: `p${id}`, file_unique_id: `u${id}`, width: 10, height: 10 }],
      ...extra,
    });

  it("is one message: every file in order, the caption as text, the first part's id and reply", () => {
    const m = translateAlbum(
      [
        part(12),
        part(10, { caption: '/tiket Gagal unggah', reply_to_message: { message_id: 4, date: 1, chat: privateChat } }),
        part(11),
      ],
      opts,
    )!;
    expect(m).toMatchObject({
      externalId: '5001:10',
      chatId: '5001',
      userId: '5001',
      text: '/tiket Gagal unggah',
      replyToRef: '4',
    });
    expect(m.attachments.map((a) => a.ref)).toEqual(['p10', 'p11', 'p12']);
    expect(m.attachments.map((a) => a.messageRef)).toEqual(['10', '11', '12']);
  });

  it('joins captions on several parts, and takes a document album', () => {
    const doc = (id: number, caption?: string) =>
      message({
        message_id: id,
        media_group_id: 'd',
        document: { file_id: `d${id}`, file_unique_id: `x${id}`, file_name: `f${id}.pdf` },
        ...(caption ? { caption } : {}),
      });
    const m = translateAlbum([doc(1, 'kontrak'), doc(2, 'lampiran')], opts)!;
    expect(m.text).toBe('kontrak\nlampiran');
    expect(m.attachments.map((a) => [a.kind, a.fileName])).toEqual([
      ['document', 'f1.pdf'],
      ['document', 'f2.pdf'],
    ]);
  });

  it('in another group takes an album only when its caption is addressed to the bot', () => {
    const group = { id: -555, type: 'group' as const, title: 'Vendor' };
    expect(translateAlbum([part(1, { chat: group }), part(2, { chat: group })], opts)).toBeUndefined();
    expect(
      translateAlbum([part(1, { chat: group }), part(2, { chat: group, caption: '/tiket rusak' })], opts)?.attachments,
    ).toHaveLength(2);
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
      inline_keyboard: [
        [{ text: 'Ya, membantu', callback_data: 'fb:y:lupa-password' }],
        [{ text: 'Belum membantu', callback_data: 'fb:n:lupa-password' }],
      ],
    },
  } as Message;

  it('becomes a choice with the pressed label as text', () => {
    const m = translateUpdate(
      {
        update_id: 901,
        callback_query: { id: 'cq1', from: vendor, chat_instance: 'ci', message: botMessage, data: 'fb:n:lupa-password' },
      },
      opts,
    );
    expect(m).toEqual({
      channel: 'telegram',
      externalId: 'cb:cq1',
      chatId: '5001',
      userId: '5001',
      displayName: 'Budi Santoso',
      text: 'Belum membantu',
      attachments: [],
      choice: 'fb:n:lupa-password',
      privateChat: true,
      receivedAt: now,
    });
  });

  it('has an empty text when the label cannot be found (an old, inaccessible message)', () => {
    const m = translateUpdate(
      {
        update_id: 902,
        callback_query: {
          id: 'cq2',
          from: vendor,
          chat_instance: 'ci',
          message: { message_id: 1, date: 0, chat: privateChat },
          data: 'tiket:nilai:12:4',
        },
      },
      opts,
    );
    expect(m?.text).toBe('');
    expect(m?.choice).toBe('tiket:nilai:12:4');
  });
});
