import { and, eq, inArray, sql } from 'drizzle-orm';
import type { RateResult, Rating } from '../../coach/archive';
import type { Database } from '../client';
import { ratings, reports } from '../schema';
import { isUuid } from './sessions';

/** Queries of the `ratings` table: the person's own 1-5 rating of a session. Every one scoped to one person in one workspace. */

/**
 * Stores the rating in one statement: taken from the person's own report
 * (so nobody rates a session that is not theirs, or one with no report),
 * updated only when it changed, so a Slack retry or a double press writes
 * nothing. Concurrent presses meet in the primary key, not in a race.
 */
export async function rateSession(db: Database, teamId: string, userId: string, sessionId: string, rating: Rating): Promise<RateResult> {
  if (!isUuid(sessionId)) return 'no_report';
  const { rows } = await db.execute<{ inserted: boolean }>(sql`
    insert into ${ratings} (team_id, user_id, session_id, rating)
    select ${reports.teamId}, ${reports.userId}, ${reports.sessionId}, ${rating}::smallint from ${reports}
    where ${reports.teamId} = ${teamId} and ${reports.userId} = ${userId} and ${reports.sessionId} = ${sessionId}
    on conflict (team_id, user_id, session_id) do update set rating = excluded.rating, updated_at = now()
      where ${ratings.rating} is distinct from excluded.rating
    returning (xmax = 0) as inserted`);
  const written = rows[0];
  if (written) return written.inserted ? 'rated' : 'changed';
  return (await ratingOf(db, teamId, userId, sessionId)) === null ? 'no_report' : 'same';
}

export async function ratingOf(db: Database, teamId: string, userId: string, sessionId: string): Promise<number | null> {
  if (!isUuid(sessionId)) return null;
  const [row] = await db
    .select({ rating: ratings.rating })
    .from(ratings)
    .where(and(eq(ratings.teamId, teamId), eq(ratings.userId, userId), eq(ratings.sessionId, sessionId)));
  return row?.rating ?? null;
}

/** The person's ratings of these sessions, by session id (unrated ones absent). */
export async function ratingsOf(db: Database, teamId: string, userId: string, sessionIds: readonly string[]): Promise<Map<string, number>> {
  const ids = sessionIds.filter(isUuid);
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ sessionId: ratings.sessionId, rating: ratings.rating })
    .from(ratings)
    .where(and(eq(ratings.teamId, teamId), eq(ratings.userId, userId), inArray(ratings.sessionId, ids)));
  return new Map(rows.map((r) => [r.sessionId, r.rating]));
}
