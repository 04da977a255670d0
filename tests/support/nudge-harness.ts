/**
 * What every scheduler test needs: a fresh migrated database, the fake Slack
 * Web API on loopback with a real WebClient pointed at it, people seeded in
 * both, and `pass(at)`: the very entry point `npm run nudge -- --at` calls.
 */
import type { WebClient } from '@slack/web-api';
import { createNudgeStore, createPaceStore } from '../../src/db/stores';
import { startSlackApi, type MethodHandler, type RunningSlackApi } from '../../devtools/fake-slack';
import { memoryLogger } from '../../src/log';
import { localTime } from '../../src/coach/time';
import { createPace } from '../../src/nudge/pace';
import { runNudgeCommand } from '../../src/cli/nudge-command';
import { createNudgeClient } from '../../src/slack/nudge-client';
import { createRateGate } from '../../src/slack/rate-gate';
import { createTestDatabase } from './db';
import { seedTwin, twinSnapshot, TWIN_TEAM, type TwinOptions } from './twin';

export type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

export interface PersonSeed {
  id: string;
  firstName: string;
  tz: string;
  nudgeDays?: number[];
  nudgeMinute?: number;
}

export interface Harness {
  database: TestDb;
  slack: RunningSlackApi;
  client: WebClient;
  logger: ReturnType<typeof memoryLogger>;
  teamId: string;
  pass(at: Date | string): Promise<string>;
  /**
   * Seeds people in the fake Slack and the database, each after their twin in
   * a second workspace (tests/support/twin.ts) with the same user id.
   */
  seed(people: PersonSeed[], checkedAt: Date | string, twin?: TwinOptions): Promise<void>;
  /** Seeds only the twins of `userIds` (for tests that create their own people). */
  seedTwin(userIds: string[], twin?: TwinOptions): Promise<void>;
  /** Fails unless the twin workspace is exactly as seeded: nothing of it was read into or written by this workspace's work. */
  expectTwinUntouched(): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
  store: ReturnType<typeof createNudgeStore>;
}

export async function startHarness(options: { methods?: Record<string, MethodHandler> } = {}): Promise<Harness> {
  const database = await createTestDatabase();
  let twinBaseline: unknown;
  const seedTwins = async (userIds: string[], twin?: TwinOptions) => {
    await seedTwin(database.pool, userIds, twin);
    twinBaseline = await twinSnapshot(database.pool);
  };
  const startSlack = () => startSlackApi(options.methods ? { methods: options.methods } : {});
  let slack = await startSlack();
  const logger = memoryLogger();
  // The real gate on this database, with a millisecond's pace instead of Slack's tiers: a 429's Retry-After still holds.
  const gate = createRateGate(createPaceStore(database.db), logger, { methods: {}, fallback: { startMs: 1, minMs: 1, maxMs: 2_000, narrow: 1, widen: 2 } });
  // Fast retries, so a test of a 429 waits for its Retry-After and little else.
  let client = createNudgeClient({ token: slack.botToken, apiUrl: slack.url, logger, retryConfig: { retries: 3, minTimeout: 10, maxTimeout: 50 } });
  const harness: Harness = {
    database,
    get slack() {
      return slack;
    },
    get client() {
      return client;
    },
    logger,
    get teamId() {
      return slack.team.id;
    },
    store: createNudgeStore(database.db),
    async pass(at) {
      const instant = typeof at === 'string' ? new Date(at) : at;
      const { line } = await runNudgeCommand(
        { db: database.db, client, teamId: slack.team.id, logger, pace: createPace({ concurrency: 4, perSecond: Infinity }), gate },
        instant,
      );
      return line;
    },
    async seed(people, checkedAt, twin) {
      // The twins first: a query that forgets the team finds them before the people under test.
      await seedTwins(
        people.map((p) => p.id),
        twin,
      );
      for (const p of people) {
        slack.state.addUser({ id: p.id, firstName: p.firstName, lastName: 'Tester', tz: p.tz });
        await database.pool.query(
          `insert into users (team_id, user_id, first_name, tz, tz_checked_at, nudge_days, nudge_minute)
           values ($1, $2, $3, $4, $5, $6, $7)`,
          [slack.team.id, p.id, p.firstName, p.tz, new Date(checkedAt), p.nudgeDays ?? [1, 2, 3, 4, 5], p.nudgeMinute ?? 540],
        );
      }
    },
    seedTwin: seedTwins,
    async expectTwinUntouched() {
      if (twinBaseline === undefined) throw new Error('no twin workspace was seeded: call seed() or seedTwin() first');
      expect(await twinSnapshot(database.pool)).toEqual(twinBaseline);
    },
    async reset() {
      twinBaseline = undefined;
      await database.pool.query('truncate table reports, messages, sessions, users, slack_pace restart identity cascade');
      await slack.close();
      slack = await startSlack();
      client = createNudgeClient({ token: slack.botToken, apiUrl: slack.url, logger, retryConfig: { retries: 3, minTimeout: 10, maxTimeout: 50 } });
      logger.lines.length = 0;
    },
    async close() {
      await slack.close();
      await database.drop();
    },
  };
  return harness;
}

/** Instants from `from` to `to` (inclusive) every `stepMinutes`. */
export function* every(from: string, to: string, stepMinutes: number): Generator<Date> {
  const end = Date.parse(to);
  for (let t = Date.parse(from); t <= end; t += stepMinutes * 60_000) yield new Date(t);
}

export interface NudgeRow {
  user_id: string;
  local_date: string;
  created_at: Date;
  status: string;
  origin: string;
  thread_ts: string | null;
  channel_id: string;
}

export async function nudgeSessions(database: TestDb): Promise<NudgeRow[]> {
  const { rows } = await database.pool.query<NudgeRow>(
    `select user_id, to_char(local_date, 'YYYY-MM-DD') as local_date, created_at, status, origin, thread_ts, channel_id
       from sessions where team_id <> '${TWIN_TEAM}' order by created_at, user_id`,
  );
  return rows;
}

/** "2026-02-02 09:00" in `tz` for an instant. */
export function wallClock(instant: Date, tz: string): string {
  const t = localTime(instant, tz);
  return `${t.date} ${String(Math.floor(t.minute / 60)).padStart(2, '0')}:${String(t.minute % 60).padStart(2, '0')}`;
}

export function codes(logger: { lines: string[] }): string[] {
  return logger.lines.map((line) => (JSON.parse(line) as { code: string }).code);
}
