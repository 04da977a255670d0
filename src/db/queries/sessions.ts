import { and, desc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { AppError } from '../../errors';
import { agendaFrom } from '../../coach/agenda';
import type { Session, SessionState, SessionStatus } from '../../coach/session';
import { isStageId } from '../../coach/stages';
import type { NewSession, SessionClaim } from '../../coach/store';
import type { Database } from '../client';
import { messages, reports, sessions, users } from '../schema';
import { memoryBefore } from './memory';

/** Queries of the `sessions` table: finding, opening, leasing and moving a session along. */

/** The person wrote in the session: part of every session read, so `answered` is never guessed. */
const hasPersonMessage = sql<boolean>`exists (select 1 from ${messages} m where m.session_id = ${sessions}."id" and m.role = 'person')`;

const sessionColumns = {
  id: sessions.id,
  teamId: sessions.teamId,
  userId: sessions.userId,
  localDate: sessions.localDate,
  channelId: sessions.channelId,
  threadTs: sessions.threadTs,
  origin: sessions.origin,
  stage: sessions.stage,
  agenda: sessions.agenda,
  status: sessions.status,
  version: sessions.version,
  answeredMessageId: sessions.answeredMessageId,
  createdAt: sessions.createdAt,
  hasPersonMessage,
};

type SessionRow = Omit<typeof sessions.$inferSelect, 'leaseUntil' | 'leaseToken' | 'updatedAt'> & { hasPersonMessage: boolean };

/** The one row → Session mapping. */
export function toSession(row: SessionRow): Session {
  if (!isStageId(row.stage)) throw new AppError('stored_stage_unknown');
  const state: SessionState = { stage: row.stage, agenda: agendaFrom(row.agenda), status: row.status as SessionStatus, version: row.version };
  return {
    id: row.id,
    teamId: row.teamId,
    userId: row.userId,
    localDate: row.localDate,
    channelId: row.channelId,
    threadTs: row.threadTs,
    origin: row.origin === 'nudge' ? 'nudge' : 'person',
    state,
    answeredMessageId: row.answeredMessageId,
    answered: row.hasPersonMessage || state.status === 'wrapping' || state.status === 'completed',
    createdAt: row.createdAt,
  };
}

export function stateColumns(state: SessionState) {
  return { stage: state.stage, agenda: state.agenda, status: state.status, version: state.version, updatedAt: sql`now()` };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Session ids arrive from button values; a malformed one must not reach a uuid column. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export async function sessionById(db: Database, teamId: string, sessionId: string): Promise<Session | null> {
  if (!isUuid(sessionId)) return null;
  const [row] = await db
    .select(sessionColumns)
    .from(sessions)
    .where(and(eq(sessions.teamId, teamId), eq(sessions.id, sessionId)));
  return row ? toSession(row) : null;
}

export async function sessionByThread(db: Database, teamId: string, channelId: string, threadTs: string): Promise<Session | null> {
  const [row] = await db
    .select(sessionColumns)
    .from(sessions)
    .where(and(eq(sessions.teamId, teamId), eq(sessions.channelId, channelId), eq(sessions.threadTs, threadTs)));
  return row ? toSession(row) : null;
}

/** The session of a person on a local date. */
export async function sessionOn(db: Database, teamId: string, userId: string, localDate: string): Promise<Session | null> {
  const [row] = await db
    .select(sessionColumns)
    .from(sessions)
    .where(and(eq(sessions.teamId, teamId), eq(sessions.userId, userId), eq(sessions.localDate, localDate)));
  return row ? toSession(row) : null;
}

/** The person's sessions before `beforeDate`, newest first. */
export async function recentSessions(db: Database, teamId: string, userId: string, beforeDate: string, limit: number): Promise<Session[]> {
  const rows = await db
    .select(sessionColumns)
    .from(sessions)
    .where(and(eq(sessions.teamId, teamId), eq(sessions.userId, userId), lt(sessions.localDate, beforeDate)))
    .orderBy(desc(sessions.localDate))
    .limit(limit);
  return rows.map(toSession);
}

/**
 * Inserts the session, or returns the one that already exists for that
 * person and date, or for that thread: three deliveries of one first DM at
 * once race on either unique index, and every loser gets the winner's row.
 */
export async function openSession(db: Database, session: NewSession): Promise<Session> {
  const [inserted] = await db
    .insert(sessions)
    .values({
      teamId: session.teamId,
      userId: session.userId,
      localDate: session.localDate,
      channelId: session.channelId,
      threadTs: session.threadTs,
      origin: session.origin,
      ...stateColumns(session.state),
    })
    // No target: a conflict on (team, user, date) or on (team, channel, thread) is the same race.
    .onConflictDoNothing()
    .returning();
  if (inserted) return toSession({ ...inserted, hasPersonMessage: false });
  // Someone else opened it first (a retried event, a nudge): use theirs.
  const existing =
    (await sessionOn(db, session.teamId, session.userId, session.localDate)) ??
    (session.threadTs ? await sessionByThread(db, session.teamId, session.channelId, session.threadTs) : null);
  if (!existing) throw new AppError('session_vanished');
  return existing;
}

/** Writes the state change alone, if the session is still at `expectedVersion`. */
export async function saveState(db: Database, sessionId: string, expectedVersion: number, state: SessionState): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set(stateColumns(state))
    .where(and(eq(sessions.id, sessionId), eq(sessions.version, expectedVersion)))
    .returning({ id: sessions.id });
  return rows.length === 1;
}

export async function claimSession(db: Database, sessionId: string, leaseMs: number): Promise<SessionClaim | null> {
  const [row] = await db
    .update(sessions)
    .set({ leaseUntil: sql`now() + make_interval(secs => ${leaseMs / 1000})`, leaseToken: sql`gen_random_uuid()` })
    .where(
      and(
        eq(sessions.id, sessionId),
        // A nudge still being posted holds lease_until as its claim; without a thread there is nothing to answer in yet.
        isNotNull(sessions.threadTs),
        or(isNull(sessions.leaseUntil), lt(sessions.leaseUntil, sql`now()`)),
      ),
    )
    // What the work reads first comes back with the lease: one round trip instead of three.
    .returning({
      ...sessionColumns,
      token: sessions.leaseToken,
      // Qualified by hand: inside a subquery a bare "team_id" would be the subquery's own column.
      firstName: sql<string | null>`(select u.first_name from ${users} u where u.team_id = ${sessions}."team_id" and u.user_id = ${sessions}."user_id")`,
      // The person's Slack locale picks the words posted around the turn (src/words): no read of its own.
      locale: sql<string | null>`(select u.locale from ${users} u where u.team_id = ${sessions}."team_id" and u.user_id = ${sessions}."user_id")`,
      memory: memoryBefore(sql`${sessions}."team_id"`, sql`${sessions}."user_id"`, sql`${sessions}."local_date"`),
    });
  if (!row?.token) return null;
  const { token, firstName, locale, memory, ...session } = row;
  return {
    token,
    session: toSession(session),
    firstName,
    locale,
    memory,
  };
}

export async function renewSession(db: Database, sessionId: string, token: string, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ leaseUntil: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
    .where(and(eq(sessions.id, sessionId), eq(sessions.leaseToken, token)))
    .returning({ id: sessions.id });
  return rows.length === 1;
}

/** How far back a session with work left undone is still picked up (a session older than that is over). */
const AWAITING_WORK_DAYS = 2;

export async function sessionsAwaitingWork(db: Database, settledMs: number, limit: number): Promise<{ teamId: string; sessionId: string }[]> {
  const { rows } = await db.execute<{ team_id: string; id: string }>(sql`
    select s.team_id, s.id
      from ${sessions} s
     where s.status in ('active', 'wrapping')
       and s.thread_ts is not null
       and (s.lease_until is null or s.lease_until < now())
       and s.updated_at > now() - make_interval(days => ${AWAITING_WORK_DAYS})
       and (
         (s.status = 'wrapping' and s.updated_at < now() - make_interval(secs => ${settledMs / 1000}))
         or exists (select 1 from ${messages} m
                     where m.session_id = s.id and m.role = 'person' and m.id > coalesce(s.answered_message_id, 0)
                       and m.created_at < now() - make_interval(secs => ${settledMs / 1000}))
       )
     order by s.updated_at
     limit ${limit}`);
  return rows.map((r) => ({ teamId: r.team_id, sessionId: r.id }));
}

/**
 * Sessions still going on, across every workspace (the operator's open-sessions gauge; a count, no
 * person's data): active or wrapping, and touched within the days the sweep still picks one up.
 */
export async function countOpenSessions(db: Database): Promise<number> {
  const { rows } = await db.execute<{ open: number }>(sql`
    select count(*)::int as open
      from ${sessions} s
     where s.status in ('active', 'wrapping')
       and s.updated_at > now() - make_interval(days => ${AWAITING_WORK_DAYS})`);
  return rows[0]?.open ?? 0;
}

export async function releaseSession(db: Database, sessionId: string, token: string): Promise<{ pending: boolean }> {
  const [row] = await db
    .update(sessions)
    .set({ leaseUntil: null, leaseToken: null })
    .where(and(eq(sessions.id, sessionId), eq(sessions.leaseToken, token)))
    // Pending: a wrap-up to report, or a person message newer than the last one answered.
    .returning({
      pending: sql<boolean>`(${sessions}."status" = 'wrapping' or (${sessions}."status" = 'active' and exists (
        select 1 from ${messages} m
         where m.session_id = ${sessions}."id" and m.role = 'person' and m.id > coalesce(${sessions}."answered_message_id", 0))))`,
    });
  // A lease that passed on is its new holder's to finish.
  return { pending: row?.pending ?? false };
}

/** Rows deleted per statement by the retention purge, so no single statement holds locks for long. */
const PURGE_BATCH = 5_000;

/**
 * The retention purge: every session created before `cutoff`, in any
 * workspace, with its messages and report (reports are deleted explicitly;
 * messages cascade). In batches; returns how many sessions went.
 */
export async function purgeSessionsBefore(db: Database, cutoff: Date): Promise<{ sessions: number }> {
  let total = 0;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const old = tx
        .select({ id: sessions.id })
        .from(sessions)
        .where(lt(sessions.createdAt, cutoff))
        .limit(PURGE_BATCH)
        .for('update', { skipLocked: true });
      const ids = (await old).map((r) => r.id);
      if (ids.length === 0) return 0;
      await tx.delete(reports).where(inArray(reports.sessionId, ids));
      const gone = await tx.delete(sessions).where(inArray(sessions.id, ids)).returning({ id: sessions.id });
      return gone.length;
    });
    total += batch;
    if (batch < PURGE_BATCH) return { sessions: total };
  }
}
