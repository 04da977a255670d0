import type { BlockButtonAction } from '@slack/bolt';
import { webMessenger } from '../../nudge-client';
import { homeAction, type HomeDeps } from './home-common';

/** "Start morning nudges" on the Home: enrols a person who never wrote to the bot. */
export function homeEnroll(deps: HomeDeps) {
  return homeAction<BlockButtonAction>(deps, 'home_enroll_failed', async ({ client }, { teamId, userId }) => {
    await deps.home.enroll(teamId, userId, webMessenger(client));
  });
}
