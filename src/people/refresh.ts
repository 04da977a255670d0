import { errorFields, type Logger } from '../log';
import { isProfileStale, type Person } from './person';
import { Unreachable, type PeopleStore, type ProfileLookup } from './ports';

export type ProfileRefresh =
  | { outcome: 'fresh' | 'refreshed'; person: Person }
  /** Slack says the account is deactivated, or refuses this person for good (`reason`). */
  | { outcome: 'deleted' | 'unreachable'; person: Person; reason: string }
  /** The lookup failed for a reason that may pass; the person is as we knew them. */
  | { outcome: 'failed'; person: Person };

export interface RefreshDeps {
  store: Pick<PeopleStore, 'saveProfile'>;
  lookup: ProfileLookup;
  logger: Logger;
}

/**
 * Reads the person's profile again when it is stale (isProfileStale), for
 * every caller: the coach, the nudge pass, the App Home, local mode. A read
 * counts as a check even when it fails, so one broken profile is not asked
 * for on every message or every minute. It never throws for Slack's sake: a
 * profile we cannot refresh is no reason to leave a person unanswered.
 */
export async function refreshProfile(person: Person, deps: RefreshDeps, at: Date, options: { force?: boolean } = {}): Promise<ProfileRefresh> {
  if (!options.force && !isProfileStale(person, at)) return { outcome: 'fresh', person };
  const who = { team: person.teamId, user: person.userId };
  const checked = { ...person, tzCheckedAt: at };
  try {
    const profile = await deps.lookup.profile(person.userId);
    const firstName = profile?.firstName ?? null;
    const tz = profile?.tz ?? null;
    const locale = profile?.locale ?? null;
    await deps.store.saveProfile(person.teamId, person.userId, { firstName, tz, locale }, at);
    const refreshed = { ...checked, firstName: firstName ?? person.firstName, tz: tz ?? person.tz, locale: locale ?? person.locale };
    if (profile?.deleted) return { outcome: 'deleted', person: refreshed, reason: 'account_deleted' };
    return { outcome: 'refreshed', person: refreshed };
  } catch (error) {
    await deps.store.saveProfile(person.teamId, person.userId, { firstName: null, tz: null, locale: null }, at);
    if (error instanceof Unreachable) return { outcome: 'unreachable', person: checked, reason: error.reason };
    deps.logger.warn('profile_lookup_failed', { ...who, ...errorFields(error) });
    return { outcome: 'failed', person: checked };
  }
}
