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

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];

export const COMMANDS = {
  /** Must match `features.slash_commands[].command` in manifest.yml (tests/slack/manifest.test.ts checks). */
  coachReport: '/coach-report',
} as const;
