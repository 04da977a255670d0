/**
 * A Postgres cluster of a test's own, which the test may stop and start again
 * (same data folder, same port): not the run's shared cluster from jest's
 * globalSetup, which every other test file is using. It is started with the
 * same code as `npm start`'s embedded Postgres (src/db/embedded.ts), so as
 * root it runs as the `postgres` OS account.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded';

export interface OwnPostgres {
  port: number;
  /** The URL of `database` on this cluster (the maintenance database by default). */
  url(database?: string): string;
  /** Makes a database (its name must say "test"); returns its URL. */
  createDatabase(name: string): Promise<string>;
  running(): boolean;
  /** Fast shutdown (SIGINT): open connections are cut, the port closes. */
  stop(): Promise<void>;
  /** Starts it again on the same data folder and port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it (if running) and removes its data; safe to call twice. */
  destroy(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'deep-thoughts-own-pg-'));
  // As root the server runs as the `postgres` account, which must reach the data folder.
  chmodSync(root, 0o777);
  const dir = path.join(root, 'data');
  const port = await freePort();
  let server: EmbeddedDatabase | undefined = await startEmbeddedPostgres({ dir, port });
  const baseUrl = server.url;
  const url = (database = 'postgres') => {
    const u = new URL(baseUrl);
    u.pathname = `/${database}`;
    return u.toString();
  };
  let destroyed = false;
  return {
    port,
    url,
    createDatabase: async (name) => {
      if (!/^[a-z0-9_]+$/.test(name) || !name.includes('test')) throw new Error(`not a test database name: ${name}`);
      const admin = new Client({ connectionString: url() });
      await admin.connect();
      try {
        await admin.query(`create database ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    running: () => server !== undefined,
    stop: async () => {
      const stopping = server;
      server = undefined;
      await stopping?.stop();
    },
    start: async () => {
      if (server) return;
      server = await startEmbeddedPostgres({ dir, port });
    },
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      const stopping = server;
      server = undefined;
      await stopping?.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
