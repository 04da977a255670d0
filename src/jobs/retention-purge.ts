/**
 * RETENTION_DAYS on pg-boss (v10): every night at 03:30 UTC a cron schedule
 * puts one `retention-purge` job on the queue (pg-boss makes a schedule fire
 * once across replicas, and the queue's `singleton` policy lets only one
 * purge run at a time), and its worker deletes the sessions created more
 * than RETENTION_DAYS days before, with their messages and reports
 * (src/privacy/service.ts purgeExpired). Started only when RETENTION_DAYS
 * is set: unset, nothing is ever purged.
 */
import PgBoss from 'pg-boss';
import { errorFields, type Logger } from '../log';
import type { RetentionStore } from '../privacy/ports';
import { purgeExpired } from '../privacy/service';
import { createQueueOnce } from './queues';

export const RETENTION_QUEUE = 'retention-purge';
/** 03:30 UTC: after midnight everywhere in Europe, before the morning nudges of most. */
export const RETENTION_CRON = '30 3 * * *';

export interface RetentionPurgeOptions {
  databaseUrl: string;
  store: RetentionStore;
  days: number;
  logger: Logger;
  now: () => Date;
  cron?: string;
  /** Seconds between polls of the queue (30 unless told; tests make it short). */
  pollingIntervalSeconds?: number;
}

export interface RetentionPurge {
  boss: PgBoss;
  /** Puts a purge on the queue now, as the schedule does at night; null when one is already queued. */
  enqueue(): Promise<string | null>;
  stop(): Promise<void>;
}

export async function startRetentionPurge(options: RetentionPurgeOptions): Promise<RetentionPurge> {
  const { store, days, logger, now } = options;
  const boss = new PgBoss({ connectionString: options.databaseUrl, schema: 'pgboss', application_name: 'deep-thoughts-retention', max: 2 });
  boss.on('error', (error) => logger.error('retention_scheduler_error', errorFields(error)));
  await boss.start();
  // A failed purge is tried again an hour later, twice; the next night's catches up anyway.
  await createQueueOnce(boss, RETENTION_QUEUE, { name: RETENTION_QUEUE, policy: 'singleton', retryLimit: 2, retryDelay: 3600, expireInSeconds: 3600 });
  await boss.work(RETENTION_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 30 }, async () => {
    try {
      await purgeExpired(store, days, now(), logger);
    } catch (error) {
      logger.error('retention_purge_failed', errorFields(error));
      throw error;
    }
  });
  await boss.schedule(RETENTION_QUEUE, options.cron ?? RETENTION_CRON, {}, { tz: 'UTC' });

  let stopped: Promise<void> | undefined;
  return {
    boss,
    enqueue: () => boss.send(RETENTION_QUEUE, {}),
    stop: () => (stopped ??= boss.stop({ graceful: true, timeout: 20_000, wait: true })),
  };
}
