import type { CoachMemory } from './ports';
import type { Report } from './report';
import type { Session, SessionState } from './session';
import type { StageId } from './stages';
import type { Turn } from './transcript';

/**
 * The storage port of the coach service. The coaching core declares what it
 * needs; src/db/stores.ts composes it from the query modules on Postgres.
 */

export interface StoredTurn extends Turn {
  id: number;
}

export type NewSession = Pick<Session, 'teamId' | 'userId' | 'localDate' | 'channelId' | 'threadTs' | 'origin' | 'state'>;

export interface CoachTurnWrite {
  sessionId: string;
  expectedVersion: number;
  state: SessionState;
  reply: string;
  /** The stage of the question the reply asks (see Turn.stage). */
  stage: StageId;
  answeredMessageId: number;
}

export interface CoachStore {
  sessionById(teamId: string, sessionId: string): Promise<Session | null>;
  sessionByThread(teamId: string, channelId: string, threadTs: string): Promise<Session | null>;
  sessionOn(teamId: string, userId: string, localDate: string): Promise<Session | null>;
  /** Inserts the session, or returns the one that already exists for that person and date. */
  openSession(session: NewSession): Promise<Session>;

  /**
   * Stores a person's message and bumps the session's version in one
   * transaction, so a version-guarded change decided before the message
   * (abandoning an "unanswered" session) loses to it. 'duplicate' when that
   * Slack message is already stored; 'closed' when the session ended meanwhile.
   */
  addPersonMessage(session: Session, slackTs: string, text: string): Promise<{ id: number } | 'duplicate' | 'closed'>;
  turns(sessionId: string): Promise<StoredTurn[]>;
  /** Whether a person message newer than `answeredMessageId` waits for a reply. */
  hasUnanswered(sessionId: string, answeredMessageId: number | null): Promise<boolean>;

  /**
   * Takes the session's writing lease: only its holder composes replies and
   * reports, so a burst of messages yields one reply. Returns the lease's
   * token, or null when someone else holds it or the session has no thread yet.
   */
  claimSession(sessionId: string, leaseMs: number): Promise<string | null>;
  /** Extends the lease while its holder is still working; false when `token` no longer holds it. */
  renewSession(sessionId: string, token: string, leaseMs: number): Promise<boolean>;
  /** Gives the lease back, if `token` still holds it (an expired lease may have passed on). */
  releaseSession(sessionId: string, token: string): Promise<void>;
  /**
   * Sessions with work nobody is doing: a person message older than `settledMs`
   * without a reply, or a wrap-up without a report, and no live lease (its
   * holder died, or lost its database). Recent sessions only.
   */
  sessionsAwaitingWork(settledMs: number, limit: number): Promise<{ teamId: string; sessionId: string }[]>;

  /** Writes the state change alone, if the session is still at `expectedVersion`. */
  saveState(sessionId: string, expectedVersion: number, state: SessionState): Promise<boolean>;
  /** Writes a coach reply and the new state in one transaction, guarded by the version. */
  saveCoachTurn(write: CoachTurnWrite): Promise<{ messageId: number } | 'stale'>;
  /** Writes the report and completes the session in one transaction, guarded by the version. */
  saveReport(sessionId: string, expectedVersion: number, state: SessionState, report: Report): Promise<boolean>;
  /** Records the Slack ts of a coach message once it is posted. */
  markPosted(messageId: number, slackTs: string): Promise<void>;

  report(teamId: string, sessionId: string): Promise<Report | null>;
  /** Task and crux of the person's last completed session before `beforeDate`. */
  memory(teamId: string, userId: string, beforeDate: string): Promise<CoachMemory | null>;
}
