import { createContactsRepo, type ContactsRepo } from './contacts.js';
import { startCheckpointer } from './checkpointer.js';
import { backupDatabase, openDatabase, type DbHandle } from './db.js';
import { createDeskStateRepo, type DeskStateRepo } from './desk-state.js';
import { createDialogRepo, type DialogRepo } from './dialogs.js';
import { createFaqRepo, type FaqRepo } from './faq.js';
import { createHandoffsRepo, type HandoffsRepo } from './handoffs.js';
import { createInboundRepo, type InboundRepo } from './inbound.js';
import { createLinkCodesRepo, type LinkCodesRepo } from './link-codes.js';
import { createOutboxRepo, type OutboxRepo } from './outbox.js';
import { createStaffRepo, type StaffRepo } from './staff.js';
import { createSurveyRepo, type SurveyRepo } from './survey.js';
import { createTelegramTopicsRepo, type TelegramTopicsRepo } from './telegram-topics.js';
import { createTelegramAlbumsRepo, type TelegramAlbumsRepo } from './telegram-albums.js';
import { createTicketsRepo, type TicketsRepo } from './tickets.js';
import { createTicketSearch, type TicketSearch } from './ticket-search.js';
import { createWhatsAppAuthRepo, type WhatsAppAuthRepo } from './whatsapp-auth.js';
import { createWhatsAppIdentityRepo, type WhatsAppIdentityRepo } from './whatsapp-identity.js';
import { createTicketTokensRepo, type TicketTokensRepo } from './ticket-tokens.js';
import { createAnnouncementsRepo, type AnnouncementsRepo } from './announcements.js';
import { createIncidentsRepo, type IncidentsRepo } from './incidents.js';
import { createPeriodReportRepo, type PeriodReportRepo } from './period-report.js';
import { createWebChatRepo, type WebChatRepo } from './web-chat.js';
import { createWebRetentionRepo, type WebRetentionRepo } from './web-retention.js';

/**
 * The one door to persistence. Everything above store/ sees repositories and `transaction`,
 * never drizzle or better-sqlite3.
 */
export interface Store {
  readonly path: string;
  inbound: InboundRepo;
  outbox: OutboxRepo;
  contacts: ContactsRepo;
  linkCodes: LinkCodesRepo;
  dialogs: DialogRepo;
  faq: FaqRepo;
  tickets: TicketsRepo;
  staff: StaffRepo;
  telegramTopics: TelegramTopicsRepo;
  telegramAlbums: TelegramAlbumsRepo;
  /** Facts learnt at run time (the staff group's new id), kept across restarts. */
  deskState: DeskStateRepo;
  whatsappAuth: WhatsAppAuthRepo;
  whatsappIdentities: WhatsAppIdentityRepo;
  /** Chats in conversation with staff on a ticket. */
  handoffs: HandoffsRepo;
  /** Links to the microsite's ticket tracking pages. */
  ticketTokens: TicketTokensRepo;
  /** Announcements (/siaran) as the microsite publishes them. */
  announcements: AnnouncementsRepo;
  /** True when the database answers a query (the microsite's /healthz). */
  ping(): boolean;
  /** Staff look-ups over tickets (`/cari`, `/antrian saya`). */
  ticketSearch: TicketSearch;
  /** IKM survey responses, imports and invitations. */
  survey: SurveyRepo;
  /** Incidents (`I-N`), their affected users and the reports surges are counted from. */
  incidents: IncidentsRepo;
  /** What the periodic report (src/reports) reads about tickets. */
  periodReport: PeriodReportRepo;
  /** Web chat sessions and their conversations (src/channels/web). */
  webChat: WebChatRepo;
  /** Which web chat sessions have passed WEB_CHAT_RETENTION_DAYS, and deleting them. */
  webRetention: WebRetentionRepo;
  /** Runs fn in one SQLite transaction (a savepoint when nested); a throw rolls everything back. */
  transaction<T>(fn: () => T): T;
  backup(destination: string): Promise<void>;
  close(): void;
  /** The low-level handle, for store-internal modules and tests that inspect tables. */
  readonly handle: DbHandle;
}

export function openStore(path: string, opts: { migrationsFolder?: string } = {}): Store {
  const handle = openDatabase(path, opts);
  const { db, sqlite } = handle;
  // One transaction function for every call (better-sqlite3 nests it as a savepoint inside another),
  // instead of wrapping each message's work in a new one.
  const inTransaction = sqlite.transaction((fn: () => unknown) => fn());
  // A file's WAL is checkpointed beside the desk, not inside its commits (checkpointer.ts).
  const checkpointer = path === ':memory:' || path === '' ? undefined : startCheckpointer(sqlite, path);
  return {
    path,
    handle,
    inbound: createInboundRepo(db),
    outbox: createOutboxRepo(db),
    contacts: createContactsRepo(db),
    linkCodes: createLinkCodesRepo(db),
    dialogs: createDialogRepo(db),
    faq: createFaqRepo(db),
    tickets: createTicketsRepo(db),
    staff: createStaffRepo(db),
    telegramTopics: createTelegramTopicsRepo(db),
    telegramAlbums: createTelegramAlbumsRepo(db),
    deskState: createDeskStateRepo(db),
    whatsappAuth: createWhatsAppAuthRepo(db, handle),
    whatsappIdentities: createWhatsAppIdentityRepo(handle),
    handoffs: createHandoffsRepo(db),
    ticketTokens: createTicketTokensRepo(db),
    announcements: createAnnouncementsRepo(db),
    ping: () => {
      try {
        return sqlite.open && sqlite.prepare('select 1 as ok').get() !== undefined;
      } catch {
        return false;
      }
    },
    ticketSearch: createTicketSearch(db),
    survey: createSurveyRepo(db),
    incidents: createIncidentsRepo(db),
    periodReport: createPeriodReportRepo(db),
    webChat: createWebChatRepo(db),
    webRetention: createWebRetentionRepo(db),
    transaction: <T>(fn: () => T) => inTransaction(fn) as T,
    backup: (destination) => backupDatabase(handle, destination),
    close: () => {
      checkpointer?.stop();
      if (sqlite.open) sqlite.close();
    },
  };
}
