import type { BlockButtonAction } from '@slack/bolt';
import { renderReportModal } from '../../blocks/home';
import { slackErrorFields } from '../../deliver';
import { publishHome, type HomeActionArgs, type HomeDeps } from './home-common';

/**
 * "Open" next to a report on the Home. Home actions carry no response_url, so
 * the report opens in a modal (https://docs.slack.dev/reference/methods/views.open)
 * with the action's trigger_id, which Slack honours for 3 seconds. Only the
 * clicker's own reports are found, whatever id the button carries.
 */
export function homeOpenReport(deps: HomeDeps) {
  return async ({ ack, body, action, client, context }: HomeActionArgs<BlockButtonAction>): Promise<void> => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? context.teamId;
    const userId = body.user.id;
    if (!teamId) return;
    try {
      const report = await deps.home.report(teamId, userId, action.value ?? '');
      if (report) {
        await client.views.open({ trigger_id: body.trigger_id, view: renderReportModal(report) });
        return;
      }
      await publishHome(client, deps, teamId, userId, 'That report is no longer there.');
    } catch (error) {
      deps.logger.error('home_open_report_failed', { team: teamId, user: userId, ...slackErrorFields(error) });
    }
  };
}
