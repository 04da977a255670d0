import type { AllMiddlewareArgs, BlockButtonAction, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorFields } from '../../../log';
import { renderNoReport, renderReportResponse } from '../../blocks/report-command';
import type { SlackDeps } from '../../deps';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * "Open" next to a report in /coach-report list (the App Home's has its own
 * listener, home-open-report.ts: Home actions have no response_url). The
 * archive only looks among the clicker's own reports, so a forged session id
 * shows nothing of anyone else.
 */
export function openReportButton(deps: SlackDeps) {
  return async ({ ack, body, action, respond }: Args): Promise<void> => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id;
    const userId = body.user.id;
    if (!teamId) return;
    const ephemeral = (message: { text: string; blocks?: unknown[] }) =>
      respond({ response_type: 'ephemeral', replace_original: false, ...message } as Parameters<RespondFn>[0]);
    try {
      const report = await deps.archive.bySession(teamId, userId, action.value ?? '');
      if (!report) {
        await ephemeral(renderNoReport('gone'));
        return;
      }
      for (const message of renderReportResponse(report)) await ephemeral(message);
    } catch (error) {
      deps.logger.error('open_report_failed', { team: teamId, user: userId, ...errorFields(error) });
      await ephemeral({ text: "I couldn't open that report just now. Please try again in a minute." }).catch(() => {});
    }
  };
}
