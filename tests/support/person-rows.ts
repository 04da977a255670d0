import type { Pool } from 'pg';

/**
 * How many rows of one person each table holds, found from the database's
 * own catalogue rather than a list: every table with team_id and user_id
 * columns (by those), every table with a session_id (by the given session
 * ids), `sessions` by id, and every table with team_id and channel_id (by
 * the person's DM channel, when given). A table added later is counted too,
 * so "no row of theirs is left" stays true as the schema grows.
 */
export async function personRows(pool: Pool, who: { teamId: string; userId: string; sessionIds: string[]; dmChannelId?: string }): Promise<Record<string, number>> {
  const { rows: tables } = await pool.query<{ table_name: string; person: boolean; session: boolean; channel: boolean }>(`
    select c.table_name,
           bool_or(c.column_name = 'user_id') and bool_or(c.column_name = 'team_id') as person,
           bool_or(c.column_name = 'session_id') as session,
           bool_or(c.column_name = 'channel_id') and bool_or(c.column_name = 'team_id') as channel
      from information_schema.columns c
     where c.table_schema = 'public'
     group by c.table_name
     order by c.table_name`);
  const count = async (sql: string, params: unknown[]) => Number((await pool.query<{ n: string }>(sql, params)).rows[0]!.n);
  const counts: Record<string, number> = {};
  for (const t of tables) {
    let n = 0;
    if (t.person) n += await count(`select count(*) as n from "${t.table_name}" where team_id = $1 and user_id = $2`, [who.teamId, who.userId]);
    if (t.session) n += await count(`select count(*) as n from "${t.table_name}" where session_id = any($1::uuid[])`, [who.sessionIds]);
    if (t.table_name === 'sessions') n += await count('select count(*) as n from sessions where id = any($1::uuid[])', [who.sessionIds]);
    if (t.channel && who.dmChannelId && !t.person) n += await count(`select count(*) as n from "${t.table_name}" where team_id = $1 and channel_id = $2`, [who.teamId, who.dmChannelId]);
    counts[t.table_name] = n;
  }
  return counts;
}

/** The tables in which `personRows` found anything: what a complete deletion leaves empty. */
export function nonEmpty(counts: Record<string, number>): string[] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([table]) => table);
}
