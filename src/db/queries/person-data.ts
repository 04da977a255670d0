import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PersonDeletion, PersonExport } from '../../privacy/ports';
import type { Database } from '../client';
import { messages, ratings, reports, sessions, users } from '../schema';

/**
 * Everything the bot holds about one person, as a whole: the export
 * (a snapshot) and the deletion (one transaction), both scoped by team, so
 * the same user id in another workspace is never touched.
 *
 * PERSON_TABLES names every table that holds a person's rows and how they
 * are found; NOT_PERSONAL names the tables that hold none, with why.
 * tests/db/queries/person-data.int.test.ts fails when a table of schema.ts
 * is in neither list, so a new table cannot be forgotten here.
 */
export const PERSON_TABLES = {
  /** Their settings and profile: keyed by (team, user). */
  users: 'team_id, user_id',
  /** Their sessions: keyed by (team, user). */
  sessions: 'team_id, user_id',
  /** The messages of their sessions: found through the session (no user column; cascades with it). */
  messages: 'session_id → sessions',
  /** Their reports (and, through them, what the coach remembers): keyed by (team, user), and by session. */
  reports: 'team_id, user_id',
  /** Their ratings of their sessions: keyed by (team, user); each also goes with its session (on delete cascade). */
  ratings: 'team_id, user_id',
} as const;

/** Tables that hold nothing of a person, each with the reason. */
export const NOT_PERSONAL: Record<string, string> = {
  /** Per workspace and Slack method: when the next scheduled call may go (src/slack/rate-gate.ts). */
  slack_pace: 'the Slack pace of a workspace, no person in it',
  /** A workspace's OAuth install: its sealed tokens and who installed it; deleted with the workspace (src/db/queries/workspace-data.ts). */
  installations: 'the install of a workspace (sealed tokens, the installer’s user id), deleted with the workspace, not with a person',
};

const theirSessions = (teamId: string, userId: string) => and(eq(sessions.teamId, teamId), eq(sessions.userId, userId));

/** A snapshot of the person's rows: settings, then each session with its messages and report, oldest first. */
export async function exportPerson(db: Database, teamId: string, userId: string): Promise<PersonExport> {
  // One repeatable-read transaction: a message or report landing mid-export is either wholly in it or not at all.
  return db.transaction(
    async (tx) => {
      const [person] = await tx
        .select()
        .from(users)
        .where(and(eq(users.teamId, teamId), eq(users.userId, userId)));
      const sessionRows = await tx
        .select({
          id: sessions.id,
          localDate: sessions.localDate,
          origin: sessions.origin,
          status: sessions.status,
          stage: sessions.stage,
          channelId: sessions.channelId,
          threadTs: sessions.threadTs,
          createdAt: sessions.createdAt,
          updatedAt: sessions.updatedAt,
        })
        .from(sessions)
        .where(theirSessions(teamId, userId))
        .orderBy(sessions.localDate, sessions.createdAt);
      const ids = sessionRows.map((s) => s.id);
      const messageRows = ids.length
        ? await tx
            .select({ sessionId: messages.sessionId, role: messages.role, stage: messages.stage, text: messages.text, slackTs: messages.slackTs, at: messages.createdAt })
            .from(messages)
            .where(and(eq(messages.teamId, teamId), inArray(messages.sessionId, ids)))
            .orderBy(messages.id)
        : [];
      const reportRows = await tx
        .select({ sessionId: reports.sessionId, title: reports.title, score: reports.score, writtenBy: reports.writtenBy, body: reports.body, at: reports.createdAt })
        .from(reports)
        .where(and(eq(reports.teamId, teamId), eq(reports.userId, userId)));
      const reportBySession = new Map(reportRows.map((r) => [r.sessionId, r]));
      const ratingRows = await tx
        .select({ sessionId: ratings.sessionId, rating: ratings.rating })
        .from(ratings)
        .where(and(eq(ratings.teamId, teamId), eq(ratings.userId, userId)));
      const ratingBySession = new Map(ratingRows.map((r) => [r.sessionId, r.rating]));
      return {
        teamId,
        userId,
        settings: person
          ? {
              firstName: person.firstName,
              tz: person.tz,
              dmChannelId: person.dmChannelId,
              enrolled: person.enrolled,
              nudgeMinute: person.nudgeMinute,
              nudgeDays: person.nudgeDays.map(Number),
              pausedUntil: person.pausedUntil,
              pauseReason: person.pauseReason,
              skipDate: person.skipDate,
              createdAt: person.createdAt.toISOString(),
              updatedAt: person.updatedAt.toISOString(),
            }
          : null,
        sessions: sessionRows.map((s) => {
          const report = reportBySession.get(s.id);
          return {
            id: s.id,
            localDate: s.localDate,
            origin: s.origin,
            status: s.status,
            stage: s.stage,
            channelId: s.channelId,
            threadTs: s.threadTs,
            createdAt: s.createdAt.toISOString(),
            updatedAt: s.updatedAt.toISOString(),
            messages: messageRows
              .filter((m) => m.sessionId === s.id)
              .map((m) => ({ role: m.role, stage: m.stage, text: m.text, slackTs: m.slackTs, at: m.at.toISOString() })),
            report: report
              ? { title: report.title, score: report.score, writtenBy: report.writtenBy, createdAt: report.at.toISOString(), body: report.body }
              : null,
            rating: ratingBySession.get(s.id) ?? null,
          };
        }),
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/**
 * Deletes every row of the person in one transaction. The person's `users`
 * row goes first: its row lock makes a morning nudge claiming a day for them
 * at the same moment wait, then find nobody (nudge-sessions.ts claimNudge
 * needs the row), so no session is resurrected behind the delete.
 */
export async function deletePerson(db: Database, teamId: string, userId: string): Promise<PersonDeletion> {
  return db.transaction(async (tx) => {
    const person = await tx
      .delete(users)
      .where(and(eq(users.teamId, teamId), eq(users.userId, userId)))
      .returning({ userId: users.userId });
    const reportRows = await tx
      .delete(reports)
      .where(and(eq(reports.teamId, teamId), eq(reports.userId, userId)))
      .returning({ sessionId: reports.sessionId });
    const { rows } = await tx.execute<{ sessions: string; messages: string }>(sql`
      with gone as (
        delete from ${sessions} where team_id = ${teamId} and user_id = ${userId} returning id
      )
      select (select count(*) from gone) as sessions,
             (select count(*) from ${messages} m where m.team_id = ${teamId} and m.session_id in (select id from gone)) as messages`);
    // The messages go with their sessions (on delete cascade); counted above from the same snapshot.
    return {
      settings: person.length,
      sessions: Number(rows[0]?.sessions ?? 0),
      messages: Number(rows[0]?.messages ?? 0),
      reports: reportRows.length,
    };
  });
}
