/**
 * src/db/queries/ratings.ts, and the archive that shows ratings beside the
 * reports, on a real Postgres. U1 has a report in two workspaces (T1 and T2,
 * same channel id, same date): a rating in one never touches the other.
 */
import { newSessionState, type Session } from '../../../src/coach/session';
import { rateSession, ratingOf, ratingsOf } from '../../../src/db/queries/ratings';
import { saveReport } from '../../../src/db/queries/reports';
import { openSession } from '../../../src/db/queries/sessions';
import { createReportArchive } from '../../../src/db/stores';
import { aNewSession, aReport, D1, T1, T2, U1, U2, useTestDatabase } from '../../support/db-fixtures';

const database = useTestDatabase();
const db = () => database().db;

async function session(teamId: string, date: string, userId = U1, status: 'wrapping' | 'active' = 'wrapping'): Promise<Session> {
  return openSession(
    db(),
    aNewSession(teamId, {
      userId,
      localDate: date,
      channelId: userId === U1 ? D1 : `D-${userId}`,
      threadTs: `${date.replace(/-/g, '')}.000100`,
      state: { ...newSessionState(), status, version: 2 },
    }),
  );
}

async function reported(teamId: string, date: string, userId = U1): Promise<string> {
  const s = await session(teamId, date, userId);
  if (!(await saveReport(db(), s.id, 2, { ...s.state, status: 'completed', version: 3 }, aReport(date)))) throw new Error('report not saved');
  return s.id;
}

async function rows(): Promise<Array<{ team_id: string; user_id: string; rating: number }>> {
  const { rows: found } = await database().pool.query<{ team_id: string; user_id: string; rating: number }>(
    'select team_id, user_id, rating from ratings order by team_id',
  );
  return found;
}

describe('rateSession', () => {
  test('stores a rating once: the same again is a no-op, another number updates it', async () => {
    const id = await reported(T1, '2026-11-25');
    expect(await rateSession(db(), T1, U1, id, 4)).toBe('rated');
    expect(await rateSession(db(), T1, U1, id, 4)).toBe('same');
    expect(await rows()).toEqual([{ team_id: T1, user_id: U1, rating: 4 }]);
    expect(await rateSession(db(), T1, U1, id, 2)).toBe('changed');
    expect(await rows()).toEqual([{ team_id: T1, user_id: U1, rating: 2 }]);
    expect(await ratingOf(db(), T1, U1, id)).toBe(2);
  });

  test('ten presses at once store one row', async () => {
    const id = await reported(T1, '2026-11-25');
    const results = await Promise.all(Array.from({ length: 10 }, () => rateSession(db(), T1, U1, id, 5)));
    expect(results.filter((r) => r === 'rated')).toHaveLength(1);
    expect(results.filter((r) => r === 'same')).toHaveLength(9);
    expect(await rows()).toEqual([{ team_id: T1, user_id: U1, rating: 5 }]);
  });

  test('takes only a rating of the person’s own report, in their own workspace', async () => {
    const mine = await reported(T1, '2026-11-25');
    const twin = await reported(T2, '2026-11-25');
    const open = await session(T1, '2026-11-26', U1, 'active');
    expect(await rateSession(db(), T1, U2, mine, 3)).toBe('no_report');
    expect(await rateSession(db(), T2, U1, mine, 3)).toBe('no_report');
    expect(await rateSession(db(), T1, U1, open.id, 3)).toBe('no_report');
    expect(await rateSession(db(), T1, U1, 'not-a-uuid', 3)).toBe('no_report');
    expect(await rows()).toEqual([]);
    expect(await rateSession(db(), T2, U1, twin, 1)).toBe('rated');
    expect(await rows()).toEqual([{ team_id: T2, user_id: U1, rating: 1 }]);
    expect(await ratingOf(db(), T1, U1, mine)).toBeNull();
  });

  test('refuses a rating outside 1-5 at the database too', async () => {
    const id = await reported(T1, '2026-11-25');
    await expect(rateSession(db(), T1, U1, id, 6 as never)).rejects.toThrow();
    expect(await rows()).toEqual([]);
  });

  test('goes with its session when the session is deleted', async () => {
    const id = await reported(T1, '2026-11-25');
    await rateSession(db(), T1, U1, id, 3);
    await database().pool.query('delete from sessions where id = $1', [id]);
    expect(await rows()).toEqual([]);
  });
});

describe('the archive shows the rating beside the score, and the score never moves', () => {
  test('latest, by date, by session and the recent list carry the person’s rating; the coach’s score stays its own', async () => {
    const archive = createReportArchive(db());
    const rated = await reported(T1, '2026-11-25');
    const unrated = await reported(T1, '2026-11-24');
    await reported(T2, '2026-11-25');
    const score = aReport('2026-11-25').evaluation.score;
    await rateSession(db(), T1, U1, rated, 1);

    expect((await archive.latest(T1, U1))?.report).toMatchObject({ rating: 1, evaluation: { score } });
    expect((await archive.onDate(T1, U1, '2026-11-25'))?.report.rating).toBe(1);
    expect((await archive.bySession(T1, U1, rated))?.rating).toBe(1);
    expect((await archive.bySession(T1, U1, unrated))?.rating).toBeNull();
    expect((await archive.latest(T2, U1))?.report.rating).toBeNull();
    expect((await archive.recent(T1, U1, 10)).map((s) => [s.sessionId, s.score, s.rating])).toEqual([
      [rated, score, 1],
      [unrated, score, null],
    ]);
    const { rows: stored } = await database().pool.query<{ score: number; body: { evaluation: { score: number }; rating?: unknown } }>(
      'select score, body from reports where session_id = $1',
      [rated],
    );
    expect(stored[0]).toMatchObject({ score, body: { evaluation: { score } } });
    expect(stored[0]?.body.rating).toBeUndefined();
    expect(await ratingsOf(db(), T1, U1, [rated, unrated, 'junk'])).toEqual(new Map([[rated, 1]]));
  });
});
