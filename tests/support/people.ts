import type { Coachees } from '../../src/coach/ports';
import type { Database } from '../../src/db/client';
import { createPeopleStore } from '../../src/db/stores';
import type { Logger } from '../../src/log';
import { createCoachees } from '../../src/people/coachees';
import type { Profile } from '../../src/people/person';

/**
 * The coach service's people port on a test database, with profiles from a
 * table instead of Slack (a person missing from it has no profile to read).
 */
export function testCoachees(db: Database, logger: Logger, now: () => Date, profiles: Record<string, Partial<Profile>> = {}): Coachees {
  return createCoachees({
    store: createPeopleStore(db),
    lookupFor: () => ({
      profile: async (userId) => {
        const known = profiles[userId];
        return known ? { firstName: null, tz: null, deleted: false, ...known } : null;
      },
    }),
    logger,
    now,
  });
}
