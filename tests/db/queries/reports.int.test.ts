/**
 * src/db/queries/reports.ts on a real Postgres. Every test has U1 with
 * reports in two workspaces (T1 and T2, same channel id, same dates), and
 * shows that each read is scoped to one person in one workspace.
 */
import type { Report } from '../../../src/coach/report';
import { newSessionState, type Session } from '../../../src/coach/session';
import { latestReport, memory, ownReport, recentReports, reportOn, reviveReport, saveReport, sessionReport } from '../../../src/db/queries/reports';
import { openSession, sessionById } from '../../../src/db/queries/sessions';
import { aNewSession, aReport, D1, T1, T2, U1, U2, useTestDatabase } from '../../support/db-fixtures';

const database = useTestDatabase();
const db = () => database().db;

/** A wrapping session of `userId` on `date`, ready for its report. */
async function wrapping(teamId: string, date: string, userId = U1): Promise<Session> {
  return openSession(
    db(),
    aNewSession(teamId, {
      userId,
      localDate: date,
      channelId: userId === U1 ? D1 : `D-${userId}`,
      threadTs: `${date.replace(/-/g, '')}.000100`,
      state: { ...newSessionState(), status: 'wrapping', version: 2 },
    }),
  );
}

/** A completed session of `date` with its report; returns the session id. */
async function reported(teamId: string, date: string, overrides: Partial<Report> = {}, userId = U1): Promise<string> {
  const session = await wrapping(teamId, date, userId);
  const saved = await saveReport(db(), session.id, 2, { ...session.state, status: 'completed', version: 3 }, aReport(date, overrides));
  if (!saved) throw new Error('report not saved');
  return session.id;
}

async function reportCount(): Promise<number> {
  const { rows } = await database().pool.query<{ n: string }>('select count(*) as n from reports');
  return Number(rows[0]!.n);
}

describe('reviveReport', () => {
  test('brings the instants of a stored report back to dates', async () => {
    const id = await reported(T1, '2026-11-25');
    await reported(T2, '2026-11-25');
    const { rows } = await database().pool.query<{ body: Report }>('select body from reports where session_id = $1', [id]);
    const body = rows[0]!.body;
    expect(typeof body.startedAt).toBe('string');
    const revived = reviveReport(body);
    expect(revived).toEqual(aReport('2026-11-25'));
    expect(revived.startedAt).toBeInstanceOf(Date);
    expect(revived.endedAt).toBeInstanceOf(Date);
  });
});

describe('saveReport', () => {
  test("writes the report with the session's workspace, person and date, and completes the session", async () => {
    const s1 = await wrapping(T1, '2026-11-25');
    const s2 = await wrapping(T2, '2026-11-25');
    const report = aReport('2026-11-25', { title: 'T1 title' });
    expect(await saveReport(db(), s1.id, 2, { ...s1.state, status: 'completed', version: 3 }, report)).toBe(true);

    const { rows } = await database().pool.query('select session_id, team_id, user_id, title, score, written_by from reports');
    expect(rows).toEqual([{ session_id: s1.id, team_id: T1, user_id: U1, title: 'T1 title', score: report.evaluation.score, written_by: 'test' }]);
    const { rows: dates } = await database().pool.query(`select to_char(local_date, 'YYYY-MM-DD') as d from reports`);
    expect(dates).toEqual([{ d: '2026-11-25' }]);
    expect((await sessionById(db(), T1, s1.id))?.state).toMatchObject({ status: 'completed', version: 3 });
    expect((await sessionById(db(), T2, s2.id))?.state).toMatchObject({ status: 'wrapping', version: 2 });
  });

  test('a wrong version writes nothing and returns false', async () => {
    const s1 = await wrapping(T1, '2026-11-25');
    const s2 = await wrapping(T2, '2026-11-25');
    expect(await saveReport(db(), s1.id, 1, { ...s1.state, status: 'completed', version: 3 }, aReport('2026-11-25'))).toBe(false);
    expect(await reportCount()).toBe(0);
    expect((await sessionById(db(), T1, s1.id))?.state.status).toBe('wrapping');
    // The other workspace's session at that version is saved.
    expect(await saveReport(db(), s2.id, 2, { ...s2.state, status: 'completed', version: 3 }, aReport('2026-11-25'))).toBe(true);
    expect(await reportCount()).toBe(1);
  });

  test('a second report for the same session keeps the first', async () => {
    const s1 = await wrapping(T1, '2026-11-25');
    await reported(T2, '2026-11-25', { title: 'T2 report' });
    expect(await saveReport(db(), s1.id, 2, { ...s1.state, status: 'completed', version: 3 }, aReport('2026-11-25', { title: 'first' }))).toBe(true);
    expect(await saveReport(db(), s1.id, 3, { ...s1.state, status: 'completed', version: 4 }, aReport('2026-11-25', { title: 'second' }))).toBe(true);
    expect((await sessionReport(db(), T1, s1.id))?.title).toBe('first');
    expect(await reportCount()).toBe(2);
  });
});

describe('sessionReport', () => {
  test("finds a session's report in its workspace, whoever it belongs to, and never from another workspace", async () => {
    const mine = await reported(T1, '2026-11-25', { title: 'mine' });
    const colleagues = await reported(T1, '2026-11-25', { title: 'theirs' }, U2);
    const t2 = await reported(T2, '2026-11-25', { title: 'T2' });

    expect(await sessionReport(db(), T1, mine)).toEqual(aReport('2026-11-25', { title: 'mine' }));
    expect((await sessionReport(db(), T1, colleagues))?.title).toBe('theirs');
    expect((await sessionReport(db(), T2, t2))?.title).toBe('T2');
    expect(await sessionReport(db(), T2, mine)).toBeNull();
    expect(await sessionReport(db(), T1, t2)).toBeNull();
    expect(await sessionReport(db(), T1, 'not-a-uuid')).toBeNull();
  });
});

describe('memory', () => {
  test("task and crux of the person's last report before the date, in that workspace", async () => {
    const task = (t: string) => ({ ...aReport('2026-01-01').task, task: t });
    const crux = (c: string | null) => ({ ...aReport('2026-01-01').crux, crux: c });
    await reported(T1, '2026-11-20', { task: task('old task'), crux: crux('old crux') });
    await reported(T1, '2026-11-23', { task: task('T1 task'), crux: crux('T1 crux') });
    await reported(T1, '2026-11-25', { task: task('today'), crux: crux('today') });
    await reported(T2, '2026-11-24', { task: task('T2 task'), crux: crux(null) });
    await reported(T1, '2026-11-24', { task: task('colleague') }, U2);

    expect(await memory(db(), T1, U1, '2026-11-25')).toEqual({ lastTask: 'T1 task', lastCrux: 'T1 crux', lastDate: '2026-11-23' });
    expect(await memory(db(), T2, U1, '2026-11-25')).toEqual({ lastTask: 'T2 task', lastCrux: null, lastDate: '2026-11-24' });
    expect(await memory(db(), T1, U1, '2026-11-21')).toEqual({ lastTask: 'old task', lastCrux: 'old crux', lastDate: '2026-11-20' });
    expect(await memory(db(), T1, U1, '2026-11-20')).toBeNull();
    expect(await memory(db(), T2, U1, '2026-11-24')).toBeNull();
  });
});

describe('latestReport', () => {
  test("the person's newest report in that workspace, with its session id", async () => {
    await reported(T1, '2026-11-20', { title: 'older' });
    const newest = await reported(T1, '2026-11-23', { title: 'newest T1' });
    const t2 = await reported(T2, '2026-11-21', { title: 'T2' });
    await reported(T1, '2026-11-25', { title: 'colleague' }, U2);

    expect(await latestReport(db(), T1, U1)).toEqual({ sessionId: newest, report: aReport('2026-11-23', { title: 'newest T1' }) });
    expect(await latestReport(db(), T2, U1)).toEqual({ sessionId: t2, report: aReport('2026-11-21', { title: 'T2' }) });
    expect(await latestReport(db(), T2, U2)).toBeNull();
  });
});

describe('reportOn', () => {
  test("the person's report of that date in that workspace", async () => {
    const t1 = await reported(T1, '2026-11-23', { title: 'T1' });
    await reported(T2, '2026-11-24', { title: 'T2' });
    expect(await reportOn(db(), T1, U1, '2026-11-23')).toEqual({ sessionId: t1, report: aReport('2026-11-23', { title: 'T1' }) });
    expect(await reportOn(db(), T2, U1, '2026-11-23')).toBeNull();
    expect(await reportOn(db(), T1, U1, '2026-11-24')).toBeNull();
    expect((await reportOn(db(), T2, U1, '2026-11-24'))?.report.title).toBe('T2');
  });
});

describe('ownReport', () => {
  test("one of the person's own reports, and nothing for anyone else's session id", async () => {
    const mine = await reported(T1, '2026-11-25', { title: 'mine' });
    const colleagues = await reported(T1, '2026-11-25', { title: 'theirs' }, U2);
    const sameUserOtherTeam = await reported(T2, '2026-11-25', { title: 'T2' });

    expect(await ownReport(db(), T1, U1, mine)).toEqual(aReport('2026-11-25', { title: 'mine' }));
    // Another person's session in the same workspace.
    expect(await ownReport(db(), T1, U1, colleagues)).toBeNull();
    // A real session id of the same user id in another workspace.
    expect(await ownReport(db(), T1, U1, sameUserOtherTeam)).toBeNull();
    expect(await ownReport(db(), T2, U1, mine)).toBeNull();
    expect((await ownReport(db(), T2, U1, sameUserOtherTeam))?.title).toBe('T2');
    // Not a uuid at all: no report, not a database error.
    expect(await ownReport(db(), T1, U1, `${mine}' or '1'='1`)).toBeNull();
  });
});

describe('recentReports', () => {
  test("summaries of the person's reports in that workspace, newest first, at most `limit`", async () => {
    const a = await reported(T1, '2026-11-20', { title: 'A' });
    const b = await reported(T1, '2026-11-23', { title: 'B', evaluation: { ...aReport('2026-01-01').evaluation, score: 9 } });
    const c = await reported(T1, '2026-11-22', { title: 'C' });
    const t2 = await reported(T2, '2026-11-24', { title: 'T2' });
    await reported(T1, '2026-11-24', { title: 'colleague' }, U2);

    expect(await recentReports(db(), T1, U1, 10)).toEqual([
      { sessionId: b, date: '2026-11-23', title: 'B', score: 9 },
      { sessionId: c, date: '2026-11-22', title: 'C', score: 7 },
      { sessionId: a, date: '2026-11-20', title: 'A', score: 7 },
    ]);
    expect((await recentReports(db(), T1, U1, 2)).map((r) => r.title)).toEqual(['B', 'C']);
    expect(await recentReports(db(), T2, U1, 10)).toEqual([{ sessionId: t2, date: '2026-11-24', title: 'T2', score: 7 }]);
    expect(await recentReports(db(), T2, U2, 10)).toEqual([]);
  });
});
