import type { App } from '@slack/bolt';
import { ACTIONS, COMMANDS } from '../blocks/ids';
import type { SlackDeps } from '../deps';
import { openReportButton } from './actions/open-report';
import { wrapUpButton } from './actions/wrap-up';
import { coachReport } from './commands/coach-report';
import { directMessage } from './messages/direct-message';

/** The one place where the app's Slack ids meet their listeners. */
export function registerListeners(app: App, deps: SlackDeps): void {
  app.event('message', directMessage(deps));
  app.command(COMMANDS.coachReport, coachReport(deps));
  app.action(ACTIONS.wrapUp, wrapUpButton(deps));
  app.action(ACTIONS.openReport, openReportButton(deps));
}
