import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded';

/** What every benchmark shares: the median, and a throwaway Postgres of its own. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** An embedded Postgres in a temp directory with one empty database `name`; `stop` removes it all. */
export async function startBenchDatabase(name: string): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'deep-thoughts-bench-pg-'));
  chmodSync(dir, 0o777); // the embedded server runs as `postgres` when we are root
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), persistent: false });
  const admin = new Client({ connectionString: pg.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pg.url);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    stop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
