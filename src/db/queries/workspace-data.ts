import { eq } from 'drizzle-orm';
import type { Database } from '../client';
import { installations, messages, ratings, reports, sessions, slackPace, users } from '../schema';

/**
 * Everything the bot keeps about one workspace, across every table that
 * holds team data: what a purge after an uninstall deletes. A new table with
 * a team id belongs in TEAM_TABLES (tests/db/queries/workspace-data.int.test.ts
 * checks that every table with a team_id column is listed). A person's own
 * rows, and their deletion on request, are person-data.ts's.
 */
export const TEAM_TABLES = [ratings, reports, messages, sessions, users, slackPace, installations] as const;

/** Deletes every row of `teamId`, children before parents, in one transaction; counts per table. */
export async function deleteWorkspaceData(db: Database, teamId: string): Promise<Record<string, number>> {
  return db.transaction(async (tx) => {
    const counts: Record<string, number> = {};
    counts.ratings = (await tx.delete(ratings).where(eq(ratings.teamId, teamId)).returning({ id: ratings.sessionId })).length;
    counts.reports = (await tx.delete(reports).where(eq(reports.teamId, teamId)).returning({ id: reports.sessionId })).length;
    counts.messages = (await tx.delete(messages).where(eq(messages.teamId, teamId)).returning({ id: messages.id })).length;
    counts.sessions = (await tx.delete(sessions).where(eq(sessions.teamId, teamId)).returning({ id: sessions.id })).length;
    counts.users = (await tx.delete(users).where(eq(users.teamId, teamId)).returning({ id: users.userId })).length;
    counts.slack_pace = (await tx.delete(slackPace).where(eq(slackPace.teamId, teamId)).returning({ id: slackPace.method })).length;
    counts.installations = (await tx.delete(installations).where(eq(installations.teamId, teamId)).returning({ id: installations.teamId })).length;
    return counts;
  });
}
