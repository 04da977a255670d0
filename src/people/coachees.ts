import type { Coachees } from '../coach/ports';
import type { Logger } from '../log';
import type { PeopleStore, ProfileLookup } from './ports';
import { refreshProfile } from './refresh';

export interface CoacheesDeps {
  store: PeopleStore;
  /** The profile lookup of a workspace (its own Slack client). */
  lookupFor: (teamId: string) => ProfileLookup;
  logger: Logger;
  now: () => Date;
}

/** The coach service's view of people: enrol on arrival, refresh a stale profile (src/people/refresh.ts). */
export function createCoachees(deps: CoacheesDeps): Coachees {
  return {
    async arrived(teamId, userId, dmChannelId) {
      const person = await deps.store.arrived(teamId, userId, dmChannelId);
      const refreshed = await refreshProfile(person, { store: deps.store, lookup: deps.lookupFor(teamId), logger: deps.logger }, deps.now());
      return refreshed.person;
    },
    find: (teamId, userId) => deps.store.person(teamId, userId),
  };
}
