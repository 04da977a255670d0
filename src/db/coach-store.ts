import { TransactionRollbackError, and, desc, eq, gt, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { CoachMemory } from '../coach/ports';
import type { Report } from '../coach/report';
import { isStageId } from '../coach/stages';
import type { SessionState, SessionStatus } from '../coach/session';
import type { CoachStore, CoachTurnWrite, NewSession, Person, SessionRecord, StoredTurn } from '../coach/store';
import { AppError } from '../errors';
import type { Database } from './client';
import { messages, reports, sessions, users } from './schema';

/** The coach service's storage, on Postgres. All of its SQL lives here. */
export function createCoachStore(db: Database): CoachStore {
  return {
    async findPerson(teamId, userId) {
      const [row] = await db
        .select()
        .from(users)
        .where(and(eq(users.teamId, teamId), eq(users.userId, userId)));
      return row ? toPerson(row) : null;
    },

    async upsertPerson(teamId, userId, dmChannelId) {
      const [row] = await db
        .insert(users)
        .values({ teamId, userId, dmChannelId })
        .onConflictDoUpdate({
          target: [users.teamId, users.userId],
          set: {
            dmChannelId,
            // A person who writes to the bot can be reached again: lift a pause that said otherwise.
            pauseReason: sql`case when ${users.pauseReason} = 'unreachable' then null else ${users.pauseReason} end`,
            pausedUntil: sql`case when ${users.pauseReason} = 'unreachable' then null else ${users.pausedUntil} end`,
            updatedAt: sql`now()`,
          },
        })
        .returning();
      return toPerson(row!);
    },

    async updateProfile(teamId, userId, profile, checkedAt) {
      await db
        .update(users)
        .set({
          // Keep what we knew when Slack leaves a field out.
          firstName: profile.firstName ?? sql`${users.firstName}`,
          tz: profile.tz ?? sql`${users.tz}`,
          tzCheckedAt: checkedAt,
          updatedAt: sql`now()`,
        })
        .where(and(eq(users.teamId, teamId), eq(users.userId, userId)));
    },

    async sessionById(teamId, sessionId) {
      if (!isUuid(sessionId)) return null;
      const [row] = await db
        .select()
        .from(sessions)
        .where(and(eq(sessions.teamId, teamId), eq(sessions.id, sessionId)));
      return row ? toSession(row) : null;
    },

    async sessionByThread(teamId, channelId, threadTs) {
      const [row] = await db
        .select()
        .from(sessions)
        .where(and(eq(sessions.teamId, teamId), eq(sessions.channelId, channelId), eq(sessions.threadTs, threadTs)));
      return row ? toSession(row) : null;
    },

    async sessionOn(teamId, userId, localDate) {
      const [row] = await db
        .select()
        .from(sessions)
        .where(and(eq(sessions.teamId, teamId), eq(sessions.userId, userId), eq(sessions.localDate, localDate)));
      return row ? toSession(row) : null;
    },

    async openSession(session: NewSession) {
      const [inserted] = await db
        .insert(sessions)
        .values({
          teamId: session.teamId,
          userId: session.userId,
          localDate: session.localDate,
          channelId: session.channelId,
          threadTs: session.threadTs,
          origin: session.origin,
          stage: session.state.stage,
          stageTurns: session.state.stageTurns,
          status: session.state.status,
          version: session.state.version,
        })
        .onConflictDoNothing({ target: [sessions.teamId, sessions.userId, sessions.localDate] })
        .returning();
      if (inserted) return toSession(inserted);
      // Someone else opened today's session first (a retried event, a nudge): use theirs.
      const existing = await this.sessionOn(session.teamId, session.userId, session.localDate);
      if (!existing) throw new AppError('session_vanished', 'Today\'s session was neither inserted nor found');
      return existing;
    },

    async addPersonMessage(session, slackTs, text) {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(messages)
          .values({ sessionId: session.id, teamId: session.teamId, channelId: session.channelId, slackTs, role: 'person', text })
          .onConflictDoNothing({ target: [messages.teamId, messages.channelId, messages.slackTs] })
          .returning({ id: messages.id });
        if (!row) return 'duplicate' as const;
        const open = await tx
          .update(sessions)
          .set({ version: sql`${sessions.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(sessions.id, session.id), inArray(sessions.status, ['active', 'wrapping'])))
          .returning({ id: sessions.id });
        if (open.length === 0) {
          // The session ended between finding it and storing this: the caller says so instead.
          tx.rollback();
        }
        return { id: row.id };
      }).catch((error: unknown) => {
        if (error instanceof TransactionRollbackError) return 'closed' as const;
        throw error;
      });
    },

    async turns(sessionId) {
      const rows = await db
        .select({ id: messages.id, role: messages.role, text: messages.text, at: messages.createdAt })
        .from(messages)
        .where(eq(messages.sessionId, sessionId))
        .orderBy(messages.id);
      return rows.map((r): StoredTurn => ({ id: r.id, role: r.role === 'coach' ? 'coach' : 'person', text: r.text, at: r.at }));
    },

    async hasUnanswered(sessionId, answeredMessageId) {
      const [row] = await db
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.sessionId, sessionId), eq(messages.role, 'person'), gt(messages.id, answeredMessageId ?? 0)))
        .limit(1);
      return row !== undefined;
    },

    async claimSession(sessionId, leaseMs) {
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
        .returning({ token: sessions.leaseToken });
      return row?.token ?? null;
    },

    async releaseSession(sessionId, token) {
      await db
        .update(sessions)
        .set({ leaseUntil: null, leaseToken: null })
        .where(and(eq(sessions.id, sessionId), eq(sessions.leaseToken, token)));
    },

    async saveState(sessionId, expectedVersion, state) {
      const rows = await db
        .update(sessions)
        .set(stateColumns(state))
        .where(and(eq(sessions.id, sessionId), eq(sessions.version, expectedVersion)))
        .returning({ id: sessions.id });
      return rows.length === 1;
    },

    async saveCoachTurn(write: CoachTurnWrite) {
      return db.transaction(async (tx) => {
        const rows = await tx
          .update(sessions)
          .set({ ...stateColumns(write.state), answeredMessageId: write.answeredMessageId })
          .where(and(eq(sessions.id, write.sessionId), eq(sessions.version, write.expectedVersion)))
          .returning({ teamId: sessions.teamId, channelId: sessions.channelId });
        const session = rows[0];
        if (!session) return 'stale' as const;
        const [message] = await tx
          .insert(messages)
          .values({ sessionId: write.sessionId, teamId: session.teamId, channelId: session.channelId, role: 'coach', text: write.reply })
          .returning({ id: messages.id });
        return { messageId: message!.id };
      });
    },

    async saveReport(sessionId, expectedVersion, state, report) {
      return db.transaction(async (tx) => {
        const rows = await tx
          .update(sessions)
          .set(stateColumns(state))
          .where(and(eq(sessions.id, sessionId), eq(sessions.version, expectedVersion)))
          .returning({ teamId: sessions.teamId, userId: sessions.userId, localDate: sessions.localDate });
        const session = rows[0];
        if (!session) return false;
        await tx
          .insert(reports)
          .values({
            sessionId,
            teamId: session.teamId,
            userId: session.userId,
            localDate: session.localDate,
            title: report.title,
            body: report,
            score: report.evaluation.score,
            writtenBy: report.writtenBy,
          })
          .onConflictDoNothing();
        return true;
      });
    },

    async markPosted(messageId, slackTs) {
      await db.update(messages).set({ slackTs }).where(and(eq(messages.id, messageId), isNull(messages.slackTs)));
    },

    async report(teamId, sessionId) {
      if (!isUuid(sessionId)) return null;
      const [row] = await db
        .select({ body: reports.body })
        .from(reports)
        .where(and(eq(reports.teamId, teamId), eq(reports.sessionId, sessionId)));
      return row ? reviveReport(row.body) : null;
    },

    async memory(teamId, userId, beforeDate): Promise<CoachMemory | null> {
      const [row] = await db
        .select({ body: reports.body, localDate: reports.localDate })
        .from(reports)
        .where(and(eq(reports.teamId, teamId), eq(reports.userId, userId), lt(reports.localDate, beforeDate)))
        .orderBy(desc(reports.localDate))
        .limit(1);
      if (!row) return null;
      return { lastTask: row.body.task?.task ?? null, lastCrux: row.body.crux?.crux ?? null, lastDate: row.localDate };
    },
  };
}

type UserRow = typeof users.$inferSelect;
type SessionRow = typeof sessions.$inferSelect;

function toPerson(row: UserRow): Person {
  return { teamId: row.teamId, userId: row.userId, firstName: row.firstName, tz: row.tz, tzCheckedAt: row.tzCheckedAt };
}

export function toSession(row: SessionRow): SessionRecord {
  if (!isStageId(row.stage)) throw new AppError('stored_stage_unknown', 'A stored session has a stage this version does not know', { stage: row.stage });
  const state: SessionState = {
    stage: row.stage,
    stageTurns: row.stageTurns,
    status: row.status as SessionStatus,
    version: row.version,
  };
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
    createdAt: row.createdAt,
  };
}

function stateColumns(state: SessionState) {
  return {
    stage: state.stage,
    stageTurns: state.stageTurns,
    status: state.status,
    version: state.version,
    updatedAt: sql`now()`,
  };
}

/** JSON has no dates: bring the report's instants back to Date. */
export function reviveReport(body: Report): Report {
  return { ...body, startedAt: new Date(body.startedAt), endedAt: new Date(body.endedAt) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Session ids arrive from button values; a malformed one must not reach a uuid column. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
