import type { BlockButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Report } from '../../../coach/report';
import { webMessenger } from '../../nudge-client';
import { renderReportModal } from '../../blocks/home';
import { post } from '../../deliver';
import { slackErrorFields } from '../../errors';
import { whoFrom, wordsFrom } from '../../middleware/who';
import { fill, type Words } from '../../../words/catalog';
import { publishHome, type HomeActionArgs, type HomeDeps } from './home-common';

/**
 * "Open" next to a report on the Home. Home actions carry no response_url, so
 * the report opens in a modal (https://docs.slack.dev/reference/methods/views.open)
 * with the action's trigger_id, which Slack honours for 3 seconds. Only the
 * clicker's own reports are found, whatever id the button carries.
 *
 * When Slack will not open the modal (a trigger that expired on a slow
 * moment, say), a short DM says how to get the report instead; the report
 * itself is not posted there, so a refused modal never floods the DM.
 */
export function homeOpenReport(deps: HomeDeps) {
  return async ({ ack, body, action, client, context }: HomeActionArgs<BlockButtonAction>): Promise<void> => {
    await ack();
    const who = whoFrom(context);
    if (!who) return;
    const { teamId, userId } = who;
    try {
      const report = await deps.home.report(teamId, userId, action.value ?? '');
      if (report) {
        await openModal(client, deps, { teamId, userId, triggerId: body.trigger_id }, report, await wordsFrom(context));
        return;
      }
      await publishHome(client, deps, teamId, userId, (await wordsFrom(context)).reportNoLongerThere);
    } catch (error) {
      deps.logger.error('home_open_report_failed', { team: teamId, user: userId, ...slackErrorFields(error) });
    }
  };
}

async function openModal(client: WebClient, deps: HomeDeps, who: { teamId: string; userId: string; triggerId: string }, report: Report, w: Words): Promise<void> {
  try {
    await client.views.open({ trigger_id: who.triggerId, view: renderReportModal(report, w) });
  } catch (error) {
    deps.logger.warn('slack_views_open_failed', { team: who.teamId, user: who.userId, ...slackErrorFields(error) });
    const channel = await webMessenger(client).openDm(who.userId);
    await post(client, { channel }, { text: fill(w.openReportHere, { date: report.date }) }, deps.logger);
  }
}
