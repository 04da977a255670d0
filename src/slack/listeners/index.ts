import type { App } from '@slack/bolt';
import { ACTIONS, COMMANDS, RATE_ACTIONS } from '../blocks/ids';
import { HOME_ACTIONS, HOME_EVENTS } from '../blocks/home-ids';
import type { SlackDeps } from '../deps';
import { homeDays } from './actions/home-days';
import { homeEnroll } from './actions/home-enroll';
import { homeOpenReport } from './actions/home-open-report';
import { homePause } from './actions/home-pause';
import { homeResume } from './actions/home-resume';
import { homeSkip } from './actions/home-skip';
import { homeStartNow } from './actions/home-start-now';
import { homeTime } from './actions/home-time';
import { homeUnskip } from './actions/home-unskip';
import { openReportButton } from './actions/open-report';
import { deleteDataButton } from './actions/privacy-delete';
import { exportDataButton } from './actions/privacy-export';
import { rateSessionButton } from './actions/rate-session';
import { wrapUpButton } from './actions/wrap-up';
import { coachReport } from './commands/coach-report';
import { appHomeOpened } from './events/app-home-opened';
import { appUninstalled } from './events/app-uninstalled';
import { tokensRevoked } from './events/tokens-revoked';
import { directMessage } from './messages/direct-message';

/** The one place where the app's Slack ids meet their listeners. */
export function registerListeners(app: App, deps: SlackDeps): void {
  app.event('message', directMessage(deps));
  app.command(COMMANDS.coachReport, coachReport(deps));
  app.action(ACTIONS.wrapUp, wrapUpButton(deps));
  app.action(ACTIONS.openReport, openReportButton(deps));
  app.event('app_uninstalled', appUninstalled(deps));
  app.event('tokens_revoked', tokensRevoked(deps));

  // The rating buttons under a report (1-5), when ratings are stored.
  const { ratings } = deps;
  if (ratings) {
    const rate = rateSessionButton({ ...deps, ratings });
    for (const actionId of Object.values(RATE_ACTIONS)) app.action(actionId, rate);
  }

  // The person's data: export and deletion (src/privacy/service.ts), from /coach-report and the App Home.
  const { privacy } = deps;
  if (privacy) {
    app.action(ACTIONS.exportData, exportDataButton({ ...deps, privacy }));
    app.action(ACTIONS.deleteData, deleteDataButton({ ...deps, privacy }));
  }

  // The App Home and the nudge's Skip today (src/home/service.ts).
  const { home } = deps;
  if (home) {
    const homeDeps = { ...deps, home };
    app.event(HOME_EVENTS.opened, appHomeOpened(homeDeps));
    app.action(HOME_ACTIONS.enroll, homeEnroll(homeDeps));
    app.action(HOME_ACTIONS.time, homeTime(homeDeps));
    app.action(HOME_ACTIONS.days, homeDays(homeDeps));
    app.action(HOME_ACTIONS.pauseUntil, homePause(homeDeps));
    app.action(HOME_ACTIONS.resume, homeResume(homeDeps));
    app.action(HOME_ACTIONS.skipToday, homeSkip(homeDeps));
    app.action(HOME_ACTIONS.unskip, homeUnskip(homeDeps));
    app.action(HOME_ACTIONS.startNow, homeStartNow(homeDeps));
    app.action(HOME_ACTIONS.openReport, homeOpenReport(homeDeps));
  }
}
