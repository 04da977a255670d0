import path from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Pool } from 'pg';
import { errorFields, type Logger } from '../log';
import * as schema from './schema';

/** The bot's database: drizzle over a pg Pool (`$client`, for what needs one connection of its own). */
export type Database = NodePgDatabase<typeof schema> & { $client: Pool };

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

/** Any number, the same in every replica: the advisory lock that lets one of them migrate at a time. */
const MIGRATION_LOCK = 0x6474_6d67;

/**
 * Applies the committed drizzle-kit migrations; safe to run at every
 * start-up, and from several replicas at once: drizzle's migrator takes no
 * lock of its own, so two replicas starting together on an empty database
 * would both create its tables and one would fail. A session advisory lock
 * on one connection serialises them (the others wait, then find nothing
 * left to apply); it dies with its connection, so a replica killed
 * mid-migration blocks no one.
 */
export async function migrateDatabase(db: Database): Promise<void> {
  const client = await db.$client.connect();
  let broken: unknown;
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } catch (error) {
    broken = error;
    throw error;
  } finally {
    // A connection whose lock may still be held (the unlock failed) is closed, not pooled: closing it ends the lock.
    client.release(broken !== undefined);
  }
}
