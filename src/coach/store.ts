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

/** A taken lease, with what the work under it reads first: the session, the person's name, their memory. */
export interface SessionClaim {
  token: string;
  session: Session;
  firstName: string | null;
  /** The person's Slack locale ("de-DE"), for the product's words around the turn; null until read. */
  locale: string | null;
  memory: CoachMemory | null;
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

  /**
   * Takes the session's writing lease: only its holder composes replies and
   * reports, so a burst of messages yields one reply. Returns the lease's
   * token with the session as it is now (one round trip), or null when
   * someone else holds it or the session has no thread yet.
   */
  claimSession(sessionId: string, leaseMs: number): Promise<SessionClaim | null>;
  /** Extends the lease while its holder is still working; false when `token` no longer holds it. */
  renewSession(sessionId: string, token: string, leaseMs: number): Promise<boolean>;
  /**
   * Gives the lease back, if `token` still holds it (an expired lease may
   * have passed on), and says whether the session has work pending: a
   * message stored while the lease was held is left to its holder.
   */
  releaseSession(sessionId: string, token: string): Promise<{ pending: boolean }>;
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

  report(teamId: string, sessionId: string): Promise<Report | null>;
}
