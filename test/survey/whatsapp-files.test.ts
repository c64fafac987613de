import { afterEach, describe, expect, it } from 'vitest';
import { startAdapter, startHarness, type WaHarness } from '../channels/whatsapp/harness.js';

const VENDOR = '6285700000001@s.whatsapp.net';
const PNG = Buffer.from('png-bytes').toString('base64');

let h: WaHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function started() {
  h = await startHarness();
  await startAdapter(h);
  return h;
}

describe('WhatsApp sender: files the desk made', () => {
  it('sends a photo as an image with its caption, and no text message when the text is empty', async () => {
    const x = await started();
    await x.adapter.sender.send({
      channel: 'whatsapp',
      chatId: VENDOR,
      text: '',
      files: [{ kind: 'photo', fileName: 'ipa.png', mimeType: 'image/png', data: PNG, caption: '**IKM** 83,33' }],
    });
    expect(x.fake.sent).toHaveLength(1);
    const content = JSON.parse(x.fake.sent[0]!.text) as {
      image: { type: string; data: number[] };
      caption: string;
      mimetype: string;
    };
    expect(Buffer.from(content.image.data).toString()).toBe('png-bytes');
    expect(content.caption).toBe('*IKM* 83,33');
    expect(content.mimetype).toBe('image/png');
  });

  it('sends the caption as text when the socket refuses the image', async () => {
    const x = await started();
    x.fake.sendFailures.push(new Error('media upload failed'));
    await x.adapter.sender.send({
      channel: 'whatsapp',
      chatId: VENDOR,
      text: '',
      files: [{ kind: 'photo', fileName: 'ipa.png', data: PNG, caption: 'IKM 83,33' }],
    });
    expect(x.fake.sent.map((s) => s.text)).toEqual(['IKM 83,33']);
  });
});
