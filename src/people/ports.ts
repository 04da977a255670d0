import type { Person, Profile } from './person';

/**
 * Reads a person's profile from Slack (users.info). One per workspace: the
 * Slack adapter builds it from that workspace's client. Throws Unreachable
 * when Slack says this person can never be reached (deactivated, not found).
 */
export interface ProfileLookup {
  profile(userId: string): Promise<Profile | null>;
}

/**
 * Slack refused a call about this person for good (`user_not_found`,
 * `account_inactive`, `cannot_dm_bot`, …): retrying will not help, pausing
 * will. `reason` is Slack's own error code, safe to log.
 */
export class Unreachable extends Error {
  readonly code = 'person_unreachable';

  constructor(readonly reason: string) {
    super(`person unreachable: ${reason}`);
    this.name = 'Unreachable';
  }
}

/** Where people are kept; src/db implements it. Every call is scoped by team. */
export interface PeopleStore {
  person(teamId: string, userId: string): Promise<Person | null>;
  /** The person wrote to the bot: enrols them (creating their row) and records their DM channel. */
  arrived(teamId: string, userId: string, dmChannelId: string): Promise<Person>;
  /** Records a profile read at `checkedAt`; a field Slack left out keeps what we knew. */
  saveProfile(teamId: string, userId: string, profile: { firstName: string | null; tz: string | null; locale?: string | null }, checkedAt: Date): Promise<void>;
}
