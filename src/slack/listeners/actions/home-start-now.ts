import type { BlockButtonAction } from '@slack/bolt';
import { webMessenger } from '../../nudge-client';
import { post } from '../../deliver';
import { wordsFrom } from '../../middleware/who';
import { homeAction, type HomeDeps } from './home-common';

/**
 * Start a session now: the bot opens today's session in the DM, whatever the
 * schedule. When today already has one, a note in its thread points to it.
 */
export function homeStartNow(deps: HomeDeps) {
  return homeAction<BlockButtonAction>(deps, 'home_start_now_failed', async ({ client, context }, { teamId, userId }) => {
    const result = await deps.home.startNow(teamId, userId, webMessenger(client));
    switch (result.kind) {
      case 'started':
        return;
      case 'open':
        await post(client, { channel: result.channelId, ...(result.threadTs ? { thread_ts: result.threadTs } : {}) }, { text: (await wordsFrom(context)).homeSessionHere }, deps.logger);
        return;
      case 'done':
        await post(client, { channel: result.channelId, ...(result.threadTs ? { thread_ts: result.threadTs } : {}) }, { text: (await wordsFrom(context)).sessionClosed }, deps.logger);
        return;
      case 'failed':
        return (await wordsFrom(context)).homeStartFailed;
    }
  });
}
