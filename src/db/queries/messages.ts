import { eq, sql } from 'drizzle-orm';
import type { Session } from '../../coach/session';
import { isStageId } from '../../coach/stages';
import type { CoachTurnWrite, StoredTurn } from '../../coach/store';
import type { Database } from '../client';
import { messages, sessions } from '../schema';

/** Queries of the `messages` table: a session's transcript, written before anything else happens to it. */

/**
 * Stores a person's message, in the stage of the question it answers (the
 * last coach message's; the session's own before any), and bumps the
 * session's version, in one statement: a version-guarded change decided
 * before the message (a reply composed without it, abandoning an
 * "unanswered" session) loses to it. Only into an open session; a Slack
 * message already stored is a duplicate and bumps nothing.
 */
export async function addPersonMessage(db: Database, session: Session, slackTs: string, text: string): Promise<{ id: number } | 'duplicate' | 'closed'> {
  const { rows } = await db.execute<{ id: string | null; open: string | null }>(sql`
    with open_session as (
      select id from ${sessions} where id = ${session.id} and status in ('active', 'wrapping')
    ), stored as (
      insert into ${messages} (session_id, team_id, channel_id, slack_ts, role, stage, text)
      select id, ${session.teamId}, ${session.channelId}, ${slackTs}, 'person', ${answeringStage(session)}, ${text} from open_session
      on conflict (team_id, channel_id, slack_ts) do nothing
      returning id
    ), bumped as (
      update ${sessions} set version = version + 1, updated_at = now()
       where id = ${session.id} and status in ('active', 'wrapping') and exists (select 1 from stored)
    )
    select (select id from stored) as id, (select id from open_session) as open`);
  const row = rows[0];
  if (row?.id) return { id: Number(row.id) };
  // Nothing stored: the session had ended, or this Slack message is already there.
  return row?.open ? 'duplicate' : 'closed';
}

function answeringStage(session: Session) {
  return sql`coalesce((select m.stage from ${messages} m where m.session_id = ${session.id} and m.role = 'coach' order by m.id desc limit 1), ${session.state.stage})`;
}

/** The whole conversation, oldest first. */
export async function turns(db: Database, sessionId: string): Promise<StoredTurn[]> {
  const rows = await db
    .select({ id: messages.id, role: messages.role, stage: messages.stage, text: messages.text, at: messages.createdAt })
    .from(messages)
    .where(eq(messages.sessionId, sessionId))
    .orderBy(messages.id);
  return rows.map(
    (r): StoredTurn => ({
      id: r.id,
      role: r.role === 'coach' ? 'coach' : 'person',
      text: r.text,
      at: r.at,
      // Messages stored before stages were recorded have none.
      ...(r.stage && isStageId(r.stage) ? { stage: r.stage } : {}),
    }),
  );
}

/** Writes a coach reply and the new state in one statement, guarded by the session's version. */
export async function saveCoachTurn(db: Database, write: CoachTurnWrite): Promise<{ messageId: number } | 'stale'> {
  const state = write.state;
  const { rows } = await db.execute<{ id: string }>(sql`
    with saved as (
      update ${sessions}
         set stage = ${state.stage}, agenda = ${JSON.stringify(state.agenda)}::jsonb, status = ${state.status},
             version = ${state.version}, answered_message_id = ${write.answeredMessageId}, updated_at = now()
       where id = ${write.sessionId} and version = ${write.expectedVersion}
      returning id, team_id, channel_id
    )
    insert into ${messages} (session_id, team_id, channel_id, role, stage, text)
    select id, team_id, channel_id, 'coach', ${write.stage}, ${write.reply} from saved
    returning id`);
  const row = rows[0];
  return row ? { messageId: Number(row.id) } : 'stale';
}
