import type { ComponentChildren, VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { texts } from '../core/catalogue.js';
import { unescapeMarkup } from '../core/text.js';
import { formatDateTime } from '../core/time.js';
import type { Intent } from '../faq/types.js';
import type { Announcement } from '../store/announcements.js';
import { STYLE_PATH, SCRIPT_PATH } from './assets.js';
import { answerHtml } from './markdown.js';
import type { PublicIncident, SearchOutcome, SiteLinks, TicketView, Topic, TopicGroup, Transparency } from './site.js';

const w = texts.web;

/** How a page is rendered: served live, or written by the static export (no search endpoint there). */
export interface RenderMode {
  links: SiteLinks;
  timeZone: string;
  /** The static export: the search form goes to the live desk when it has a public address, else it is left out. */
  exported?: boolean;
  /** The web chat is mounted on this server (/chat): the pages link to it. */
  chat?: boolean;
}

const dateOnly = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "27 November 2026" from the content's YYYY-MM-DD. */
export const formatDay = (iso: string) => dateOnly.format(new Date(`${iso}T00:00:00Z`));

/** The site's page frame; a page with its own style or script (the chat) names them. */
export function Layout(p: {
  mode: RenderMode;
  title: string;
  description?: string;
  noindex?: boolean;
  style?: string;
  script?: string;
  /** A second skip link, to where a keyboard user most often goes on this page (the chat's box). */
  skipTo?: { href: string; label: string };
  /** Without the site's header and footer: the chat in the widget's small frame on another page. */
  bare?: boolean;
  children: ComponentChildren;
}) {
  const title = p.title === w.siteName ? p.title : `${p.title} · ${w.siteName}`;
  return (
    <html lang="id">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={p.description ?? w.siteTagline} />
        {p.noindex ? <meta name="robots" content="noindex, nofollow" /> : null}
        {/* No favicon request (it would be a 404 on every page). */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={STYLE_PATH} />
        <link rel="alternate" type="application/atom+xml" title={w.feedTitle} href="/feed.xml" />
        {p.style ? <link rel="stylesheet" href={p.style} /> : null}
        {p.mode.exported ? null : <script src={SCRIPT_PATH} defer />}
        {p.script ? <script src={p.script} defer /> : null}
      </head>
      <body>
        <a class="skip" href="#isi">
          {w.skipLink}
        </a>
        {p.skipTo ? (
          <a class="skip" href={p.skipTo.href}>
            {p.skipTo.label}
          </a>
        ) : null}
        {p.bare ? null : (
          <header class="site">
            <p class="brand">
              <a href="/">{w.siteName}</a>
            </p>
            <nav aria-label="Menu utama">
              <ul>
                <li>
                  <a href="/faq">{w.navFaq}</a>
                </li>
                <li>
                  <a href="/pengumuman">{w.navAnnouncements}</a>
                </li>
                <li>
                  <a href="/transparansi">{w.navTransparency}</a>
                </li>
                {p.mode.chat ? (
                  <li>
                    <a href="/chat">{texts.webChat.navChat}</a>
                  </li>
                ) : null}
              </ul>
            </nav>
          </header>
        )}
        <main id="isi" tabIndex={-1}>
          {p.children}
        </main>
        {p.bare ? null : (
          <footer class="site">
            <p>{w.footer}</p>
          </footer>
        )}
      </body>
    </html>
  );
}

function SearchForm({ mode, query = '' }: { mode: RenderMode; query?: string }) {
  const action = mode.exported ? (mode.links.publicUrl ? `${mode.links.publicUrl}/cari` : undefined) : '/cari';
  if (!action) return null;
  return (
    <form class="search" role="search" action={action} method="get" data-live={mode.exported ? undefined : 'true'}>
      <label for="q">{w.searchLabel}</label>
      <p class="hint" id="q-hint">
        {w.searchHint}
      </p>
      <div class="row">
        <input
          id="q"
          name="q"
          type="search"
          value={query}
          placeholder={w.searchPlaceholder}
          aria-describedby="q-hint"
          autocomplete="off"
          maxLength={300}
        />
        <button type="submit">{w.searchButton}</button>
      </div>
    </form>
  );
}

function TopicList({ topics }: { topics: Topic[] }) {
  return (
    <ul class="topics">
      {topics.map((t) => (
        <li key={t.id}>
          <a href={`/faq/${t.id}`}>{t.title}</a>
        </li>
      ))}
    </ul>
  );
}

/** Where the helpdesk answers, as set up here: only those are named. */
function reachPlaces(mode: RenderMode): string[] {
  return [
    ...(mode.chat ? [w.reachHere] : []),
    ...(mode.links.telegramUrl ? [w.reachOnTelegram] : []),
    ...(mode.links.whatsappUrl ? [w.reachOnWhatsapp] : []),
  ];
}

function Reach({ mode, ask = false }: { mode: RenderMode; ask?: boolean }) {
  const { telegramUrl, whatsappUrl } = mode.links;
  if (!telegramUrl && !whatsappUrl && !mode.chat) return <p>{w.reachNone}</p>;
  return (
    <ul class="reach">
      {mode.chat ? (
        <li>
          <a class="button" href="/chat">
            {texts.webChat.reachChat}
          </a>
        </li>
      ) : null}
      {telegramUrl ? (
        <li>
          <a class="button" href={telegramUrl} rel="noopener">
            {ask ? w.askTelegram : w.reachTelegram}
          </a>
        </li>
      ) : null}
      {whatsappUrl ? (
        <li>
          <a class="button" href={whatsappUrl} rel="noopener">
            {ask ? w.askWhatsapp : w.reachWhatsapp}
          </a>
        </li>
      ) : null}
    </ul>
  );
}

function AnnouncementList({ items, mode }: { items: Announcement[]; mode: RenderMode }) {
  if (items.length === 0) return <p>{w.noAnnouncements}</p>;
  return (
    <ul class="announcements">
      {items.map((a) => (
        <li key={a.id} id={`pengumuman-${a.id}`}>
          <p class="meta">
            <time dateTime={a.createdAt.toISOString()}>{formatDateTime(a.createdAt, mode.timeZone)}</time>
          </p>
          <p class="text">{a.text}</p>
        </li>
      ))}
    </ul>
  );
}

export const page = (node: VNode) => `<!doctype html>${render(node)}`;

export function homePage(
  mode: RenderMode,
  d: { popular: Topic[]; announcements: Announcement[]; incidents: PublicIncident[] },
): string {
  return page(
    <Layout mode={mode} title={w.siteName}>
      <h1>{w.siteName}</h1>
      <p class="lead">{w.siteTagline}</p>
      {d.incidents.length > 0 && (
        <section aria-labelledby="gangguan" class="incidents">
          <h2 id="gangguan">{w.incidentsTitle}</h2>
          <ul>
            {d.incidents.map((i) => (
              <li key={i.label}>
                <strong>
                  {i.label} · {i.title}
                </strong>{' '}
                ({i.system}, {i.status})
                <br />
                {w.incidentLine(i.owner, formatDateTime(i.startedAt, mode.timeZone), i.externalRef)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <SearchForm mode={mode} />
      <div id="hasil" aria-live="polite" />
      <section aria-labelledby="populer">
        <h2 id="populer">{w.popularTitle}</h2>
        <TopicList topics={d.popular} />
        <p>
          <a href="/faq">{w.navFaq}</a>
        </p>
      </section>
      <section aria-labelledby="pengumuman">
        <h2 id="pengumuman">{w.latestAnnouncements}</h2>
        <AnnouncementList items={d.announcements} mode={mode} />
        <p>
          <a href="/pengumuman">{w.allAnnouncements}</a>
        </p>
      </section>
      <section aria-labelledby="hubungi">
        <h2 id="hubungi">{w.reachTitle}</h2>
        {reachPlaces(mode).length > 0 ? <p>{w.reachText(reachPlaces(mode))}</p> : null}
        <Reach mode={mode} />
      </section>
    </Layout>,
  );
}

export function faqIndexPage(mode: RenderMode, groups: TopicGroup[]): string {
  return page(
    <Layout mode={mode} title={w.faqIndexTitle}>
      <h1>{w.faqIndexTitle}</h1>
      <p class="lead">{w.faqIndexIntro}</p>
      <SearchForm mode={mode} />
      {groups.map((g) => (
        <section key={g.id} aria-labelledby={`kelompok-${g.id}`}>
          <h2 id={`kelompok-${g.id}`}>{g.label}</h2>
          <TopicList topics={g.topics} />
        </section>
      ))}
    </Layout>,
  );
}

export function faqPage(mode: RenderMode, intent: Intent, related: Topic[]): string {
  const extraLinks = intent.links.filter((l) => !intent.answer.includes(l.url));
  return page(
    <Layout mode={mode} title={intent.title} description={`${intent.title}. ${w.owner[intent.owner]}`}>
      <article>
        <h1>{intent.title}</h1>
        <p class={`owner owner-${intent.owner}`}>{w.owner[intent.owner]}</p>
        <div class="answer" dangerouslySetInnerHTML={{ __html: answerHtml(intent.answer) }} />
        <p class="meta">
          <time dateTime={intent.updated}>{w.updated(formatDay(intent.updated))}</time>
        </p>
        {extraLinks.length > 0 ? (
          <section aria-labelledby="tautan">
            <h2 id="tautan">{w.links}</h2>
            <ul>
              {extraLinks.map((l) => (
                <li key={l.url}>
                  <a href={l.url} rel="noopener nofollow">
                    {l.label}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </article>
      <section aria-labelledby="tanya">
        <h2 id="tanya">{w.reachTitle}</h2>
        <p>{w.stillStuck}</p>
        <Reach mode={mode} ask />
      </section>
      {related.length > 0 ? (
        <section aria-labelledby="terkait">
          <h2 id="terkait">{w.related}</h2>
          <TopicList topics={related} />
        </section>
      ) : null}
    </Layout>,
  );
}

/** The results part of /cari, also what search as you type puts into the page it is on. */
function SearchResults({ outcome, mode }: { outcome: SearchOutcome; mode: RenderMode }) {
  if (outcome.query === '') return <p>{w.searchEmpty}</p>;
  return (
    <>
      {outcome.results.length > 0 ? (
        <section aria-labelledby="jawaban">
          <h2 id="jawaban">{w.searchResults}</h2>
          <ul class="results">
            {outcome.results.map((t) => (
              <li key={t.id}>
                <a href={`/faq/${t.id}`}>{t.title}</a>
                <span class="owner-tag"> · {w.ownerShort[t.owner]}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p>{outcome.tooLong ? w.searchTooLong : w.searchNone}</p>
      )}
      <section aria-labelledby="tidak-ketemu">
        <h2 id="tidak-ketemu">{w.notFoundTitle}</h2>
        <p>{w.notFoundText}</p>
        <Reach mode={mode} ask />
      </section>
    </>
  );
}

export function searchPage(mode: RenderMode, outcome: SearchOutcome): string {
  // Catalogue functions escape markup characters of what they are given (for the chats' Markdown);
  // a page shows them as themselves.
  const title = outcome.query ? unescapeMarkup(w.searchTitle(outcome.query)) : w.searchEmptyTitle;
  return page(
    <Layout mode={mode} title={title} noindex>
      <h1>{title}</h1>
      <SearchForm mode={mode} query={outcome.query} />
      <div id="hasil" aria-live="polite">
        <SearchResults outcome={outcome} mode={mode} />
      </div>
    </Layout>,
  );
}

export function announcementsPage(mode: RenderMode, items: Announcement[]): string {
  return page(
    <Layout mode={mode} title={w.announcementsTitle}>
      <h1>{w.announcementsTitle}</h1>
      <p class="lead">{w.announcementsIntro}</p>
      <AnnouncementList items={items} mode={mode} />
      <p>
        <a href="/feed.xml">{w.feedLink}</a>
      </p>
    </Layout>,
  );
}

const ownerLabel = (o: keyof typeof w.ownerShort) => w.ownerShort[o];

export function transparencyPage(mode: RenderMode, t: Transparency): string {
  return page(
    <Layout mode={mode} title={w.transparencyTitle}>
      <h1>{w.transparencyTitle}</h1>
      <p class="lead">{w.transparencyIntro}</p>
      <section aria-labelledby="angka">
        <h2 id="angka">{w.figuresTitle(t.days)}</h2>
        <dl class="figures">
          <div>
            <dt>{w.figureTickets}</dt>
            <dd>{t.opened}</dd>
          </div>
          <div>
            <dt>{w.figureOnTime}</dt>
            <dd>{t.onTime ? w.figureOnTimeValue(t.onTime.pct, t.onTime.onTime, t.onTime.measured) : w.figureNotMeasured}</dd>
          </div>
          <div>
            <dt>{w.figureResolved}</dt>
            <dd>{t.resolved}</dd>
          </div>
        </dl>
        <h3>{w.escalationsTitle}</h3>
        {t.escalations.length === 0 ? (
          <p>{w.escalationsNone}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{w.escalationParty}</th>
                <th scope="col">{w.escalationCount}</th>
                <th scope="col">{w.escalationWait}</th>
              </tr>
            </thead>
            <tbody>
              {t.escalations.map((e) => (
                <tr key={e.party}>
                  <td>{e.party}</td>
                  <td>{e.count}</td>
                  <td>{e.longestHours >= 48 ? w.days(Math.floor(e.longestHours / 24)) : w.hours(e.longestHours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {/* The latest IKM and its grade (SiteDeps.latestIkm: this survey period, else the one before). */}
      <section aria-labelledby="ikm" id="slot-ikm">
        <h2 id="ikm">{w.ikmTitle}</h2>
        <p>{t.ikm ? w.ikmValue(t.ikm) : w.ikmPending}</p>
      </section>
      <section aria-labelledby="tanggung-jawab">
        <h2 id="tanggung-jawab">{w.responsibilityTitle}</h2>
        <h3>{w.categoriesTitle}</h3>
        <table>
          <thead>
            <tr>
              <th scope="col">{w.categoryColumn}</th>
              <th scope="col">{w.ownerColumn}</th>
              <th scope="col">{w.slaColumn}</th>
            </tr>
          </thead>
          <tbody>
            {t.categories.map((c) => (
              <tr key={c.label}>
                <td>{c.label}</td>
                <td>{ownerLabel(c.owner)}</td>
                <td>{w.minutesWorking(c.firstResponseMinutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {t.groups.map((g) => (
          <div key={g.label}>
            <h3>{g.label}</h3>
            <table>
              <thead>
                <tr>
                  <th scope="col">{w.topicsColumn}</th>
                  <th scope="col">{w.ownerColumn}</th>
                </tr>
              </thead>
              <tbody>
                {g.topics.map((topic) => (
                  <tr key={topic.id}>
                    <td>
                      <a href={`/faq/${topic.id}`}>{topic.title}</a>
                    </td>
                    <td>{ownerLabel(topic.owner)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </section>
    </Layout>,
  );
}

export function ticketPage(mode: RenderMode, t: TicketView): string {
  const when = (d: Date) => formatDateTime(d, mode.timeZone);
  return page(
    <Layout mode={mode} title={w.ticketTitle(t.id)} noindex>
      <h1>{w.ticketTitle(t.id)}</h1>
      <p class="notice">{w.ticketPrivate}</p>
      <dl class="figures">
        <div>
          <dt>{w.ticketStatus}</dt>
          <dd class="status">{t.status}</dd>
        </div>
        <div>
          <dt>{w.ticketCategory}</dt>
          <dd>{t.category}</dd>
        </div>
        <div>
          <dt>{w.ticketCreated}</dt>
          <dd>{when(t.created)}</dd>
        </div>
        {t.due ? (
          <div>
            <dt>{t.due.kind === 'response' ? w.ticketDue : w.ticketDueResolution}</dt>
            <dd>{when(t.due.at)}</dd>
          </div>
        ) : null}
      </dl>
      <section aria-labelledby="uraian">
        <h2 id="uraian">{w.ticketDescription}</h2>
        <p class="text">{t.description}</p>
      </section>
      <section aria-labelledby="riwayat">
        <h2 id="riwayat">{w.ticketHistory}</h2>
        <ol class="history">
          {t.history.map((e, i) => (
            <li key={i}>
              <p class="meta">
                <time dateTime={e.at.toISOString()}>{when(e.at)}</time> · {e.label}
              </p>
              {e.text ? <p class="text">{e.text}</p> : null}
            </li>
          ))}
        </ol>
      </section>
      <Reach mode={mode} ask />
    </Layout>,
  );
}

export function notFoundPage(mode: RenderMode): string {
  return page(
    <Layout mode={mode} title={w.notFound} noindex>
      <h1>{w.notFound}</h1>
      <p>{w.notFoundBody}</p>
      <p>
        <a href="/">{w.navHome}</a>
      </p>
    </Layout>,
  );
}

export function messagePage(mode: RenderMode, title: string, body: string): string {
  return page(
    <Layout mode={mode} title={title} noindex>
      <h1>{title}</h1>
      <p>{body}</p>
    </Layout>,
  );
}

/** Only the results of a search, for search as you type (it fetches /cari?q=…&live=1 and swaps them in). */
export function searchFragment(mode: RenderMode, outcome: SearchOutcome): string {
  return render(<SearchResults outcome={outcome} mode={mode} />);
}
