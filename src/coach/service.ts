import type { Logger } from '../log';
import { errorFields } from '../log';
import type { Coachees, CoachModel, ReportRequest } from './ports';
import type { CoachOutcome, IncomingMessage, MessageResult, Received, WrapUpResult } from './outcomes';
import type { Report, ReportDraft, TranscriptLine } from './report';
import { beginWrapUp, completeSession, isSessionOpen, newSessionState, type Session } from './session';
import type { CoachStore, SessionClaim } from './store';
import { storableText } from './text';
import { localDate } from './time';
import { composeReply, where, type TurnContext } from './turn';
import { isWrapUp } from './wrap-up';
import { localeOf } from '../words/catalog';

// Callers import the service's vocabulary from here, beside the service.
export type { CoachOutcome, IncomingMessage, MessageResult, Received, Where, WrapUpResult } from './outcomes';

/**
 * The coach service: the one use case the Slack layer calls for a person's
 * message or a wrap-up. It stores first, serialises per session through a
 * lease, calls the model outside any transaction, and writes the result back
 * guarded by the session's version. It returns what to post; it never posts.
 */

export interface CoachServiceDeps {
  store: CoachStore;
  model: CoachModel;
  /** Writes a report with the model, falling back to one built without it (see report-writer.ts). */
  writeReport: (request: ReportRequest) => Promise<{ draft: ReportDraft; writtenBy: string }>;
  /** Who the coach talks to: enrolment on arrival and a fresh-enough profile (src/people). */
  people: Coachees;
  logger: Logger;
  now?: () => Date;
  /**
   * How long a writer holds a session without renewing it before another may
   * take over (after a crash). Renewed every third of it while the work runs,
   * so it bounds how long a dead writer strands a session, not how long a
   * model call may take; and if a renewal is missed, the version guard still
   * keeps a second reply or report from being written.
   */
  leaseMs?: number;
}

/**
 * Short, because it is renewed (every 2 s) while the work runs: a dead writer
 * strands its session this long at most. With the sweep's 2 s, a message a
 * killed process or a Postgres restart left unanswered is answered within
 * 10 s of the bot or the database being back (tests/server/faults/).
 */
export const DEFAULT_LEASE_MS = 6_000;
/** How often a lease that could not be given back (the database was away) is tried again. */
const RELEASE_RETRY_MS = 250;
/** Replies composed in one lease before we stop looping on a stream of new messages. */
const MAX_REWRITES = 5;
/** Lease rounds one call may run before it leaves the rest to the next message. */
const MAX_SETTLE_ROUNDS = 10;

export class CoachService {
  private readonly now: () => Date;
  private readonly leaseMs: number;

  constructor(private readonly deps: CoachServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  }

  /** receive, then answer: the whole of a person's message in one call. */
  async handleMessage(message: IncomingMessage): Promise<MessageResult> {
    return this.answer(await this.receive(message));
  }

  /**
   * The part of a message that must not be lost: the person, the session and
   * the message stored. When it resolves, nothing the person wrote can be
   * lost any more (the Slack layer acknowledges the event then); what is left
   * (the model, the reply) is `answer`'s, and the sweep's if this process dies.
   */
  async receive(incoming: IncomingMessage): Promise<Received> {
    const { store } = this.deps;
    const message = { ...incoming, text: storableText(incoming.text) };
    const found = await this.sessionFor(message);
    if (found.kind === 'closed') return found.result;
    const session = found.session;

    const wrapUp = isWrapUp(message.text);
    if (wrapUp && !(await store.turns(session.id)).some((t) => t.role === 'person')) {
      // "wrap up" before anything was said: nothing to report on, and not coaching material either.
      return { kind: 'nothing_to_wrap', channelId: session.channelId, threadTs: session.threadTs ?? message.ts };
    }

    const stored = await store.addPersonMessage(session, message.ts, message.text);
    // Usually a duplicate's twin is being answered right now (the lease says so and
    // answering settles nothing). But if the first delivery died after storing it,
    // the re-delivery is the only chance the message gets an answer.
    if (stored === 'duplicate') return { kind: 'stored', session, duplicate: true };
    if (stored === 'closed') return closedResult(session, message.ts);
    if (wrapUp) await this.requestWrapUp(session);
    return { kind: 'stored', session, duplicate: false };
  }

  /** Answers a received message: the reply or report its session now owes, under the session's lease. */
  async answer(received: Received): Promise<MessageResult> {
    if (received.kind !== 'stored') return received;
    const { session, duplicate } = received;
    const outcomes = await this.settle(session.id, session.teamId);
    return duplicate ? { kind: 'duplicate', sessionId: session.id, outcomes } : { kind: 'handled', sessionId: session.id, outcomes };
  }

  /** The Wrap up button, or /coach-report's "Wrap up now". */
  async wrapUp(teamId: string, userId: string, sessionId?: string): Promise<WrapUpResult> {
    const { store } = this.deps;
    let session: Session | null;
    if (sessionId) {
      session = await store.sessionById(teamId, sessionId);
    } else {
      session = await this.todaysSession(teamId, userId);
    }
    // Nobody wraps up another person's session, even with a forged button value.
    if (!session || session.userId !== userId) return { kind: 'no_session' };
    if (session.state.status === 'completed') {
      const report = await store.report(teamId, session.id);
      if (report) return { kind: 'already_reported', report, where: where(session) };
    }
    if (session.state.status === 'abandoned') return { kind: 'no_session' };
    // A morning nudge nobody has answered yet is not a session to report on.
    if (!(await store.turns(session.id)).some((t) => t.role === 'person')) return { kind: 'nothing_said' };
    await this.requestWrapUp(session);
    return { kind: 'handled', sessionId: session.id, outcomes: await this.settle(session.id, teamId) };
  }

  /**
   * Does whatever a session has pending (a reply to messages that arrived
   * while its thread was being opened by a nudge). The nudge poster calls it
   * once the thread exists.
   */
  async resume(teamId: string, sessionId: string): Promise<CoachOutcome[]> {
    return this.settle(sessionId, teamId);
  }

  /** The person's session for their own today, if there is one. */
  async todaysSession(teamId: string, userId: string): Promise<Session | null> {
    const person = await this.deps.people.find(teamId, userId);
    return this.deps.store.sessionOn(teamId, userId, localDate(this.now(), person?.tz));
  }

  /**
   * Which session a message belongs to: the one whose thread it is in;
   * otherwise today's (a top-level DM continues today's session); otherwise a
   * new one rooted at this message. Only a message outside a session's thread
   * needs the person (their zone says what today is; it enrols them and
   * refreshes a stale profile): an answer in a thread costs one read.
   */
  private async sessionFor(
    message: IncomingMessage,
  ): Promise<{ kind: 'open'; session: Session } | { kind: 'closed'; result: Extract<MessageResult, { kind: 'session_closed' }> }> {
    const { store } = this.deps;
    const inThread = message.threadTs && message.threadTs !== message.ts;
    let session = inThread ? await store.sessionByThread(message.teamId, message.channelId, message.threadTs!) : null;
    if (!session) {
      const person = await this.deps.people.arrived(message.teamId, message.userId, message.channelId);
      const today = localDate(this.now(), person.tz);
      session =
        (await store.sessionOn(message.teamId, message.userId, today)) ??
        (await store.openSession({
          teamId: message.teamId,
          userId: message.userId,
          localDate: today,
          channelId: message.channelId,
          threadTs: message.ts,
          origin: 'person',
          state: newSessionState(),
        }));
    }
    if (!isSessionOpen(session.state)) return { kind: 'closed', result: closedResult(session, message.ts) };
    return { kind: 'open', session };
  }

  /** Moves the session to `wrapping`, retrying on a concurrent change. */
  private async requestWrapUp(session: Session): Promise<void> {
    const { store } = this.deps;
    let current: Session | null = session;
    for (let attempt = 0; current && attempt < 5; attempt++) {
      const next = beginWrapUp(current.state);
      if (!next.ok || next.state === current.state) return;
      if (await store.saveState(current.id, current.state.version, next.state)) return;
      current = await store.sessionById(current.teamId, current.id);
    }
  }

  /**
   * Does the session's pending work (a reply to unanswered messages, or a
   * report) under its lease. A message that arrives while another worker
   * holds the lease is left to that worker: it checks again after releasing.
   */
  private async settle(sessionId: string, teamId: string): Promise<CoachOutcome[]> {
    const { store } = this.deps;
    const outcomes: CoachOutcome[] = [];
    // Bounded: each round answers what arrived during the last one, so a long run of
    // rounds means something keeps failing; leave it to the next message then.
    for (let round = 0; round < MAX_SETTLE_ROUNDS; round++) {
      const claim = await store.claimSession(sessionId, this.leaseMs);
      if (!claim) return outcomes;
      const { result: outcome, pending } = await this.underLease(claim, () => this.workOnce(claim, teamId));
      // The person's words go with what is posted, read with the lease (no round trip of their own).
      if (outcome) outcomes.push({ ...outcome, locale: claim.locale });
      // After a failure the work stays pending for the next message; do not spin on it.
      if (outcome?.kind === 'model_unavailable') return outcomes;
      // A message stored while we held the lease was left to us: the release says whether one did.
      if (!pending) return outcomes;
    }
    this.deps.logger.warn('session_settle_gave_up', { session: sessionId, rounds: MAX_SETTLE_ROUNDS });
    return outcomes;
  }

  /**
   * Runs `work` while renewing the lease, so the lease can be short: a
   * holder that dies (process killed, database connection lost) stops
   * renewing, and within one lease another worker (the next message, or the
   * sweep in src/jobs/session-sweep.ts) takes the session over.
   */
  private async underLease<T>(claim: SessionClaim, work: () => Promise<T>): Promise<{ result: T; pending: boolean }> {
    const { store, logger } = this.deps;
    const sessionId = claim.session.id;
    const renewal = setInterval(() => {
      store.renewSession(sessionId, claim.token, this.leaseMs).then(
        (held) => held || logger.warn('session_lease_lost', { session: sessionId }),
        (error: unknown) => logger.warn('session_lease_renew_failed', { session: sessionId, ...errorFields(error) }),
      );
    }, this.leaseMs / 3);
    renewal.unref();
    let result: T;
    try {
      result = await work();
    } catch (error) {
      clearInterval(renewal);
      await this.release(sessionId, claim.token);
      throw error;
    }
    clearInterval(renewal);
    const { pending } = await this.release(sessionId, claim.token);
    return { result, pending };
  }

  /** Gives the lease back; if the database is away, keeps trying (releaseLater) and reports the failure. */
  private async release(sessionId: string, token: string): Promise<{ pending: boolean }> {
    try {
      return await this.deps.store.releaseSession(sessionId, token);
    } catch (error) {
      this.releaseLater(sessionId, token);
      throw error;
    }
  }

  /**
   * The database went away while this worker held the session: give the lease
   * back as soon as it answers again, rather than leave the session locked
   * for the rest of the lease after it is back (redeliveries and the sweep
   * then answer it at once). Past one lease it has run out anyway.
   */
  private releaseLater(sessionId: string, lease: string): void {
    const until = Date.now() + this.leaseMs;
    const attempt = () => {
      this.deps.store.releaseSession(sessionId, lease).catch(() => {
        if (Date.now() < until) setTimeout(attempt, RELEASE_RETRY_MS).unref();
      });
    };
    setTimeout(attempt, RELEASE_RETRY_MS).unref();
  }

  /** One reply or report under the lease; a reply made stale by a message meanwhile is composed again over everything. */
  private async workOnce(claim: SessionClaim, teamId: string): Promise<CoachOutcome | null> {
    // The catalog language of the person's Slack locale (read with the lease), English when unknown.
    const context: TurnContext = { firstName: claim.firstName?.trim() || 'there', memory: claim.memory, locale: localeOf(claim.locale) };
    let session: Session | null = claim.session;
    for (let attempt = 0; attempt < MAX_REWRITES && session; attempt++) {
      if (!session.threadTs) return null;
      if (session.state.status === 'wrapping') return this.writeReport(session, context);
      if (session.state.status !== 'active') return null;
      const result = await composeReply(this.deps, session, context);
      if (result !== 'retry') return result;
      session = await this.deps.store.sessionById(teamId, session.id);
    }
    return null;
  }

  private async writeReport(session: Session, context: TurnContext): Promise<CoachOutcome | null> {
    const { store } = this.deps;
    const existing = await store.report(session.teamId, session.id);
    const done = completeSession(session.state);
    if (!done.ok) return null;
    if (existing) {
      // Only the worker that completes the session posts the report; a stale one has nothing to add.
      if (!(await store.saveState(session.id, session.state.version, done.state))) return null;
      return { kind: 'report', report: existing, ...where(session) };
    }
    const turns = await store.turns(session.id);
    const { firstName } = context;
    const request: ReportRequest = {
      firstName,
      date: session.localDate,
      stageReached: session.state.stage,
      slots: session.state.agenda.slots,
      declined: session.state.agenda.declined,
      // The wrap-up request itself is not coaching material.
      transcript: turns.filter((t) => !(t.role === 'person' && isWrapUp(t.text))),
      memory: context.memory,
      locale: context.locale,
    };
    const { draft, writtenBy } = await this.deps.writeReport(request);
    const report: Report = {
      ...draft,
      date: session.localDate,
      startedAt: session.createdAt,
      endedAt: this.now(),
      turns: turns.filter((t) => t.role === 'person').length,
      writtenBy,
      transcript: turns.map((t): TranscriptLine => ({
        speaker: t.role,
        name: t.role === 'coach' ? 'Coach' : firstName,
        text: t.text,
      })),
    };
    if (!(await store.saveReport(session.id, session.state.version, done.state, report))) return null;
    return { kind: 'report', report, ...where(session) };
  }

}

function closedResult(session: Session, fallbackTs: string): Extract<MessageResult, { kind: 'session_closed' }> {
  return {
    kind: 'session_closed',
    channelId: session.channelId,
    threadTs: session.threadTs ?? fallbackTs,
    status: session.state.status === 'completed' ? 'completed' : 'abandoned',
  };
}
