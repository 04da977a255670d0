import type { Config } from '../../src/config';
import { banner, LocalClock, zonedInstant } from '../../devtools/local-mode';

/** The pure parts of local mode's start-up: the banner, its clock, and local times as instants. */

const config = (overrides: Partial<Config> = {}): Config => ({
  slack: { mode: 'local', apiUrl: 'https://slack.com/api/' },
  anthropic: {},
  port: 3000,
  logLevel: 'info',
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
