import { describe, expect, it } from 'vitest';
import { withoutMissingFiles } from '../../src/core/removed-files.js';
import type { OutboundMessage } from '../../src/core/channel.js';

const msg = (files: OutboundMessage['files'], text = 'Tiket baru #3'): OutboundMessage => ({
  channel: 'telegram',
  chatId: '1001',
  text,
  ...(files ? { files } : {}),
});

describe('a message naming files that are gone', () => {
  it('is left as it is when every file is there, or carries its bytes', () => {
    const m = msg([
      { kind: 'photo', fileName: 'a.png', path: '/data/a.png' },
      { kind: 'document', fileName: 'b.pdf', data: 'JVBERi0=' },
    ]);
    expect(withoutMissingFiles(m, () => true)).toBe(m);
    expect(withoutMissingFiles(msg(undefined), () => false)).toEqual(msg(undefined));
  });

  it('drops a file whose path is gone and says so in the text, markup in its name kept as text', () => {
    const out = withoutMissingFiles(
      msg([
        { kind: 'photo', fileName: 'layar_*1*.png', path: '/gone.png' },
        { kind: 'document', fileName: 'b.pdf', path: '/here.pdf' },
      ]),
      (p) => p === '/here.pdf',
    );
    expect(out.files).toEqual([{ kind: 'document', fileName: 'b.pdf', path: '/here.pdf' }]);
    expect(out.text.split('\n')[0]).toBe('Tiket baru #3');
    expect(out.text.split('\n')[1]).toMatch(
      /^Berkas layar.*\.png sudah dihapus karena masa simpan data obrolan web telah berakhir\.$/,
    );
    expect(out.text).not.toContain('*1*');
  });

  it('becomes the line alone when the message was only the file', () => {
    const out = withoutMissingFiles(msg([{ kind: 'photo', fileName: 'x.png', path: '/gone.png' }], ''), () => false);
    expect(out.text).toBe('Berkas x.png sudah dihapus karena masa simpan data obrolan web telah berakhir.');
    expect(out).not.toHaveProperty('files');
  });
});
