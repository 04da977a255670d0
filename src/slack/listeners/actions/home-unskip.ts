import type { BlockButtonAction } from '@slack/bolt';
import { homeAction, type HomeDeps } from './home-common';

/** Undo skip: today's nudge comes after all (if its time has not passed its window). */
export function homeUnskip(deps: HomeDeps) {
  return homeAction<BlockButtonAction>(deps, 'home_unskip_failed', async (_args, { teamId, userId }) => {
    await deps.home.unskip(teamId, userId);
  });
}
