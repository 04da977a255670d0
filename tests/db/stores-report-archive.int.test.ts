/**
 * The report archive (what /coach-report and the App Home read) on real
 * Postgres, with two workspaces whose people share user ids, channel ids and
 * dates: each person sees their own reports in their own workspace, and no
 * id, however obtained, reaches anyone else's.
 */
import { createReportArchive } from '../../src/db/stores';
import { createTestDatabase } from '../support/db';
import { seedTwin, twinReportSessionIds, twinSnapshot, TWIN_TEAM, TWIN_TITLE } from '../support/twin';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDb;
let twinBaseline: unknown;
const TEAM = 'T1';

beforeAll(async () => {
  database = await createTestDatabase();
  // The twin first, so a query that forgot the team would meet it before ours.
  await seedTwin(database.pool, ['U1', 'U2'], { dates: ['2026-02-02', '2026-02-03'], channelFor: () => 'D1' });
  twinBaseline = await twinSnapshot(database.pool);
  await reportFor('U1', '2026-01-14', 'Ours, the day before');
  await reportFor('U1', '2026-01-15', 'Ours, the same day as the twin’s');
  await openSession('U1', '2026-02-02', 'active');
  await reportFor('U2', '2026-01-10', 'The neighbour’s');
});
afterAll(async () => {
  expect(await twinSnapshot(database.pool)).toEqual(twinBaseline);
  await database.drop();
});

let ts = 0;
async function openSession(userId: string, localDate: string, status: 'active' | 'completed'): Promise<string> {
  const { rows } = await database.pool.query<{ id: string }>(
    `insert into sessions (team_id, user_id, local_date, channel_id, thread_ts, origin, stage, status, version)
     values ($1, $2, $3, 'D1', $4, 'person', 'significance', $5, 1)
     returning id`,
    [TEAM, userId, localDate, `1700000000.${String(++ts).padStart(6, '0')}`, status],
  );
  return rows[0]!.id;
}

async function reportFor(userId: string, localDate: string, title: string): Promise<string> {
  const id = await openSession(userId, localDate, 'completed');
  const body = {
    title,
    task: { established: 'x', missing: [], task: `${title}: the task` },
    crux: { established: 'x', missing: [], crux: null },
    evaluation: { worked: [], improve: [], score: 8, rationale: 'r' },
    date: localDate,
    startedAt: `${localDate}T08:00:00.000Z`,
    endedAt: `${localDate}T08:30:00.000Z`,
    turns: 3,
    writtenBy: 'test',
    transcript: [],
  };
  await database.pool.query(
    `insert into reports (session_id, team_id, user_id, local_date, title, body, score, written_by) values ($1, $2, $3, $4, $5, $6, 8, 'test')`,
    [id, TEAM, userId, localDate, title, JSON.stringify(body)],
  );
  return id;
}

test('recent and latest: the person’s own reports in their own workspace, newest first', async () => {
  const archive = createReportArchive(database.db);
  expect((await archive.recent(TEAM, 'U1', 10)).map((r) => r.title)).toEqual(['Ours, the same day as the twin’s', 'Ours, the day before']);
  expect((await archive.recent(TWIN_TEAM, 'U1', 10)).map((r) => r.title)).toEqual([TWIN_TITLE]);
  expect((await archive.latest(TEAM, 'U1'))?.report.title).toBe('Ours, the same day as the twin’s');
  expect((await archive.latest(TWIN_TEAM, 'U1'))?.report.title).toBe(TWIN_TITLE);
  expect((await archive.latest(TEAM, 'U2'))?.report.title).toBe('The neighbour’s');
  expect(await archive.latest(TEAM, 'UNOBODY')).toBeNull();
});

test('onDate: the same date in two workspaces is two different reports', async () => {
  const archive = createReportArchive(database.db);
  const ours = await archive.onDate(TEAM, 'U1', '2026-01-15');
  const twins = await archive.onDate(TWIN_TEAM, 'U1', '2026-01-15');
  expect(ours?.report.title).toBe('Ours, the same day as the twin’s');
  expect(ours?.report.startedAt).toBeInstanceOf(Date);
  expect(twins?.report.title).toBe(TWIN_TITLE);
  expect(twins?.sessionId).not.toBe(ours?.sessionId);
  expect(await archive.onDate(TEAM, 'U2', '2026-01-15')).toBeNull();
});

test('bySession: an id opens a report only for its owner in its workspace', async () => {
  const archive = createReportArchive(database.db);
  const ours = (await archive.latest(TEAM, 'U1'))!.sessionId;
  const [twins] = await twinReportSessionIds(database.pool);
  expect((await archive.bySession(TEAM, 'U1', ours))?.title).toBe('Ours, the same day as the twin’s');
  // The same user id in the other workspace, the other workspace's id here, a neighbour, nonsense.
  expect(await archive.bySession(TWIN_TEAM, 'U1', ours)).toBeNull();
  expect(await archive.bySession(TEAM, 'U1', twins!)).toBeNull();
  expect(await archive.bySession(TEAM, 'U2', ours)).toBeNull();
  expect(await archive.bySession(TEAM, 'U1', 'not-a-uuid')).toBeNull();
});

test('sessionOn: the person’s session of that date in their workspace, whatever the twin has', async () => {
  const archive = createReportArchive(database.db);
  expect(await archive.sessionOn(TEAM, 'U1', '2026-02-02')).toMatchObject({ state: { status: 'active' }, channelId: 'D1' });
  // The twin has an unanswered nudge on the 3rd; this workspace has nothing that day.
  expect(await archive.sessionOn(TEAM, 'U1', '2026-02-03')).toBeNull();
  expect(await archive.sessionOn(TWIN_TEAM, 'U1', '2026-02-03')).toMatchObject({ state: { status: 'active' } });
});
