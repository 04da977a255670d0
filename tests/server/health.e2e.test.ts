import { Client } from 'pg';
import { startE2E, type E2E } from '../support/e2e';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e.stop();
});

/** Cuts the bot off from its database, as an outage would, and lets it back. */
async function setDatabaseReachable(reachable: boolean): Promise<void> {
  const name = new URL(e2e.database.url).pathname.slice(1);
  const admin = new Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`alter database ${name} with allow_connections ${reachable}`);
    if (!reachable) await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
  } finally {
    await admin.end();
  }
}

test('GET /healthz answers 503 while the database does not answer, and 200 again once it does', async () => {
  expect((await fetch(`${e2e.baseUrl}/healthz`)).status).toBe(200);
  await setDatabaseReachable(false);
  const down = await fetch(`${e2e.baseUrl}/healthz`);
  expect(down.status).toBe(503);
  expect(await down.json()).toEqual({ ok: false, database: 'down' });
  await setDatabaseReachable(true);
  expect((await fetch(`${e2e.baseUrl}/healthz`)).status).toBe(200);
});
