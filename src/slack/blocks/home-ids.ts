/**
 * Slack ids of the App Home and the morning nudge's own buttons (the nudge's
 * Wrap up button reuses ACTIONS.wrapUp from ids.ts). Renderers put them in
 * blocks; src/slack/listeners/index.ts matches listeners on them.
 */
export const HOME_ACTIONS = {
  /** "Start morning nudges": enrols a person who never wrote to the bot. */
  enroll: 'home_enroll',
  /** The timepicker: the nudge's local time. */
  time: 'home_time',
  /** The weekday checkboxes. */
  days: 'home_days',
  /** The datepicker: pause nudges until that date. */
  pauseUntil: 'home_pause_until',
  resume: 'home_resume',
  /** "Skip today" on the Home and on the nudge itself. */
  skipToday: 'home_skip_today',
  unskip: 'home_unskip',
  startNow: 'home_start_now',
  /** "Open" next to one of the last five reports; its value is the session id. */
  openReport: 'home_open_report',
} as const;

export type HomeActionId = (typeof HOME_ACTIONS)[keyof typeof HOME_ACTIONS];

export const HOME_EVENTS = {
  opened: 'app_home_opened',
} as const;
