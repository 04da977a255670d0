import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps';

type Args = SlackEventMiddlewareArgs<'tokens_revoked'> & AllMiddlewareArgs;

/**
 * Tokens of the app were revoked: https://docs.slack.dev/reference/events/tokens_revoked
 * The bot's (`tokens.bot`) is the one the coach runs on: without it the
 * workspace is as good as uninstalled. Revoked user tokens (the app asks
 * for none) change nothing.
 */
export function tokensRevoked(deps: SlackDeps) {
  return async ({ event, body, context }: Args): Promise<void> => {
    const teamId = context.teamId ?? body.team_id;
    const bot = event.tokens.bot ?? [];
    if (!teamId || !deps.workspaces || bot.length === 0) return;
    await deps.workspaces.uninstalled(teamId, 'tokens_revoked');
  };
}
