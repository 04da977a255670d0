import path from 'node:path';
import { AppError } from '../errors';
import type { Logger } from '../log';
import { connectDatabase, migrateDatabase, type DatabaseHandle } from './client';
import { embeddedDataDir, runningEmbeddedPostgresUrl, startEmbeddedPostgres } from './embedded';

/**
 * Opens the bot's database, for `npm start` and for one-shot commands
 * (`npm run nudge`): DATABASE_URL when set; otherwise the embedded Postgres
 * under `.data/`, reusing one that is already running there rather than
 * fighting it for the data directory. Migrations are applied either way.
 */
export interface OpenedDatabase {
  database: DatabaseHandle;
  url: string;
  /** Where the data lives, for the start-up banner; never the URL (it holds a password). */
  label: string;
  close(): Promise<void>;
}

export async function openDatabase(
  databaseUrl: string | undefined,
  options: { dataDir?: string; logger: Logger },
): Promise<OpenedDatabase> {
  let url = databaseUrl;
  let label = 'DATABASE_URL';
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    // As root, the data may live elsewhere (where the `postgres` account can reach it): say where.
    const dir = embeddedDataDir(path.resolve(options.dataDir ?? '.data', 'postgres'));
    const relative = path.relative(process.cwd(), dir);
    label = `embedded Postgres in ${relative && !relative.startsWith('..') ? relative : dir}`;
    url = runningEmbeddedPostgresUrl(dir) ?? undefined;
    if (!url) {
      // startEmbeddedPostgres makes the folders, with modes the server's account can walk through.
      const embedded = await startEmbeddedPostgres({ dir, onLog: (line) => options.logger.debug('postgres', { line: line.slice(0, 200) }) });
      url = embedded.url;
      stopEmbedded = () => embedded.stop();
    }
  }
  const database = connectDatabase(url, { logger: options.logger });
  try {
    await reach(database, databaseUrl !== undefined);
    await migrateDatabase(database.db);
  } catch (error) {
    await database.close();
    await stopEmbedded?.();
    throw error;
  }
  return {
    database,
    url,
    label,
    close: async () => {
      await database.close();
      await stopEmbedded?.();
    },
  };
}

/**
 * A first query, so that a database that cannot be reached is told apart
 * from one that can but whose migration fails: an AppError
 * `database_unreachable` (DATABASE_URL's) or `embedded_postgres_failed`,
 * with the driver's code (ECONNREFUSED, 28P01, 3D000, …), never the URL.
 */
async function reach(database: DatabaseHandle, fromUrl: boolean): Promise<void> {
  try {
    await database.pool.query('select 1');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const fields = { cause_code: typeof code === 'string' ? code : 'no_answer' };
    throw fromUrl
      ? new AppError('database_unreachable', `Could not reach the database at DATABASE_URL (${fields.cause_code})`, fields)
      : new AppError('embedded_postgres_failed', `it started but does not answer (${fields.cause_code})`, { ...fields, step: 'connect' });
  }
}
