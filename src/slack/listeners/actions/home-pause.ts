import type { BlockDatepickerAction } from '@slack/bolt';
import { homeAction, type HomeDeps } from './home-common';

/** The Home's datepicker: no nudges until that date (they resume that morning). */
export function homePause(deps: HomeDeps) {
  return homeAction<BlockDatepickerAction>(deps, 'home_pause_failed', async ({ action }, { teamId, userId }) =>
    deps.home.pauseUntil(teamId, userId, action.selected_date),
  );
}
