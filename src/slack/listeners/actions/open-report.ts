import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorFields } from '../../../log';
import { renderNoReport, renderReportResponse } from '../../blocks/report-command';
import type { SlackDeps } from '../../deps';
import { whoFrom, wordsFrom } from '../../middleware/who';
import { ephemeralResponder } from '../../respond';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Open" next to a report in /coach-report list (the App Home's has its own
 * listener, home-open-report.ts: Home actions have no response_url). The
 * archive only looks among the clicker's own reports, so a forged session id
 * shows nothing of anyone else.
 */
export function openReportButton(deps: SlackDeps) {
  return async ({ ack, body, action, respond, client, context }: Args): Promise<void> => {
    await ack();
    const who = whoFrom(context);
    if (!who) return;
    const { teamId, userId } = who;
    const ephemeral = ephemeralResponder({ respond, hasResponseUrl: Boolean(body.response_url), client, channelId: body.channel?.id, userId });
    const w = await wordsFrom(context);
    try {
      const report = await deps.archive.bySession(teamId, userId, action.value ?? '');
      if (!report) {
        await ephemeral(renderNoReport(w, 'gone'));
        return;
      }
      for (const message of renderReportResponse(report, w, action.value)) await ephemeral(message);
    } catch (error) {
      deps.logger.error('open_report_failed', { team: teamId, user: userId, ...errorFields(error) });
      await ephemeral({ text: w.openReportFailed }).catch(() => {});
    }
  };
}
