import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { SessionState, SessionStatus } from '../coach/session';
import { isStageId } from '../coach/stages';
import { personDateKey, type NudgePerson, type NudgeStore, type PastSession } from '../nudge/store';
import { AppError } from '../errors';
import type { Database } from './client';
import { createCoachStore } from './coach-store';
import { messages, sessions, users } from './schema';

/**
 * The nudge store (src/nudge/store.ts) on Postgres: all of the
 * scheduler's and the App Home settings' SQL lives here.
 */

type UserRow = Pick<
  typeof users.$inferSelect,
  | 'teamId'
  | 'userId'
  | 'firstName'
  | 'tz'
  | 'tzCheckedAt'
  | 'dmChannelId'
  | 'enrolled'
  | 'nudgeMinute'
  | 'nudgeDays'
  | 'pausedUntil'
  | 'pauseReason'
  | 'skipDate'
  | 'unansweredFrom'
>;

const personColumns = {
  teamId: users.teamId,
  userId: users.userId,
  firstName: users.firstName,
  tz: users.tz,
  tzCheckedAt: users.tzCheckedAt,
  dmChannelId: users.dmChannelId,
  enrolled: users.enrolled,
  nudgeMinute: users.nudgeMinute,
  nudgeDays: users.nudgeDays,
  pausedUntil: users.pausedUntil,
  pauseReason: users.pauseReason,
  skipDate: users.skipDate,
  unansweredFrom: users.unansweredFrom,
};

/** Person-days checked for an existing session per query. */
const EXISTING_BATCH = 1000;

export function createNudgeStore(db: Database): NudgeStore {
  const coach = createCoachStore(db);
  const person = (teamId: string, userId: string) => and(eq(users.teamId, teamId), eq(users.userId, userId));
  const hasPersonMessage = sql<boolean>`exists (select 1 from ${messages} m where m.session_id = ${sessions}."id" and m.role = 'person')`;
  const updatePerson = async (teamId: string, userId: string, set: Partial<typeof users.$inferInsert>) => {
    await db
      .update(users)
      .set({ ...set, updatedAt: sql`now()` })
      .where(person(teamId, userId));
  };

  return {
    async enrolledPeople() {
      const rows = await db.select(personColumns).from(users).where(eq(users.enrolled, true));
      return rows.map(toNudgePerson);
    },

    async person(teamId, userId) {
      const [row] = await db.select(personColumns).from(users).where(person(teamId, userId));
      return row ? toNudgePerson(row) : null;
    },

    async staleProfiles(checkedBefore, limit) {
      return db
        .select({ teamId: users.teamId, userId: users.userId })
        .from(users)
        .where(
          and(
            eq(users.enrolled, true),
            // Unreachable people are not looked up again until they resume.
            sql`${users.pauseReason} is distinct from 'unreachable'`,
            sql`(${users.tzCheckedAt} is null or ${users.tzCheckedAt} < ${checkedBefore.toISOString()}::timestamptz)`,
          ),
        )
        .orderBy(sql`${users.tzCheckedAt} asc nulls first`)
        .limit(limit);
    },

    async saveProfile(teamId, userId, profile, checkedAt) {
      await coach.updateProfile(teamId, userId, profile, checkedAt);
    },

    async saveDmChannel(teamId, userId, channelId) {
      await updatePerson(teamId, userId, { dmChannelId: channelId });
    },

    async sessionsExisting(keys) {
      const found = new Set<string>();
      for (let i = 0; i < keys.length; i += EXISTING_BATCH) {
        const batch = keys.slice(i, i + EXISTING_BATCH);
        const { rows } = await db.execute<{ team_id: string; user_id: string; local_date: string }>(sql`
          select s.team_id, s.user_id, to_char(s.local_date, 'YYYY-MM-DD') as local_date
            from ${sessions} s
            join unnest(${sql.param(batch.map((k) => k.teamId))}::text[], ${sql.param(batch.map((k) => k.userId))}::text[],
                        ${sql.param(batch.map((k) => k.localDate))}::date[]) as k(team_id, user_id, local_date)
              on s.team_id = k.team_id and s.user_id = k.user_id and s.local_date = k.local_date`);
        for (const r of rows) found.add(personDateKey({ teamId: r.team_id, userId: r.user_id, localDate: r.local_date }));
      }
      return found;
    },

    async recentSessions(teamId, userId, beforeDate, limit) {
      const rows = await db
        .select({
          id: sessions.id,
          localDate: sessions.localDate,
          origin: sessions.origin,
          stage: sessions.stage,
          stageTurns: sessions.stageTurns,
          status: sessions.status,
          version: sessions.version,
          threadTs: sessions.threadTs,
          createdAt: sessions.createdAt,
          hasPersonMessage,
        })
        .from(sessions)
        .where(and(eq(sessions.teamId, teamId), eq(sessions.userId, userId), lt(sessions.localDate, beforeDate)))
        .orderBy(desc(sessions.localDate))
        .limit(limit);
      return rows.map((r): PastSession => {
        const state = toState(r);
        return {
          id: r.id,
          localDate: r.localDate,
          origin: r.origin === 'nudge' ? 'nudge' : 'person',
          state,
          threadTs: r.threadTs,
          answered: r.hasPersonMessage || state.status === 'wrapping' || state.status === 'completed',
          createdAt: r.createdAt,
        };
      });
    },

    async sessionOn(teamId, userId, localDate) {
      const [r] = await db
        .select({
          id: sessions.id,
          origin: sessions.origin,
          channelId: sessions.channelId,
          threadTs: sessions.threadTs,
          stage: sessions.stage,
          stageTurns: sessions.stageTurns,
          status: sessions.status,
          version: sessions.version,
          hasPersonMessage,
        })
        .from(sessions)
        .where(and(eq(sessions.teamId, teamId), eq(sessions.userId, userId), eq(sessions.localDate, localDate)));
      if (!r) return null;
      const state = toState(r);
      return {
        id: r.id,
        status: state.status,
        origin: r.origin === 'nudge' ? 'nudge' : 'person',
        channelId: r.channelId,
        threadTs: r.threadTs,
        answered: r.hasPersonMessage || state.status === 'wrapping' || state.status === 'completed',
        version: state.version,
        state,
      };
    },

    async saveState(sessionId, expectedVersion, state) {
      return coach.saveState(sessionId, expectedVersion, state);
    },

    async claimNudge(claim) {
      // One statement, so one round trip and atomic: the session insert is the claim, and
      // the nudge's words go in as its first coach message only if the claim was won. It also
      // refuses a day the person skipped since the pass read their row, so a slow pass cannot
      // nudge after a Skip today.
      const result = await db.execute<{ session_id: string; message_id: string }>(sql`
        with claimed as (
          insert into ${sessions} (team_id, user_id, local_date, channel_id, thread_ts, origin, stage, stage_turns,
                                   status, version, lease_until, created_at, updated_at)
          select ${claim.teamId}, ${claim.userId}, ${claim.localDate}, ${claim.channelId}, null, 'nudge', ${claim.state.stage},
                 ${JSON.stringify(claim.state.stageTurns)}::jsonb, ${claim.state.status}, ${claim.state.version},
                 now() + make_interval(secs => ${claim.leaseSeconds}), ${claim.at.toISOString()}::timestamptz,
                 ${claim.at.toISOString()}::timestamptz
           where not exists (select 1 from ${users} u
                              where u.team_id = ${claim.teamId} and u.user_id = ${claim.userId}
                                and u.skip_date = ${claim.localDate}::date)
          on conflict (team_id, user_id, local_date) do nothing
          returning id
        )
        insert into ${messages} (session_id, team_id, channel_id, role, text, created_at)
        select id, ${claim.teamId}, ${claim.channelId}, 'coach', ${claim.text}, ${claim.at.toISOString()}::timestamptz from claimed
        returning session_id, id as message_id`);
      const row = result.rows[0];
      return row ? { sessionId: row.session_id, messageId: Number(row.message_id) } : null;
    },

    async dropUnansweredNudge(sessionId) {
      const deleted = await db.execute<{ id: string }>(sql`
        delete from ${sessions} s
         where s.id = ${sessionId} and s.origin = 'nudge' and s.status = 'active'
           and not exists (select 1 from ${messages} m where m.session_id = s.id and m.role = 'person')
        returning s.id`);
      return deleted.rows.length === 1;
    },

    async nudgePosted(sessionId, messageId, ts) {
      // One statement: the session's thread and the coach message's ts together.
      await db.execute(sql`
        with thread as (
          update ${sessions} set thread_ts = ${ts}, lease_until = null, updated_at = now()
           where id = ${sessionId} and thread_ts is null
        )
        update ${messages} set slack_ts = ${ts} where id = ${messageId} and slack_ts is null`);
    },

    async releaseClaim(sessionId) {
      return db.transaction(async (tx) => {
        const [session] = await tx
          .select({ id: sessions.id, threadTs: sessions.threadTs })
          .from(sessions)
          .where(eq(sessions.id, sessionId))
          .for('update');
        if (!session) return 'deleted' as const;
        if (session.threadTs) return 'posted' as const;
        const [first] = await tx
          .select({ slackTs: messages.slackTs })
          .from(messages)
          .where(and(eq(messages.sessionId, sessionId), eq(messages.role, 'person')))
          .orderBy(messages.id)
          .limit(1);
        if (!first?.slackTs) {
          await tx.delete(sessions).where(eq(sessions.id, sessionId));
          return 'deleted' as const;
        }
        // The person wrote while the nudge was failing: their message becomes the session's root.
        await tx.delete(messages).where(and(eq(messages.sessionId, sessionId), eq(messages.role, 'coach'), isNull(messages.slackTs)));
        await tx.update(sessions).set({ threadTs: first.slackTs, leaseUntil: null, updatedAt: sql`now()` }).where(eq(sessions.id, sessionId));
        return 'rooted' as const;
      });
    },

    async expiredClaims(limit) {
      const rows = await db
        .select({ id: sessions.id })
        .from(sessions)
        .where(and(eq(sessions.origin, 'nudge'), isNull(sessions.threadTs), lt(sessions.leaseUntil, sql`now()`)))
        .limit(limit);
      return rows.map((r) => r.id);
    },

    async pause(teamId, userId, reason, until) {
      await updatePerson(teamId, userId, { pauseReason: reason, pausedUntil: until });
    },

    async resume(teamId, userId, at) {
      await updatePerson(teamId, userId, { pauseReason: null, pausedUntil: null, unansweredFrom: at });
    },

    async setTime(teamId, userId, minute, at) {
      await updatePerson(teamId, userId, { nudgeMinute: minute, unansweredFrom: at });
    },

    async setDays(teamId, userId, days, at) {
      await updatePerson(teamId, userId, { nudgeDays: days, unansweredFrom: at });
    },

    async skip(teamId, userId, localDate, at) {
      await updatePerson(teamId, userId, { skipDate: localDate, unansweredFrom: at });
    },

    async unskip(teamId, userId) {
      await updatePerson(teamId, userId, { skipDate: null });
    },

    async enroll(teamId, userId, at) {
      await db
        .insert(users)
        .values({ teamId, userId, enrolled: true, unansweredFrom: at })
        .onConflictDoUpdate({ target: [users.teamId, users.userId], set: { enrolled: true, unansweredFrom: at, updatedAt: sql`now()` } });
    },

    memory(teamId, userId, beforeDate) {
      return coach.memory(teamId, userId, beforeDate);
    },
  };
}

function toNudgePerson(row: UserRow): NudgePerson {
  return { ...row, nudgeDays: row.nudgeDays.map(Number) };
}

function toState(row: { stage: string; stageTurns: SessionState['stageTurns']; status: string; version: number }): SessionState {
  if (!isStageId(row.stage)) throw new AppError('stored_stage_unknown', 'A stored session has a stage this version does not know', { stage: row.stage });
  return { stage: row.stage, stageTurns: row.stageTurns, status: row.status as SessionStatus, version: row.version };
}
