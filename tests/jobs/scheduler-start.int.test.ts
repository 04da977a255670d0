/**
 * Replicas start together (`docker compose up` starts both at once), each
 * with its own pg-boss on the one database. pg-boss installs its schema
 * under a lock of its own, but creating a queue takes none: two replicas
 * creating the same queue at the same moment could deadlock and one of them
 * fail to start. Every replica must come up, on a database pg-boss has never
 * seen, and the queues exist once.
 */
import { createNudgeStore } from '../../src/db/stores';
import { NUDGE_QUEUE, startNudgeScheduler, TICK_QUEUE, type NudgeScheduler } from '../../src/jobs/morning-nudges';
import { createPace } from '../../src/nudge/pace';
import { createNudgeEngine } from '../../src/nudge/pass';
import { webMessenger } from '../../src/slack/nudge-client';
import { startHarness, type Harness } from '../support/nudge-harness';

const ROUNDS = 3;
const REPLICAS = 3;

const running: NudgeScheduler[] = [];
const harnesses: Harness[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await Promise.all(harnesses.map((h) => h.close()));
});

test(`${REPLICAS} schedulers starting at once on a fresh database all start, ${ROUNDS} times over`, async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const h = await startHarness();
    harnesses.push(h);
    const engine = createNudgeEngine({
      store: createNudgeStore(h.database.db),
      slack: webMessenger(h.client),
      logger: h.logger,
      pace: createPace({ concurrency: 1, perSecond: 1 }),
    });
    // A cron that never comes due while the test runs: only the start-up is under test.
    const outcomes = await Promise.allSettled(
      Array.from({ length: REPLICAS }, () => startNudgeScheduler({ databaseUrl: h.database.url, engine, logger: h.logger, now: () => new Date(), cron: '0 0 1 1 *' })),
    );
    for (const outcome of outcomes) if (outcome.status === 'fulfilled') running.push(outcome.value);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String((o.reason as Error).message) : 'started'))).toEqual(Array(REPLICAS).fill('started'));
    const { rows } = await h.database.pool.query<{ name: string }>('select name from pgboss.queue where name = any($1) order by name', [[TICK_QUEUE, NUDGE_QUEUE]]);
    expect(rows.map((r) => r.name)).toEqual([NUDGE_QUEUE, TICK_QUEUE].sort());
    expect(h.logger.lines.filter((l) => /"level":"error"/.test(l))).toEqual([]);
  }
}, 120_000);
