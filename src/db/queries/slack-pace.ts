import { sql } from 'drizzle-orm';
import type { Database } from '../client';

/**
 * Queries of the `slack_pace` table: one row per workspace and Web API
 * method, shared by every replica, so their calls together keep one pace.
 * Times are the database's clock (clock_timestamp(), not the transaction's start: a call may wait on the row lock), never a replica's.
 */

export interface PaceBounds {
  /** The gap a method starts at, and the narrowest and widest it may become. */
  startMs: number;
  minMs: number;
  maxMs: number;
  /** Each slot taken narrows the gap by this factor (< 1). */
  narrow: number;
  /** A 429 widens the gap by this factor (> 1). */
  widen: number;
}

/**
 * Takes the next slot: the later of now and the row's next free moment,
 * with the gap narrowed a little. Returns how many milliseconds from now the
 * slot begins (0 when it is free at once).
 */
export async function takeSlot(db: Database, teamId: string, method: string, bounds: PaceBounds): Promise<number> {
  const result = await db.execute<{ wait_ms: number }>(sql`
    insert into slack_pace as p (team_id, method, next_at, gap_ms)
    values (${teamId}::text, ${method}::text, clock_timestamp() + make_interval(secs => ${bounds.startMs}::int / 1000.0), ${bounds.startMs}::int)
    on conflict (team_id, method) do update set
      gap_ms = greatest(${bounds.minMs}::int, floor(p.gap_ms * ${bounds.narrow}::float8))::int,
      next_at = greatest(p.next_at, clock_timestamp()) + make_interval(secs => greatest(${bounds.minMs}::int, floor(p.gap_ms * ${bounds.narrow}::float8)) / 1000.0)
    returning greatest(0, extract(epoch from (p.next_at - make_interval(secs => p.gap_ms / 1000.0) - clock_timestamp())) * 1000)::float8 as wait_ms`);
  return Number(result.rows[0]?.wait_ms ?? 0);
}

/**
 * Slack said wait: no slot for this method before `retryAfterSeconds` from
 * now, and a wider gap after it. A hold never shortens a longer one, and the
 * gap widens once per hold: calls that had their slots before it was known
 * meet the same 429 and must not widen it again.
 */
export async function holdOff(db: Database, teamId: string, method: string, retryAfterSeconds: number, bounds: PaceBounds): Promise<void> {
  await db.execute(sql`
    insert into slack_pace as p (team_id, method, next_at, gap_ms, held_until)
    values (${teamId}::text, ${method}::text, clock_timestamp() + make_interval(secs => ${retryAfterSeconds}::float8), ${bounds.startMs}::int,
            clock_timestamp() + make_interval(secs => ${retryAfterSeconds}::float8))
    on conflict (team_id, method) do update set
      gap_ms = case when p.held_until is null or p.held_until <= clock_timestamp()
                    then least(${bounds.maxMs}::int, ceil(p.gap_ms * ${bounds.widen}::float8))::int
                    else p.gap_ms end,
      held_until = greatest(p.held_until, clock_timestamp() + make_interval(secs => ${retryAfterSeconds}::float8)),
      next_at = greatest(p.next_at, clock_timestamp() + make_interval(secs => ${retryAfterSeconds}::float8))`);
}
