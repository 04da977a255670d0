import { and, desc, eq } from 'drizzle-orm';
import type { ReportArchive } from '../coach/archive';
import type { SessionStatus } from '../coach/session';
import type { Database } from './client';
import { isUuid, reviveReport } from './coach-store';
import { reports, sessions } from './schema';

export function createReportArchive(db: Database): ReportArchive {
  const mine = (teamId: string, userId: string) => and(eq(reports.teamId, teamId), eq(reports.userId, userId));
  return {
    async latest(teamId, userId) {
      const [row] = await db
        .select({ sessionId: reports.sessionId, body: reports.body })
        .from(reports)
        .where(mine(teamId, userId))
        .orderBy(desc(reports.localDate), desc(reports.createdAt))
        .limit(1);
      return row ? { sessionId: row.sessionId, report: reviveReport(row.body) } : null;
    },

    async onDate(teamId, userId, date) {
      const [row] = await db
        .select({ sessionId: reports.sessionId, body: reports.body })
        .from(reports)
        .where(and(mine(teamId, userId), eq(reports.localDate, date)))
        .limit(1);
      return row ? { sessionId: row.sessionId, report: reviveReport(row.body) } : null;
    },

    async bySession(teamId, userId, sessionId) {
      if (!isUuid(sessionId)) return null;
      const [row] = await db
        .select({ body: reports.body })
        .from(reports)
        .where(and(mine(teamId, userId), eq(reports.sessionId, sessionId)));
      return row ? reviveReport(row.body) : null;
    },

    async recent(teamId, userId, limit) {
      return db
        .select({ sessionId: reports.sessionId, date: reports.localDate, title: reports.title, score: reports.score })
        .from(reports)
        .where(mine(teamId, userId))
        .orderBy(desc(reports.localDate), desc(reports.createdAt))
        .limit(limit);
    },

    async sessionOn(teamId, userId, date) {
      const [row] = await db
        .select({ sessionId: sessions.id, status: sessions.status, threadTs: sessions.threadTs, channelId: sessions.channelId })
        .from(sessions)
        .where(and(eq(sessions.teamId, teamId), eq(sessions.userId, userId), eq(sessions.localDate, date)));
      return row ? { ...row, status: row.status as SessionStatus } : null;
    },
  };
}
