import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { NudgeClaim, PersonDate } from '../../nudge/store';
import { personDateKey } from '../../nudge/store';
import type { Database } from '../client';
import { messages, sessions, users } from '../schema';

/**
 * The `sessions` rows a morning nudge opens. Exactly once per person per
 * local day rests on one constraint: the unique session per (team, user,
 * local_date). A nudge claims its day by inserting that row before anything
 * is posted; whoever loses the insert sends nothing.
 */

/** Person-days checked for an existing session per query. */
const EXISTING_BATCH = 1000;

/** Keys ("team user date") of the given person-days that already have a session. */
export async function sessionsExisting(db: Database, keys: readonly PersonDate[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += EXISTING_BATCH) {
    const batch = keys.slice(i, i + EXISTING_BATCH);
    const { rows } = await db.execute<{ team_id: string; user_id: string; local_date: string }>(sql`
      select s.team_id, s.user_id, to_char(s.local_date, 'YYYY-MM-DD') as local_date
        from ${sessions} s
        join unnest(${sql.param(batch.map((k) => k.teamId))}::text[], ${sql.param(batch.map((k) => k.userId))}::text[],
                    ${sql.param(batch.map((k) => k.localDate))}::date[]) as k(team_id, user_id, local_date)
          on s.team_id = k.team_id and s.user_id = k.user_id and s.local_date = k.local_date`);
    for (const r of rows) found.add(personDateKey({ teamId: r.team_id, userId: r.user_id, localDate: r.local_date }));
  }
  return found;
}

/** Inserts the day's session and its first coach message; null when that day already has a session. */
export async function claimNudge(db: Database, claim: NudgeClaim): Promise<{ sessionId: string; messageId: number } | null> {
  // One statement, so one round trip and atomic: the session insert is the claim, and
  // the nudge's words go in as its first coach message only if the claim was won. It also
  // refuses a day the person skipped since the pass read their row, so a slow pass cannot
  // nudge after a Skip today, and a person who was deleted meanwhile.
  const at = claim.at.toISOString();
  const result = await db.execute<{ session_id: string; message_id: string }>(sql`
    with claimed as (
      insert into ${sessions} (team_id, user_id, local_date, channel_id, thread_ts, origin, stage, agenda,
                               status, version, lease_until, created_at, updated_at)
      select ${claim.teamId}, ${claim.userId}, ${claim.localDate}, ${claim.channelId}, null, 'nudge', ${claim.state.stage},
             ${JSON.stringify(claim.state.agenda)}::jsonb, ${claim.state.status}, ${claim.state.version},
             now() + make_interval(secs => ${claim.leaseSeconds}), ${at}::timestamptz, ${at}::timestamptz
       where exists (select 1 from ${users} u
                      where u.team_id = ${claim.teamId} and u.user_id = ${claim.userId}
                        and u.skip_date is distinct from ${claim.localDate}::date
                        -- Waits for a deletion of the person in flight (person-data.ts), then finds nobody.
                        for key share)
      on conflict (team_id, user_id, local_date) do nothing
      returning id
    )
    insert into ${messages} (session_id, team_id, channel_id, role, stage, text, created_at)
    select id, ${claim.teamId}, ${claim.channelId}, 'coach', ${claim.state.stage}, ${claim.text}, ${at}::timestamptz from claimed
    returning session_id, id as message_id`);
  const row = result.rows[0];
  return row ? { sessionId: row.session_id, messageId: Number(row.message_id) } : null;
}

/**
 * Skip today on a nudge nobody answered: the session goes (skip_date keeps the
 * day from being nudged again), so a message later today starts a fresh one.
 */
export async function dropUnansweredNudge(db: Database, teamId: string, sessionId: string): Promise<boolean> {
  const deleted = await db.execute<{ id: string }>(sql`
    delete from ${sessions} s
     where s.id = ${sessionId} and s.team_id = ${teamId} and s.origin = 'nudge' and s.status = 'active'
       and not exists (select 1 from ${messages} m where m.session_id = s.id and m.role = 'person')
    returning s.id`);
  return deleted.rows.length === 1;
}

/** The nudge is on Slack: the session's thread and the coach message's ts, in one statement. */
export async function nudgePosted(db: Database, sessionId: string, messageId: number, ts: string): Promise<void> {
  await db.execute(sql`
    with thread as (
      update ${sessions} set thread_ts = ${ts}, lease_until = null, updated_at = now()
       where id = ${sessionId} and thread_ts is null
    )
    update ${messages} set slack_ts = ${ts} where id = ${messageId} and slack_ts is null`);
}

/**
 * A claim whose post failed (or whose poster died) gives the day back: the
 * session is deleted, so a later pass may try again, unless the person
 * wrote in the meantime, in which case it is rooted at their first message.
 */
export async function releaseClaim(db: Database, sessionId: string): Promise<'deleted' | 'rooted' | 'posted'> {
  return db.transaction(async (tx) => {
    const [session] = await tx
      .select({ id: sessions.id, threadTs: sessions.threadTs })
      .from(sessions)
      .where(eq(sessions.id, sessionId))
      .for('update');
    if (!session) return 'deleted' as const;
    if (session.threadTs) return 'posted' as const;
    const [first] = await tx
      .select({ slackTs: messages.slackTs })
      .from(messages)
      .where(and(eq(messages.sessionId, sessionId), eq(messages.role, 'person')))
      .orderBy(messages.id)
      .limit(1);
    if (!first?.slackTs) {
      await tx.delete(sessions).where(eq(sessions.id, sessionId));
      return 'deleted' as const;
    }
    // The person wrote while the nudge was failing: their message becomes the session's root.
    await tx.delete(messages).where(and(eq(messages.sessionId, sessionId), eq(messages.role, 'coach'), isNull(messages.slackTs)));
    await tx.update(sessions).set({ threadTs: first.slackTs, leaseUntil: null, updatedAt: sql`now()` }).where(eq(sessions.id, sessionId));
    return 'rooted' as const;
  });
}

/** Unposted nudge claims whose lease ran out (the poster died). */
export async function expiredClaims(db: Database, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.origin, 'nudge'), isNull(sessions.threadTs), lt(sessions.leaseUntil, sql`now()`)))
    .limit(limit);
  return rows.map((r) => r.id);
}
