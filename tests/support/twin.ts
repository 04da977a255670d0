/**
 * A second workspace in the same database whose people have the same user
 * ids (and DM channel ids) as the first: what Enterprise Grid and a shared
 * Postgres make possible. Every store and use-case test that touches people,
 * sessions or reports seeds it, then checks at the end that nothing of it
 * changed, and its own assertions check that nothing of it showed through.
 *
 * The twin is built to collide: it is seeded before the test's own rows (so
 * a query that forgets the team finds the twin first); each twin person has
 * an unanswered nudge session on every date the tests nudge on, today
 * skipped, nudges paused, another time and zone, a report with a task to
 * recall; and is not enrolled, so a pass that keeps workspaces apart never
 * counts or contacts them. All of it in plain SQL, independent of the stores
 * under test.
 */
import type { Pool } from 'pg';

export const TWIN_TEAM = 'T0TWIN0001';
/** Names and words that may only ever appear in the twin workspace. */
export const TWIN_NAME = 'Twinny';
export const TWIN_TASK = 'the twin workspace task';
export const TWIN_TITLE = 'Twin workspace report';

/** The dates most scheduler tests nudge on (Monday 2 to Thursday 12 February 2026). */
const AGENDA = JSON.stringify({ slots: {}, declined: [], coachTurns: 0, asked: null });

export const FEBRUARY_DATES = Array.from({ length: 12 }, (_, i) => `2026-02-${String(i + 1).padStart(2, '0')}`);

export interface TwinOptions {
  /** Local dates on which each twin person has an unanswered nudge session. */
  dates?: readonly string[];
  /** The date the twin skipped; Monday 2 February 2026 by default. */
  skipDate?: string;
  /** The DM channel both workspaces' people share the id of. */
  channelFor?: (userId: string) => string;
}

/** Seeds the twin of each of `userIds` (once each); safe to call again for more people. */
export async function seedTwin(pool: Pool, userIds: readonly string[], options: TwinOptions = {}): Promise<void> {
  const dates = options.dates ?? FEBRUARY_DATES;
  const skipDate = options.skipDate ?? '2026-02-02';
  for (const [u, userId] of userIds.entries()) {
    const channel = options.channelFor?.(userId) ?? `D${userId}`;
    const { rowCount } = await pool.query(
      `insert into users (team_id, user_id, first_name, tz, tz_checked_at, dm_channel_id, enrolled, nudge_minute, nudge_days,
                          paused_until, pause_reason, skip_date, unanswered_from, created_at, updated_at)
       values ($1, $2, $3, 'Pacific/Auckland', '2026-01-01T00:00:00Z', $4, false, 600, '{6,7}', '2999-01-01', 'person', $5,
               '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')
       on conflict do nothing`,
      [TWIN_TEAM, userId, TWIN_NAME, channel, skipDate],
    );
    if (rowCount === 0) continue;
    for (const [i, date] of dates.entries()) {
      // Unique per person too: people may share the channel id.
      const ts = `${Date.parse(`${date}T00:00:00Z`) / 1000}.${String(900_000 + u * 1_000 + i).padStart(6, '0')}`;
      const { rows } = await pool.query<{ id: string }>(
        `insert into sessions (team_id, user_id, local_date, channel_id, thread_ts, origin, stage, agenda, status, version, created_at, updated_at)
         values ($1, $2, $3, $4, $5, 'nudge', 'significance', $7::jsonb, 'active', 1, $6, $6) returning id`,
        [TWIN_TEAM, userId, date, channel, ts, `${date}T00:00:00Z`, AGENDA],
      );
      await pool.query(
        `insert into messages (session_id, team_id, channel_id, slack_ts, role, text, created_at) values ($1, $2, $3, $4, 'coach', $5, $6)`,
        [rows[0]!.id, TWIN_TEAM, channel, ts, `Good morning, ${TWIN_NAME}!`, `${date}T00:00:00Z`],
      );
    }
    // A finished session with a report, dated before every test's dates: its task is what a leaky memory would recall.
    const reportDate = '2026-01-15';
    const { rows } = await pool.query<{ id: string }>(
      `insert into sessions (team_id, user_id, local_date, channel_id, thread_ts, origin, stage, agenda, status, version, created_at, updated_at)
       values ($1, $2, $3, $4, $5, 'person', 'oneMoreThing', $6::jsonb, 'completed', 9, '2026-01-15T08:00:00Z', '2026-01-15T09:00:00Z') returning id`,
      [TWIN_TEAM, userId, reportDate, channel, `1768464000.${String(u + 1).padStart(6, '0')}`, AGENDA],
    );
    await pool.query(
      `insert into reports (session_id, team_id, user_id, local_date, title, body, score, written_by, created_at)
       values ($1, $2, $3, $4, $5, $6, 3, 'twin', '2026-01-15T09:00:00Z')`,
      [rows[0]!.id, TWIN_TEAM, userId, reportDate, TWIN_TITLE, JSON.stringify(twinReport(reportDate))],
    );
  }
}

/** Everything the twin workspace holds, in a stable order: what must not change. */
export async function twinSnapshot(pool: Pool): Promise<unknown> {
  const q = async (sql: string) => (await pool.query(sql, [TWIN_TEAM])).rows;
  return {
    users: await q('select * from users where team_id = $1 order by user_id'),
    sessions: await q('select * from sessions where team_id = $1 order by user_id, local_date'),
    messages: await q('select * from messages where team_id = $1 order by id'),
    reports: await q('select * from reports where team_id = $1 order by user_id, local_date'),
  };
}

/** The ids of the twin's sessions with a report, for tests that try to open someone else's. */
export async function twinReportSessionIds(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ session_id: string }>('select session_id from reports where team_id = $1 order by user_id', [TWIN_TEAM]);
  return rows.map((r) => r.session_id);
}

function twinReport(date: string) {
  const section = { established: 'Twin things.', missing: [] };
  return {
    title: TWIN_TITLE,
    significance: section,
    task: { ...section, task: TWIN_TASK },
    archetypes: section,
    crux: { ...section, crux: 'the twin crux' },
    cruxSolutions: { tactics: [{ name: 'Twin', description: 'Twin', firstStep: 'Twin', whyItWorks: 'Twin', obstacles: 'Twin' }] },
    beliefs: { limiting: [], empowering: [], emerging: [], experiment: 'What if twins?' },
    factCheck: { facts: [{ claim: 'Twin', status: 'known' }] },
    oneMoreThing: { observation: 'Twin.' },
    evaluation: { worked: ['Twin'], improve: ['Twin'], score: 3, rationale: 'Twin' },
    date,
    startedAt: `${date}T08:00:00.000Z`,
    endedAt: `${date}T09:00:00.000Z`,
    turns: 2,
    writtenBy: 'twin',
    transcript: [{ speaker: 'coach', name: 'Coach', text: `Good morning, ${TWIN_NAME}!` }],
  };
}
