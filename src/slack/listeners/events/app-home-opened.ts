import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { errorFields } from '../../../log';
import { whoFrom } from '../../middleware/who';
import { publishHome, type HomeDeps } from '../actions/home-common';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/**
 * The person opened the app's Home tab: https://docs.slack.dev/reference/events/app_home_opened
 * The event also fires for the Messages tab; only the Home is published.
 */
export function appHomeOpened(deps: HomeDeps) {
  return async ({ event, context, client }: Args): Promise<void> => {
    if (event.tab !== undefined && event.tab !== 'home') return;
    const who = whoFrom(context);
    if (!who) return;
    try {
      await publishHome(client, deps, who.teamId, who.userId);
    } catch (error) {
      deps.logger.error('home_open_failed', { team: who.teamId, user: who.userId, ...errorFields(error) });
    }
  };
}
