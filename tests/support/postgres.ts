import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded';

export interface TestPostgres {
  /** A URL of the server's maintenance database, used to create per-file test databases. */
  adminUrl: string;
  stop(): Promise<void>;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  if (process.env.TEST_DATABASE_URL) {
    return { adminUrl: process.env.TEST_DATABASE_URL, stop: async () => {} };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'deep-thoughts-test-pg-'));
  // The embedded server runs as the `postgres` OS user when we are root.
  chmodSync(dir, 0o777);
  const db = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), persistent: false });
  return {
    adminUrl: db.url,
    stop: async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
