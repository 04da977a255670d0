import type { BlockTimepickerAction } from '@slack/bolt';
import { homeAction, type HomeDeps } from './home-common';

/** The Home's timepicker: the nudge's local time (HH:mm). */
export function homeTime(deps: HomeDeps) {
  return homeAction<BlockTimepickerAction>(deps, 'home_time_failed', async ({ action }, { teamId, userId }) => {
    if (!(await deps.home.setTime(teamId, userId, action.selected_time))) return 'Pick a time of day for your nudge.';
  });
}
