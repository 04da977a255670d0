import type { CoachMemory } from '../coach/ports';
import type { Session, SessionState } from '../coach/session';
import type { PauseReason, Person } from '../people/person';
import type { PeopleStore } from '../people/ports';

/**
 * The storage port of the morning nudge and the App Home settings;
 * src/db/stores.ts composes it from the query modules.
 *
 * Exactly once per person per local day rests on one constraint: the unique
 * session per (team, user, local_date). A nudge claims its day by inserting
 * that row *before* anything is posted; whoever loses the insert (another
 * pass, a pg-boss retry, a replica, or the person who wrote first) sends
 * nothing.
 */

export interface PersonDate {
  teamId: string;
  userId: string;
  localDate: string;
}

export interface NudgeClaim extends PersonDate {
  channelId: string;
  /** The nudge's words, stored as the session's first coach message. */
  text: string;
  state: SessionState;
  /** The instant of the pass; recorded as the session's start. */
  at: Date;
  /** How long the claim may stay unposted before a later pass treats it as abandoned. */
  leaseSeconds: number;
}

export interface NudgeStore extends PeopleStore {
  /** Everyone enrolled, with what deciding their nudge needs. */
  enrolledPeople(): Promise<Person[]>;
  /** Enrolled, reachable people whose profile was last read before `checkedBefore`, never-read first. */
  staleProfiles(checkedBefore: Date, limit: number): Promise<Person[]>;
  saveDmChannel(teamId: string, userId: string, channelId: string | null): Promise<void>;

  /** Keys ("team user date") of the given person-days that already have a session. */
  sessionsExisting(keys: readonly PersonDate[]): Promise<Set<string>>;
  /** The person's sessions before `beforeDate`, newest first. */
  recentSessions(teamId: string, userId: string, beforeDate: string, limit: number): Promise<Session[]>;
  sessionOn(teamId: string, userId: string, localDate: string): Promise<Session | null>;
  /** Writes the state if the session is still at `expectedVersion`. */
  saveState(sessionId: string, expectedVersion: number, state: SessionState): Promise<boolean>;

  /** Inserts the day's session and its first coach message; null when that day already has a session. */
  claimNudge(claim: NudgeClaim): Promise<{ sessionId: string; messageId: number } | null>;
  /**
   * Skip today on a nudge nobody answered: the session goes (skip_date keeps the
   * day from being nudged again), so a message later today starts a fresh one.
   */
  dropUnansweredNudge(teamId: string, sessionId: string): Promise<boolean>;
  /** The nudge is on Slack: the session's thread is its ts. */
  nudgePosted(sessionId: string, messageId: number, ts: string): Promise<void>;
  /**
   * A claim whose post failed (or whose poster died) gives the day back: the
   * session is deleted, so a later pass may try again, unless the person
   * wrote in the meantime, in which case it is rooted at their first message.
   */
  releaseClaim(sessionId: string): Promise<'deleted' | 'rooted' | 'posted'>;
  /** Unposted nudge claims whose lease ran out (the poster died). */
  expiredClaims(limit: number): Promise<string[]>;

  pause(teamId: string, userId: string, reason: PauseReason, until: string | null): Promise<void>;
  resume(teamId: string, userId: string, at: Date): Promise<void>;
  setTime(teamId: string, userId: string, minute: number, at: Date): Promise<void>;
  setDays(teamId: string, userId: string, days: number[], at: Date): Promise<void>;
  skip(teamId: string, userId: string, localDate: string, at: Date): Promise<void>;
  unskip(teamId: string, userId: string): Promise<void>;
  /** Enrols the person (the App Home's Start); creates their row if they never wrote. */
  enroll(teamId: string, userId: string, at: Date): Promise<void>;

  memory(teamId: string, userId: string, beforeDate: string): Promise<CoachMemory | null>;
}

export function personDateKey(key: PersonDate): string {
  return `${key.teamId} ${key.userId} ${key.localDate}`;
}
