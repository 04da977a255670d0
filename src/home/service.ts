/**
 * The App Home's use cases: what the Home shows, and the settings it
 * changes. The App Home listeners (src/slack/listeners/) call these, then
 * publish the Home again with what `model` returns.
 */
import type { ReportArchive, ReportSummary } from '../coach/archive';
import { wordsForSlack } from '../words/catalog';
import type { Report } from '../coach/report';
import { isSessionOpen, type Session } from '../coach/session';
import { isIsoDate, localDate, localTime } from '../coach/time';
import { errorFields, type Logger } from '../log';
import { createPace } from '../nudge/pace';
import { createNudgeEngine, nudgePerson, type NudgeEngineOptions, type NudgeResult } from '../nudge/pass';
import type { Messenger } from '../nudge/ports';
import { nextNudge, normaliseDays, parseTimeOfDay, type NextNudge } from '../nudge/schedule';
import type { NudgeStore } from '../nudge/store';
import type { Person } from '../people/person';
import { refreshProfile } from '../people/refresh';

export const HOME_REPORTS = 5;

export interface HomeModel {
  /** Null when the person never wrote to the bot nor pressed Start. */
  person: Person | null;
  /** The person's local date and minute now. */
  today: string;
  minuteNow: number;
  todaysSession: Session | null;
  next: NextNudge | null;
  reports: ReportSummary[];
  /** A one-off line for the person about their last action (a date in the past, say). */
  notice?: string;
}

export type StartNowResult =
  | { kind: 'started'; channelId: string; ts: string }
  | { kind: 'open'; channelId: string; threadTs: string | null }
  | { kind: 'done'; channelId: string; threadTs: string | null }
  | { kind: 'failed' };

export interface HomeServiceDeps {
  store: NudgeStore;
  archive: ReportArchive;
  logger: Logger;
  now: () => Date;
  /** Answers messages that arrived while Start now's opening was being posted (see NudgeEngineOptions). */
  onThreadReady?: NudgeEngineOptions['onThreadReady'];
  /** Counts Start now's openings with the morning nudges (see NudgeEngineOptions). */
  meter?: NudgeEngineOptions['meter'];
}

export class HomeService {
  constructor(private readonly deps: HomeServiceDeps) {}

  async model(teamId: string, userId: string, slack?: Messenger, notice?: string): Promise<HomeModel> {
    const { store, archive, now } = this.deps;
    let person = await store.person(teamId, userId);
    if (person && slack) person = await this.freshProfile(person, slack);
    const at = now();
    const local = localTime(at, person?.tz);
    const todaysSession = person ? await store.sessionOn(teamId, userId, local.date) : null;
    const reports = await archive.recent(teamId, userId, HOME_REPORTS);
    return {
      person,
      today: local.date,
      minuteNow: local.minute,
      todaysSession,
      next: person ? nextNudge(person, at, todaysSession !== null) : null,
      reports,
      ...(notice ? { notice } : {}),
    };
  }

  /** The Start button: nudges from the next morning on. */
  async enroll(teamId: string, userId: string, slack: Messenger): Promise<void> {
    await this.deps.store.enroll(teamId, userId, this.deps.now());
    const person = await this.deps.store.person(teamId, userId);
    if (person) await this.freshProfile(person, slack);
  }

  /** "HH:mm" from the timepicker; false when it is not a time. */
  async setTime(teamId: string, userId: string, value: string | null | undefined): Promise<boolean> {
    const minute = parseTimeOfDay(value);
    if (minute === null) return false;
    await this.deps.store.setTime(teamId, userId, minute, this.deps.now());
    return true;
  }

  async setDays(teamId: string, userId: string, values: readonly string[]): Promise<void> {
    await this.deps.store.setDays(teamId, userId, normaliseDays(values), this.deps.now());
  }

  /** Pauses until `date` (nudges resume that morning); a notice when the date is not after today. */
  async pauseUntil(teamId: string, userId: string, date: string | null | undefined): Promise<string | undefined> {
    const person = await this.deps.store.person(teamId, userId);
    const today = localDate(this.deps.now(), person?.tz);
    if (!isIsoDate(date) || date <= today) return wordsForSlack(person?.locale).homePickLaterDate;
    await this.deps.store.pause(teamId, userId, 'person', date);
    return undefined;
  }

  async resume(teamId: string, userId: string): Promise<void> {
    await this.deps.store.resume(teamId, userId, this.deps.now());
  }

  /**
   * Skip today: no nudge today, or, when today's nudge is out and unanswered,
   * it is withdrawn (its session goes; a message later today starts afresh).
   * Returns where that nudge is, so the listener can update it.
   */
  async skipToday(teamId: string, userId: string): Promise<{ withdrawn: { channelId: string; ts: string } | null; firstName: string | null }> {
    const { store } = this.deps;
    const person = await store.person(teamId, userId);
    if (!person) return { withdrawn: null, firstName: null };
    const today = localDate(this.deps.now(), person.tz);
    await store.skip(teamId, userId, today, this.deps.now());
    const session = await store.sessionOn(teamId, userId, today);
    let withdrawn: { channelId: string; ts: string } | null = null;
    if (session && session.origin === 'nudge' && session.state.status === 'active' && !session.answered && session.threadTs) {
      if (await store.dropUnansweredNudge(teamId, session.id)) withdrawn = { channelId: session.channelId, ts: session.threadTs };
    }
    return { withdrawn, firstName: person.firstName };
  }

  async unskip(teamId: string, userId: string): Promise<void> {
    await this.deps.store.unskip(teamId, userId);
  }

  /**
   * Start a session now: today's session, opened by the bot's greeting in the
   * DM, whatever the schedule (a skipped day included). Still one per day:
   * when today already has one, says where it is.
   */
  async startNow(teamId: string, userId: string, slack: Messenger): Promise<StartNowResult> {
    const { store, logger } = this.deps;
    let person = await store.person(teamId, userId);
    // Writing to the bot enrols a person; so does asking it for a session.
    if (!person || !person.enrolled) {
      await store.enroll(teamId, userId, this.deps.now());
      person = await store.person(teamId, userId);
    }
    if (!person) return { kind: 'failed' };
    person = await this.freshProfile(person, slack);
    const at = this.deps.now();
    const today = localDate(at, person.tz);
    if (person.skipDate === today) {
      await store.unskip(teamId, userId);
      person = { ...person, skipDate: null };
    }
    const engine = createNudgeEngine({
      store,
      slack,
      logger,
      pace: createPace({ concurrency: 1, perSecond: Infinity }),
      ...(this.deps.onThreadReady ? { onThreadReady: this.deps.onThreadReady } : {}),
      ...(this.deps.meter ? { meter: this.deps.meter } : {}),
    });
    let result: NudgeResult;
    try {
      result = await nudgePerson(engine, person, at, { now: true });
    } catch (error) {
      logger.error('start_now_failed', { team: teamId, user: userId, ...errorFields(error) });
      return { kind: 'failed' };
    }
    if (result.kind === 'nudged') return { kind: 'started', channelId: result.channelId, ts: result.ts };
    if (result.kind === 'skipped' && result.reason === 'already') {
      const session = await store.sessionOn(teamId, userId, today);
      if (session) {
        const where = { channelId: session.channelId, threadTs: session.threadTs };
        return isSessionOpen(session.state) ? { kind: 'open', ...where } : { kind: 'done', ...where };
      }
    }
    return { kind: 'failed' };
  }

  /** One of the person's own reports; null for anyone else's id. */
  report(teamId: string, userId: string, sessionId: string): Promise<Report | null> {
    return this.deps.archive.bySession(teamId, userId, sessionId);
  }

  /** The person with a profile fresh enough to judge their morning (src/people/refresh.ts). */
  private async freshProfile(person: Person, slack: Messenger): Promise<Person> {
    return (await refreshProfile(person, { store: this.deps.store, lookup: slack, logger: this.deps.logger }, this.deps.now())).person;
  }
}
