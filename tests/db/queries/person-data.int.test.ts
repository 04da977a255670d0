/**
 * src/db/queries/person-data.ts (and the sessions purge) on a real
 * Postgres: every table is accounted for, an export holds the person's rows
 * and no one else's, a deletion leaves no row of theirs in any table (found
 * from the database's own catalogue, so a new table is checked too), and
 * the twin workspace with the same user ids is untouched.
 */
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { newSessionState } from '../../../src/coach/session';
import * as schema from '../../../src/db/schema';
import { addPersonMessage, saveCoachTurn } from '../../../src/db/queries/messages';
import { claimNudge } from '../../../src/db/queries/nudge-sessions';
import { enroll, personArrived, saveProfile } from '../../../src/db/queries/people';
import { NOT_PERSONAL, PERSON_TABLES, deletePerson, exportPerson } from '../../../src/db/queries/person-data';
import { rateSession } from '../../../src/db/queries/ratings';
import { saveReport } from '../../../src/db/queries/reports';
import { openSession, purgeSessionsBefore } from '../../../src/db/queries/sessions';
import { aNewSession, aReport, D1, T1, T2, U1, U2, useTestDatabase } from '../../support/db-fixtures';
import { seedTwin, twinSnapshot, TWIN_TEAM } from '../../support/twin';
import { waitFor } from '../../support/wait';
import { personRows } from '../../support/person-rows';

const database = useTestDatabase();
const db = () => database().db;
const pool = () => database().pool;

/** A person with everything: settings, a reported session, an open one with messages. Returns their session ids. */
async function everything(teamId: string, userId: string, words = 'my secret plan'): Promise<string[]> {
  const channel = userId === U1 ? D1 : `D-${userId}`;
  await personArrived(db(), teamId, userId, channel);
  await saveProfile(db(), teamId, userId, { firstName: 'Ada', tz: 'Europe/Berlin' }, new Date('2026-11-20T00:00:00Z'));
  const ids: string[] = [];
  for (const [i, date] of ['2026-11-24', '2026-11-25'].entries()) {
    const session = await openSession(db(), aNewSession(teamId, { userId, localDate: date, channelId: channel, threadTs: `17640${i}0000.000100` }));
    const stored = await addPersonMessage(db(), session, `17640${i}0000.000100`, `${words} ${date}`);
    if (typeof stored !== 'object') throw new Error('message not stored');
    await saveCoachTurn(db(), { sessionId: session.id, expectedVersion: 2, state: { ...session.state, version: 3 }, reply: 'What matters?', stage: 'significance', answeredMessageId: stored.id });
    if (i === 0) {
      const saved = await saveReport(db(), session.id, 3, { ...session.state, status: 'completed', version: 4 }, aReport(date, { title: `${words} report` }));
      if (!saved) throw new Error('report not saved');
      if ((await rateSession(db(), teamId, userId, session.id, 4)) !== 'rated') throw new Error('rating not stored');
    }
    ids.push(session.id);
  }
  return ids;
}

/** Rows of (team, user) in every table that has those columns, and of the sessions in every table with a session_id: from the catalogue. */
function rowsOf(teamId: string, userId: string, sessionIds: string[]): Promise<Record<string, number>> {
  return personRows(pool(), { teamId, userId, sessionIds });
}

describe('the list of person tables', () => {
  test('names every table of schema.ts, as holding a person’s rows or as not personal', () => {
    const tables = Object.values(schema as Record<string, unknown>)
      .filter((value): value is PgTable => is(value, PgTable))
      .map((table) => getTableName(table));
    expect(tables.length).toBeGreaterThan(0);
    const accounted: string[] = [...Object.keys(PERSON_TABLES), ...Object.keys(NOT_PERSONAL)];
    expect(tables.filter((name) => !accounted.includes(name))).toEqual([]);
    // And nothing listed that is not a table any more.
    expect(accounted.filter((name) => !tables.includes(name))).toEqual([]);
  });
});

describe('deletePerson', () => {
  test('leaves no row of theirs in any table; their neighbour, their other workspace and the twin are untouched', async () => {
    await seedTwin(pool(), [U1, U2]);
    const twin = await twinSnapshot(pool());
    const mine = await everything(T1, U1);
    const neighbour = await everything(T1, U2, 'neighbour words');
    const elsewhere = await everything(T2, U1, 'other workspace words');
    const before = await rowsOf(T1, U1, mine);
    expect(before.users).toBe(1);
    expect(before.sessions).toBe(4); // by (team, user) and by id
    expect(before.messages).toBe(4);
    expect(before.reports).toBe(2); // by (team, user) and by session

    const deleted = await deletePerson(db(), T1, U1);
    expect(deleted).toEqual({ settings: 1, sessions: 2, messages: 4, reports: 1 });
    const after = await rowsOf(T1, U1, mine);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);

    expect(await rowsOf(T1, U2, neighbour)).toEqual(await rowsOf(T2, U1, elsewhere));
    expect((await rowsOf(T2, U1, elsewhere)).messages).toBe(4);
    expect(await twinSnapshot(pool())).toEqual(twin);
  });

  test('a second deletion finds nothing and changes nothing', async () => {
    await everything(T1, U1);
    await everything(T2, U1);
    await deletePerson(db(), T1, U1);
    expect(await deletePerson(db(), T1, U1)).toEqual({ settings: 0, sessions: 0, messages: 0, reports: 0 });
    expect((await exportPerson(db(), T2, U1)).sessions).toHaveLength(2);
  });

  test('a morning nudge claiming a day after (or while) the person is deleted opens nothing', async () => {
    await enroll(db(), T1, U1, new Date('2026-11-20T00:00:00Z'));
    const claim = { teamId: T1, userId: U1, localDate: '2026-11-26', channelId: D1, text: 'Good morning!', state: newSessionState(), at: new Date('2026-11-26T08:00:00Z'), leaseSeconds: 60 };
    // The deletion holds the person's row while the claim runs: the claim waits, then finds nobody.
    const client = await pool().connect();
    try {
      await client.query('begin');
      await client.query('delete from users where team_id = $1 and user_id = $2', [T1, U1]);
      const claiming = claimNudge(db(), claim);
      await waitFor('the claim waiting on the person’s row', async () => {
        const { rows } = await pool().query<{ n: string }>('select count(*) as n from pg_locks where not granted');
        return Number(rows[0]!.n) > 0 || undefined;
      });
      await client.query('commit');
      await expect(claiming).resolves.toBeNull();
    } finally {
      client.release();
    }
    const { rows } = await pool().query('select * from sessions where team_id = $1 and user_id = $2', [T1, U1]);
    expect(rows).toEqual([]);
  });
});

describe('exportPerson', () => {
  test('holds their settings, sessions, messages and report, and nothing of anyone else', async () => {
    await seedTwin(pool(), [U1]);
    await everything(T1, U1);
    await everything(T2, U1, 'other workspace words');
    await everything(T1, U2, 'neighbour words');
    const data = await exportPerson(db(), T1, U1);
    expect(data.teamId).toBe(T1);
    expect(data.settings).toMatchObject({ firstName: 'Ada', tz: 'Europe/Berlin', enrolled: true, nudgeMinute: 540 });
    expect(data.sessions.map((s) => s.localDate)).toEqual(['2026-11-24', '2026-11-25']);
    expect(data.sessions.map((s) => s.rating)).toEqual([4, null]);
    expect(data.sessions[0]!.messages.map((m) => [m.role, m.text])).toEqual([
      ['person', 'my secret plan 2026-11-24'],
      ['coach', 'What matters?'],
    ]);
    expect(data.sessions[0]!.report).toMatchObject({ title: 'my secret plan report' });
    expect(data.sessions[1]!.report).toBeNull();
    const text = JSON.stringify(data);
    expect(text).not.toMatch(/other workspace words|neighbour words|Twinny|twin workspace/);
  });

  test('of someone the bot never met: no settings, no sessions', async () => {
    await everything(T2, U1);
    expect(await exportPerson(db(), T1, U1)).toEqual({ teamId: T1, userId: U1, settings: null, sessions: [] });
  });
});

describe('purgeSessionsBefore', () => {
  test('deletes sessions created before the cutoff with their messages and reports, in every workspace, and keeps the rest', async () => {
    const old = await everything(T1, U1);
    const oldElsewhere = await everything(TWIN_TEAM, U1);
    const recent = await everything(T1, U2);
    await pool().query(`update sessions set created_at = '2026-01-01T00:00:00Z' where id = any($1::uuid[])`, [[...old, ...oldElsewhere]]);
    const purged = await purgeSessionsBefore(db(), new Date('2026-06-01T00:00:00Z'));
    expect(purged).toEqual({ sessions: 4 });
    const gone = await rowsOf(T1, U1, old);
    expect([gone.sessions, gone.messages, gone.reports]).toEqual([0, 0, 0]);
    // Their settings stay: retention is about sessions.
    expect(gone.users).toBe(1);
    const kept = await rowsOf(T1, U2, recent);
    expect([kept.sessions, kept.messages, kept.reports]).toEqual([4, 4, 2]);
    expect(await purgeSessionsBefore(db(), new Date('2026-06-01T00:00:00Z'))).toEqual({ sessions: 0 });
  });
});
