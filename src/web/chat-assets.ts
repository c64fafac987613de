import { createHash } from 'node:crypto';

/*
 * The chat page's own style and script, kept as strings like the site's (assets.ts): served with a
 * hash in their path, cached for a year. The page works without the script; the script only sends
 * without a reload and adds the desk's messages as they arrive.
 */

/** Colours meet WCAG AA on their backgrounds (text #1a1a1a on #e8f1fa and #f1f3f5). */
export const CHAT_STYLE = `
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);border:0}
.chat .messages{list-style:none;padding:0;margin:1rem 0;display:flex;flex-direction:column;gap:.6rem}
.msg{max-width:92%;padding:.5rem .75rem;border-radius:.6rem;overflow-wrap:anywhere}
.msg-out{align-self:flex-start;background:#f1f3f5;border:1px solid #d9dee3}
.msg-in{align-self:flex-end;background:#e8f1fa;border:1px solid #b9d0e6}
.msg .who{margin:0;font-size:.85rem;color:#4a4a4a}
.msg .body{white-space:pre-wrap;margin:.2rem 0}
.msg .files{margin:.25rem 0;padding-left:1.1rem}
.msg .choices{display:flex;flex-wrap:wrap;gap:.4rem;margin:.4rem 0 .1rem}
.msg .choices button{background:#fff;color:#0b4f8a;border:2px solid #0b4f8a;padding:.35rem .75rem}
@media (hover:hover){.msg .choices button:not(:disabled):hover{background:#0b4f8a;color:#fff}}
.msg .choices button:disabled{cursor:default;color:#4a5a6a;border-color:#9aa8b5;background:#f1f4f7}
.msg .choices button.chosen{color:#fff;background:#3d5a73;border-color:#3d5a73}
.msg .choices button.chosen::before{content:"\\2713  "}
.composer{margin:1rem 0;padding:1rem;background:#eef4fa;border-radius:.5rem}
.composer label{display:block;font-weight:700}
.composer .file-label{font-weight:400;margin-top:.6rem;font-size:.95rem}
.composer textarea{display:block;width:100%;font:inherit;padding:.6rem .7rem;border:2px solid #5b6b7a;border-radius:.35rem;background:#fff;color:#1a1a1a;resize:vertical}
.composer input[type=file]{margin:.3rem 0 .6rem;max-width:100%}
.composer .row,.contact .row{margin-top:.5rem}
.composer .hint{margin:.2rem 0 .4rem}
.status{min-height:1.5rem;margin:.25rem 0;color:#4a4a4a}
.contact{margin:1.5rem 0;padding:.75rem 1rem;border:1px solid #d9dee3;border-radius:.5rem}
.contact summary{font-weight:700;cursor:pointer}
.contact label{display:block;margin-top:.5rem;font-weight:700}
.contact input{width:100%;font:inherit;padding:.5rem .6rem;border:2px solid #5b6b7a;border-radius:.35rem}
`;

export const CHAT_SCRIPT = `(function () {
  'use strict';
  var list = document.getElementById('pesan');
  var form = document.getElementById('kirim');
  if (!list || !form || !window.fetch || !window.FormData || !window.DOMParser) return;
  var status = document.getElementById('status');
  var empty = document.getElementById('kosong');
  var box = document.getElementById('teks');
  var fileInput = document.getElementById('berkas');
  var clientField = form.querySelector('input[name="clientId"]');
  var csrf = form.querySelector('input[name="_csrf"]').value;
  var last = Number(list.getAttribute('data-after')) || 0;
  var say = function (key) { return form.getAttribute('data-' + key) || ''; };
  var newId = function () {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return String(Date.now()) + '-' + Math.random().toString(36).slice(2);
  };
  /** Adds one message (server-rendered HTML, parsed inertly) in id order, unless it is there. */
  function add(id, html) {
    if (!(id > 0) || document.getElementById('m-' + id)) return;
    var doc = new DOMParser().parseFromString('<ol>' + html + '</ol>', 'text/html');
    var li = doc.querySelector('li.msg');
    if (!li) return;
    var node = document.importNode(li, true);
    var before = null;
    for (var el = list.lastElementChild; el; el = el.previousElementSibling) {
      if (Number(el.getAttribute('data-id')) > id) before = el; else break;
    }
    list.insertBefore(node, before);
    // A press seen from any tab turns that message's buttons off here too.
    var answers = node.getAttribute('data-answers');
    if (answers) answered(document.getElementById('m-' + answers), null);
    if (id > last) last = id;
    if (empty) empty.hidden = true;
    if (!before && node.scrollIntoView) node.scrollIntoView({ block: 'nearest' });
  }
  /** Turns a desk message's buttons off once one was pressed (marking it, when known). */
  function answered(msg, pressed) {
    if (!msg) return;
    var buttons = msg.querySelectorAll('form.choices button[name="choice"]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].disabled = true;
      if (buttons[i] !== pressed || buttons[i].classList.contains('chosen')) continue;
      buttons[i].classList.add('chosen');
      var mark = document.createElement('span');
      mark.className = 'visually-hidden';
      mark.textContent = ' (' + say('chosen') + ')';
      buttons[i].appendChild(mark);
    }
  }
  var lost = false;
  /**
   * The session is gone for this page: in a frame, the browser keeps no cookie for the chat (a page
   * on another site), so a tab of its own is offered; otherwise a reload starts a fresh one.
   */
  function sessionLost() {
    lost = true;
    if (source) source.close();
    var framed = window.self !== window.top;
    status.textContent = framed ? say('frame-blocked') : say('session');
    if (status.scrollIntoView) status.scrollIntoView({ block: 'nearest' });
    if (!framed || document.getElementById('tab-baru')) return;
    var link = document.createElement('a');
    link.id = 'tab-baru';
    link.href = location.pathname;
    link.target = '_blank';
    link.rel = 'noopener';
    link.textContent = say('open-tab');
    status.parentNode.insertBefore(link, status.nextSibling);
  }
  /** Posts one message; resolves true when the desk has it. A failed try keeps its id, so a retry is not doubled. */
  function send(body) {
    status.textContent = say('sending');
    return fetch(form.getAttribute('action'), {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrf, accept: 'application/json' }
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (j && j.message) add(j.message.id, j.message.html);
        if (r.status === 401) { sessionLost(); return false; }
        status.textContent = r.ok ? '' : (j && j.error) || say('failed');
        return r.ok;
      });
    }).catch(function () {
      status.textContent = say('failed');
      return false;
    });
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    // Said before sending, and the text stays in the box: nothing typed or picked is lost.
    if (Array.from(box.value.trim()).length > Number(say('max-chars'))) { status.textContent = say('too-long'); return; }
    var picked = fileInput && fileInput.files && fileInput.files[0];
    if (picked && picked.size > Number(say('max-bytes'))) { status.textContent = say('too-big'); return; }
    var body = new FormData(form);
    body.delete('_csrf');
    send(body).then(function (ok) {
      if (!ok) return;
      box.value = '';
      if (fileInput) fileInput.value = '';
      clientField.value = newId();
    });
  });
  box.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      if (form.requestSubmit) form.requestSubmit(); else form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });
  list.addEventListener('click', function (e) {
    var button = e.target && e.target.closest ? e.target.closest('form.choices button[name="choice"]') : null;
    if (!button) return;
    e.preventDefault();
    if (button.disabled) return;
    var msg = button.closest('li.msg');
    var from = button.form && button.form.querySelector('input[name="from"]');
    var body = new FormData();
    body.set('choice', button.value);
    if (from) body.set('from', from.value);
    body.set('clientId', newId());
    answered(msg, button);
    // A press that did not reach the desk can be pressed again; one it refused as answered stays off.
    send(body).then(function (ok) {
      if (ok || status.textContent === say('choice-used')) return;
      var buttons = msg ? msg.querySelectorAll('form.choices button[name="choice"]') : [];
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].disabled = false;
        buttons[i].classList.remove('chosen');
        var mark = buttons[i].querySelector('.visually-hidden');
        if (mark) mark.remove();
      }
    });
  });
  // In the widget's frame, Escape asks the page around it to close the frame.
  if (window.self !== window.top) document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') window.parent.postMessage('pbj-chat:close', '*');
  });
  // The contact form is saved in place: a message half typed in the box is not lost to a reload.
  var contact = document.getElementById('kontak');
  if (contact) contact.addEventListener('submit', function (e) {
    e.preventDefault();
    var body = new FormData(contact);
    body.delete('_csrf');
    var shown = document.getElementById('kontak-status');
    if (!shown) {
      shown = document.createElement('p');
      shown.id = 'kontak-status';
      shown.className = 'notice';
      shown.setAttribute('role', 'status');
      contact.parentNode.insertBefore(shown, contact);
    }
    shown.textContent = say('sending');
    fetch(contact.getAttribute('action'), {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrf, accept: 'application/json' }
    }).then(function (r) {
      if (r.status === 401) { shown.textContent = ''; sessionLost(); return; }
      return r.json().catch(function () { return {}; }).then(function (j) {
        shown.textContent = (j && (j.notice || j.error)) || say('failed');
      });
    }).catch(function () { shown.textContent = say('failed'); });
  });
  // A return visit opens at the newest messages and the box, not at the oldest message.
  if (!location.hash && form.scrollIntoView) form.scrollIntoView({ block: 'end' });
  if (!window.EventSource) return;
  var source;
  function connect() {
    if (lost) return;
    source = new EventSource(list.getAttribute('data-events') + '?after=' + last);
    source.onmessage = function (e) {
      try { var d = JSON.parse(e.data); add(d.id, d.html); } catch (err) { /* a broken event is skipped */ }
    };
    // Back online: neither the lost connection nor a send that failed while it was lost is news any more.
    source.onopen = function () {
      if (status.textContent === say('offline') || status.textContent === say('failed')) status.textContent = '';
    };
    source.onerror = function () {
      status.textContent = say('offline');
      // The browser retries by itself (with Last-Event-ID); a refused stream is opened again later,
      // unless it was refused for want of a session, which no retry brings back.
      if (source.readyState !== 2) return;
      fetch(form.getAttribute('action') + '?after=' + last, {
        credentials: 'same-origin',
        headers: { accept: 'application/json' }
      }).then(function (r) {
        if (r.status === 401) { sessionLost(); return; }
        // What it brought is shown (the desk counts it as seen, and would not mail it).
        return r.json().then(function (j) {
          (j && j.messages || []).forEach(function (m) { add(m.id, m.html); });
        }, function () {}).then(function () { window.setTimeout(connect, 5000); });
      }, function () { window.setTimeout(connect, 5000); });
    };
  }
  connect();
})();
`;

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 10);
export const CHAT_STYLE_PATH = `/assets/chat-${hash(CHAT_STYLE)}.css`;
export const CHAT_SCRIPT_PATH = `/assets/chat-${hash(CHAT_SCRIPT)}.js`;
