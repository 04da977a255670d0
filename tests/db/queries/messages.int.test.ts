/**
 * src/db/queries/messages.ts on a real Postgres. Every test has U1's session
 * in two workspaces (T1 and T2) in the same channel id and thread, with the
 * same Slack ts where it matters: the unique key of a message includes the
 * workspace, and nothing of one session's transcript leaks into the other.
 */
import { newSessionState, type Session, type SessionState } from '../../../src/coach/session';
import type { StageId } from '../../../src/coach/stages';
import { addPersonMessage, saveCoachTurn, turns } from '../../../src/db/queries/messages';
import { claimSession, releaseSession } from '../../../src/db/queries/sessions';
import { openSession, saveState, sessionById } from '../../../src/db/queries/sessions';
import { aNewSession, D1, T1, T2, useTestDatabase } from '../../support/db-fixtures';

const database = useTestDatabase();
const db = () => database().db;

const TS = ['1764050000.000200', '1764050000.000300', '1764050000.000400', '1764050000.000500'] as const;

async function openBoth(state: SessionState = newSessionState()): Promise<{ s1: Session; s2: Session }> {
  const s1 = await openSession(db(), aNewSession(T1, { state }));
  const s2 = await openSession(db(), aNewSession(T2, { state }));
  return { s1, s2 };
}

async function reload(session: Session): Promise<Session> {
  const found = await sessionById(db(), session.teamId, session.id);
  if (!found) throw new Error(`session ${session.id} is gone`);
  return found;
}

function stored(result: Awaited<ReturnType<typeof addPersonMessage>>): number {
  if (typeof result === 'string') throw new Error(`expected a stored message, got ${result}`);
  return result.id;
}

/** A coach reply written at the session's current version, asking a question of `stage`. */
async function coachSays(session: Session, reply: string, stage: StageId, answeredMessageId: number): Promise<number> {
  const current = await reload(session);
  const next = { ...current.state, stage, version: current.state.version + 1 };
  const saved = await saveCoachTurn(db(), {
    sessionId: session.id,
    expectedVersion: current.state.version,
    state: next,
    reply,
    stage,
    answeredMessageId,
  });
  if (saved === 'stale') throw new Error('unexpectedly stale');
  return saved.messageId;
}

async function rows(sessionId: string) {
  const { rows } = await database().pool.query(
    `select id, team_id, channel_id, slack_ts, role, stage, text from messages where session_id = $1 order by id`,
    [sessionId],
  );
  return rows as { id: string; team_id: string; channel_id: string; slack_ts: string | null; role: string; stage: string | null; text: string }[];
}

describe('addPersonMessage', () => {
  test("stores the message in the session's workspace and channel, and bumps the version", async () => {
    const { s1, s2 } = await openBoth();
    const id = stored(await addPersonMessage(db(), s1, TS[0], 'I want to ship the draft'));
    expect(await rows(s1.id)).toEqual([
      { id: String(id), team_id: T1, channel_id: D1, slack_ts: TS[0], role: 'person', stage: 'significance', text: 'I want to ship the draft' },
    ]);
    expect((await reload(s1)).state.version).toBe(2);
    expect(await reload(s2)).toEqual(s2);
    expect(await rows(s2.id)).toEqual([]);
  });

  test("a Slack ts already stored is 'duplicate' and bumps nothing; the same ts in the other workspace is a new message", async () => {
    const { s1, s2 } = await openBoth();
    stored(await addPersonMessage(db(), s1, TS[0], 'first delivery'));
    expect(await addPersonMessage(db(), s1, TS[0], 'a re-delivery')).toBe('duplicate');
    expect((await rows(s1.id)).map((r) => r.text)).toEqual(['first delivery']);
    expect((await reload(s1)).state.version).toBe(2);

    // Same channel id, same ts, other workspace: not a duplicate.
    stored(await addPersonMessage(db(), s2, TS[0], 'hello from T2'));
    expect((await rows(s2.id)).map((r) => r.text)).toEqual(['hello from T2']);
    expect((await reload(s2)).state.version).toBe(2);
  });

  test.each(['completed', 'abandoned'] as const)("a session that became %s meanwhile is 'closed': nothing stored, no bump", async (status) => {
    const { s1, s2 } = await openBoth();
    // s1 as the caller found it: still active. It ends before the message is stored.
    expect(await saveState(db(), s1.id, 1, { ...s1.state, status, version: 2 })).toBe(true);
    expect(await addPersonMessage(db(), s1, TS[0], 'too late')).toBe('closed');
    expect(await rows(s1.id)).toEqual([]);
    expect((await reload(s1)).state).toMatchObject({ status, version: 2 });

    // The other workspace's session of the same person, channel and ts is still open and takes it.
    stored(await addPersonMessage(db(), s2, TS[0], 'still open'));
    expect((await reload(s2)).state.version).toBe(2);
  });

  test('a wrapping session still takes messages', async () => {
    const { s1, s2 } = await openBoth();
    expect(await saveState(db(), s1.id, 1, { ...s1.state, status: 'wrapping', version: 2 })).toBe(true);
    stored(await addPersonMessage(db(), s1, TS[0], 'one more thought'));
    expect((await reload(s1)).state).toMatchObject({ status: 'wrapping', version: 3 });
    expect(await reload(s2)).toEqual(s2);
  });

  test("is stored in the session's own stage before any coach message", async () => {
    const { s1, s2 } = await openBoth({ ...newSessionState(), stage: 'task' });
    stored(await addPersonMessage(db(), s1, TS[0], 'first words'));
    expect((await rows(s1.id)).map((r) => r.stage)).toEqual(['task']);
    expect(await rows(s2.id)).toEqual([]);
  });

  test("is stored in the stage of the last coach message, not the session's, and not the other workspace's", async () => {
    const { s1, s2 } = await openBoth();
    const p1 = stored(await addPersonMessage(db(), s1, TS[0], 'hello'));
    await coachSays(s1, 'What is the one task for today?', 'task', p1);
    await coachSays(s1, 'What stands in the way?', 'crux', p1);
    // The session's own stage moves on independently; the answer belongs to the question asked.
    const current = await reload(s1);
    expect(await saveState(db(), s1.id, current.state.version, { ...current.state, stage: 'beliefs', version: current.state.version + 1 })).toBe(true);

    const p2 = stored(await addPersonMessage(db(), await reload(s1), TS[1], 'Time.'));
    expect((await rows(s1.id)).map((r) => `${r.role}:${r.stage}`)).toEqual(['person:significance', 'coach:task', 'coach:crux', 'person:crux']);
    expect(p2).toBeGreaterThan(p1);

    // T2's coach asked a question of another stage: T2's next answer follows it, T1's did not.
    const q1 = stored(await addPersonMessage(db(), s2, TS[0], 'hello'));
    await coachSays(s2, 'Which ways could you go about it?', 'archetypes', q1);
    stored(await addPersonMessage(db(), await reload(s2), TS[1], 'Two ways.'));
    expect((await rows(s2.id)).map((r) => r.stage)).toEqual(['significance', 'archetypes', 'archetypes']);
  });
});

describe('turns', () => {
  test('the whole conversation, oldest first, with the stage each message was stored in', async () => {
    const { s1, s2 } = await openBoth();
    const p1 = stored(await addPersonMessage(db(), s1, TS[0], 'hello'));
    const c1 = await coachSays(s1, 'What is the task?', 'task', p1);
    const p2 = stored(await addPersonMessage(db(), await reload(s1), TS[1], 'The draft.'));
    stored(await addPersonMessage(db(), s2, TS[0], 'T2 only'));

    const seen = await turns(db(), s1.id);
    expect(seen).toEqual([
      { id: p1, role: 'person', text: 'hello', stage: 'significance', at: expect.any(Date) },
      { id: c1, role: 'coach', text: 'What is the task?', stage: 'task', at: expect.any(Date) },
      { id: p2, role: 'person', text: 'The draft.', stage: 'task', at: expect.any(Date) },
    ]);
    expect((await turns(db(), s2.id)).map((t) => t.text)).toEqual(['T2 only']);
  });

  test('a message stored without a stage (or with one that is no stage) has none', async () => {
    const { s1, s2 } = await openBoth();
    const insert = `insert into messages (session_id, team_id, channel_id, slack_ts, role, stage, text) values ($1, $2, $3, $4, $5, $6, $7)`;
    await database().pool.query(insert, [s1.id, T1, D1, TS[0], 'person', null, 'from before stages']);
    await database().pool.query(insert, [s1.id, T1, D1, null, 'coach', null, 'an old coach reply']);
    await database().pool.query(insert, [s1.id, T1, D1, TS[1], 'person', 'retired-stage', 'a stage since renamed']);
    await database().pool.query(insert, [s2.id, T2, D1, TS[0], 'person', 'crux', 'T2 has one']);

    const seen = await turns(db(), s1.id);
    expect(seen.map((t) => [t.role, t.text])).toEqual([
      ['person', 'from before stages'],
      ['coach', 'an old coach reply'],
      ['person', 'a stage since renamed'],
    ]);
    for (const turn of seen) expect(turn).not.toHaveProperty('stage');
    expect(await turns(db(), s2.id)).toEqual([expect.objectContaining({ text: 'T2 has one', stage: 'crux' })]);
  });
});

describe('a pending person message, as the lease release reports it', () => {
  /** Takes and gives back the lease: the release says whether a reply is owed. */
  async function pending(sessionId: string): Promise<boolean> {
    const claim = await claimSession(db(), sessionId, 60_000);
    if (!claim) throw new Error('the lease was not free');
    return (await releaseSession(db(), sessionId, claim.token)).pending;
  }

  test('sees a person message newer than the one answered, in that session only', async () => {
    const { s1, s2 } = await openBoth();
    expect(await pending(s1.id)).toBe(false);
    stored(await addPersonMessage(db(), s2, TS[0], 'T2 waits'));
    expect(await pending(s1.id)).toBe(false);
    expect(await pending(s2.id)).toBe(true);

    const p1 = stored(await addPersonMessage(db(), s1, TS[0], 'hello'));
    expect(await pending(s1.id)).toBe(true);
    await coachSays(s1, 'What is the task?', 'task', p1);
    // A coach message after the answered one is not something waiting for a reply.
    expect(await pending(s1.id)).toBe(false);
    stored(await addPersonMessage(db(), await reload(s1), TS[1], 'The draft.'));
    expect(await pending(s1.id)).toBe(true);
  });
});

describe('saveCoachTurn', () => {
  test("writes the reply and the state at the expected version, in the session's workspace and channel", async () => {
    const { s1, s2 } = await openBoth();
    const p1 = stored(await addPersonMessage(db(), s1, TS[0], 'hello'));
    const state = { ...s1.state, stage: 'task' as const, agenda: { ...s1.state.agenda, slots: { problem: 'Evals' }, coachTurns: 1, asked: 'stakes' as const }, version: 3 };
    const saved = await saveCoachTurn(db(), { sessionId: s1.id, expectedVersion: 2, state, reply: 'What is the task?', stage: 'task', answeredMessageId: p1 });
    if (saved === 'stale') throw new Error('unexpectedly stale');

    const after = await reload(s1);
    expect(after.state).toEqual(state);
    expect(after.answeredMessageId).toBe(p1);
    const coach = (await rows(s1.id)).find((r) => r.role === 'coach');
    expect(coach).toEqual({ id: String(saved.messageId), team_id: T1, channel_id: D1, slack_ts: null, role: 'coach', stage: 'task', text: 'What is the task?' });
    expect(await reload(s2)).toEqual(s2);
    expect(await rows(s2.id)).toEqual([]);
  });

  test("a wrong version is 'stale': no reply stored, the state untouched", async () => {
    const { s1, s2 } = await openBoth();
    const p1 = stored(await addPersonMessage(db(), s1, TS[0], 'hello'));
    // Decided at version 1; the person's message made it 2.
    const result = await saveCoachTurn(db(), {
      sessionId: s1.id,
      expectedVersion: 1,
      state: { ...s1.state, stage: 'task', version: 2 },
      reply: 'What is the task?',
      stage: 'task',
      answeredMessageId: p1,
    });
    expect(result).toBe('stale');
    expect((await rows(s1.id)).map((r) => r.role)).toEqual(['person']);
    expect(await reload(s1)).toMatchObject({ answeredMessageId: null, state: { stage: 'significance', version: 2 } });

    // T2's session is at version 1: a write meant for it is not stale there.
    expect(await saveCoachTurn(db(), { sessionId: s2.id, expectedVersion: 1, state: { ...s2.state, version: 2 }, reply: 'Hi', stage: 'significance', answeredMessageId: 0 })).not.toBe('stale');
  });

  test('a coach reply alone does not make the session answered', async () => {
    const { s1, s2 } = await openBoth();
    await saveCoachTurn(db(), { sessionId: s1.id, expectedVersion: 1, state: { ...s1.state, version: 2 }, reply: 'Good morning!', stage: 'significance', answeredMessageId: 0 });
    expect((await reload(s1)).answered).toBe(false);
    stored(await addPersonMessage(db(), s2, TS[0], 'hello'));
    expect((await reload(s2)).answered).toBe(true);
    expect((await reload(s1)).answered).toBe(false);
  });
});

