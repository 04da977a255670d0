/**
 * src/db/queries/nudge-sessions.ts on a real Postgres: the morning nudge's
 * claim on a person's day. Every test has U1 in two workspaces (T1 and T2)
 * with the same DM channel id and the same day, and shows that a claim,
 * post, release or drop in one leaves the other alone.
 */
import { newSessionState } from '../../../src/coach/session';
import { addPersonMessage, turns } from '../../../src/db/queries/messages';
import { claimNudge, dropUnansweredNudge, expiredClaims, nudgePosted, releaseClaim, sessionsExisting } from '../../../src/db/queries/nudge-sessions';
import { personArrived, skipDay } from '../../../src/db/queries/people';
import { openSession, saveState, sessionById } from '../../../src/db/queries/sessions';
import { personDateKey, type NudgeClaim, type PersonDate } from '../../../src/nudge/store';
import { aNewSession, D1, T1, T2, U1, U2, useTestDatabase } from '../../support/db-fixtures';

const database = useTestDatabase();
const db = () => database().db;

const DAY = '2026-11-25';
const AT = new Date('2026-11-25T08:00:00.000Z');
const NUDGE_TS = '1764057600.000100';
const PERSON_TS = '1764057700.000200';

function aClaim(teamId: string, overrides: Partial<NudgeClaim> = {}): NudgeClaim {
  return {
    teamId,
    userId: U1,
    localDate: DAY,
    channelId: D1,
    text: `Good morning from ${teamId}!`,
    state: newSessionState(),
    at: AT,
    leaseSeconds: 300,
    ...overrides,
  };
}

async function claimed(teamId: string, overrides: Partial<NudgeClaim> = {}): Promise<{ sessionId: string; messageId: number }> {
  const won = await claimNudge(db(), aClaim(teamId, overrides));
  if (!won) throw new Error(`claim of ${teamId} refused`);
  return won;
}

async function sessionRow(sessionId: string) {
  const { rows } = await database().pool.query(
    `select team_id, user_id, to_char(local_date, 'YYYY-MM-DD') as local_date, channel_id, thread_ts, origin, status, version,
            lease_until > now() as leased, lease_until is null as unleased, created_at
       from sessions where id = $1`,
    [sessionId],
  );
  return rows[0] as
    | { team_id: string; user_id: string; local_date: string; channel_id: string; thread_ts: string | null; origin: string; status: string; version: number; leased: boolean | null; unleased: boolean; created_at: Date }
    | undefined;
}

async function messageRows(sessionId: string) {
  const { rows } = await database().pool.query(
    `select id, team_id, channel_id, slack_ts, role, stage, text, created_at from messages where session_id = $1 order by id`,
    [sessionId],
  );
  return rows as { id: string; team_id: string; channel_id: string; slack_ts: string | null; role: string; stage: string | null; text: string; created_at: Date }[];
}

async function expireLease(sessionId: string): Promise<void> {
  await database().pool.query(`update sessions set lease_until = now() - interval '1 minute' where id = $1`, [sessionId]);
}

/** The person answers the (possibly unposted) nudge. */
async function personWrites(sessionId: string, teamId: string, ts = PERSON_TS): Promise<void> {
  const session = await sessionById(db(), teamId, sessionId);
  if (!session) throw new Error('no session');
  const stored = await addPersonMessage(db(), session, ts, 'morning!');
  if (typeof stored === 'string') throw new Error(stored);
}

// A nudge is only ever claimed for a person the bot knows (a deleted person gets none): every test's people exist.
beforeEach(async () => {
  for (const teamId of [T1, T2]) for (const userId of [U1, U2]) await personArrived(db(), teamId, userId, D1);
});

describe('claimNudge', () => {
  test('inserts the day’s nudge session, leased and unposted, with the nudge as its first coach message', async () => {
    const won = await claimed(T1);
    expect(await sessionRow(won.sessionId)).toEqual({
      team_id: T1,
      user_id: U1,
      local_date: DAY,
      channel_id: D1,
      thread_ts: null,
      origin: 'nudge',
      status: 'active',
      version: 1,
      leased: true,
      unleased: false,
      created_at: AT,
    });
    expect(await messageRows(won.sessionId)).toEqual([
      { id: String(won.messageId), team_id: T1, channel_id: D1, slack_ts: null, role: 'coach', stage: 'significance', text: 'Good morning from T1!', created_at: AT },
    ]);
    // T2's U1 is another person: their day is still free.
    const other = await claimed(T2);
    expect(other.sessionId).not.toBe(won.sessionId);
    expect((await messageRows(other.sessionId)).map((m) => [m.team_id, m.text])).toEqual([[T2, 'Good morning from T2!']]);
  });

  test('claims a person-day once: a second claim gets nothing and writes nothing', async () => {
    const first = await claimed(T1);
    await claimed(T2);
    expect(await claimNudge(db(), aClaim(T1, { text: 'a second pass', channelId: 'D9' }))).toBeNull();
    expect((await messageRows(first.sessionId)).map((m) => m.text)).toEqual(['Good morning from T1!']);
    const { rows } = await database().pool.query(`select team_id, count(*)::int as n from sessions group by team_id order by team_id`);
    expect(rows).toEqual([
      { team_id: T1, n: 1 },
      { team_id: T2, n: 1 },
    ]);
    // Another day is another claim.
    await claimed(T1, { localDate: '2026-11-26' });
  });

  test('a day the person already started by writing is not claimed', async () => {
    await openSession(db(), aNewSession(T1, { localDate: DAY }));
    expect(await claimNudge(db(), aClaim(T1))).toBeNull();
    await claimed(T2);
  });

  test('a day the person skipped is refused, in their workspace only', async () => {
    await personArrived(db(), T1, U1, D1);
    await personArrived(db(), T2, U1, D1);
    await skipDay(db(), T1, U1, DAY, AT);
    await skipDay(db(), T2, U1, '2026-11-24', AT);

    expect(await claimNudge(db(), aClaim(T1))).toBeNull();
    const { rows } = await database().pool.query(`select count(*)::int as n from sessions where team_id = $1`, [T1]);
    expect(rows[0].n).toBe(0);
    await claimed(T2);
    await claimed(T1, { localDate: '2026-11-26' });
  });
});

describe('nudgePosted', () => {
  test('roots the session at the nudge, frees the claim and records the message ts; once', async () => {
    const c1 = await claimed(T1);
    const c2 = await claimed(T2);
    await nudgePosted(db(), c1.sessionId, c1.messageId, NUDGE_TS);
    expect(await sessionRow(c1.sessionId)).toMatchObject({ thread_ts: NUDGE_TS, unleased: true });
    expect((await messageRows(c1.sessionId)).map((m) => m.slack_ts)).toEqual([NUDGE_TS]);
    expect(await sessionRow(c2.sessionId)).toMatchObject({ thread_ts: null, leased: true });
    expect((await messageRows(c2.sessionId)).map((m) => m.slack_ts)).toEqual([null]);

    // A repeated report with another ts moves nothing.
    await nudgePosted(db(), c1.sessionId, c1.messageId, '1764057600.999999');
    expect((await sessionRow(c1.sessionId))?.thread_ts).toBe(NUDGE_TS);
    expect((await messageRows(c1.sessionId)).map((m) => m.slack_ts)).toEqual([NUDGE_TS]);

    // Same channel id and ts in the other workspace: allowed.
    await nudgePosted(db(), c2.sessionId, c2.messageId, NUDGE_TS);
    expect((await sessionRow(c2.sessionId))?.thread_ts).toBe(NUDGE_TS);
  });
});

describe('releaseClaim', () => {
  test("an unposted, unanswered claim is 'deleted' with its message, and the day can be claimed again", async () => {
    const c1 = await claimed(T1);
    const c2 = await claimed(T2);
    expect(await releaseClaim(db(), c1.sessionId)).toBe('deleted');
    expect(await sessionRow(c1.sessionId)).toBeUndefined();
    expect(await messageRows(c1.sessionId)).toEqual([]);
    expect(await sessionRow(c2.sessionId)).toMatchObject({ thread_ts: null, leased: true });
    expect(await messageRows(c2.sessionId)).toHaveLength(1);
    await claimed(T1);
  });

  test("a posted nudge is 'posted' and kept", async () => {
    const c1 = await claimed(T1);
    const c2 = await claimed(T2);
    await nudgePosted(db(), c1.sessionId, c1.messageId, NUDGE_TS);
    expect(await releaseClaim(db(), c1.sessionId)).toBe('posted');
    expect(await sessionRow(c1.sessionId)).toMatchObject({ thread_ts: NUDGE_TS });
    expect(await messageRows(c1.sessionId)).toHaveLength(1);
    expect(await sessionRow(c2.sessionId)).toMatchObject({ thread_ts: null });
  });

  test("a claim the person answered while it was failing is 'rooted' at their first message; the unposted nudge goes", async () => {
    const c1 = await claimed(T1);
    const c2 = await claimed(T2);
    await personWrites(c1.sessionId, T1, PERSON_TS);
    await personWrites(c1.sessionId, T1, '1764057800.000300');
    await personWrites(c2.sessionId, T2, PERSON_TS);

    expect(await releaseClaim(db(), c1.sessionId)).toBe('rooted');
    expect(await sessionRow(c1.sessionId)).toMatchObject({ thread_ts: PERSON_TS, unleased: true, origin: 'nudge' });
    expect((await turns(db(), c1.sessionId)).map((t) => `${t.role}:${t.text}`)).toEqual(['person:morning!', 'person:morning!']);
    // T2's claim, answered the same way, is untouched until its own release.
    expect(await sessionRow(c2.sessionId)).toMatchObject({ thread_ts: null, leased: true });
    expect((await messageRows(c2.sessionId)).map((m) => m.role)).toEqual(['coach', 'person']);
  });

  test("a session that is already gone is 'deleted'", async () => {
    const c1 = await claimed(T1);
    const c2 = await claimed(T2);
    expect(await dropUnansweredNudge(db(), T1, c1.sessionId)).toBe(true);
    expect(await releaseClaim(db(), c1.sessionId)).toBe('deleted');
    expect(await sessionRow(c2.sessionId)).toBeDefined();
  });
});

describe('dropUnansweredNudge', () => {
  test('deletes an unanswered nudge session of that workspace, so a message later that day starts a fresh one', async () => {
    const c1 = await claimed(T1);
    const c2 = await claimed(T2);
    await nudgePosted(db(), c1.sessionId, c1.messageId, NUDGE_TS);
    await nudgePosted(db(), c2.sessionId, c2.messageId, NUDGE_TS);
    expect(await dropUnansweredNudge(db(), T1, c1.sessionId)).toBe(true);
    expect(await sessionRow(c1.sessionId)).toBeUndefined();
    expect(await messageRows(c1.sessionId)).toEqual([]);
    expect(await sessionRow(c2.sessionId)).toMatchObject({ thread_ts: NUDGE_TS, origin: 'nudge' });

    const fresh = await openSession(db(), aNewSession(T1, { localDate: DAY, threadTs: PERSON_TS }));
    expect(fresh.id).not.toBe(c1.sessionId);
    expect(fresh.origin).toBe('person');
    // T2's day still has its nudge: opening there finds it.
    expect((await openSession(db(), aNewSession(T2, { localDate: DAY, threadTs: PERSON_TS }))).id).toBe(c2.sessionId);
  });

  test("refuses another workspace's session id", async () => {
    const c1 = await claimed(T1);
    const c2 = await claimed(T2);
    expect(await dropUnansweredNudge(db(), T2, c1.sessionId)).toBe(false);
    expect(await dropUnansweredNudge(db(), T1, c2.sessionId)).toBe(false);
    expect(await sessionRow(c1.sessionId)).toBeDefined();
    expect(await sessionRow(c2.sessionId)).toBeDefined();
  });

  test('refuses a nudge the person answered', async () => {
    const c1 = await claimed(T1);
    const c2 = await claimed(T2);
    await nudgePosted(db(), c1.sessionId, c1.messageId, NUDGE_TS);
    await personWrites(c1.sessionId, T1);
    expect(await dropUnansweredNudge(db(), T1, c1.sessionId)).toBe(false);
    expect(await sessionRow(c1.sessionId)).toBeDefined();
    expect(await dropUnansweredNudge(db(), T2, c2.sessionId)).toBe(true);
  });

  test('refuses a session the person started, and a nudge session that is no longer active', async () => {
    const mine = await openSession(db(), aNewSession(T1));
    const c2 = await claimed(T2);
    expect(await dropUnansweredNudge(db(), T1, mine.id)).toBe(false);
    expect(await saveState(db(), c2.sessionId, 1, { ...newSessionState(), status: 'abandoned', version: 2 })).toBe(true);
    expect(await dropUnansweredNudge(db(), T2, c2.sessionId)).toBe(false);
    expect(await sessionRow(mine.id)).toBeDefined();
    expect(await sessionRow(c2.sessionId)).toMatchObject({ status: 'abandoned' });
  });
});

describe('expiredClaims', () => {
  test('lists unposted nudge claims whose lease ran out, in every workspace, at most `limit`', async () => {
    const expired1 = await claimed(T1);
    const expired2 = await claimed(T2);
    const live = await claimed(T1, { userId: U2, channelId: 'D2' });
    const posted = await claimed(T2, { userId: U2, channelId: 'D2' });
    await nudgePosted(db(), posted.sessionId, posted.messageId, NUDGE_TS);
    // A person-started session is never a nudge claim, whatever its lease says.
    const personal = await openSession(db(), aNewSession(T1, { localDate: '2026-11-26', threadTs: null }));
    for (const id of [expired1.sessionId, expired2.sessionId, posted.sessionId, personal.id]) await expireLease(id);

    expect((await expiredClaims(db(), 10)).sort()).toEqual([expired1.sessionId, expired2.sessionId].sort());
    const one = await expiredClaims(db(), 1);
    expect(one).toHaveLength(1);
    expect([expired1.sessionId, expired2.sessionId]).toContain(one[0]);
    expect(await sessionRow(live.sessionId)).toMatchObject({ leased: true });
  });
});

describe('sessionsExisting', () => {
  test('the keys that have a session, workspace by workspace', async () => {
    await claimed(T1);
    await openSession(db(), aNewSession(T2, { userId: U2, channelId: 'D2', localDate: '2026-11-24' }));
    const asked: PersonDate[] = [
      { teamId: T1, userId: U1, localDate: DAY },
      { teamId: T2, userId: U1, localDate: DAY },
      { teamId: T1, userId: U2, localDate: '2026-11-24' },
      { teamId: T2, userId: U2, localDate: '2026-11-24' },
      { teamId: T2, userId: U2, localDate: DAY },
    ];
    expect([...(await sessionsExisting(db(), asked))].sort()).toEqual(
      [personDateKey({ teamId: T1, userId: U1, localDate: DAY }), personDateKey({ teamId: T2, userId: U2, localDate: '2026-11-24' })].sort(),
    );
    expect((await sessionsExisting(db(), [])).size).toBe(0);
  });

  test('answers for more keys than one batch, with teams mixed in every batch', async () => {
    // 2,500 person-days alternating between the workspaces; sessions in each batch of 1,000, and
    // for each of them a twin key in the other workspace that has none.
    const keys: PersonDate[] = [];
    for (let i = 0; i < 2500; i += 1) keys.push({ teamId: i % 2 === 0 ? T1 : T2, userId: `U${Math.floor(i / 2)}`, localDate: DAY });
    const withSession = [0, 3, 998, 999, 1000, 1001, 1998, 2001, 2499];
    for (const i of withSession) {
      const key = keys[i]!;
      await openSession(db(), aNewSession(key.teamId, { userId: key.userId, channelId: `D-${key.userId}` }));
    }
    const found = await sessionsExisting(db(), keys);
    expect([...found].sort()).toEqual(withSession.map((i) => personDateKey(keys[i]!)).sort());
    // 998 (T1, U499) and 999 (T2, U499) both have one; 1000 (T1, U500) does, its twin 1001 (T2, U500) too;
    // 2001 (T2, U1000) does, but not its twin 2000 (T1, U1000).
    expect(found.has(personDateKey(keys[2000]!))).toBe(false);
  });
});
