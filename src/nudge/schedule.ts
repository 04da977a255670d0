/**
 * When a person's morning nudge is due: pure calendar logic on top of
 * src/coach/time.ts, with no I/O, so the pass, the App Home and the tests
 * all agree on one answer.
 */
import { addDays, isValidTimeZone, localTime } from '../coach/time';
import type { Person } from '../people/person';

/**
 * How late a nudge may still go out, in minutes after the person's nudge
 * time. 90 minutes: a restart, a deploy or a short outage (the process was
 * down at 09:00 and comes back at 09:40) still gives the person their
 * morning, and so does pacing a large workspace's fan-out (10,000 people due
 * at the same minute take about half an hour at the default pace); yet a
 * "Good morning" never arrives at lunchtime, and a process started at 15:00
 * sends no stale greeting. Beyond the window the day's nudge is simply
 * missed: the person can still DM the bot, or press "Start a session now".
 */
export const CATCH_UP_MINUTES = 90;

export const DEFAULT_NUDGE_MINUTE = 540;
export const DEFAULT_NUDGE_DAYS: readonly number[] = [1, 2, 3, 4, 5];

/** A person's nudge settings, as their row keeps them. */
export type NudgeSchedule = Pick<Person, 'enrolled' | 'tz' | 'nudgeMinute' | 'nudgeDays' | 'pausedUntil' | 'pauseReason' | 'skipDate'>;

export type SkipReason =
  /** Saturday or Sunday, not among the person's days. */
  | 'weekend'
  /** A weekday the person left out of their days. */
  | 'day_off'
  | 'paused'
  /** The person pressed Skip today. */
  | 'skip';

export type Decision =
  /** Not in a nudge window now (or not enrolled, or no time zone yet): not counted anywhere. */
  | { kind: 'not_due' }
  /** In the window of the nudge for `localDate`, but that day has no nudge. */
  | { kind: 'skip'; reason: SkipReason; localDate: string }
  /** The nudge for `localDate` should go out now (unless it already has). */
  | { kind: 'due'; localDate: string; weekday: number; minutesLate: number };

/**
 * The nudge slot whose catch-up window contains `instant`, if any: the local
 * date it belongs to, its weekday, and how many minutes after the nudge time
 * the instant is. A window may run past local midnight (a 23:30 nudge), in
 * which case the slot is yesterday's.
 */
export function nudgeSlot(
  instant: Date,
  tz: string,
  nudgeMinute: number,
  window = CATCH_UP_MINUTES,
): { localDate: string; weekday: number; minutesLate: number } | null {
  const local = localTime(instant, tz);
  if (local.minute >= nudgeMinute) {
    const late = local.minute - nudgeMinute;
    return late < window ? { localDate: local.date, weekday: local.weekday, minutesLate: late } : null;
  }
  const late = local.minute + 1440 - nudgeMinute;
  if (late < window) {
    return { localDate: addDays(local.date, -1), weekday: ((local.weekday + 5) % 7) + 1, minutesLate: late };
  }
  return null;
}

export function isPausedOn(schedule: Pick<NudgeSchedule, 'pausedUntil' | 'pauseReason'>, localDate: string): boolean {
  if (schedule.pausedUntil) return localDate < schedule.pausedUntil;
  return schedule.pauseReason !== null;
}

/** What the pass should do about this person at `instant`. */
export function decide(schedule: NudgeSchedule, instant: Date, window = CATCH_UP_MINUTES): Decision {
  if (!schedule.enrolled || !isValidTimeZone(schedule.tz)) return { kind: 'not_due' };
  const slot = nudgeSlot(instant, schedule.tz, schedule.nudgeMinute, window);
  if (!slot) return { kind: 'not_due' };
  const { localDate, weekday } = slot;
  if (!schedule.nudgeDays.includes(weekday)) return { kind: 'skip', reason: weekday >= 6 ? 'weekend' : 'day_off', localDate };
  if (isPausedOn(schedule, localDate)) return { kind: 'skip', reason: 'paused', localDate };
  if (schedule.skipDate === localDate) return { kind: 'skip', reason: 'skip', localDate };
  return { kind: 'due', ...slot };
}

export interface NextNudge {
  localDate: string;
  /** ISO weekday of localDate. */
  weekday: number;
  minute: number;
}

/**
 * The next nudge the person will get after `instant`, in their own time, for
 * the App Home. `nudgedToday` says today's nudge (or session) already
 * happened. Null when nudges are paused with no end, not enrolled, no days
 * are chosen, or the zone is unknown.
 */
export function nextNudge(schedule: NudgeSchedule, instant: Date, nudgedToday = false): NextNudge | null {
  if (!schedule.enrolled || !isValidTimeZone(schedule.tz) || schedule.nudgeDays.length === 0) return null;
  if (!schedule.pausedUntil && schedule.pauseReason) return null;
  const local = localTime(instant, schedule.tz);
  for (let offset = 0; offset <= 7 + daysUntil(local.date, schedule.pausedUntil); offset++) {
    const date = addDays(local.date, offset);
    const weekday = ((local.weekday - 1 + offset) % 7) + 1;
    if (offset === 0 && (nudgedToday || local.minute >= schedule.nudgeMinute)) continue;
    if (!schedule.nudgeDays.includes(weekday)) continue;
    if (isPausedOn(schedule, date)) continue;
    if (schedule.skipDate === date) continue;
    return { localDate: date, weekday, minute: schedule.nudgeMinute };
  }
  return null;
}

function daysUntil(from: string, to: string | null): number {
  if (!to || to <= from) return 0;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** 540 → "09:00". */
export function formatMinute(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** "09:00" → 540; null when it is not a time of day (the timepicker sends HH:mm). */
export function parseTimeOfDay(value: string | null | undefined): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value ?? '');
  if (!match) return null;
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Keeps the valid ISO weekdays, sorted and without repeats. */
export function normaliseDays(values: readonly (string | number)[]): number[] {
  const days = new Set<number>();
  for (const v of values) {
    const n = Number(v);
    if (Number.isInteger(n) && n >= 1 && n <= 7) days.add(n);
  }
  return [...days].sort((a, b) => a - b);
}
