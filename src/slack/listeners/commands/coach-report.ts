import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Report } from '../../../coach/report';
import { isSessionOpen } from '../../../coach/session';
import { errorFields } from '../../../log';
import { renderHelp, renderNoReport, renderOpenSession, renderReportList, renderReportResponse } from '../../blocks/report-command';
import type { Words } from '../../../words/catalog';
import type { SlackDeps } from '../../deps';
import { whoFrom, wordsFrom } from '../../middleware/who';
import { ephemeralResponder, type Ephemeral } from '../../respond';
import { renderDeleteConfirmation } from '../../blocks/privacy';
import { slackFileDelivery } from '../../file-delivery';
import { parseReportCommand } from '../../report-command';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/coach-report [list | YYYY-MM-DD | export | delete | help]`: https://docs.slack.dev/interactivity/implementing-slash-commands
 * Acked at once with nothing (Slack wants an answer within 3 s); everything
 * else goes through `respond`, ephemeral, so only the person who asked sees it.
 */
export function coachReport(deps: SlackDeps) {
  return async ({ command, ack, respond, client, context }: Args): Promise<void> => {
    await ack();
    const who = whoFrom(context);
    if (!who) return;
    const { teamId, userId } = who;
    const ephemeral = ephemeralResponder({ respond, hasResponseUrl: Boolean(command.response_url), client, channelId: command.channel_id, userId });
    const w = await wordsFrom(context);
    try {
      const request = parseReportCommand(command.text ?? '');
      switch (request.kind) {
        case 'help':
          await ephemeral(renderHelp(w));
          return;
        case 'unknown':
          await ephemeral(renderHelp(w, request.text));
          return;
        case 'list': {
          const summaries = await deps.archive.recent(teamId, userId, 10);
          await ephemeral(summaries.length ? renderReportList(summaries, w) : renderNoReport(w, 'none'));
          return;
        }
        case 'date': {
          const found = await deps.archive.onDate(teamId, userId, request.date);
          if (found) return sendReport(ephemeral, found.report, w, found.sessionId);
          const session = await deps.archive.sessionOn(teamId, userId, request.date);
          if (session && isSessionOpen(session.state)) {
            await ephemeral(renderOpenSession(session.id, w));
            return;
          }
          await ephemeral(renderNoReport(w, 'date', request.date));
          return;
        }
        case 'export': {
          if (!deps.privacy) return ephemeral(renderHelp(w, request.kind));
          const result = await deps.privacy.exportTo(teamId, userId, slackFileDelivery(client), w.privacyExportComment);
          await ephemeral({ text: result.kind === 'sent' ? w.privacyExportSent : w.privacyExportFailed });
          return;
        }
        case 'delete':
          // Nothing is deleted here: the answer's button (behind a confirm dialog) does it (listeners/actions/privacy-delete.ts).
          await ephemeral(deps.privacy ? renderDeleteConfirmation(w) : renderHelp(w, request.kind));
          return;
        case 'latest': {
          const today = await deps.service.todaysSession(teamId, userId);
          if (today && isSessionOpen(today.state)) {
            await ephemeral(renderOpenSession(today.id, w));
          }
          const latest = await deps.archive.latest(teamId, userId);
          if (latest) return sendReport(ephemeral, latest.report, w, latest.sessionId);
          if (!today) await ephemeral(renderNoReport(w, 'none'));
          return;
        }
      }
    } catch (error) {
      deps.logger.error('coach_report_failed', { team: teamId, user: userId, ...errorFields(error) });
      await ephemeral({ text: w.reportsUnavailable }).catch(() => {});
    }
  };
}

async function sendReport(ephemeral: Ephemeral, report: Report, w: Words, sessionId: string): Promise<void> {
  for (const message of renderReportResponse(report, w, sessionId)) await ephemeral(message);
}
