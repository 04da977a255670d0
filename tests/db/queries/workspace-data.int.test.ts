import { getTableConfig } from 'drizzle-orm/pg-core';
import { TEAM_TABLES } from '../../../src/db/queries/workspace-data';
import { createTestDatabase } from '../../support/db';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

test('the workspace purge covers every table with a team_id column', async () => {
  const { rows } = await database.pool.query<{ table_name: string }>(
    "select table_name from information_schema.columns where table_schema = 'public' and column_name = 'team_id' order by table_name",
  );
  const covered = TEAM_TABLES.map((t) => getTableConfig(t).name).sort();
  expect(covered).toEqual(rows.map((r) => r.table_name));
});
