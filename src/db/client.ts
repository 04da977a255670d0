import path from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Pool } from 'pg';
import { errorFields, type Logger } from '../log';
import * as schema from './schema';

export type Database = NodePgDatabase<typeof schema>;

export interface DatabaseHandle {
  db: Database;
  pool: Pool;
  /** Answers true when a trivial query succeeds (for /healthz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

export function connectDatabase(url: string, options: { max?: number; logger?: Logger } = {}): DatabaseHandle {
  const pool = new Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its server must not crash the process (the next query reconnects),
  // but the operator should see it: a coded line with the driver's code (57P01, ECONNRESET, …).
  pool.on('error', (error) => options.logger?.warn('database_pool_error', errorFields(error)));
  const db = drizzle(pool, { schema });
  let closed: Promise<void> | undefined;
  return {
    db,
    pool,
    ping: async () => {
      try {
        await pool.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => (closed ??= pool.end()),
  };
}

/** Applies the committed drizzle-kit migrations; safe to run at every start-up. */
export async function migrateDatabase(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
}
