import type { BlockButtonAction } from '@slack/bolt';
import { homeAction, type HomeDeps } from './home-common';

/** Resume: ends any pause (the person's own, after five unanswered mornings, or after Slack refused a DM). */
export function homeResume(deps: HomeDeps) {
  return homeAction<BlockButtonAction>(deps, 'home_resume_failed', async (_args, { teamId, userId }) => {
    await deps.home.resume(teamId, userId);
  });
}
