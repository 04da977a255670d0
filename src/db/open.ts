import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../log';
import { connectDatabase, migrateDatabase, type DatabaseHandle } from './client';
import { runningEmbeddedPostgresUrl, startEmbeddedPostgres } from './embedded';

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
    const dir = path.resolve(options.dataDir ?? '.data', 'postgres');
    label = `embedded Postgres in ${path.relative(process.cwd(), dir) || dir}`;
    url = runningEmbeddedPostgresUrl(dir) ?? undefined;
    if (!url) {
      mkdirSync(path.dirname(dir), { recursive: true });
      const embedded = await startEmbeddedPostgres({ dir, onLog: (line) => options.logger.debug('postgres', { line: line.slice(0, 200) }) });
      url = embedded.url;
      stopEmbedded = embedded.stop;
    }
  }
  const database = connectDatabase(url, { logger: options.logger });
  try {
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
