/**
 * The morning nudges on pg-boss (v10), in the bot's own process and on its
 * own Postgres (schema `pgboss`).
 *
 * - A cron schedule puts one `nudge-tick` job on the queue every minute
 *   (pg-boss makes that once per minute across replicas).
 * - The tick runs planPass and enqueues one `nudge` job per due person, keyed
 *   by person and local date; the key makes a re-enqueue in the next tick a
 *   no-op while the first job waits its turn behind the pace.
 * - `nudge` workers run nudgePerson at the time they run, so a job that
 *   waited (or a retry) is judged again: a person who paused meanwhile, or a
 *   window that closed, gets nothing.
 *
 * pg-boss never decides "exactly once": the unique session per person and
 * local date does (see store.ts). Retries, restarts and replicas only ever
 * lose that insert.
 */
import PgBoss from 'pg-boss';
import { errorFields, type Logger } from '../log';
import { nudgeSafely, planPass, type NudgeEngine, formatSummary } from '../nudge/pass';
import { createQueueOnce } from './queues';

export const TICK_QUEUE = 'nudge-tick';
export const NUDGE_QUEUE = 'nudge';

export interface NudgeJob {
  teamId: string;
  userId: string;
  localDate: string;
}

export interface NudgeSchedulerOptions {
  databaseUrl: string;
  engine: NudgeEngine;
  logger: Logger;
  now: () => Date;
  /** pg-boss's cron; '* * * * *' (every minute, UTC) unless a test says otherwise. */
  cron?: string;
  /** Seconds between polls of the nudge queue when it is empty. */
  pollingIntervalSeconds?: number;
  /** How quickly things happen; the defaults suit production, tests make them short. */
  timing?: NudgeSchedulerTiming;
}

export interface NudgeSchedulerTiming {
  /** pg-boss: how often a replica checks whether a cron schedule is due (1 to 45 s; pg-boss's default 30). */
  cronMonitorIntervalSeconds?: number;
  /** pg-boss: how often a due schedule's job is moved onto its queue (1 to 45 s; pg-boss's default 5). */
  cronWorkerIntervalSeconds?: number;
  /** Seconds between polls of the nudge queue when it is empty (2 unless told). */
  nudgePollingIntervalSeconds?: number;
  /** Seconds between polls of the tick queue (5 unless told). */
  tickPollingIntervalSeconds?: number;
  /** Seconds before a failed nudge is tried again; later tries back off from it (60 unless told). */
  retryDelaySeconds?: number;
}

export interface NudgeScheduler {
  boss: PgBoss;
  /** Runs one tick now (what the cron job does); returns how many jobs it enqueued. */
  tick(): Promise<number>;
  stop(): Promise<void>;
}

/** A throttle slot of half a day: at most two jobs per person and local date, whatever the timing. */
const SINGLETON_SECONDS = 12 * 60 * 60;

export async function startNudgeScheduler(options: NudgeSchedulerOptions): Promise<NudgeScheduler> {
  const { engine, logger, now } = options;
  const timing = options.timing ?? {};
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: 'pgboss',
    application_name: 'deep-thoughts-scheduler',
    max: 4,
    ...(timing.cronMonitorIntervalSeconds ? { cronMonitorIntervalSeconds: timing.cronMonitorIntervalSeconds } : {}),
    ...(timing.cronWorkerIntervalSeconds ? { cronWorkerIntervalSeconds: timing.cronWorkerIntervalSeconds } : {}),
  });
  boss.on('error', (error) => logger.error('scheduler_error', errorFields(error)));
  await boss.start();

  await createQueueOnce(boss, TICK_QUEUE, { name: TICK_QUEUE, policy: 'standard', retryLimit: 0, expireInSeconds: 300 });
  await createQueueOnce(boss, NUDGE_QUEUE, {
    name: NUDGE_QUEUE,
    policy: 'standard',
    // A nudge that failed for a passing reason (Slack 5xx, a timeout) gets two more tries,
    // a minute and then about two apart; its own window check stops them when it closes.
    retryLimit: 2,
    retryDelay: timing.retryDelaySeconds ?? 60,
    retryBackoff: true,
    expireInSeconds: 900,
  });

  const tick = async (): Promise<number> => {
    const at = now();
    const { summary, due } = await planPass(engine, at);
    if (due.length > 0) {
      await boss.insert(
        due.map(({ person, localDate }) => ({
          name: NUDGE_QUEUE,
          data: { teamId: person.teamId, userId: person.userId, localDate } satisfies NudgeJob,
          singletonKey: `${person.teamId}:${person.userId}:${localDate}`,
          singletonSeconds: SINGLETON_SECONDS,
        })),
      );
    }
    if (due.length > 0 || summary.nudged > 0 || Object.keys(summary.skipped).length > 0) {
      logger.info('nudge_tick', { due: due.length, plan: formatSummary(summary) });
    }
    return due.length;
  };

  await boss.work(TICK_QUEUE, { pollingIntervalSeconds: timing.tickPollingIntervalSeconds ?? 5 }, async () => {
    await tick();
  });

  await boss.work<NudgeJob>(
    NUDGE_QUEUE,
    { batchSize: 20, pollingIntervalSeconds: options.pollingIntervalSeconds ?? timing.nudgePollingIntervalSeconds ?? 2 },
    async (jobs) => {
      await Promise.all(
        jobs.map((job) =>
          engine.pace.run(async () => {
            const person = await engine.store.person(job.data.teamId, job.data.userId);
            if (!person) return;
            const result = await nudgeSafely(engine, person, now());
            // Only a passing failure is retried; everything else is final for the day.
            if (result.kind === 'failed') await boss.fail(NUDGE_QUEUE, job.id, { error: result.slackError ?? 'nudge_failed' });
          }),
        ),
      );
    },
  );

  await boss.schedule(TICK_QUEUE, options.cron ?? '* * * * *');

  let stopped: Promise<void> | undefined;
  return {
    boss,
    tick,
    stop: () => (stopped ??= boss.stop({ graceful: true, timeout: 20_000, wait: true })),
  };
}
