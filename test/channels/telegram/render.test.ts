import { describe, expect, it } from 'vitest';
import {
  BUTTON_LABEL_LIMIT,
  CALLBACK_DATA_LIMIT,
  escapeHtml,
  inlineKeyboard,
  markdownToHtml,
  MESSAGE_LIMIT,
  renderOutbound,
  splitHtml,
} from '../../../src/channels/telegram/render.js';

/** Every <b>/<i> opened in a part is closed in the same part, in order. */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([bi])>/g)) {
    if (m[1] === '') stack.push(m[2]!);
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0;
}

describe('markdownToHtml', () => {
  it('escapes user text before anything else', () => {
    expect(markdownToHtml('<script>alert("x")</script> & co')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(escapeHtml('a<b>&')).toBe('a&lt;b&gt;&amp;');
  });

  it('turns **bold** and _italic_ into tags', () => {
    expect(markdownToHtml('ini **penting** dan _miring_.')).toBe('ini <b>penting</b> dan <i>miring</i>.');
    expect(markdownToHtml('__tebal__')).toBe('<b>tebal</b>');
  });

  it('leaves underscores inside words and identifiers alone', () => {
    expect(markdownToHtml('a_b_c')).toBe('a_b_c');
    expect(markdownToHtml('nama_file_baru.pdf dan snake_case')).toBe('nama_file_baru.pdf dan snake_case');
    expect(markdownToHtml('_draft.md')).toBe('_draft.md');
  });

  it('never formats inside a URL, but may wrap one', () => {
    expect(markdownToHtml('buka https://akun.inaproc.id/_a_b_ sekarang')).toBe('buka https://akun.inaproc.id/_a_b_ sekarang');
    expect(markdownToHtml('**https://spse.inaproc.id/x_y**')).toBe('<b>https://spse.inaproc.id/x_y</b>');
    expect(markdownToHtml('https://x.id/?a=1&b=2')).toBe('https://x.id/?a=1&amp;b=2');
  });

  it('does not let markup from the text through, even disguised as emphasis', () => {
    const html = markdownToHtml('**<b onclick=x>** _<i>_');
    expect(html).toBe('<b>&lt;b onclick=x&gt;</b> <i>&lt;i&gt;</i>');
  });

  it('keeps emphasis within a line and needs text right inside the markers', () => {
    expect(markdownToHtml('**awal\nakhir**')).toBe('**awal\nakhir**');
    expect(markdownToHtml('5 ** 2 ** 3')).toBe('5 ** 2 ** 3');
    expect(markdownToHtml('1. satu\n2. dua')).toBe('1. satu\n2. dua');
  });
});

describe('splitHtml', () => {
  it('keeps a short text whole', () => {
    expect(splitHtml('halo\ndunia')).toEqual(['halo\ndunia']);
  });

  it('splits 10,000 characters at line boundaries into parts of at most 4096', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `Baris ${String(i).padStart(3, '0')} **tebal** & teks biasa...`);
    const text = lines.join('\n');
    expect(text.length).toBeGreaterThan(10_000);
    const parts = splitHtml(markdownToHtml(text));
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(balanced(p)).toBe(true);
    }
    // Nothing lost, nothing cut inside a line: the parts are the lines, in order.
    expect(parts.join('\n').split('\n')).toEqual(markdownToHtml(text).split('\n'));
  });

  it('breaks one overlong line at spaces, closing and reopening tags', () => {
    const html = markdownToHtml(`mulai **${'kata&lain '.repeat(1500)}akhir** selesai`);
    const parts = splitHtml(html);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
      expect(balanced(p)).toBe(true);
      // No entity is cut in half.
      expect(p).not.toMatch(/&[a-z]*$/);
    }
  });

  it('never cuts an emoji (surrogate pair) in half', () => {
    const parts = splitHtml('😀'.repeat(5_000));
    expect(parts.length).toBe(3);
    for (const p of parts) expect(p).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
  });

  it('drops blank parts', () => {
    expect(splitHtml('\n\n')).toEqual([]);
  });
});

describe('inlineKeyboard', () => {
  it('puts one button per row with the choice id as callback data', () => {
    const { markup, dropped } = inlineKeyboard([
      { id: 'fb:y:lupa-password', label: 'Ya, membantu' },
      { id: 'tiket:nilai:12:4', label: '4 — Sangat puas' },
    ]);
    expect(dropped).toEqual([]);
    expect(markup.inline_keyboard).toEqual([
      [{ text: 'Ya, membantu', callback_data: 'fb:y:lupa-password' }],
      [{ text: '4 — Sangat puas', callback_data: 'tiket:nilai:12:4' }],
    ]);
  });

  it('keeps callback data within 64 bytes and cuts long labels', () => {
    const long = 'é'.repeat(40); // 80 bytes
    const { markup, dropped } = inlineKeyboard([
      { id: long, label: 'terlalu panjang' },
      { id: 'faq:x', label: 'L'.repeat(200) },
    ]);
    expect(dropped.map((c) => c.id)).toEqual([long]);
    for (const row of markup.inline_keyboard) {
      for (const b of row) {
        expect(Buffer.byteLength((b as { callback_data: string }).callback_data)).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT);
        expect([...b.text].length).toBeLessThanOrEqual(BUTTON_LABEL_LIMIT);
      }
    }
  });
});

describe('renderOutbound', () => {
  it('renders text and keyboard', () => {
    const r = renderOutbound({ text: 'Pilih **satu**:', choices: [{ id: 'menu:ask', label: 'Tanya' }] });
    expect(r.parts).toEqual(['Pilih <b>satu</b>:']);
    expect(r.keyboard?.markup.inline_keyboard).toHaveLength(1);
  });
});
