/**
 * The sweep (sessionsAwaitingWork) and the open-sessions gauge read the
 * partial index `sessions_open`, not every finished session: Postgres's own
 * statistics count the index scans the two queries make on a table where
 * nearly every session is long finished.
 */
import { connectDatabase } from '../../../src/db/client';
import { countOpenSessions, sessionsAwaitingWork } from '../../../src/db/queries/sessions';
import { T1, useTestDatabase } from '../../support/db-fixtures';

const database = useTestDatabase();

test('both queries scan the sessions_open index on a table of 20,000 finished sessions', async () => {
  const { pool } = database();
  await pool.query(
    `insert into sessions (team_id, user_id, local_date, channel_id, thread_ts, origin, stage, status, version, updated_at)
     select $1, 'U' || (i % 500), date '2026-01-01' + (i / 500), 'D' || (i % 500), i::text, 'nudge', 'significance', 'completed', 1,
            now() - make_interval(mins => i)
       from generate_series(1, 20000) as i`,
    [T1],
  );
  await pool.query(
    `insert into sessions (team_id, user_id, local_date, channel_id, thread_ts, origin, stage, status, version, updated_at)
     values ($1, 'UOPEN', '2026-12-01', 'DOPEN', '1.1', 'person', 'significance', 'wrapping', 1, now() - interval '1 minute')`,
    [T1],
  );
  await pool.query('analyze sessions');

  // One connection, so its statistics can be flushed and read back in order.
  const one = connectDatabase(database().url, { max: 1 });
  try {
    const scans = async () => {
      await one.pool.query('select pg_stat_force_next_flush()');
      await one.pool.query('select pg_stat_clear_snapshot()');
      const { rows } = await one.pool.query<{ n: string }>(`select idx_scan as n from pg_stat_user_indexes where indexrelname = 'sessions_open'`);
      return Number(rows[0]!.n);
    };
    const before = await scans();
    expect(await sessionsAwaitingWork(one.db, 1_000, 10)).toEqual([{ teamId: T1, sessionId: expect.any(String) }]);
    const afterSweep = await scans();
    expect(afterSweep).toBeGreaterThan(before);
    expect(await countOpenSessions(one.db)).toBe(1);
    expect(await scans()).toBeGreaterThan(afterSweep);
  } finally {
    await one.close();
  }
});
