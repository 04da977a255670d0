import type { Report } from './report';
import type { Session } from './session';

/** One line of /coach-report list. */
export interface ReportSummary {
  sessionId: string;
  date: string;
  title: string;
  score: number;
  /** The person's own rating, 1-5, when they gave one. */
  rating?: number | null;
}

/** The person's own rating of a session, 1-5. */
export const RATINGS = [1, 2, 3, 4, 5] as const;
export type Rating = (typeof RATINGS)[number];

export function isRating(value: unknown): value is Rating {
  return typeof value === 'number' && (RATINGS as readonly number[]).includes(value);
}

/**
 * What storing a rating did: the first rating of the session, a changed
 * one, the same one again (a Slack retry or a double press: nothing
 * changed), or nothing because the session has no report of theirs.
 */
export type RateResult = 'rated' | 'changed' | 'same' | 'no_report';

/** The person's ratings of their sessions; kept apart from reports, so a rating never changes the coach's score. */
export interface SessionRatings {
  rate(teamId: string, userId: string, sessionId: string, rating: Rating): Promise<RateResult>;
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
