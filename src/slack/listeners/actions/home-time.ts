import type { BlockTimepickerAction } from '@slack/bolt';
import { wordsFrom } from '../../middleware/who';
import { homeAction, type HomeDeps } from './home-common';

/** The Home's timepicker: the nudge's local time (HH:mm). */
export function homeTime(deps: HomeDeps) {
  return homeAction<BlockTimepickerAction>(deps, 'home_time_failed', async ({ action, context }, { teamId, userId }) => {
    if (!(await deps.home.setTime(teamId, userId, action.selected_time))) return (await wordsFrom(context)).homePickTimeNotice;
  });
}
