import type { BlockButtonAction } from '@slack/bolt';
import { renderNudgeSkipped } from '../../blocks/nudge';
import { slackErrorFields } from '../../errors';
import { wordsFrom } from '../../middleware/who';
import { homeAction, type HomeDeps } from './home-common';

/**
 * Skip today, from the Home or from the nudge itself. When today's nudge is
 * out and unanswered it is withdrawn: its buttons give way to a note
 * (chat.update), and a message later today starts a fresh session.
 */
export function homeSkip(deps: HomeDeps) {
  return homeAction<BlockButtonAction>(deps, 'home_skip_failed', async ({ client, context }, { teamId, userId }) => {
    const { withdrawn, firstName } = await deps.home.skipToday(teamId, userId);
    if (!withdrawn) return;
    try {
      await client.chat.update({ channel: withdrawn.channelId, ts: withdrawn.ts, ...renderNudgeSkipped(firstName, await wordsFrom(context)) });
    } catch (error) {
      deps.logger.warn('nudge_update_failed', { team: teamId, user: userId, ...slackErrorFields(error) });
    }
  });
}
