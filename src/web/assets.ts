import { createHash } from 'node:crypto';

/*
 * The site's two static files, kept as strings so the compiled desk (dist/) and the static export
 * carry them without a copy step. Their paths carry a hash of the content: cached for a year,
 * replaced when changed.
 */

/** Mobile first, readable at 360 px; colours meet WCAG AA (body 16:1, links 8:1, header 11:1). */
export const STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;font-size:1.0625rem;line-height:1.6;color:#1a1a1a;background:#fff}
a{color:#0b4f8a}
a:hover{color:#083a66}
:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
.skip{position:absolute;left:.5rem;top:-3rem;background:#fff;color:#0b4f8a;padding:.5rem .75rem;border:2px solid #0b4f8a;z-index:10}
.skip:focus{top:.5rem}
header.site{background:#0b3d66;color:#fff;padding:.75rem 1rem}
header.site a{color:#fff}
header.site .brand{margin:0;font-weight:700;font-size:1.05rem}
header.site .brand a{text-decoration:none}
header.site nav ul{list-style:none;margin:.5rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
main{display:block;max-width:46rem;margin:0 auto;padding:1rem}
main:focus{outline:none}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 .75rem}
h2{font-size:1.25rem;margin:1.75rem 0 .5rem}
h3{font-size:1.08rem;margin:1.25rem 0 .5rem}
.lead{font-size:1.1rem}
.hint,.meta{color:#4a4a4a;font-size:.95rem}
.search{margin:1rem 0;padding:1rem;background:#eef4fa;border-radius:.5rem}
.search label{display:block;font-weight:700}
.search .hint{margin:.25rem 0 .5rem}
.search .row{display:flex;gap:.5rem}
.search input{flex:1;min-width:0;font:inherit;padding:.6rem .7rem;border:2px solid #5b6b7a;border-radius:.35rem;background:#fff;color:#1a1a1a}
button,.button{display:inline-block;font:inherit;font-weight:700;padding:.6rem 1rem;border:0;border-radius:.35rem;background:#0b4f8a;color:#fff;text-decoration:none;cursor:pointer}
.button:hover,button:hover{background:#083a66;color:#fff}
.topics,.results,.reach,.announcements,.history{padding-left:0;list-style:none}
.topics li,.results li{padding:.5rem 0;border-bottom:1px solid #d9dee3}
.reach{display:flex;flex-wrap:wrap;gap:.5rem}
.announcements li,.history li{padding:.5rem 0;border-bottom:1px solid #d9dee3}
.announcements .meta,.history .meta{margin:0}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.25rem 0}
.owner{padding:.75rem 1rem;border-left:4px solid #0b4f8a;background:#eef4fa}
.owner-lkpp,.owner-telkom{border-color:#b35c00;background:#fdf3e7}
.owner-tag{color:#4a4a4a}
.notice{padding:.75rem 1rem;background:#fdf3e7;border-left:4px solid #b35c00}
.answer{overflow-wrap:anywhere}
.figures{display:grid;gap:.5rem;margin:1rem 0}
.figures div{padding:.5rem .75rem;background:#f4f6f8;border-radius:.35rem}
.figures dt{font-size:.95rem;color:#4a4a4a}
.figures dd{margin:0;font-weight:700;font-size:1.1rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.4rem .3rem;border-bottom:1px solid #d9dee3;vertical-align:top}
footer.site{max-width:46rem;margin:2rem auto 0;padding:1rem;color:#4a4a4a;font-size:.9rem;border-top:1px solid #d9dee3}
@media (min-width:40rem){.figures{grid-template-columns:repeat(3,1fr)}h1{font-size:2rem}}
`;

/**
 * Search as you type, the only script: on a pause in typing it asks /cari for the results part
 * (live=1: not recorded as an FAQ gap) and puts it under the form. Without it the form still works.
 */
export const SCRIPT = `(function () {
  'use strict';
  var form = document.querySelector('form.search[data-live]');
  var results = document.getElementById('hasil');
  if (!form || !results || !window.fetch || !window.DOMParser) return;
  var input = form.querySelector('input[name="q"]');
  var timer = 0;
  var asked = 0;
  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var q = input.value.trim();
      var n = ++asked;
      if (q.length < 3) { if (q.length === 0) results.replaceChildren(); return; }
      fetch('/cari?live=1&q=' + encodeURIComponent(q), { headers: { Accept: 'text/html' } })
        .then(function (r) { return r.ok ? r.text() : ''; })
        .then(function (html) {
          if (n !== asked || html === '') return;
          var doc = new DOMParser().parseFromString('<div>' + html + '</div>', 'text/html');
          results.replaceChildren.apply(results, Array.prototype.slice.call(doc.body.firstChild.childNodes));
        })
        .catch(function () {});
    }, 300);
  });
})();
`;

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 10);
export const STYLE_PATH = `/assets/site-${hash(STYLE)}.css`;
export const SCRIPT_PATH = `/assets/site-${hash(SCRIPT)}.js`;
