/**
 * The server's path: pg-boss in the process, on the same Postgres. A cron
 * schedule every minute; a tick enqueues one job per due person and local
 * date; workers post; a failed post is retried by the queue. Two replicas
 * running at once still tick once a minute and nudge each person once.
 *
 * The cron is pg-boss's own, really scheduled and really fired: only its
 * monitor's intervals are short (a second instead of 30), so a tick comes
 * within seconds of start-up. The tick plans at the scheduler's `now`, fixed
 * here at Monday 09:00 in Berlin, so whatever the real time, someone is due.
 */
import type { WebClient } from '@slack/web-api';
import { createNudgeStore } from '../../src/db/stores';
import { startNudgeScheduler, NUDGE_QUEUE, TICK_QUEUE, type NudgeScheduler, type NudgeSchedulerTiming } from '../../src/jobs/morning-nudges';
import { createPace } from '../../src/nudge/pace';
import { createNudgeEngine } from '../../src/nudge/pass';
import { createNudgeClient, webMessenger } from '../../src/slack/nudge-client';
import { codes, nudgeSessions, startHarness, type Harness } from '../support/nudge-harness';
import { waitFor } from '../support/wait';

/** Everything the cron path waits on, in seconds: pg-boss's cron monitor and its worker, the two queues, the retry. */
const FAST: NudgeSchedulerTiming = {
  cronMonitorIntervalSeconds: 1,
  cronWorkerIntervalSeconds: 1,
  tickPollingIntervalSeconds: 0.5,
  nudgePollingIntervalSeconds: 0.5,
  retryDelaySeconds: 1,
};
// Monday 2 February 2026, 09:00 in Berlin and Paris; midnight in Los Angeles.
const MONDAY_0900_BERLIN = new Date('2026-02-02T08:00:00Z');

const running: NudgeScheduler[] = [];
const harnesses: Harness[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await Promise.all(harnesses.map((h) => h.close()));
});

async function harness(): Promise<Harness> {
  const h = await startHarness();
  harnesses.push(h);
  return h;
}

/** A scheduler on the harness's database, as the server starts one, with a Slack client that does not retry by itself. */
async function replica(h: Harness, client?: WebClient): Promise<NudgeScheduler> {
  const engine = createNudgeEngine({
    store: createNudgeStore(h.database.db),
    slack: webMessenger(client ?? h.client),
    logger: h.logger,
    pace: createPace({ concurrency: 4, perSecond: 50 }),
  });
  const scheduler = await startNudgeScheduler({ databaseUrl: h.database.url, engine, logger: h.logger, now: () => MONDAY_0900_BERLIN, timing: FAST });
  running.push(scheduler);
  return scheduler;
}

async function jobs(h: Harness, queue: string) {
  const { rows } = await h.database.pool.query<{ state: string; retry_count: number; created_on: Date; data: unknown }>(
    'select state, retry_count, created_on, data from pgboss.job where name = $1 order by created_on',
    [queue],
  );
  return rows;
}

function botMessages(h: Harness) {
  return h.slack.state.messages({ author: 'bot' });
}

describe('one replica', () => {
  let h: Harness;
  let scheduler: NudgeScheduler;
  let client: WebClient;
  beforeAll(async () => {
    h = await harness();
    // No retries of its own: a failed post reaches the nudge job, and pg-boss's retry is what is tested.
    client = createNudgeClient({ token: h.slack.botToken, apiUrl: h.slack.url, logger: h.logger, retryConfig: { retries: 0 } });
  });

  test('the cron schedule fires the tick on its own: a due person’s nudge reaches Slack without anyone calling tick()', async () => {
    await h.seed([{ id: 'UBER', firstName: 'Björn', tz: 'Europe/Berlin' }], '2026-02-02T00:00:00Z');
    scheduler = await replica(h, client);
    expect(await scheduler.boss.getSchedules()).toEqual([expect.objectContaining({ name: TICK_QUEUE, cron: '* * * * *' })]);

    const [nudge] = await waitFor('the nudge at the fake Slack', () => (botMessages(h).length > 0 ? botMessages(h) : undefined), { timeoutMs: 20_000 });
    expect(nudge!.text).toContain('Good morning, Björn!');
    expect(h.slack.state.channel(nudge!.channel)?.user).toBe('UBER');
    // It came by the cron: a tick job ran, and the tick planned one nudge.
    expect((await jobs(h, TICK_QUEUE)).length).toBeGreaterThanOrEqual(1);
    expect(h.logger.lines.map((l) => JSON.parse(l)).find((l) => l.code === 'nudge_tick')).toMatchObject({ due: 1 });
    const sessions = await waitFor('the session to record its thread', async () => {
      const rows = await nudgeSessions(h.database);
      return rows.every((s) => s.thread_ts) ? rows : undefined;
    });
    expect(sessions).toEqual([expect.objectContaining({ user_id: 'UBER', thread_ts: nudge!.ts })]);
    await h.expectTwinUntouched();
  }, 30_000);

  test('a nudge Slack answers 500 for is retried by the queue and goes out once', async () => {
    await h.seed([{ id: 'UPAR', firstName: 'Anaïs', tz: 'Europe/Paris' }], '2026-02-02T00:00:00Z');
    h.slack.failNext('chat.postMessage', { status: 500 });
    const before = botMessages(h).length;
    // The cron's tick for this minute has run already: the next one is a minute away, so tick now as it would.
    expect(await scheduler.tick()).toBe(1);

    const nudge = await waitFor('the retried nudge at the fake Slack', () => botMessages(h).slice(before).find((m) => h.slack.state.channel(m.channel)?.user === 'UPAR'), {
      timeoutMs: 20_000,
    });
    expect(nudge.text).toContain('Good morning, Anaïs!');
    const posts = h.slack.calls('chat.postMessage').filter((c) => c.args.channel === nudge.channel);
    expect(posts.map((c) => c.status)).toEqual([500, 200]);
    // The first try failed and gave the day back; the queue ran the same job again.
    expect(codes(h.logger)).toEqual(expect.arrayContaining(['nudge_post_failed', 'nudge_claim_released']));
    const job = await waitFor('the job to complete', async () =>
      (await jobs(h, NUDGE_QUEUE)).find((j) => (j.data as { userId: string }).userId === 'UPAR' && j.state === 'completed'),
    );
    expect(job.retry_count).toBe(1);
    expect(botMessages(h).filter((m) => h.slack.state.channel(m.channel)?.user === 'UPAR')).toHaveLength(1);
    // The job completed after the session recorded its thread.
    expect((await nudgeSessions(h.database)).filter((s) => s.user_id === 'UPAR')).toEqual([expect.objectContaining({ thread_ts: nudge.ts })]);
    await h.expectTwinUntouched();
  }, 30_000);
});

describe('two replicas on one database', () => {
  let h: Harness;
  let a: NudgeScheduler;
  let b: NudgeScheduler;
  beforeAll(async () => {
    h = await harness();
    await h.seed(
      [
        { id: 'ULA', firstName: 'Lena', tz: 'America/Los_Angeles' },
        { id: 'UBER', firstName: 'Björn', tz: 'Europe/Berlin' },
        { id: 'UPAR', firstName: 'Anaïs', tz: 'Europe/Paris' },
      ],
      '2026-02-02T00:00:00Z',
    );
  });

  test('both running the cron: at most one tick a minute between them, and each due person nudged once', async () => {
    const started = Date.now();
    // One after the other, as a rolling deploy starts them (two pg-boss instances creating the same queues at the
    // same instant on a fresh schema can deadlock in createQueue).
    a = await replica(h);
    b = await replica(h);
    await waitFor('Björn and Anaïs nudged', async () => (await nudgeSessions(h.database)).filter((s) => s.thread_ts).length === 2, { timeoutMs: 20_000 });
    // Both replicas' cron monitors ran; pg-boss let one tick through per minute.
    const ticks = await jobs(h, TICK_QUEUE);
    expect(ticks.length).toBeGreaterThanOrEqual(1);
    const minutes = ticks.map((t) => Math.floor(t.created_on.getTime() / 60_000));
    expect(new Set(minutes).size).toBe(minutes.length);
    expect(ticks.length).toBeLessThanOrEqual(Math.floor(Date.now() / 60_000) - Math.floor(started / 60_000) + 1);
    // Every nudge job done, none still waiting to post a second time.
    await waitFor('the nudge jobs to complete', async () => (await jobs(h, NUDGE_QUEUE)).every((j) => j.state === 'completed'));
    expect(botMessages(h)).toHaveLength(2);
    expect((await nudgeSessions(h.database)).map((s) => s.user_id).sort()).toEqual(['UBER', 'UPAR']);
  }, 30_000);

  test('ticks called at the same moment on both replicas enqueue nothing twice; a day already nudged enqueues nothing', async () => {
    // Both have nudged today: every tick now finds the day taken.
    expect(await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()])).toEqual([0, 0, 0, 0]);
    // A new person due at this minute, ticked four times at once on two replicas: one job, one nudge.
    await h.seed([{ id: 'UAMS', firstName: 'Daan', tz: 'Europe/Amsterdam' }], '2026-02-02T00:00:00Z');
    const enqueued = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(enqueued.every((n) => n === 1)).toBe(true);
    const daan = (await jobs(h, NUDGE_QUEUE)).filter((j) => (j.data as { userId: string }).userId === 'UAMS');
    expect(daan).toHaveLength(1);
    await waitFor('Daan’s job to complete', async () => (await jobs(h, NUDGE_QUEUE)).every((j) => j.state === 'completed'));
    expect(botMessages(h).filter((m) => h.slack.state.channel(m.channel)?.user === 'UAMS')).toHaveLength(1);
    await h.expectTwinUntouched();
  }, 30_000);
});
