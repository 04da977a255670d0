/**
 * A person the coach talks to, as one type for every room: the coach reads
 * their name and zone, the nudge their schedule, the App Home all of it.
 */
export type PauseReason = 'person' | 'unanswered' | 'unreachable';

export interface Person {
  teamId: string;
  userId: string;
  firstName: string | null;
  /** IANA time zone from Slack's profile; null until first looked up. */
  tz: string | null;
  /** Slack's locale for the person (users.info with include_locale, e.g. "de-DE"); null until read. */
  locale: string | null;
  /** When the profile (name, zone and locale) was last read from Slack; null until it is. */
  tzCheckedAt: Date | null;
  dmChannelId: string | null;
  /** Enrolled people get morning nudges. */
  enrolled: boolean;
  /** Local time of the nudge, minutes after midnight (540 = 09:00). */
  nudgeMinute: number;
  /** ISO weekdays of the nudge, 1 = Monday … 7 = Sunday. */
  nudgeDays: readonly number[];
  /** No nudges before this local date (YYYY-MM-DD). */
  pausedUntil: string | null;
  pauseReason: PauseReason | null;
  /** A local date whose nudge the person skipped. */
  skipDate: string | null;
  /** Nudges sent before this instant do not count toward the automatic pause. */
  unansweredFrom: Date | null;
}

/** What Slack's profile tells us about a person. */
export interface Profile {
  firstName: string | null;
  tz: string | null;
  /** Slack's locale, e.g. "de-DE"; null or left out when Slack did not say. */
  locale?: string | null;
  /** The account is deactivated. */
  deleted: boolean;
}

/**
 * A profile older than this is read again: the zone follows a person who
 * travels and changes it in Slack, and a day is soon enough for a morning nudge.
 */
export const PROFILE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** The one staleness rule: never read, or read more than PROFILE_MAX_AGE_MS before `at`. */
export function isProfileStale(person: Pick<Person, 'tzCheckedAt'>, at: Date): boolean {
  return !person.tzCheckedAt || at.getTime() - person.tzCheckedAt.getTime() > PROFILE_MAX_AGE_MS;
}

/** The instant before which a profile read is stale at `at` (for queries that pick stale profiles). */
export function profileCutoff(at: Date): Date {
  return new Date(at.getTime() - PROFILE_MAX_AGE_MS);
}
