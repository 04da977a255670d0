import type { BlockCheckboxesAction } from '@slack/bolt';
import { homeAction, type HomeDeps } from './home-common';

/** The Home's weekday checkboxes: the days a nudge comes. */
export function homeDays(deps: HomeDeps) {
  return homeAction<BlockCheckboxesAction>(deps, 'home_days_failed', async ({ action }, { teamId, userId }) => {
    await deps.home.setDays(teamId, userId, action.selected_options.map((o) => o.value ?? ''));
  });
}
