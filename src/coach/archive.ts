import type { Report } from './report';
import type { Session } from './session';

/** One line of /coach-report list. */
export interface ReportSummary {
  sessionId: string;
  date: string;
  title: string;
  score: number;
}

/** Read side of past sessions: always scoped to one person in one workspace. */
export interface ReportArchive {
  latest(teamId: string, userId: string): Promise<{ sessionId: string; report: Report } | null>;
  onDate(teamId: string, userId: string, date: string): Promise<{ sessionId: string; report: Report } | null>;
  bySession(teamId: string, userId: string, sessionId: string): Promise<Report | null>;
  recent(teamId: string, userId: string, limit: number): Promise<ReportSummary[]>;
  /** The person's session for a local date, if any. */
  sessionOn(teamId: string, userId: string, date: string): Promise<Session | null>;
}
