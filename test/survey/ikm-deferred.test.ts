import { describe, expect, it } from 'vitest';
import { texts } from '../../src/core/catalogue.js';
import { createManualClock } from '../../src/core/clock.js';
import { createRouter } from '../../src/core/router.js';
import { createDesk } from '../../src/desk.js';
import { silentLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/index.js';
import { rowToOutbound } from '../../src/store/outbox.js';
import { loadSurveyContent } from '../../src/survey/content.js';
import { createSurveyFeature } from '../../src/survey/feature.js';
import type { SurveyReport } from '../../src/survey/report.js';
import { reportPicturesAsync, type ReportPictures } from '../../src/survey/service.js';
import { inbound, tempDbPath } from '../helpers.js';

const ADMIN = { channel: 'telegram' as const, chatId: '1001', userId: '1001', privateChat: true };

/**
 * The real desk and survey feature on a SQLite file; the pictures are rendered by the real
 * renderer (or the test's), wrapped to note whether the database was inside a transaction when
 * the render started.
 */
function setup(render: (report: SurveyReport) => Promise<ReportPictures> = reportPicturesAsync) {
  const store = openStore(tempDbPath());
  const clock = createManualClock(new Date('2026-03-01T03:00:00Z'));
  const inTransaction: boolean[] = [];
  const survey = createSurveyFeature({
    content: loadSurveyContent('intents'),
    survey: store.survey,
    contacts: store.contacts,
    periodKind: 'year',
    timeZone: 'Asia/Jakarta',
    population: undefined,
    inviteAfterTicket: false,
    isAdmin: (ctx) => ctx.msg.userId === ADMIN.userId,
    channelRunning: () => true,
    renderPictures: (report) => {
      inTransaction.push(store.handle.sqlite.inTransaction);
      return render(report);
    },
    log: silentLogger,
  });
  const turns: Array<() => void> = [];
  const desk = createDesk({
    store,
    router: createRouter([survey]),
    clock,
    log: silentLogger,
    schedule: (run) => void turns.push(run),
  });
  store.survey.importFile(
    'x.csv',
    'sha',
    [{ period: '2026', answeredOn: '2026-02-01', answers: [{ item: 'U1', performance: 2, importance: 4 }] }],
    clock.now(),
  );
  return { store, desk, inTransaction, later: () => turns.splice(0).forEach((run) => run()) };
}

const queued = (store: Store) => store.outbox.due('telegram', new Date('2100-01-01'), 100).map(rowToOutbound);

describe('/ikm outside the asking message’s transaction', () => {
  it('renders the pictures after the message committed, never inside its transaction, and sends them once', async () => {
    const { store, desk, inTransaction, later } = setup();
    const result = desk.receive(inbound('/ikm 2026', { ...ADMIN, externalId: 'tg-1' }));
    // Committed with nothing rendered and nothing queued yet.
    expect(result.queued).toEqual([]);
    expect(inTransaction).toEqual([]);
    expect(queued(store)).toEqual([]);
    // The same update delivered again renders nothing more.
    expect(desk.receive(inbound('/ikm 2026', { ...ADMIN, externalId: 'tg-1' })).duplicate).toBe(true);
    later();
    const ids = await result.deferred!;
    expect(inTransaction).toEqual([false]);
    const sent = queued(store);
    expect(sent).toHaveLength(1);
    expect(ids).toHaveLength(1);
    expect(sent[0]!.files!.map((f) => f.fileName)).toEqual(['ipa-2026.png', 'nrr-2026.png']);
    expect(Buffer.from(sent[0]!.files![0]!.data!, 'base64').subarray(1, 4).toString()).toBe('PNG');
    store.close();
  });

  it('answers another user while the pictures are still being rendered, then sends them', async () => {
    let finish: (() => void) | undefined;
    const { store, desk, later } = setup(
      (report) => new Promise((resolve) => (finish = () => void reportPicturesAsync(report).then(resolve))),
    );
    const { deferred } = desk.receive(inbound('/ikm 2026', ADMIN));
    later();
    expect(finish).toBeDefined();
    // The render has started and not finished: a vendor's message is handled and answered now.
    const vendor = desk.receive(inbound('/survei', { channel: 'telegram', chatId: '77', userId: '77', privateChat: true }));
    expect(vendor.queued).toHaveLength(1);
    expect(queued(store).map((m) => m.chatId)).toEqual(['77']);
    finish!();
    await deferred;
    expect(queued(store).map((m) => [m.chatId, m.files?.length])).toEqual([
      ['77', undefined],
      ['1001', 2],
    ]);
    store.close();
  });

  it('answers a render that fails with a polite apology, once, and no pictures', async () => {
    const { store, desk, later } = setup(() => Promise.reject(new Error('resvg: out of memory')));
    const { deferred } = desk.receive(inbound('/ikm 2026', ADMIN));
    later();
    await deferred;
    expect(queued(store).map((m) => [m.text, m.files])).toEqual([[texts.survey.picturesFailed('2026'), undefined]]);
    store.close();
  });

  it('still answers the refusals and a period with no answers', async () => {
    const { store, desk, inTransaction, later } = setup();
    desk.receive(inbound('/ikm kemarin', ADMIN));
    const { deferred } = desk.receive(inbound('/ikm 2025', ADMIN));
    later();
    await deferred;
    expect(queued(store).map((m) => m.text)).toEqual([texts.survey.badPeriod('kemarin'), texts.survey.noResponses('2025')]);
    expect(inTransaction).toEqual([]);
    store.close();
  });
});
