/**
 * Deletes the data of workspaces that uninstalled the app, once their grace
 * period (UNINSTALL_RETENTION_DAYS) is over: a pg-boss cron job (hourly, once
 * across replicas) on the bot's own Postgres. Each workspace goes in one
 * transaction (src/db/queries/workspace-data.ts); a reinstall before the
 * purge clears `purge_after`, so that workspace is kept.
 */
import PgBoss from 'pg-boss';
import type { Database } from '../db/client';
import { workspacesToPurge } from '../db/queries/installations';
import { deleteWorkspaceData } from '../db/queries/workspace-data';
import { errorFields, type Logger } from '../log';
import { createQueueOnce } from './queues';

export const PURGE_QUEUE = 'workspace-purge';

export interface PurgeDeps {
  db: Database;
  logger: Logger;
}

/** One purge pass as if the clock read `at`; how many workspaces were cleared. */
export async function purgeUninstalledWorkspaces(deps: PurgeDeps, at: Date, batch = 20): Promise<number> {
  let purged = 0;
  for (const teamId of await workspacesToPurge(deps.db, at, batch)) {
    const deleted = await deleteWorkspaceData(deps.db, teamId);
    deps.logger.info('workspace_purged', { team: teamId, ...deleted });
    purged += 1;
  }
  return purged;
}

export interface WorkspacePurge {
  stop(): Promise<void>;
}

export async function startWorkspacePurge(options: PurgeDeps & { databaseUrl: string; now: () => Date; cron?: string }): Promise<WorkspacePurge> {
  const boss = new PgBoss({ connectionString: options.databaseUrl, schema: 'pgboss', application_name: 'deep-thoughts-purge', max: 2 });
  boss.on('error', (error) => options.logger.error('scheduler_error', errorFields(error)));
  await boss.start();
  await createQueueOnce(boss, PURGE_QUEUE, { name: PURGE_QUEUE, policy: 'singleton', retryLimit: 2, retryDelay: 300, expireInSeconds: 900 });
  await boss.work(PURGE_QUEUE, { pollingIntervalSeconds: 30 }, async () => {
    await purgeUninstalledWorkspaces(options, options.now());
  });
  await boss.schedule(PURGE_QUEUE, options.cron ?? '23 * * * *');
  let stopped: Promise<void> | undefined;
  return { stop: () => (stopped ??= boss.stop({ graceful: true, timeout: 20_000, wait: true })) };
}
