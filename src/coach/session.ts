import { FOCUS_STAGE, mergeTurn, newAgenda, type AgendaState, type AgendaUpdate } from './agenda';
import { STAGES, type StageId } from './stages';

export const SESSION_STATUSES = ['active', 'wrapping', 'completed', 'abandoned'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** The part of a session the state machine owns. Pure data, stored as-is. */
export interface SessionState {
  /** The report section of the last question asked (its agenda focus's stage); the first before any. */
  stage: StageId;
  /** The slots filled so far and what the next turn is for (src/coach/agenda.ts). */
  agenda: AgendaState;
  status: SessionStatus;
  /** Bumped on every change; writes are guarded by it (optimistic concurrency). */
  version: number;
}

/** One coaching conversation, as every room sees it (src/db maps its row once). */
export interface Session {
  id: string;
  teamId: string;
  userId: string;
  /** The person's local date when the session began (YYYY-MM-DD). */
  localDate: string;
  channelId: string;
  /** The root message of the session's thread; null while a nudge opening it is being posted. */
  threadTs: string | null;
  /** 'person' when they wrote first, 'nudge' when the morning nudge opened it. */
  origin: 'person' | 'nudge';
  state: SessionState;
  /** The last person message a coach reply took into account. */
  answeredMessageId: number | null;
  /** The person wrote in it, or wrapped it up. */
  answered: boolean;
  createdAt: Date;
}

/** Still taking messages: not wrapped up, not abandoned. */
export function isSessionOpen(state: Pick<SessionState, 'status'>): boolean {
  return state.status === 'active' || state.status === 'wrapping';
}

export type Transition =
  | { ok: true; state: SessionState }
  | { ok: false; error: 'session_not_active' | 'session_not_wrapping' | 'session_closed' };

export function newSessionState(): SessionState {
  return {
    stage: STAGES[0],
    agenda: newAgenda(),
    status: 'active',
    version: 1,
  };
}

/**
 * The coach has taken one turn: the slots it filled and what the person
 * declined are merged into the agenda, and the session's stage becomes the
 * report section of what the reply asked for. What the next turn is for is
 * the agenda's to say (`focusOf`), from what is still missing.
 */
export function recordCoachTurn(state: SessionState, update: AgendaUpdate): Transition {
  if (state.status !== 'active') return { ok: false, error: 'session_not_active' };
  const agenda = mergeTurn(state.agenda, update);
  const stage = FOCUS_STAGE[agenda.asked ?? 'problem'];
  return { ok: true, state: { ...state, stage, agenda, version: state.version + 1 } };
}

/** The person asked to wrap up: no more coaching turns, a report is being written. */
export function beginWrapUp(state: SessionState): Transition {
  if (state.status !== 'active' && state.status !== 'wrapping') return { ok: false, error: 'session_closed' };
  // Already wrapping: a second "wrap up" (or a click on an old button) is the same request.
  if (state.status === 'wrapping') return { ok: true, state };
  return { ok: true, state: { ...state, status: 'wrapping', version: state.version + 1 } };
}

/** The report is stored: the session is over. */
export function completeSession(state: SessionState): Transition {
  if (state.status !== 'wrapping') return { ok: false, error: 'session_not_wrapping' };
  return { ok: true, state: { ...state, status: 'completed', version: state.version + 1 } };
}

/** A session left without a wrap-up (for example yesterday's, unanswered). */
export function abandonSession(state: SessionState): Transition {
  if (state.status !== 'active') return { ok: false, error: 'session_not_active' };
  return { ok: true, state: { ...state, status: 'abandoned', version: state.version + 1 } };
}
