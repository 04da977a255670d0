import type { WebClient } from '@slack/web-api';
import type { ReportArchive, SessionRatings } from '../coach/archive';
import type { CoachService } from '../coach/service';
import type { Logger } from '../log';
import type { HomeService } from '../home/service';
import type { SlackWorkspaces } from './workspaces';
import type { PrivacyService } from '../privacy/service';
import type { Lane } from './lane';
import type { ReplyMeter } from './meter';
import type { LocaleLookup } from './middleware/who';

/** What every listener may use. Built once in src/main.ts. */
export interface SlackDeps {
  service: CoachService;
  archive: ReportArchive;
  logger: Logger;
  now: () => Date;
  /** The App Home and the nudge settings (src/home/service.ts); its listeners are registered only when set. */
  home?: HomeService;
  /** Export and deletion of the person's data (src/privacy/service.ts); their buttons and commands answer only when set. */
  privacy?: PrivacyService;
  /** The person's ratings of their sessions; the rating buttons are answered only when set. */
  ratings?: SessionRatings;
  /**
   * A client for decoration (the 💭 reaction) that never retries and refuses
   * rate-limited calls instead of pausing, so it cannot hold up replies.
   * Set by createSlackApp.
   */
  signals?: WebClient;
  /** Where answers queue (src/slack/lane.ts): storing a message never waits behind coaching work. Unbounded when unset. */
  answers?: Lane;
  /** How long the coach may take before the 💭 goes on (src/slack/thinking.ts; 0: at once). */
  thinkingAfterMs?: number;
  /** The person's Slack locale as kept on their row: the words of notices and buttons (context `words`). English when unset. */
  localeOf?: LocaleLookup;
  /** Each workspace's tokens: app_uninstalled and tokens_revoked forget them (src/slack/workspaces.ts). */
  workspaces?: Pick<SlackWorkspaces, 'uninstalled'>;
  /** Counts and times the coach's answers (the operator's /metrics). */
  meter?: ReplyMeter;
}
