/**
 * Slack ids of what the bot renders and answers: interactive elements and
 * the slash command. Renderers put them in blocks (and manifest.yml declares
 * the command); listeners match on them (`app.action(ACTIONS.wrapUp, ...)`).
 * Both sides import them from here, so neither spells them out.
 */
export const ACTIONS = {
  /** The "Wrap up" button under every coach reply; its value is the session id. */
  wrapUp: 'wrap_up',
  /** "Open" next to a past report in `/coach-report list`; its value is the session id. */
  openReport: 'open_report',
  /** "Export my data" (the App Home, `/coach-report export` answers it without a button). */
  exportData: 'privacy_export',
  /** "Delete my data": a danger button behind a confirm dialog, on the App Home and under `/coach-report delete`. */
  deleteData: 'privacy_delete',
} as const;

/**
 * The five rating buttons under a report ("1" … "5"); each value is the
 * session id. Ids differ per button because Slack wants action ids unique
 * within a block; they are stable, so buttons on old reports keep working.
 */
export const RATE_ACTIONS = {
  1: 'rate_session_1',
  2: 'rate_session_2',
  3: 'rate_session_3',
  4: 'rate_session_4',
  5: 'rate_session_5',
} as const;

/** The rating a rate button's action id stands for; null for any other id. */
export function ratingOfAction(actionId: string): 1 | 2 | 3 | 4 | 5 | null {
  const found = Object.entries(RATE_ACTIONS).find(([, id]) => id === actionId)?.[0];
  return found ? (Number(found) as 1 | 2 | 3 | 4 | 5) : null;
}

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];

export const COMMANDS = {
  /** Must match `features.slash_commands[].command` in manifest.yml (tests/slack/manifest.test.ts checks). */
  coachReport: '/coach-report',
} as const;
