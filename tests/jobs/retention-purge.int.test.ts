/**
 * RETENTION_DAYS on real Postgres and real pg-boss: the nightly schedule is
 * registered (03:30 UTC, once across replicas), a purge job on its queue
 * deletes the sessions older than the retention with their messages and
 * reports, in every workspace, and keeps the recent ones and everyone's
 * settings. The job runs at the scheduler's `now`, fixed here.
 */
import { createRetentionStore } from '../../src/db/stores';
import { RETENTION_CRON, RETENTION_QUEUE, startRetentionPurge, type RetentionPurge } from '../../src/jobs/retention-purge';
import { memoryLogger } from '../../src/log';
import { createTestDatabase } from '../support/db';
import { logLines } from '../support/listener-args';
import { seedTwin, TWIN_TEAM } from '../support/twin';
import { waitFor } from '../support/wait';

const NOW = new Date('2026-03-01T03:30:00Z');
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let purge: RetentionPurge | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await purge?.stop();
  await database?.drop();
});

async function session(team: string, user: string, createdAt: string): Promise<string> {
  const { rows } = await database.pool.query<{ id: string }>(
    `insert into sessions (team_id, user_id, local_date, channel_id, thread_ts, origin, stage, agenda, status, version, created_at, updated_at)
     values ($1, $2, $3::timestamptz::date, 'D1', $4, 'person', 'significance', '{}'::jsonb, 'completed', 3, $3, $3) returning id`,
    [team, user, createdAt, `${Date.parse(createdAt) / 1000}.000100`],
  );
  const id = rows[0]!.id;
  await database.pool.query(`insert into messages (session_id, team_id, channel_id, role, text) values ($1, $2, 'D1', 'person', 'words')`, [id, team]);
  await database.pool.query(
    `insert into reports (session_id, team_id, user_id, local_date, title, body, score, written_by) values ($1, $2, $3, $4::timestamptz::date, 't', '{}'::jsonb, 5, 'test')`,
    [id, team, user, createdAt],
  );
  return id;
}

test('the nightly purge deletes sessions older than RETENTION_DAYS with their messages and reports, and keeps the rest', async () => {
  await database.pool.query(`insert into users (team_id, user_id) values ('T1', 'U1'), ('T1', 'U2')`);
  await seedTwin(database.pool, ['U1']); // its sessions are from January and February 2026
  const old = [await session('T1', 'U1', '2026-01-10T08:00:00Z'), await session('T1', 'U2', '2026-01-30T23:59:00Z')];
  const recent = [await session('T1', 'U1', '2026-01-31T04:00:00Z'), await session('T1', 'U2', '2026-02-28T08:00:00Z')];
  const logger = memoryLogger();
  purge = await startRetentionPurge({ databaseUrl: database.url, store: createRetentionStore(database.db), days: 29, logger, now: () => NOW, pollingIntervalSeconds: 0.5 });

  const schedules = await purge.boss.getSchedules();
  expect(schedules.map((s) => [s.name, s.cron, (s as { timezone?: string }).timezone])).toEqual([[RETENTION_QUEUE, RETENTION_CRON, 'UTC']]);
  expect(RETENTION_CRON).toBe('30 3 * * *');

  expect(await purge.enqueue()).toEqual(expect.any(String));
  const line = await waitFor('the purge', () => logLines(logger).find((l) => l.code === 'retention_purged'));
  // Cutoff 2026-01-31T03:30Z: the two old ones, and the twin's January sessions (every workspace).
  const { rows: twinLeft } = await database.pool.query<{ n: string }>(`select count(*) as n from sessions where team_id = $1`, [TWIN_TEAM]);
  expect(line).toMatchObject({ days: 29 });
  const count = async (sql: string, ids: string[]) => Number((await database.pool.query<{ n: string }>(sql, [ids])).rows[0]!.n);
  for (const table of ['sessions', 'messages', 'reports']) {
    const column = table === 'sessions' ? 'id' : 'session_id';
    expect({ table, old: await count(`select count(*) as n from ${table} where ${column} = any($1::uuid[])`, old) }).toEqual({ table, old: 0 });
    expect({ table, recent: await count(`select count(*) as n from ${table} where ${column} = any($1::uuid[])`, recent) }).toEqual({ table, recent: 2 });
  }
  expect(Number(twinLeft[0]!.n)).toBe(12); // the twin's 1–12 February nudges stay; its 15 January report session went
  expect(line.sessions).toBe(3);
  const { rows: people } = await database.pool.query(`select user_id from users where team_id = 'T1' order by user_id`);
  expect(people).toEqual([{ user_id: 'U1' }, { user_id: 'U2' }]);
});
