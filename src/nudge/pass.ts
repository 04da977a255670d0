/**
 * One scheduling pass: who is due at an instant, and the nudge of one
 * person. `npm run nudge -- --at` runs runNudgePass directly; the server's
 * pg-boss tick runs planPass and enqueues one job per due person, whose
 * worker runs nudgePerson. Same code, same answers.
 */
import { abandonSession, newSessionState } from '../coach/session';
import { addDays, localDate as localDateOf } from '../coach/time';
import { errorFields, type Logger } from '../log';
import type { Session } from '../coach/session';
import { profileCutoff, type Person } from '../people/person';
import { Unreachable } from '../people/ports';
import { refreshProfile } from '../people/refresh';
import { nudgeText, type NudgeContent } from './greeting';
import { createPace, DEFAULT_PACE, forEachPaced, type Pace } from './pace';
import { DeliveryFailed, type Messenger, type NudgeMeter, type Workspaces } from './ports';
import { CATCH_UP_MINUTES, decide, type SkipReason } from './schedule';
import { personDateKey, type NudgeStore } from './store';

/** Unanswered mornings in a row after which nudges pause themselves. */
export const UNANSWERED_LIMIT = 5;
/** The greeting recalls the last task only if it is this recent. */
export const MEMORY_MAX_AGE_DAYS = 14;

export interface NudgeEngineOptions {
  store: NudgeStore;
  /** One workspace's Slack; with several workspaces (OAuth installs), `workspaces` instead. */
  slack?: Messenger;
  /** Each workspace's Slack, on its own token; null for a workspace that uninstalled the app. */
  workspaces?: Workspaces;
  logger: Logger;
  /** The fan-out bound shared by every nudge this process sends. */
  pace?: Pace;
  catchUpMinutes?: number;
  /** Stale profiles looked up per pass (users.info is Tier 4: 100+ a minute). */
  profileRefreshLimit?: number;
  /** How long a claimed nudge may stay unposted before a later pass gives the day back. */
  claimLeaseSeconds?: number;
  /**
   * Called once a nudge session has its thread (posted, or rooted at the
   * person's own message): a person who wrote while the nudge was in flight
   * was stored but could not be answered without a thread.
   */
  onThreadReady?: (teamId: string, sessionId: string) => Promise<void>;
  /**
   * Counts every nudge tried (the operator's /metrics). Skips decided while
   * planning a pass (a weekend, outside the window) are not nudges tried:
   * every tick would count the same people again.
   */
  meter?: NudgeMeter;
}

export type NudgeEngine = Required<Omit<NudgeEngineOptions, 'slack' | 'workspaces'>> & { workspaces: Workspaces };

export function createNudgeEngine(options: NudgeEngineOptions): NudgeEngine {
  const { slack, workspaces, ...rest } = options;
  const single = slack;
  return {
    pace: createPace(DEFAULT_PACE),
    catchUpMinutes: CATCH_UP_MINUTES,
    profileRefreshLimit: 50,
    claimLeaseSeconds: 600,
    onThreadReady: async () => {},
    meter: { nudge: () => {} },
    ...rest,
    workspaces: workspaces ?? { messenger: () => Promise.resolve(single ?? null) },
  };
}

/** Why a person in their nudge window got no nudge. */
export type SkipCategory = SkipReason | 'already' | 'unreachable' | 'uninstalled';

export type NudgeResult =
  | { kind: 'nudged'; sessionId: string; channelId: string; ts: string; localDate: string }
  | { kind: 'skipped'; reason: SkipCategory; localDate?: string }
  /** Slack failed for a reason that may pass; the day is given back for a retry. */
  | { kind: 'failed'; slackError?: string }
  /** Outside the person's nudge window. */
  | { kind: 'not_due' };

export interface PassSummary {
  at: Date;
  nudged: number;
  skipped: Partial<Record<SkipCategory, number>>;
  failed: number;
}

export interface Plan {
  summary: PassSummary;
  /** People to nudge now (as read at the start of the pass) and the local date of their nudge. */
  due: { person: Person; localDate: string }[];
}

export function emptySummary(at: Date): PassSummary {
  return { at, nudged: 0, skipped: {}, failed: 0 };
}

export function tally(summary: PassSummary, result: NudgeResult): void {
  if (result.kind === 'nudged') summary.nudged += 1;
  else if (result.kind === 'failed') summary.failed += 1;
  else if (result.kind === 'skipped') summary.skipped[result.reason] = (summary.skipped[result.reason] ?? 0) + 1;
}

const LABELS: Record<SkipCategory, string> = {
  weekend: 'weekend',
  day_off: 'day off',
  paused: 'paused',
  skip: 'skip today',
  already: 'already',
  unreachable: 'unreachable',
  uninstalled: 'uninstalled',
};

/** "nudged 2, skipped 5 (weekend 3, paused 1, already 1)", plus ", failed N" when some failed. */
export function formatSummary(summary: PassSummary): string {
  const parts = (Object.keys(LABELS) as SkipCategory[])
    .filter((k) => (summary.skipped[k] ?? 0) > 0)
    .map((k) => `${LABELS[k]} ${summary.skipped[k]}`);
  const skipped = Object.values(summary.skipped).reduce((a, b) => a + (b ?? 0), 0);
  let line = `nudged ${summary.nudged}, skipped ${skipped}${parts.length ? ` (${parts.join(', ')})` : ''}`;
  if (summary.failed > 0) line += `, failed ${summary.failed}`;
  return line;
}

/**
 * Decides the whole pass at `at`: gives back the days of claims whose poster
 * died, refreshes a bounded number of stale profiles (so a person who moved
 * is judged in their new zone), then sorts every enrolled person into not
 * due, skipped (with why) or due. Nothing is sent here.
 */
export async function planPass(engine: NudgeEngine, at: Date): Promise<Plan> {
  const { store } = engine;
  const summary = emptySummary(at);
  await releaseExpiredClaims(engine);
  await refreshProfiles(engine, at);

  const people = await store.enrolledPeople();
  const candidates: { person: Person; localDate: string }[] = [];
  const installed = installedCheck(engine);
  for (const person of people) {
    const decision = decide(person, at, engine.catchUpMinutes);
    if (decision.kind !== 'not_due' && !(await installed(person.teamId))) {
      tally(summary, { kind: 'skipped', reason: 'uninstalled' });
      continue;
    }
    if (decision.kind === 'skip') tally(summary, { kind: 'skipped', reason: decision.reason });
    else if (decision.kind === 'due') candidates.push({ person, localDate: decision.localDate });
  }
  const existing = await store.sessionsExisting(
    candidates.map(({ person, localDate }) => ({ teamId: person.teamId, userId: person.userId, localDate })),
  );
  const due: Plan['due'] = [];
  for (const candidate of candidates) {
    const { person, localDate } = candidate;
    if (existing.has(personDateKey({ teamId: person.teamId, userId: person.userId, localDate }))) {
      tally(summary, { kind: 'skipped', reason: 'already' });
    } else {
      due.push(candidate);
    }
  }
  return { summary, due };
}

/** One whole pass as if the clock read `at`: plan, then nudge everyone due through the pace. */
export async function runNudgePass(engine: NudgeEngine, at: Date): Promise<PassSummary> {
  const { summary, due } = await planPass(engine, at);
  await forEachPaced(engine.pace, due, async ({ person }) => {
    tally(summary, await nudgeSafely(engine, person, at));
  });
  return summary;
}

/** nudgePerson, with an unexpected error (a database failure) logged and counted as failed. */
export async function nudgeSafely(engine: NudgeEngine, person: Person, at: Date, options: NudgeOptions = {}): Promise<NudgeResult> {
  try {
    return await nudgePerson(engine, person, at, options);
  } catch (error) {
    engine.logger.error('nudge_failed', { team: person.teamId, user: person.userId, ...errorFields(error) });
    engine.meter.nudge('failed', 'error');
    return { kind: 'failed' };
  }
}

export interface NudgeOptions {
  /**
   * "Start a session now" from the App Home: today, whatever the schedule,
   * with a greeting that is not "Good morning". Still once per day.
   */
  now?: boolean;
}

/**
 * Nudges one person, if their nudge is due at `at`: closes earlier sessions
 * left unanswered, pauses after five unanswered mornings, then claims the
 * day in the database and only then posts. A claim lost to anyone else means
 * the day is already taken, and nothing is sent.
 */
export async function nudgePerson(engine: NudgeEngine, person: Person, at: Date, options: NudgeOptions = {}): Promise<NudgeResult> {
  const result = await nudgeOnce(engine, person, at, options);
  if (result.kind === 'nudged') engine.meter.nudge('sent');
  else if (result.kind === 'skipped') engine.meter.nudge('skipped', result.reason);
  else if (result.kind === 'failed') engine.meter.nudge('failed', result.slackError ?? 'unknown');
  return result;
}

async function nudgeOnce(engine: NudgeEngine, person: Person, at: Date, options: NudgeOptions): Promise<NudgeResult> {
  const { store, logger } = engine;
  const who = { team: person.teamId, user: person.userId };
  let localDate: string;
  if (options.now) {
    localDate = localDateOf(at, person.tz);
  } else {
    const decision = decide(person, at, engine.catchUpMinutes);
    if (decision.kind === 'not_due') return { kind: 'not_due' };
    if (decision.kind === 'skip') return { kind: 'skipped', reason: decision.reason, localDate: decision.localDate };
    localDate = decision.localDate;
  }

  // Independent reads, side by side: earlier sessions (to close and to count) and the last report's task.
  const [recent, memory] = await Promise.all([
    store.recentSessions(person.teamId, person.userId, localDate, UNANSWERED_LIMIT + 1),
    store.memory(person.teamId, person.userId, localDate),
  ]);
  await abandonUnanswered(engine, recent);
  if (!options.now) {
    const streak = unansweredStreak(recent, person.unansweredFrom);
    if (streak >= UNANSWERED_LIMIT) {
      await store.pause(person.teamId, person.userId, 'unanswered', null);
      logger.info('nudge_paused_unanswered', { ...who, streak });
      return { kind: 'skipped', reason: 'paused', localDate };
    }
  }

  // The workspace's Slack on a fresh token (refreshed first when it is about to expire): no event brought one.
  const slack = await engine.workspaces.messenger(person.teamId);
  if (!slack) {
    logger.info('nudge_skipped_uninstalled', { ...who, local_date: localDate });
    return { kind: 'skipped', reason: 'uninstalled', localDate };
  }

  let channelId = person.dmChannelId;
  if (!channelId) {
    try {
      channelId = await slack.openDm(person.userId);
    } catch (error) {
      return slackFailure(engine, person, error, 'conversations.open');
    }
    await store.saveDmChannel(person.teamId, person.userId, channelId);
  }

  const recentEnough = memory && memory.lastDate >= addDays(localDate, -MEMORY_MAX_AGE_DAYS);
  const content: NudgeContent = {
    sessionId: '',
    firstName: person.firstName,
    locale: person.locale,
    lastTask: recentEnough ? memory.lastTask : null,
    kind: options.now ? 'now' : 'morning',
  };
  const claim = await store.claimNudge({
    teamId: person.teamId,
    userId: person.userId,
    localDate,
    channelId,
    text: nudgeText(content),
    state: newSessionState(),
    at,
    leaseSeconds: engine.claimLeaseSeconds,
  });
  if (!claim) return { kind: 'skipped', reason: 'already', localDate };

  let ts: string;
  try {
    ts = await slack.postNudge(channelId, { ...content, sessionId: claim.sessionId });
  } catch (error) {
    const released = await store.releaseClaim(claim.sessionId);
    logger.info('nudge_claim_released', { ...who, session: claim.sessionId, outcome: released });
    if (released === 'rooted') await threadReady(engine, person.teamId, claim.sessionId);
    if (error instanceof DeliveryFailed && error.reason === 'channel_not_found') await store.saveDmChannel(person.teamId, person.userId, null);
    return slackFailure(engine, person, error, 'chat.postMessage');
  }
  // Posted: from here on, never give the day back (that could post a second nudge).
  await recordPosted(engine, claim, ts, who);
  logger.debug('nudge_sent', { ...who, session: claim.sessionId, local_date: localDate });
  await threadReady(engine, person.teamId, claim.sessionId);
  return { kind: 'nudged', sessionId: claim.sessionId, channelId, ts, localDate };
}

async function recordPosted(
  engine: NudgeEngine,
  claim: { sessionId: string; messageId: number },
  ts: string,
  who: { team: string; user: string },
): Promise<void> {
  try {
    await engine.store.nudgePosted(claim.sessionId, claim.messageId, ts);
  } catch (first) {
    engine.logger.warn('nudge_record_retry', { ...who, session: claim.sessionId, ...errorFields(first) });
    await engine.store.nudgePosted(claim.sessionId, claim.messageId, ts);
  }
}

/** The nudge went out either way; a failure to answer a waiting message is the next message's to fix. */
async function threadReady(engine: NudgeEngine, teamId: string, sessionId: string): Promise<void> {
  try {
    await engine.onThreadReady(teamId, sessionId);
  } catch (error) {
    engine.logger.warn('nudge_resume_failed', { team: teamId, session: sessionId, ...errorFields(error) });
  }
}

/** Unreachable people are paused (no retry storm); anything else is a failure a later attempt may fix. */
async function slackFailure(engine: NudgeEngine, person: Person, error: unknown, step: string): Promise<NudgeResult> {
  const who = { team: person.teamId, user: person.userId };
  if (error instanceof Unreachable) {
    await engine.store.pause(person.teamId, person.userId, 'unreachable', null);
    engine.logger.warn('nudge_unreachable', { ...who, step, slack_error: error.reason });
    return { kind: 'skipped', reason: 'unreachable' };
  }
  const reason = error instanceof DeliveryFailed ? error.reason : undefined;
  engine.logger.error('nudge_post_failed', { ...who, step, ...errorFields(error), slack_error: reason });
  return { kind: 'failed', slackError: reason };
}

/** Earlier sessions that got no answer at all end as `abandoned`, so today starts clean. */
async function abandonUnanswered(engine: NudgeEngine, recent: Session[]): Promise<void> {
  for (const session of recent) {
    if (session.state.status !== 'active' || session.answered || !session.threadTs) continue;
    const next = abandonSession(session.state);
    if (!next.ok) continue;
    // Version-guarded: if the person wrote meanwhile, the coach's write wins and this one is dropped.
    if (await engine.store.saveState(session.id, session.state.version, next.state)) {
      engine.logger.info('session_abandoned', { session: session.id, local_date: session.localDate });
    }
  }
}

/** Nudges in a row, newest first, that the person neither answered nor acted on. */
export function unansweredStreak(recent: readonly Session[], unansweredFrom: Date | null): number {
  let streak = 0;
  for (const session of recent) {
    if (session.origin !== 'nudge' || !session.threadTs || session.answered) break;
    if (unansweredFrom && session.createdAt < unansweredFrom) break;
    streak += 1;
  }
  return streak;
}

/** Whether a workspace still has the app, asked once per workspace per pass. */
function installedCheck(engine: NudgeEngine): (teamId: string) => Promise<boolean> {
  const known = new Map<string, Promise<boolean>>();
  return (teamId) => {
    let answer = known.get(teamId);
    if (!answer) {
      answer = engine.workspaces.messenger(teamId).then((m) => m !== null);
      known.set(teamId, answer);
    }
    return answer;
  };
}

/** Gives back the days of nudge claims whose poster died before posting (the lease ran out). */
async function releaseExpiredClaims(engine: NudgeEngine): Promise<void> {
  for (const sessionId of await engine.store.expiredClaims(100)) {
    const outcome = await engine.store.releaseClaim(sessionId);
    engine.logger.warn('nudge_claim_expired', { session: sessionId, outcome });
  }
}

/**
 * Reads the stalest profiles again (never-read first), a bounded number per
 * pass, so a person who moved is judged in their new zone. A deactivated or
 * unreachable account pauses its enrolment.
 */
async function refreshProfiles(engine: NudgeEngine, at: Date): Promise<void> {
  const { store, logger } = engine;
  if (engine.profileRefreshLimit <= 0) return;
  const stale = await store.staleProfiles(profileCutoff(at), engine.profileRefreshLimit);
  // A small pace of its own: lookups must not wait behind the nudges' spacing.
  const lookupPace = createPace({ concurrency: 4, perSecond: Infinity });
  await forEachPaced(lookupPace, stale, async (person) => {
    const slack = await engine.workspaces.messenger(person.teamId);
    if (!slack) return;
    const refreshed = await refreshProfile(person, { store, lookup: slack, logger }, at, { force: true });
    if (refreshed.outcome === 'deleted' || refreshed.outcome === 'unreachable') {
      await store.pause(person.teamId, person.userId, 'unreachable', null);
      logger.warn('nudge_unreachable', { team: person.teamId, user: person.userId, step: 'users.info', slack_error: refreshed.reason });
    }
  });
}
