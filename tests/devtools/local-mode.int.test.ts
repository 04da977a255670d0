import { connect } from 'node:net';
import os from 'node:os';
import { loadConfig, type Config } from '../../src/config';
import { memoryLogger } from '../../src/log';
import { banner, LocalClock, startLocal, zonedInstant } from '../../devtools/local-mode';
import { createTestDatabase } from '../support/db';
import { scrape, value } from '../support/metrics';

/** Local mode's start-up: where it listens, the banner, its clock, and local times as instants. */

/** An address of this machine that is not loopback, if it has one: what someone else on the network would reach. */
const EXTERNAL = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

/** Whether a TCP connection to host:port is taken; refusals resolve with the error code. */
/** 'connected', or the error code the connection failed with. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(5_000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

describe('startLocal', () => {
  // Without a non-loopback interface there is nothing to be reachable from: the test shows as skipped, not passed.
  (EXTERNAL ? it : it.skip)(`listens on loopback only by default, the page and the bot alike (not on ${EXTERNAL ?? 'another interface'})`, async () => {
    const database = await createTestDatabase();
    const lines: string[] = [];
    const local = await startLocal(loadConfig({ DATABASE_URL: database.url, PORT: '0' }), { logger: memoryLogger(), print: (line) => lines.push(line) });
    try {
      const ports = [local.emulator.port, Number(new URL(local.botOrigin).port)];
      expect(new URL(local.botOrigin).hostname).toBe('127.0.0.1');
      for (const port of ports) {
        expect(await tryConnect('127.0.0.1', port)).toBe('connected');
        expect(await tryConnect(EXTERNAL!, port)).toBe('ECONNREFUSED');
      }
      // And what answers on loopback is the app: the page, and the bot's health through it.
      expect((await fetch(local.url)).status).toBe(200);
      expect(await (await fetch(`${local.botOrigin}/healthz`)).json()).toEqual({ ok: true, database: 'up' });
      expect(lines).toEqual([expect.stringContaining(local.url)]);
    } finally {
      await local.stop();
      await database.drop();
    }
  }, 30_000);
});

describe('GET /metrics in local mode', () => {
  it("is served on PORT (the emulator's port) with the bot's own metrics, in the Prometheus text format", async () => {
    const database = await createTestDatabase();
    const local = await startLocal(loadConfig({ DATABASE_URL: database.url, PORT: '0' }), { logger: memoryLogger(), print: () => {} });
    try {
      const text = await scrape(local.url.replace(/\/$/, ''));
      expect(value(text, 'deep_thoughts_replies_total', { kind: 'reply' })).toBe(0);
      expect(value(text, 'deep_thoughts_open_sessions')).toBe(0);
      expect(value(text, 'deep_thoughts_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
      expect(text).toContain('nodejs_eventloop_lag_seconds');
    } finally {
      await local.stop();
      await database.drop();
    }
  }, 30_000);
});

const config = (overrides: Partial<Config> = {}): Config => ({
  slack: { mode: 'local', apiUrl: 'https://slack.com/api/' },
  anthropic: {},
  port: 3000,
  logLevel: 'info',
  uninstallRetentionDays: 30,
  ...overrides,
});

describe('the local-mode banner', () => {
  it('is one line with the URL and every part that runs locally', () => {
    const line = banner('http://localhost:3000', config(), { databaseLabel: 'embedded Postgres in .data/postgres', model: { name: 'offline' } as never });
    expect(line).not.toContain('\n');
    expect(line).toContain('http://localhost:3000');
    expect(line).toContain('Slack: local emulator');
    expect(line).toContain('embedded Postgres in .data/postgres');
    expect(line).toContain('offline coach');
  });

  it('says when the database and the coach are real ones', () => {
    const line = banner('http://localhost:4000', config({ databaseUrl: 'postgres://u:secret@db/x', anthropic: { apiKey: 'sk-ant-x' } }), {
      databaseLabel: 'DATABASE_URL',
      model: { name: 'claude-sonnet' } as never,
    });
    expect(line).toContain('Postgres from DATABASE_URL');
    expect(line).toContain('Claude (claude-sonnet)');
    expect(line).not.toContain('secret');
    expect(line).not.toContain('sk-ant');
  });
});

describe('LocalClock', () => {
  /** What `clock.now()` reads, with the real time just before and just after reading it. */
  function read(clock: LocalClock) {
    const before = Date.now();
    const now = clock.now().getTime();
    return { before, now, after: Date.now() };
  }

  it('reads real time until moved, and only ever moves forward', () => {
    const clock = new LocalClock();
    const unmoved = read(clock);
    expect(unmoved.now).toBeGreaterThanOrEqual(unmoved.before);
    expect(unmoved.now).toBeLessThanOrEqual(unmoved.after);

    const tomorrow = new Date(Date.now() + 86_400_000);
    clock.advanceTo(tomorrow);
    const moved = read(clock);
    // A day ahead, and still running at real speed from there.
    expect(moved.now).toBeGreaterThanOrEqual(tomorrow.getTime());
    expect(moved.now - clock.offset).toBeGreaterThanOrEqual(moved.before);
    expect(moved.now - clock.offset).toBeLessThanOrEqual(moved.after);

    const offset = clock.offset;
    clock.advanceTo(new Date(Date.now()));
    expect(clock.offset).toBe(offset);
  });
});

describe('zonedInstant', () => {
  it('finds the instant a local wall clock reads a time', () => {
    expect(zonedInstant('2026-11-24', 540, 'Europe/Berlin').toISOString()).toBe('2026-11-24T08:00:00.000Z');
    expect(zonedInstant('2026-07-01', 540, 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(zonedInstant('2026-11-24', 540, 'Asia/Tokyo').toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(zonedInstant('2026-11-24', 540, 'America/Los_Angeles').toISOString()).toBe('2026-11-24T17:00:00.000Z');
    expect(zonedInstant('2026-11-24', 30, 'UTC').toISOString()).toBe('2026-11-24T00:30:00.000Z');
  });

  it('is right on daylight-saving days', () => {
    expect(zonedInstant('2026-03-08', 540, 'America/Los_Angeles').toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(zonedInstant('2026-11-01', 540, 'America/Los_Angeles').toISOString()).toBe('2026-11-01T17:00:00.000Z');
    expect(zonedInstant('2026-03-29', 540, 'Europe/Berlin').toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(zonedInstant('2026-10-25', 540, 'Europe/Berlin').toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });
});
