import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { connectDatabase, migrateDatabase, type DatabaseHandle } from '../../src/db/client';

/**
 * A fresh, migrated database (or an empty one: `{ migrated: false }`) for one test file, on the run's Postgres
 * (tests/support/global-setup.ts). Its name says "test", and we refuse to
 * work on any database whose name does not.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<DatabaseHandle & { url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!adminUrl) throw new Error('TEST_PG_ADMIN_URL is unset: run tests through jest (globalSetup starts Postgres)');
  const name = `deep_thoughts_test_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = connectDatabase(url.toString(), { max: 10 });
  // Left empty on request: a test of the migration itself (tests/db/migrate.int.test.ts).
  if (options.migrated !== false) await migrateDatabase(handle.db);
  return {
    ...handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Empties every table between tests, on a database whose name says "test" and no other. */
export async function truncateAll(handle: DatabaseHandle): Promise<void> {
  const { rows } = await handle.pool.query<{ name: string }>('select current_database() as name');
  if (!rows[0]?.name.includes('test')) throw new Error(`refusing to empty ${rows[0]?.name}: its name does not say test`);
  // Every table of the schema, so a table added later is emptied too.
  const tables = await handle.pool.query<{ name: string }>(`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`);
  await handle.pool.query(`truncate table ${tables.rows.map((t) => t.name).join(', ')} restart identity cascade`);
}
