import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { chatMessageHtml, LightMarkup } from '../../src/web/chat-page.js';

const html = (text: string) => render(LightMarkup({ text }));
const forms = { csrf: 'token', clientId: () => 'client-1' };

describe('the chat page renders the desk’s texts safely', () => {
  it('renders the desk’s bold, italic and plain links, and nothing else', () => {
    expect(html('**Penting**: buka _halaman_ https://akun.inaproc.id.')).toBe(
      '<strong>Penting</strong>: buka <em>halaman</em> <a href="https://akun.inaproc.id" rel="noopener nofollow ugc">https://akun.inaproc.id</a>.',
    );
    expect(html('file_name_ini dan snake_case tetap')).toBe('file_name_ini dan snake_case tetap');
    expect(html('__tebal__ saja')).toBe('<strong>tebal</strong> saja');
  });

  it('escapes HTML in any text, and links only http(s) addresses', () => {
    expect(html('<b>x</b> <script>alert(1)</script> javascript:alert(1)')).toBe(
      '&lt;b>x&lt;/b> &lt;script>alert(1)&lt;/script> javascript:alert(1)',
    );
    expect(html('https://x.example/"><img src=x>')).toBe(
      '<a href="https://x.example/" rel="noopener nofollow ugc">https://x.example/</a>&quot;>&lt;img src=x>',
    );
  });

  it('shows a user value filled into a desk text as typed: its markup characters format nothing', () => {
    // The catalogue swaps a user's * and _ for stand-ins; the page gives them back as themselves.
    const text = texts.web.searchTitle('*PENTING* /__proto__');
    expect(html(text)).toBe('Hasil pencarian: *PENTING* /__proto__');
  });

  it('renders a person’s own message as plain text, choices as buttons in a form with the session token', () => {
    const at = new Date('2026-03-02T02:00:00Z');
    const mine = chatMessageHtml(
      { id: 1, direction: 'in', text: '**bukan tebal** <i>', choices: [], files: [], at },
      forms,
      'Asia/Jakarta',
    );
    expect(mine).toContain('<div class="body">**bukan tebal** &lt;i></div>');
    const desk = chatMessageHtml(
      { id: 2, direction: 'out', text: 'Pilih:', choices: [{ id: 'fb:y:x', label: 'Ya' }], files: [], at },
      forms,
      'Asia/Jakarta',
    );
    expect(desk).toContain('<input type="hidden" name="_csrf" value="token"/>');
    expect(desk).toContain('<button type="submit" name="choice" value="fb:y:x">Ya</button>');
  });
});
