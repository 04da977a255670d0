/**
 * src/db/queries/sessions.ts on a real Postgres. Every test opens sessions of
 * U1 in two workspaces (T1 and T2) with the same DM channel and thread ids,
 * and shows that a read or a write in one never sees or touches the other.
 */
import { newSessionState, type Session } from '../../../src/coach/session';
import { addPersonMessage } from '../../../src/db/queries/messages';
import {
  claimSession,
  isUuid,
  openSession,
  recentSessions,
  releaseSession,
  saveState,
  sessionById,
  sessionByThread,
  sessionOn,
} from '../../../src/db/queries/sessions';
import { AppError } from '../../../src/errors';
import { aNewSession, D1, T1, T2, U1, U2, useTestDatabase } from '../../support/db-fixtures';

const database = useTestDatabase();
const db = () => database().db;

const THREAD = '1764050000.000100';
const LEASE_MS = 60_000;

/** U1's session of the same day in both workspaces, same channel, same thread ts. */
async function openBoth(overrides: Parameters<typeof aNewSession>[1] = {}): Promise<{ s1: Session; s2: Session }> {
  const s1 = await openSession(db(), aNewSession(T1, overrides));
  const s2 = await openSession(db(), aNewSession(T2, overrides));
  return { s1, s2 };
}

async function reload(session: Session): Promise<Session> {
  const found = await sessionById(db(), session.teamId, session.id);
  if (!found) throw new Error(`session ${session.id} is gone`);
  return found;
}

/** Puts the session's lease in the past, as if its holder had died a minute ago. */
async function expireLease(sessionId: string): Promise<void> {
  await database().pool.query(`update sessions set lease_until = now() - interval '1 minute' where id = $1`, [sessionId]);
}

describe('isUuid', () => {
  test('accepts a uuid in either case and nothing else', async () => {
    const { s1, s2 } = await openBoth();
    expect(isUuid(s1.id)).toBe(true);
    expect(isUuid(s2.id.toUpperCase())).toBe(true);
    for (const bad of ['', 'not-a-uuid', `${s1.id}x`, s1.id.slice(1), `'; drop table sessions; --`]) expect(isUuid(bad)).toBe(false);
  });
});

describe('openSession', () => {
  test('inserts the session as given, unanswered, and one per workspace for the same person and day', async () => {
    const { s1, s2 } = await openBoth();
    expect(s1.id).not.toBe(s2.id);
    for (const [session, teamId] of [
      [s1, T1],
      [s2, T2],
    ] as const) {
      expect(session).toMatchObject({
        teamId,
        userId: U1,
        localDate: '2026-11-25',
        channelId: D1,
        threadTs: THREAD,
        origin: 'person',
        state: newSessionState(),
        answeredMessageId: null,
        answered: false,
      });
      expect(session.createdAt).toBeInstanceOf(Date);
      expect(await reload(session)).toEqual(session);
    }
  });

  test('a second open of the same person and day returns the existing session, unchanged', async () => {
    const { s1, s2 } = await openBoth();
    await addPersonMessage(db(), s1, '1764050000.000200', 'hello');
    const again = await openSession(
      db(),
      aNewSession(T1, { channelId: 'D9', threadTs: '1764059999.000001', origin: 'nudge', state: { ...newSessionState(), stage: 'crux' } }),
    );
    expect(again.id).toBe(s1.id);
    expect(again).toMatchObject({ channelId: D1, threadTs: THREAD, origin: 'person', answered: true });
    expect(again.state).toEqual({ ...newSessionState(), version: 2 });
    expect(await reload(s2)).toEqual(s2);
  });

  test('a conflict on the thread (another local date, same root message) returns the session of that thread', async () => {
    const { s1 } = await openBoth();
    // The same first DM, delivered again after the person's zone changed their local date.
    const again = await openSession(db(), aNewSession(T1, { localDate: '2026-11-26' }));
    expect(again.id).toBe(s1.id);
  });

  test('three deliveries of one first DM at once open one session, and all three get it', async () => {
    const opened = await Promise.all([1, 2, 3].map(() => openSession(db(), aNewSession(T1))));
    expect(new Set(opened.map((s) => s.id)).size).toBe(1);
    const { rows } = await database().pool.query("select count(*)::int as n from sessions where team_id = 'T1'");
    expect(rows[0].n).toBe(1);
  });

  test('another day or another person of the same workspace gets a session of its own', async () => {
    const { s1 } = await openBoth();
    const nextDay = await openSession(db(), aNewSession(T1, { localDate: '2026-11-26', threadTs: '1764136400.000100' }));
    const colleague = await openSession(db(), aNewSession(T1, { userId: U2, channelId: 'D2' }));
    expect(new Set([s1.id, nextDay.id, colleague.id]).size).toBe(3);
  });
});

describe('sessionById', () => {
  test("finds a session in its workspace only: another workspace asking for its id gets nothing", async () => {
    const { s1, s2 } = await openBoth();
    expect((await sessionById(db(), T1, s1.id))?.id).toBe(s1.id);
    expect((await sessionById(db(), T2, s2.id))?.id).toBe(s2.id);
    expect(await sessionById(db(), T2, s1.id)).toBeNull();
    expect(await sessionById(db(), T1, s2.id)).toBeNull();
  });

  test('a malformed id is no session, not a database error', async () => {
    await openBoth();
    await expect(sessionById(db(), T1, 'not-a-uuid')).resolves.toBeNull();
    await expect(sessionById(db(), T2, '')).resolves.toBeNull();
  });

  test('a stored stage that is not a stage id fails loudly with a code', async () => {
    const { s1, s2 } = await openBoth();
    await database().pool.query(`update sessions set stage = 'bogus' where id = $1`, [s1.id]);
    const failure: unknown = await sessionById(db(), T1, s1.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'stored_stage_unknown' });
    expect((await reload(s2)).state.stage).toBe('significance');
  });
});

describe('sessionByThread', () => {
  test('the same channel and thread ts in two workspaces are two sessions', async () => {
    const { s1, s2 } = await openBoth();
    expect((await sessionByThread(db(), T1, D1, THREAD))?.id).toBe(s1.id);
    expect((await sessionByThread(db(), T2, D1, THREAD))?.id).toBe(s2.id);
    expect(await sessionByThread(db(), T1, 'D9', THREAD)).toBeNull();
    expect(await sessionByThread(db(), T1, D1, '1764050000.999999')).toBeNull();
  });
});

describe('sessionOn', () => {
  test("returns the person's session of that date in that workspace, and nothing for the other", async () => {
    const s1 = await openSession(db(), aNewSession(T1));
    await openSession(db(), aNewSession(T2, { localDate: '2026-11-24' }));
    expect((await sessionOn(db(), T1, U1, '2026-11-25'))?.id).toBe(s1.id);
    expect(await sessionOn(db(), T2, U1, '2026-11-25')).toBeNull();
    expect(await sessionOn(db(), T1, U1, '2026-11-24')).toBeNull();
    expect(await sessionOn(db(), T1, U2, '2026-11-25')).toBeNull();
  });

  test('says a session is answered once the person wrote in it, or once it is wrapping', async () => {
    const { s1, s2 } = await openBoth();
    expect((await sessionOn(db(), T1, U1, s1.localDate))?.answered).toBe(false);
    await addPersonMessage(db(), s1, '1764050000.000200', 'hello');
    expect((await sessionOn(db(), T1, U1, s1.localDate))?.answered).toBe(true);
    expect((await sessionOn(db(), T2, U1, s2.localDate))?.answered).toBe(false);

    expect(await saveState(db(), s2.id, 1, { ...s2.state, status: 'wrapping', version: 2 })).toBe(true);
    expect((await sessionOn(db(), T2, U1, s2.localDate))?.answered).toBe(true);
  });
});

describe('recentSessions', () => {
  test("the person's sessions before a date, newest first, at most `limit`, in that workspace only", async () => {
    const dates = ['2026-11-20', '2026-11-22', '2026-11-23', '2026-11-25'];
    for (const [i, localDate] of dates.entries()) {
      await openSession(db(), aNewSession(T1, { localDate, threadTs: `17640${i}0000.000100` }));
    }
    await openSession(db(), aNewSession(T2, { localDate: '2026-11-24' }));
    await openSession(db(), aNewSession(T1, { userId: U2, channelId: 'D2', localDate: '2026-11-24' }));

    const recent = await recentSessions(db(), T1, U1, '2026-11-25', 10);
    expect(recent.map((s) => s.localDate)).toEqual(['2026-11-23', '2026-11-22', '2026-11-20']);
    expect(recent.every((s) => s.teamId === T1 && s.userId === U1)).toBe(true);
    expect((await recentSessions(db(), T1, U1, '2026-11-25', 2)).map((s) => s.localDate)).toEqual(['2026-11-23', '2026-11-22']);
    expect((await recentSessions(db(), T2, U1, '2026-11-30', 10)).map((s) => s.localDate)).toEqual(['2026-11-24']);
  });
});

describe('saveState', () => {
  test('writes the state at the expected version, and refuses a wrong one', async () => {
    const { s1, s2 } = await openBoth();
    const next = { ...s1.state, stage: 'task' as const, version: 2 };
    expect(await saveState(db(), s1.id, 5, next)).toBe(false);
    expect((await reload(s1)).state).toEqual(s1.state);

    expect(await saveState(db(), s1.id, 1, next)).toBe(true);
    expect((await reload(s1)).state).toEqual(next);
    // The version moved on: the same write decided on version 1 is now stale.
    expect(await saveState(db(), s1.id, 1, { ...next, status: 'abandoned' })).toBe(false);
    expect((await reload(s1)).state.status).toBe('active');
    expect(await reload(s2)).toEqual(s2);
  });
});

describe('toSession and stateColumns', () => {
  test('a completed session counts as answered without a person message; an origin it does not know reads as person', async () => {
    const { s1, s2 } = await openBoth({ origin: 'nudge' });
    expect(await saveState(db(), s1.id, 1, { ...s1.state, status: 'completed', version: 2 })).toBe(true);
    await database().pool.query(`update sessions set origin = 'import' where id = $1`, [s2.id]);
    expect(await reload(s1)).toMatchObject({ origin: 'nudge', answered: true, state: { status: 'completed' } });
    expect(await reload(s2)).toMatchObject({ origin: 'person', answered: false, state: { status: 'active' } });
  });

  test("a state write stamps the session's updated_at, and only that session's", async () => {
    const { s1, s2 } = await openBoth();
    await database().pool.query(`update sessions set updated_at = '2020-01-01T00:00:00Z'`);
    expect(await saveState(db(), s1.id, 1, { ...s1.state, version: 2 })).toBe(true);
    const { rows } = await database().pool.query(
      `select id, updated_at > '2020-01-01T00:00:00Z'::timestamptz as touched from sessions order by team_id`,
    );
    expect(rows).toEqual([
      { id: s1.id, touched: true },
      { id: s2.id, touched: false },
    ]);
  });
});

describe('claimSession and releaseSession', () => {
  test('a claim returns a token and the session; a second claim is refused while the lease is held', async () => {
    const { s1, s2 } = await openBoth();
    const claim = await claimSession(db(), s1.id, LEASE_MS);
    expect(claim).not.toBeNull();
    expect(isUuid(claim!.token)).toBe(true);
    expect(claim!.session).toEqual(await reload(s1));
    expect(await claimSession(db(), s1.id, LEASE_MS)).toBeNull();
    // The same person's session in the other workspace is a different lease.
    const other = await claimSession(db(), s2.id, LEASE_MS);
    expect(other).not.toBeNull();
    expect(other!.token).not.toBe(claim!.token);
    expect(other!.session.teamId).toBe(T2);
  });

  test("a claim brings the person's first name and memory of their own workspace, and nobody else's", async () => {
    const { s1, s2 } = await openBoth();
    await database().pool.query("insert into users (team_id, user_id, first_name) values ('T1', 'U1', 'Ana'), ('T2', 'U1', 'Bo')");
    const report = (task: string) => ({ title: 't', task: { task }, crux: { crux: `${task} crux` }, evaluation: { score: 5 }, writtenBy: 'x' });
    await database().pool.query(
      `insert into sessions (id, team_id, user_id, local_date, channel_id, thread_ts, origin, stage, status, version)
       values ('00000000-0000-4000-8000-0000000000a1', 'T1', 'U1', '2026-11-20', 'D1', '1.1', 'person', 'crux', 'completed', 3)`,
    );
    await database().pool.query(
      "insert into reports (session_id, team_id, user_id, local_date, title, body, score, written_by) values ('00000000-0000-4000-8000-0000000000a1', 'T1', 'U1', '2026-11-20', 't', $1, 5, 'x')",
      [JSON.stringify(report('Ship the draft'))],
    );
    const c1 = (await claimSession(db(), s1.id, LEASE_MS))!;
    expect(c1.firstName).toBe('Ana');
    expect(c1.memory).toEqual({ lastTask: 'Ship the draft', lastCrux: 'Ship the draft crux', lastDate: '2026-11-20' });
    const c2 = (await claimSession(db(), s2.id, LEASE_MS))!;
    expect(c2.firstName).toBe('Bo');
    expect(c2.memory).toBeNull();
  });

  test('a session without a thread yet cannot be claimed', async () => {
    const s1 = await openSession(db(), aNewSession(T1, { threadTs: null, origin: 'nudge' }));
    const s2 = await openSession(db(), aNewSession(T2));
    expect(await claimSession(db(), s1.id, LEASE_MS)).toBeNull();
    expect(await claimSession(db(), s2.id, LEASE_MS)).not.toBeNull();
  });

  test('only the token holding the lease releases it', async () => {
    const { s1, s2 } = await openBoth();
    const token = (await claimSession(db(), s1.id, LEASE_MS))!.token;
    const otherToken = (await claimSession(db(), s2.id, LEASE_MS))!.token;

    await releaseSession(db(), s1.id, otherToken);
    await releaseSession(db(), s1.id, '00000000-0000-4000-8000-000000000000');
    expect(await claimSession(db(), s1.id, LEASE_MS)).toBeNull();

    await releaseSession(db(), s1.id, token);
    expect(await claimSession(db(), s1.id, LEASE_MS)).not.toBeNull();
    // Releasing T1's lease left T2's held.
    expect(await claimSession(db(), s2.id, LEASE_MS)).toBeNull();
  });

  test('an expired lease can be taken over, and its old holder can no longer release it', async () => {
    const { s1, s2 } = await openBoth();
    const first = (await claimSession(db(), s1.id, LEASE_MS))!.token;
    await claimSession(db(), s2.id, LEASE_MS);
    await expireLease(s1.id);

    const second = await claimSession(db(), s1.id, LEASE_MS);
    expect(second).not.toBeNull();
    expect(second!.token).not.toBe(first);
    await releaseSession(db(), s1.id, first);
    expect(await claimSession(db(), s1.id, LEASE_MS)).toBeNull();
    expect(await claimSession(db(), s2.id, LEASE_MS)).toBeNull();
  });
});
