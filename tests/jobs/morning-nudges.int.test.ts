/**
 * The server's path: pg-boss in the process, on the same Postgres. A cron
 * schedule every minute; a tick enqueues one job per due person and local
 * date; workers post. Two replicas ticking at once still nudge each person
 * once.
 */
import { createNudgeStore } from '../../src/db/stores';
import { startNudgeScheduler, NUDGE_QUEUE, TICK_QUEUE, type NudgeScheduler } from '../../src/jobs/morning-nudges';
import { createPace } from '../../src/nudge/pace';
import { createNudgeEngine } from '../../src/nudge/pass';
import { webMessenger } from '../../src/slack/nudge-client';
import { nudgeSessions, startHarness, type Harness } from '../support/nudge-harness';

let h: Harness;
const running: NudgeScheduler[] = [];
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await h.close();
});

async function replica(now: () => Date): Promise<NudgeScheduler> {
  const engine = createNudgeEngine({
    store: createNudgeStore(h.database.db),
    slack: webMessenger(h.client),
    logger: h.logger,
    pace: createPace({ concurrency: 4, perSecond: 50 }),
  });
  const scheduler = await startNudgeScheduler({ databaseUrl: h.database.url, engine, logger: h.logger, now, pollingIntervalSeconds: 0.5 });
  running.push(scheduler);
  return scheduler;
}

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('ticks on two replicas enqueue one job per person and date; workers nudge each person once', async () => {
  await h.seed(
    [
      { id: 'ULA', firstName: 'Lena', tz: 'America/Los_Angeles' },
      { id: 'UBER', firstName: 'Björn', tz: 'Europe/Berlin' },
      { id: 'UPAR', firstName: 'Anaïs', tz: 'Europe/Paris' },
    ],
    '2026-02-02T00:00:00Z',
  );
  // Monday 09:00 in Berlin and Paris; midnight in Los Angeles.
  const now = () => new Date('2026-02-02T08:00:00Z');
  const a = await replica(now);
  const b = await replica(now);

  const schedules = await a.boss.getSchedules();
  expect(schedules).toEqual(expect.arrayContaining([expect.objectContaining({ name: TICK_QUEUE, cron: '* * * * *' })]));

  // Both replicas tick at the same minute, twice: the singleton key keeps one job per person and date.
  await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
  const { rows } = await h.database.pool.query<{ n: string }>(
    `select count(*) as n from pgboss.job where name = $1`,
    [NUDGE_QUEUE],
  );
  expect(Number(rows[0]!.n)).toBe(2);

  await until(async () => (await nudgeSessions(h.database)).filter((s) => s.thread_ts).length === 2);
  // Once posted, later ticks find the day taken and enqueue nothing.
  expect(await a.tick()).toBe(0);
  await new Promise((r) => setTimeout(r, 1500));
  expect(h.slack.state.messages({ author: 'bot' })).toHaveLength(2);
  expect((await nudgeSessions(h.database)).map((s) => s.user_id).sort()).toEqual(['UBER', 'UPAR']);
}, 60_000);
