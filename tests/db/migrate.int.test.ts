/**
 * Replicas migrate at start-up, and in `docker compose up` two of them start
 * at the same moment on one empty database: every one must come up, and
 * every migration be applied exactly once (src/db/client.ts takes a
 * Postgres advisory lock around drizzle's migrator).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connectDatabase, migrateDatabase, MIGRATIONS_DIR } from '../../src/db/client';
import { createTestDatabase } from '../support/db';

const REPLICAS = 4;
const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase({ migrated: false });
});
afterAll(async () => {
  await database.drop();
});

test(`${REPLICAS} replicas migrating one empty database at once all succeed, and each migration is applied once`, async () => {
  const replicas = Array.from({ length: REPLICAS }, () => connectDatabase(database.url, { max: 2 }));
  try {
    const outcomes = await Promise.allSettled(replicas.map((replica) => migrateDatabase(replica.db)));
    expect(outcomes.map((o) => (o.status === 'rejected' ? String((o.reason as Error).message) : 'ok'))).toEqual(Array(REPLICAS).fill('ok'));
  } finally {
    await Promise.all(replicas.map((replica) => replica.close()));
  }
  const { rows } = await database.pool.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
  expect(rows[0]!.n).toBe(journal.entries.length);
  // The schema is whole: the tables the bot uses answer.
  await database.pool.query('select 1 from sessions, messages, users, reports limit 1');
  // And a later start (a restart, a third replica) finds nothing left to do.
  await migrateDatabase(database.db);
  const again = await database.pool.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
  expect(again.rows[0]!.n).toBe(journal.entries.length);
});
