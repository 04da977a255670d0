/**
 * Replicas start together (`docker compose up` starts both at once), each
 * with its own pg-boss on the one database. pg-boss installs its schema
 * under a lock of its own, but creating a queue takes none: two replicas
 * creating the same queue at the same moment could deadlock and one of them
 * fail to start. Every replica must come up, on a database pg-boss has never
 * seen, and the queues exist once. Each replica starts what src/server.ts
 * starts with RETENTION_DAYS set in OAuth mode: the nudge scheduler, the
 * nightly purge and the uninstalled workspaces' purge.
 */
import { createNudgeStore, createRetentionStore } from '../../src/db/stores';
import { NUDGE_QUEUE, startNudgeScheduler, TICK_QUEUE } from '../../src/jobs/morning-nudges';
import { RETENTION_QUEUE, startRetentionPurge } from '../../src/jobs/retention-purge';
import { PURGE_QUEUE, startWorkspacePurge } from '../../src/jobs/workspace-purge';
import { createPace } from '../../src/nudge/pace';
import { createNudgeEngine } from '../../src/nudge/pass';
import { webMessenger } from '../../src/slack/nudge-client';
import { startHarness, type Harness } from '../support/nudge-harness';

const ROUNDS = 3;
const REPLICAS = 3;

const running: Array<{ stop(): Promise<void> }> = [];
const harnesses: Harness[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await Promise.all(harnesses.map((h) => h.close()));
});

test(`${REPLICAS} replicas' schedulers starting at once on a fresh database all start, ${ROUNDS} times over`, async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const h = await startHarness();
    harnesses.push(h);
    const engine = createNudgeEngine({
      store: createNudgeStore(h.database.db),
      slack: webMessenger(h.client),
      logger: h.logger,
      pace: createPace({ concurrency: 1, perSecond: 1 }),
    });
    // Crons that never come due while the test runs: only the start-up is under test.
    const replica = async () => {
      running.push(await startNudgeScheduler({ databaseUrl: h.database.url, engine, logger: h.logger, now: () => new Date(), cron: '0 0 1 1 *' }));
      const store = createRetentionStore(h.database.db);
      running.push(await startRetentionPurge({ databaseUrl: h.database.url, store, days: 30, logger: h.logger, now: () => new Date(), cron: '0 0 1 1 *' }));
      running.push(await startWorkspacePurge({ db: h.database.db, databaseUrl: h.database.url, logger: h.logger, now: () => new Date(), cron: '0 0 1 1 *' }));
    };
    const outcomes = await Promise.allSettled(Array.from({ length: REPLICAS }, replica));
    expect(outcomes.map((o) => (o.status === 'rejected' ? String((o.reason as Error).message) : 'started'))).toEqual(Array(REPLICAS).fill('started'));
    const { rows } = await h.database.pool.query<{ name: string }>('select name from pgboss.queue where name = any($1) order by name', [[TICK_QUEUE, NUDGE_QUEUE, RETENTION_QUEUE, PURGE_QUEUE]]);
    expect(rows.map((r) => r.name)).toEqual([NUDGE_QUEUE, TICK_QUEUE, RETENTION_QUEUE, PURGE_QUEUE].sort());
    expect(h.logger.lines.filter((l) => /"level":"error"/.test(l))).toEqual([]);
  }
}, 120_000);
