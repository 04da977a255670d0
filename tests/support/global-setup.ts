import { startTestPostgres } from './postgres';

/**
 * One Postgres for the whole run: embedded (real binaries from npm) unless
 * TEST_DATABASE_URL points at one. Each test file makes its own database on
 * it (see tests/support/db.ts), so files run in parallel without sharing rows.
 */
export default async function globalSetup(): Promise<void> {
  const server = await startTestPostgres();
  process.env.TEST_PG_ADMIN_URL = server.adminUrl;
  (globalThis as { __testPostgres?: typeof server }).__testPostgres = server;
}
