import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../deps';

type Args = SlackEventMiddlewareArgs<'app_uninstalled'> & AllMiddlewareArgs;

/**
 * The workspace removed the app: https://docs.slack.dev/reference/events/app_uninstalled
 * Its tokens are deleted at once and its nudges stop; its data is purged
 * after UNINSTALL_RETENTION_DAYS (src/jobs/workspace-purge.ts). Bolt runs it
 * without `authorize`: there is no token left to find.
 */
export function appUninstalled(deps: SlackDeps) {
  return async ({ body, context }: Args): Promise<void> => {
    const teamId = context.teamId ?? body.team_id;
    if (!teamId || !deps.workspaces) return;
    await deps.workspaces.uninstalled(teamId, 'app_uninstalled');
  };
}
