import type { ComponentChildren, VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { texts } from '../core/catalogue.js';
import type { Choice } from '../core/channel.js';
import { unescapeMarkup } from '../core/text.js';
import { formatDateTime } from '../core/time.js';
import { CHAT_SCRIPT_PATH, CHAT_STYLE_PATH } from './chat-assets.js';
import { Layout, page, type RenderMode } from './pages.js';

const c = texts.webChat;

/** A message as the chat page shows it: what the person sent (`in`) or what the desk sent (`out`). */
export interface ChatMessageView {
  id: number;
  direction: 'in' | 'out';
  text: string;
  choices: Choice[];
  /** Download links, each served only to the session the message belongs to. */
  files: Array<{ name: string; url: string; caption?: string | undefined }>;
  at: Date;
  /** A file the desk could not show here (a Telegram screenshot relayed by staff). */
  hiddenFiles?: boolean;
  /** For a desk message whose buttons were used: the id of the choice pressed (the buttons are off). */
  chosen?: string | undefined;
  /** For a button press: the id of the desk message whose button it was. */
  answers?: number | undefined;
}

/** What every form of the page carries: the session's CSRF token and where it posts. */
export interface ChatForms {
  csrf: string;
  /** A fresh id per rendered form: a form sent twice (a retried submit) is one message. */
  clientId: () => string;
}

export const CHAT_MESSAGES_PATH = '/chat/api/messages';
export const CHAT_CONTACT_PATH = '/chat/api/contact';
export const CHAT_EVENTS_PATH = '/chat/api/events';

// Plain URLs become links; emphasis never spans lines and needs non-space just inside its markers.
const URL_RE = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]}'*_])/gi;
const BOLD_STARS_RE = /\*\*(?=\S)(.+?)(?<=\S)\*\*/;
const BOLD_UNDERSCORES_RE = /(?<![\p{L}\p{N}_])__(?=\S)(.+?)(?<=\S)__(?![\p{L}\p{N}_])/u;
// `_x_` only as a word of its own: snake_case and file_names stay as they are.
const ITALIC_RE = /(?<![\p{L}\p{N}_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\p{L}\p{N}_])/u;

/** Splits on a pattern with one capture group: plain parts are `plain`, captured ones `marked`. */
function splitBy(text: string, re: RegExp, plain: (s: string) => ComponentChildren, marked: (s: string) => ComponentChildren) {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const m of text.matchAll(g)) {
    if (m.index > last) out.push(plain(text.slice(last, m.index)));
    out.push(marked(m[1]!));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(plain(text.slice(last)));
  return out;
}

const leaf = (s: string) => unescapeMarkup(s);
const italic = (s: string): ComponentChildren => splitBy(s, ITALIC_RE, leaf, (x) => <em>{leaf(x)}</em>);
const boldUnderscores = (s: string): ComponentChildren =>
  splitBy(s, BOLD_UNDERSCORES_RE, italic, (x) => <strong>{italic(x)}</strong>);
const bold = (s: string): ComponentChildren => splitBy(s, BOLD_STARS_RE, boldUnderscores, (x) => <strong>{italic(x)}</strong>);

/**
 * The desk's Markdown-light (**bold**, _italic_, plain URLs) as page elements. Nothing is ever
 * parsed as HTML: every piece is a text node Preact escapes, and user values filled into the desk's
 * texts carry stand-ins for their markup characters (core/text.ts), given back as themselves here.
 */
export function LightMarkup({ text }: { text: string }) {
  return (
    <>
      {splitBy(text, URL_RE, bold, (url) => (
        <a href={url} rel="noopener nofollow ugc">
          {url}
        </a>
      ))}
    </>
  );
}

/**
 * A desk message's buttons. Once one is pressed they are all off, as a pressed Telegram menu
 * disappears: an old "Ya, membantu" after "Belum membantu", or a second "Kirim tiket", would
 * otherwise contradict or repeat what was already answered.
 */
function ChoiceForm({ m, forms }: { m: ChatMessageView; forms: ChatForms }) {
  const used = m.chosen !== undefined;
  return (
    <form class="choices" method="post" action={CHAT_MESSAGES_PATH} enctype="multipart/form-data" aria-label={c.choicesLabel}>
      <input type="hidden" name="_csrf" value={forms.csrf} />
      <input type="hidden" name="from" value={String(m.id)} />
      {m.choices.map((choice) => (
        <button
          type="submit"
          name="choice"
          value={choice.id}
          key={choice.id}
          disabled={used}
          class={m.chosen === choice.id ? 'chosen' : undefined}
        >
          {unescapeMarkup(choice.label)}
          {m.chosen === choice.id ? <span class="visually-hidden"> ({c.chosen})</span> : null}
        </button>
      ))}
    </form>
  );
}

export function ChatMessage({ m, forms, timeZone }: { m: ChatMessageView; forms: ChatForms; timeZone: string }) {
  return (
    <li
      class={`msg msg-${m.direction}`}
      id={`m-${m.id}`}
      data-id={String(m.id)}
      {...(m.answers ? { 'data-answers': String(m.answers) } : {})}
    >
      <p class="who">
        {m.direction === 'in' ? c.you : c.desk} · <time dateTime={m.at.toISOString()}>{formatDateTime(m.at, timeZone)}</time>
      </p>
      {m.text.trim() !== '' ? (
        // What a person typed is shown exactly as typed; only the desk's own texts are formatted.
        <div class="body">{m.direction === 'in' ? m.text : <LightMarkup text={m.text} />}</div>
      ) : null}
      {m.files.length > 0 ? (
        <ul class="files">
          {m.files.map((f) => (
            <li key={f.url}>
              <a href={f.url} download={f.name}>
                {unescapeMarkup(c.download(f.name))}
              </a>
              {f.caption ? (
                <span class="caption">
                  {' '}
                  — <LightMarkup text={f.caption} />
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {m.hiddenFiles ? <p class="hint">{c.noFileShown}</p> : null}
      {m.direction === 'out' && m.choices.length > 0 ? <ChoiceForm m={m} forms={forms} /> : null}
    </li>
  );
}

/** One message as HTML, for the page's script to add (the SSE stream and the history endpoint carry it). */
export function chatMessageHtml(m: ChatMessageView, forms: ChatForms, timeZone: string): string {
  return render(<ChatMessage m={m} forms={forms} timeZone={timeZone} />);
}

export interface ChatPageData {
  messages: ChatMessageView[];
  forms: ChatForms;
  /** What the contact form shows: what the person left before. */
  details: { name?: string | undefined; email?: string | undefined; phone?: string | undefined };
  /** A line to show above the form (a refusal or a confirmation after a form without the script). */
  notice?: string | undefined;
  /** Where the notice belongs: above the message box, or in the contact form (opened). */
  noticeFor?: 'message' | 'contact';
  /** What the person typed in a message the server refused (a form without the script): back in the box. */
  draft?: string | undefined;
  maxChars: number;
  maxFileBytes: number;
  /** Replies no open page showed are mailed to the e-mail left here (SMTP_URL is set). */
  mailsReplies?: boolean | undefined;
  /** Shown in the widget's frame (`/chat?embed=1`): no site header or footer in the small box. */
  embedded?: boolean | undefined;
}

/**
 * The web chat: the conversation so far rendered on the server (it works without the script: each
 * form posts and comes back here), a text box "Tulis pesan" with "Kirim", choices as buttons. The
 * script sends without reloading and adds the desk's messages as they come (Server-Sent Events).
 */
export function chatPage(mode: RenderMode, d: ChatPageData): string {
  const last = d.messages.at(-1)?.id ?? 0;
  const messageNotice = d.notice !== undefined && d.noticeFor !== 'contact';
  const contactNotice = d.notice !== undefined && d.noticeFor === 'contact';
  const node: VNode = (
    <Layout
      mode={mode}
      title={c.pageTitle}
      noindex
      style={CHAT_STYLE_PATH}
      script={CHAT_SCRIPT_PATH}
      skipTo={{ href: '#teks', label: c.skipToBox }}
      bare={d.embedded === true}
    >
      <h1>{c.pageTitle}</h1>
      <p class="lead">{c.intro}</p>
      <section class="chat" aria-labelledby="percakapan">
        <h2 id="percakapan" class="visually-hidden">
          {c.conversation}
        </h2>
        <p class="hint empty" id="kosong" hidden={d.messages.length > 0}>
          {c.empty}
        </p>
        <ol class="messages" id="pesan" aria-live="polite" data-after={String(last)} data-events={CHAT_EVENTS_PATH}>
          {d.messages.map((m) => (
            <ChatMessage m={m} forms={d.forms} timeZone={mode.timeZone} key={m.id} />
          ))}
        </ol>
        {d.notice && d.noticeFor !== 'contact' ? (
          <p class="notice" role="alert">
            {d.notice}
          </p>
        ) : null}
        <p class="status" id="status" role="status" />
        <form
          class="composer"
          id="kirim"
          method="post"
          action={CHAT_MESSAGES_PATH}
          enctype="multipart/form-data"
          data-sending={c.sending}
          data-offline={c.offline}
          data-failed={c.failed}
          data-choice-used={c.choiceUsed}
          data-chosen={c.chosen}
          data-session={c.sessionMissing}
          data-frame-blocked={c.frameBlocked}
          data-open-tab={c.openInTab}
          data-max-chars={String(d.maxChars)}
          data-too-long={c.tooLong(d.maxChars)}
          data-max-bytes={String(d.maxFileBytes)}
          data-too-big={c.fileTooLarge(Math.round(d.maxFileBytes / 1024 / 1024))}
        >
          <input type="hidden" name="_csrf" value={d.forms.csrf} />
          <input type="hidden" name="clientId" value={d.forms.clientId()} />
          <label for="teks">{c.messageLabel}</label>
          <p class="hint" id="teks-hint">
            {c.messageHint}
          </p>
          {/* No maxLength: it would cut a pasted text silently; the script and the server say it is too long. */}
          {/* After a refusal the box has the focus (and is scrolled to): the notice is just above it. */}
          <textarea id="teks" name="text" rows={3} aria-describedby="teks-hint" autoFocus={messageNotice} value={d.draft ?? ''} />
          <label for="berkas" class="file-label">
            {c.attachLabel}
          </label>
          <input id="berkas" name="file" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" />
          <div class="row">
            <button type="submit">{c.send}</button>
          </div>
        </form>
      </section>
      <details class="contact" open={d.notice !== undefined && d.noticeFor === 'contact'}>
        <summary>{c.detailsTitle}</summary>
        <p>{c.detailsIntro}</p>
        {d.mailsReplies ? <p class="hint">{c.detailsMailNote}</p> : null}
        {d.notice && d.noticeFor === 'contact' ? (
          <p class="notice" role="alert">
            {d.notice}
          </p>
        ) : null}
        <form method="post" action={CHAT_CONTACT_PATH} enctype="multipart/form-data" id="kontak">
          <input type="hidden" name="_csrf" value={d.forms.csrf} />
          <label for="nama">{c.nameLabel}</label>
          <input
            id="nama"
            name="name"
            type="text"
            autocomplete="name"
            maxLength={100}
            value={d.details.name ?? ''}
            autoFocus={contactNotice}
          />
          <label for="email">{c.emailLabel}</label>
          <input id="email" name="email" type="email" autocomplete="email" maxLength={200} value={d.details.email ?? ''} />
          <label for="hp">{c.phoneLabel}</label>
          <input id="hp" name="phone" type="tel" autocomplete="tel" maxLength={30} value={d.details.phone ?? ''} />
          <div class="row">
            <button type="submit">{c.saveDetails}</button>
          </div>
        </form>
      </details>
    </Layout>
  );
  return page(node);
}
