import { errorFields, type Logger } from '../log';
import type { Locale } from '../words/catalog';
import { focusIfFilled, focusOf } from './agenda';
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
