/** The pure parts: when a nudge is due, the next one, the summary line, the pace. */
import {
  CATCH_UP_MINUTES,
  decide,
  formatMinute,
  nextNudge,
  normaliseDays,
  nudgeSlot,
  parseTimeOfDay,
  type NudgeSchedule,
} from '../../src/nudge/schedule';
import { createNudgeEngine, formatSummary, unansweredStreak } from '../../src/nudge/pass';
import { createPace, DEFAULT_PACE } from '../../src/nudge/pace';
import { memoryLogger } from '../../src/log';
import { newSessionState } from '../../src/coach/session';
import { isIsoDate } from '../../src/coach/time';
import type { Session } from '../../src/coach/session';

const base: NudgeSchedule = {
  enrolled: true,
  tz: 'Europe/Berlin',
  nudgeMinute: 540,
  nudgeDays: [1, 2, 3, 4, 5],
  pausedUntil: null,
  pauseReason: null,
  skipDate: null,
};

describe('decide', () => {
  test('due from 09:00 local for the catch-up window, then not', () => {
    expect(decide(base, new Date('2026-02-02T07:59:00Z'))).toEqual({ kind: 'not_due' });
    expect(decide(base, new Date('2026-02-02T08:00:00Z'))).toEqual({ kind: 'due', localDate: '2026-02-02', weekday: 1, minutesLate: 0 });
    expect(decide(base, new Date('2026-02-02T09:29:00Z'))).toMatchObject({ kind: 'due', minutesLate: CATCH_UP_MINUTES - 1 });
    expect(decide(base, new Date('2026-02-02T09:30:00Z'))).toEqual({ kind: 'not_due' });
  });

  test('weekend, a day off, paused, skipped: each says why', () => {
    expect(decide(base, new Date('2026-02-07T08:00:00Z'))).toEqual({ kind: 'skip', reason: 'weekend', localDate: '2026-02-07' });
    expect(decide({ ...base, nudgeDays: [1, 2] }, new Date('2026-02-04T08:00:00Z'))).toMatchObject({ reason: 'day_off' });
    expect(decide({ ...base, pauseReason: 'unanswered' }, new Date('2026-02-02T08:00:00Z'))).toMatchObject({ reason: 'paused' });
    expect(decide({ ...base, pauseReason: 'person', pausedUntil: '2026-02-03' }, new Date('2026-02-02T08:00:00Z'))).toMatchObject({ reason: 'paused' });
    // The pause ends the morning of its date, reason or not.
    expect(decide({ ...base, pauseReason: 'person', pausedUntil: '2026-02-02' }, new Date('2026-02-02T08:00:00Z'))).toMatchObject({ kind: 'due' });
    expect(decide({ ...base, skipDate: '2026-02-02' }, new Date('2026-02-02T08:00:00Z'))).toMatchObject({ reason: 'skip' });
  });

  test('not enrolled, or no (valid) zone yet: never due', () => {
    expect(decide({ ...base, enrolled: false }, new Date('2026-02-02T08:00:00Z'))).toEqual({ kind: 'not_due' });
    expect(decide({ ...base, tz: null }, new Date('2026-02-02T09:00:00Z'))).toEqual({ kind: 'not_due' });
    expect(decide({ ...base, tz: 'Mars/Olympus' }, new Date('2026-02-02T09:00:00Z'))).toEqual({ kind: 'not_due' });
  });

  test('a window that runs past midnight belongs to the nudge day (23:30 Friday, at 00:10 Saturday)', () => {
    const late = { ...base, nudgeMinute: 23 * 60 + 30 };
    const slot = nudgeSlot(new Date('2026-02-06T23:10:00Z'), 'Europe/Berlin', late.nudgeMinute);
    expect(slot).toEqual({ localDate: '2026-02-06', weekday: 5, minutesLate: 40 });
    expect(decide(late, new Date('2026-02-06T23:10:00Z'))).toMatchObject({ kind: 'due', localDate: '2026-02-06' });
    // Sunday's late window at 00:10 Monday is a weekend day.
    expect(decide(late, new Date('2026-02-08T23:10:00Z'))).toMatchObject({ kind: 'skip', reason: 'weekend', localDate: '2026-02-08' });
  });

  test('DST days: 09:00 local is a different UTC hour, found all the same', () => {
    const la = { ...base, tz: 'America/Los_Angeles', nudgeDays: [7] };
    expect(decide(la, new Date('2026-03-08T16:00:00Z'))).toMatchObject({ kind: 'due', minutesLate: 0 });
    expect(decide(la, new Date('2026-03-08T15:59:00Z'))).toEqual({ kind: 'not_due' });
    expect(decide(la, new Date('2026-11-01T17:00:00Z'))).toMatchObject({ kind: 'due', minutesLate: 0 });
    expect(decide(la, new Date('2026-11-01T16:59:00Z'))).toEqual({ kind: 'not_due' });
  });
});

describe('nextNudge (for the App Home)', () => {
  test('later today, or the next chosen day after a weekend, a skip or a pause', () => {
    expect(nextNudge(base, new Date('2026-02-02T07:00:00Z'))).toEqual({ localDate: '2026-02-02', weekday: 1, minute: 540 });
    expect(nextNudge(base, new Date('2026-02-02T07:00:00Z'), true)).toMatchObject({ localDate: '2026-02-03' });
    expect(nextNudge(base, new Date('2026-02-06T12:00:00Z'))).toMatchObject({ localDate: '2026-02-09', weekday: 1 });
    expect(nextNudge({ ...base, skipDate: '2026-02-02' }, new Date('2026-02-02T07:00:00Z'))).toMatchObject({ localDate: '2026-02-03' });
    expect(nextNudge({ ...base, pauseReason: 'person', pausedUntil: '2026-03-04' }, new Date('2026-02-02T07:00:00Z'))).toMatchObject({
      localDate: '2026-03-04',
    });
  });

  test('none when paused with no end, no days, or no zone', () => {
    expect(nextNudge({ ...base, pauseReason: 'unanswered' }, new Date('2026-02-02T07:00:00Z'))).toBeNull();
    expect(nextNudge({ ...base, nudgeDays: [] }, new Date('2026-02-02T07:00:00Z'))).toBeNull();
    expect(nextNudge({ ...base, tz: null }, new Date('2026-02-02T07:00:00Z'))).toBeNull();
  });
});

test('times, days and dates from the Home', () => {
  expect(formatMinute(540)).toBe('09:00');
  expect(formatMinute(0)).toBe('00:00');
  expect(parseTimeOfDay('07:30')).toBe(450);
  expect(parseTimeOfDay('24:00')).toBeNull();
  expect(parseTimeOfDay(undefined)).toBeNull();
  expect(normaliseDays(['5', '1', '1', '8', 'x', 7])).toEqual([1, 5, 7]);
  expect(isIsoDate('2026-02-29')).toBe(false);
  expect(isIsoDate('2028-02-29')).toBe(true);
});

test('the summary line', () => {
  const at = new Date();
  expect(formatSummary({ at, nudged: 2, skipped: { weekend: 3, paused: 1, already: 1 }, failed: 0 })).toBe(
    'nudged 2, skipped 5 (weekend 3, paused 1, already 1)',
  );
  expect(formatSummary({ at, nudged: 0, skipped: {}, failed: 0 })).toBe('nudged 0, skipped 0');
  expect(formatSummary({ at, nudged: 1, skipped: { unreachable: 1, skip: 2 }, failed: 3 })).toBe(
    'nudged 1, skipped 3 (skip today 2, unreachable 1), failed 3',
  );
});

test('the unanswered streak counts posted, unanswered nudges, newest first, since the last sign of life', () => {
  const day = (localDate: string, over: Partial<Session> = {}): Session => ({
    id: localDate,
    teamId: 'T1',
    userId: 'U1',
    channelId: 'D1',
    answeredMessageId: null,
    localDate,
    origin: 'nudge',
    state: newSessionState(),
    threadTs: '1.1',
    answered: false,
    createdAt: new Date(`${localDate}T08:00:00Z`),
    ...over,
  });
  const recent = ['2026-02-09', '2026-02-06', '2026-02-05', '2026-02-04', '2026-02-03', '2026-02-02'].map((d) => day(d));
  expect(unansweredStreak(recent, null)).toBe(6);
  expect(unansweredStreak(recent, new Date('2026-02-04T12:00:00Z'))).toBe(3);
  recent[2] = day('2026-02-05', { answered: true });
  expect(unansweredStreak(recent, null)).toBe(2);
  expect(unansweredStreak([day('2026-02-09', { origin: 'person' }), ...recent], null)).toBe(0);
});

describe('the pace', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  test('it bounds concurrency and spaces starts: twenty a second are 50 ms apart on the clock', async () => {
    jest.useFakeTimers({ now: new Date('2026-02-02T08:00:00Z') });
    const t0 = Date.now();
    const pace = createPace({ concurrency: 2, perSecond: 20 });
    let active = 0;
    let peak = 0;
    const starts: number[] = [];
    const runs = Array.from({ length: 6 }, () =>
      pace.run(async () => {
        starts.push(Date.now() - t0);
        active += 1;
        peak = Math.max(peak, active);
        // Each task takes 120 ms of (fake) time.
        await new Promise((resolve) => setTimeout(resolve, 120));
        active -= 1;
      }),
    );
    await jest.advanceTimersByTimeAsync(1_000);
    await Promise.all(runs);
    expect(peak).toBe(2);
    // Two slots: the third waits for the first to finish at 120, the fourth for the second at 170, ...
    expect(starts).toEqual([0, 50, 120, 170, 240, 290]);
  });

  test('the default pace, which the scheduler and every pass use unless told: eight in flight, Slack\'s pace left to the rate gate', async () => {
    expect(DEFAULT_PACE).toEqual({ concurrency: 8, perSecond: Infinity });
    jest.useFakeTimers({ now: new Date('2026-02-02T08:00:00Z') });
    const t0 = Date.now();
    // The engine's own pace, with its own timers (faked here, so no real time passes).
    const { pace } = createNudgeEngine({ store: {} as never, slack: {} as never, logger: memoryLogger() });
    const release: (() => void)[] = [];
    const starts: number[] = [];
    const runs = Array.from({ length: 10 }, () =>
      pace.run(async () => {
        starts.push(Date.now() - t0);
        await new Promise<void>((resolve) => release.push(resolve));
      }),
    );
    // However long they run, no more than eight are in flight, and they start at once.
    await jest.advanceTimersByTimeAsync(5_000);
    expect(starts).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    // Two finish: the next two start straight away.
    release.shift()!();
    release.shift()!();
    await jest.advanceTimersByTimeAsync(0);
    expect(starts).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 5_000, 5_000]);
    while (release.length) release.shift()!();
    await Promise.all(runs);
  });
});
