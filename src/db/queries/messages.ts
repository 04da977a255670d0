import { TransactionRollbackError, and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Session } from '../../coach/session';
import { isStageId } from '../../coach/stages';
import type { CoachTurnWrite, StoredTurn } from '../../coach/store';
import type { Database } from '../client';
import { messages, sessions } from '../schema';
import { stateColumns } from './sessions';

/** Queries of the `messages` table: a session's transcript, written before anything else happens to it. */

/**
 * Stores a person's message, in the stage of the question it answers (the
 * last coach message's; the session's own before any), and bumps the
 * session's version in one transaction, so a version-guarded change decided
 * before the message (abandoning an "unanswered" session) loses to it.
 */
export async function addPersonMessage(db: Database, session: Session, slackTs: string, text: string): Promise<{ id: number } | 'duplicate' | 'closed'> {
  return db
    .transaction(async (tx) => {
      const [row] = await tx
        .insert(messages)
        .values({ sessionId: session.id, teamId: session.teamId, channelId: session.channelId, slackTs, role: 'person', stage: answeringStage(session), text })
        .onConflictDoNothing({ target: [messages.teamId, messages.channelId, messages.slackTs] })
        .returning({ id: messages.id });
      if (!row) return 'duplicate' as const;
      const open = await tx
        .update(sessions)
        .set({ version: sql`${sessions.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(sessions.id, session.id), inArray(sessions.status, ['active', 'wrapping'])))
        .returning({ id: sessions.id });
      // The session ended between finding it and storing this: the caller says so instead.
      if (open.length === 0) tx.rollback();
      return { id: row.id };
    })
    .catch((error: unknown) => {
      if (error instanceof TransactionRollbackError) return 'closed' as const;
      throw error;
    });
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

/** Whether a person message newer than `answeredMessageId` waits for a reply. */
export async function hasUnanswered(db: Database, sessionId: string, answeredMessageId: number | null): Promise<boolean> {
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.sessionId, sessionId), eq(messages.role, 'person'), gt(messages.id, answeredMessageId ?? 0)))
    .limit(1);
  return row !== undefined;
}

/** Writes a coach reply and the new state in one transaction, guarded by the session's version. */
export async function saveCoachTurn(db: Database, write: CoachTurnWrite): Promise<{ messageId: number } | 'stale'> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(sessions)
      .set({ ...stateColumns(write.state), answeredMessageId: write.answeredMessageId })
      .where(and(eq(sessions.id, write.sessionId), eq(sessions.version, write.expectedVersion)))
      .returning({ teamId: sessions.teamId, channelId: sessions.channelId });
    const session = rows[0];
    if (!session) return 'stale' as const;
    const [message] = await tx
      .insert(messages)
      .values({ sessionId: write.sessionId, teamId: session.teamId, channelId: session.channelId, role: 'coach', stage: write.stage, text: write.reply })
      .returning({ id: messages.id });
    return { messageId: message!.id };
  });
}

/** Records the Slack ts of a coach message once it is posted. */
export async function markPosted(db: Database, messageId: number, slackTs: string): Promise<void> {
  await db
    .update(messages)
    .set({ slackTs })
    .where(and(eq(messages.id, messageId), isNull(messages.slackTs)));
}
