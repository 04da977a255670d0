import { errorFields, type Logger } from '../log';
import { wordsFor, type Locale } from '../words/catalog';
import { focusIfFilled, focusOf } from './agenda';
import { distressIn } from './distress';
import type { CoachOutcome, Where } from './outcomes';
import { CoachModelError, type CoachMemory, type CoachModel } from './ports';
import { recordCoachTurn, type Session } from './session';
import type { CoachStore, StoredTurn } from './store';

/** What a turn or a report knows of the person beyond the transcript. */
export interface TurnContext {
  firstName: string;
  memory: CoachMemory | null;
  locale: Locale;
}

export function where(session: Session): Where {
  return { sessionId: session.id, channelId: session.channelId, threadTs: session.threadTs ?? '' };
}

function lastPersonId(turns: StoredTurn[]): number {
  let last = 0;
  for (const t of turns) if (t.role === 'person' && t.id > last) last = t.id;
  return last;
}

/**
 * One coach reply to the messages not yet answered: the agenda says what the
 * turn is for, the model (outside any transaction) answers with the slots it
 * heard and the reply, and both are written in one version-guarded write:
 * the slots merged into the session's agenda, the reply as a message in the
 * stage of what it asked for. 'retry' when a message arrived meanwhile (the
 * version moved): the caller composes again over everything.
 */
export async function composeReply(
  deps: { store: CoachStore; model: CoachModel; logger: Logger },
  session: Session,
  context: TurnContext,
): Promise<CoachOutcome | null | 'retry'> {
  const { store, model, logger } = deps;
  const turns = await store.turns(session.id);
  const answering = lastPersonId(turns);
  if (answering <= (session.answeredMessageId ?? 0)) return null;

  const support = await answerDistress(deps, session, turns, answering);
  if (support) return support;

  const agenda = session.state.agenda;
  const next = focusOf(agenda);
  let turn;
  try {
    turn = await model.nextTurn({
      firstName: context.firstName,
      agenda,
      next,
      ifFilled: focusIfFilled(agenda, next.focus),
      transcript: turns,
      memory: context.memory,
      locale: context.locale,
    });
  } catch (error) {
    if (!(error instanceof CoachModelError)) throw error;
    logger.warn('coach_turn_failed', { session: session.id, ...errorFields(error) });
    return { kind: 'model_unavailable', ...where(session) };
  }

  const recorded = recordCoachTurn(session.state, { slots: turn.slots, declined: turn.declined });
  if (!recorded.ok) return null;
  const state = recorded.state;
  logger.info('coach_turn', {
    session: session.id,
    turn: state.agenda.coachTurns,
    focus: next.focus,
    asked: state.agenda.asked ?? undefined,
    slots: Object.keys(state.agenda.slots).length,
    declined: state.agenda.declined.length,
  });
  const saved = await store.saveCoachTurn({
    sessionId: session.id,
    expectedVersion: session.state.version,
    state,
    reply: turn.reply,
    stage: state.stage,
    answeredMessageId: answering,
  });
  if (saved === 'stale') {
    // Storing a person message bumps the version: more arrived while the model was
    // thinking (or the session changed), so answer all of it in one reply instead.
    logger.info('session_version_stale', { session: session.id, version: session.state.version });
    return 'retry';
  }
  return { kind: 'reply', text: turn.reply, messageId: saved.messageId, ...where(session) };
}

/**
 * A person who writes that they are not OK is not coached this turn: the
 * catalog's kind words (people who can help; no diagnosis, no question, no
 * report) in the language they wrote in, instead of the model, which is not
 * called. The session stays open and its agenda untouched, so they may go on
 * later. The log line carries ids only, never their words.
 */
async function answerDistress(
  deps: { store: CoachStore; logger: Logger },
  session: Session,
  turns: StoredTurn[],
  answering: number,
): Promise<CoachOutcome | 'retry' | null> {
  const answered = session.answeredMessageId ?? 0;
  let locale: Locale | null = null;
  for (const t of turns) {
    if (t.role === 'person' && t.id > answered) locale ??= distressIn(t.text);
  }
  if (!locale) return null;
  deps.logger.warn('distress_signal', { team: session.teamId, session: session.id });
  const text = wordsFor(locale).distress;
  const saved = await deps.store.saveCoachTurn({
    sessionId: session.id,
    expectedVersion: session.state.version,
    state: { ...session.state, version: session.state.version + 1 },
    reply: text,
    stage: session.state.stage,
    answeredMessageId: answering,
  });
  if (saved === 'stale') return 'retry';
  return { kind: 'support', text, messageId: saved.messageId, ...where(session) };
}
