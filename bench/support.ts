import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded';

/** What every benchmark shares: the median, percentiles, and a throwaway Postgres of its own. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The nearest-rank percentile (p in 0..100) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

export interface BenchCluster {
  /** The server's URL, database `postgres`. */
  adminUrl: string;
  /** The URL of database `name` on the same server. */
  urlOf(name: string): string;
  /** Creates database `name` (empty). */
  createDatabase(name: string): Promise<string>;
  /** The postmaster's pid, from postmaster.pid in the data folder. */
  serverPid(): number;
  stop(): Promise<void>;
}

/** An embedded Postgres in a temp directory of its own; `stop` removes it all. */
export async function startBenchCluster(): Promise<BenchCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'deep-thoughts-bench-pg-'));
  chmodSync(dir, 0o777); // the embedded server runs as `postgres` when we are root
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'data'), persistent: false });
  const urlOf = (name: string) => {
    const url = new URL(pg.url);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return {
    adminUrl: pg.url,
    urlOf,
    createDatabase: async (name) => {
      const admin = new Client({ connectionString: pg.url });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      return urlOf(name);
    },
    serverPid: () => Number(readFileSync(path.join(pg.dir, 'postmaster.pid'), 'utf8').split('\n')[0]),
    stop: async () => {
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An embedded Postgres in a temp directory with one empty database `name`; `stop` removes it all. */
export async function startBenchDatabase(name: string): Promise<{ url: string; stop(): Promise<void> }> {
  const cluster = await startBenchCluster();
  const url = await cluster.createDatabase(name);
  return { url, stop: () => cluster.stop() };
}
