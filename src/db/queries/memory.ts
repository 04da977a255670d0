import { sql, type SQL } from 'drizzle-orm';
import type { CoachMemory } from '../../coach/ports';
import { reports } from '../schema';

/**
 * The memory (CoachMemory, as JSON) of a person's last report before a date,
 * as a scalar subquery over any team, user and date expressions: the one
 * definition, for reports.ts `memory` and for the lease that brings it along
 * with the session (sessions.ts `claimSession`).
 */
export function memoryBefore(teamId: SQL, userId: SQL, beforeDate: SQL): SQL<CoachMemory | null> {
  return sql<CoachMemory | null>`(
    select json_build_object('lastTask', r.body->'task'->>'task', 'lastCrux', r.body->'crux'->>'crux', 'lastDate', to_char(r.local_date, 'YYYY-MM-DD'))
      from ${reports} r
     where r.team_id = ${teamId} and r.user_id = ${userId} and r.local_date < ${beforeDate}
     order by r.local_date desc limit 1)`;
}
