import { and, desc, eq, sql } from 'drizzle-orm';
import type { ReportSummary } from '../../coach/archive';
import type { CoachMemory } from '../../coach/ports';
import type { Report } from '../../coach/report';
import type { SessionState } from '../../coach/session';
import type { Database } from '../client';
import { reports, sessions } from '../schema';
import { memoryBefore } from './memory';
import { isUuid, stateColumns } from './sessions';

/** Queries of the `reports` table. Every read is scoped to one person in one workspace, or to a team and session. */

/** JSON has no dates: bring the report's instants back to Date. */
export function reviveReport(body: Report): Report {
  return { ...body, startedAt: new Date(body.startedAt), endedAt: new Date(body.endedAt) };
}

const theirs = (teamId: string, userId: string) => and(eq(reports.teamId, teamId), eq(reports.userId, userId));

/** Writes the report and completes the session in one transaction, guarded by the session's version. */
export async function saveReport(db: Database, sessionId: string, expectedVersion: number, state: SessionState, report: Report): Promise<boolean> {
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
}

/** The report of a session in the team, whoever it belongs to (the service checks ownership). */
export async function sessionReport(db: Database, teamId: string, sessionId: string): Promise<Report | null> {
  if (!isUuid(sessionId)) return null;
  const [row] = await db
    .select({ body: reports.body })
    .from(reports)
    .where(and(eq(reports.teamId, teamId), eq(reports.sessionId, sessionId)));
  return row ? reviveReport(row.body) : null;
}

/** Task and crux of the person's last report before `beforeDate`. */
export async function memory(db: Database, teamId: string, userId: string, beforeDate: string): Promise<CoachMemory | null> {
  const { rows } = await db.execute<{ memory: CoachMemory | null }>(
    sql`select ${memoryBefore(sql`${teamId}`, sql`${userId}`, sql`${beforeDate}::date`)} as memory`,
  );
  return rows[0]?.memory ?? null;
}

export async function latestReport(db: Database, teamId: string, userId: string): Promise<{ sessionId: string; report: Report } | null> {
  const [row] = await db
    .select({ sessionId: reports.sessionId, body: reports.body })
    .from(reports)
    .where(theirs(teamId, userId))
    .orderBy(desc(reports.localDate), desc(reports.createdAt))
    .limit(1);
  return row ? { sessionId: row.sessionId, report: reviveReport(row.body) } : null;
}

export async function reportOn(db: Database, teamId: string, userId: string, date: string): Promise<{ sessionId: string; report: Report } | null> {
  const [row] = await db
    .select({ sessionId: reports.sessionId, body: reports.body })
    .from(reports)
    .where(and(theirs(teamId, userId), eq(reports.localDate, date)))
    .limit(1);
  return row ? { sessionId: row.sessionId, report: reviveReport(row.body) } : null;
}

/** One of the person's own reports; null for anyone else's session id. */
export async function ownReport(db: Database, teamId: string, userId: string, sessionId: string): Promise<Report | null> {
  if (!isUuid(sessionId)) return null;
  const [row] = await db
    .select({ body: reports.body })
    .from(reports)
    .where(and(theirs(teamId, userId), eq(reports.sessionId, sessionId)));
  return row ? reviveReport(row.body) : null;
}

export async function recentReports(db: Database, teamId: string, userId: string, limit: number): Promise<ReportSummary[]> {
  return db
    .select({ sessionId: reports.sessionId, date: reports.localDate, title: reports.title, score: reports.score })
    .from(reports)
    .where(theirs(teamId, userId))
    .orderBy(desc(reports.localDate), desc(reports.createdAt))
    .limit(limit);
}
