import type { Locale } from '../words/catalog';
import type { AgendaState, NextFocus, SlotName, Slots } from './agenda';
import type { ReportDraft } from './report';
import type { StageId } from './stages';
import type { Turn } from './transcript';

/** What the coach remembers from the person's last completed session. */
export interface CoachMemory {
  lastTask: string | null;
  lastCrux: string | null;
  lastDate: string;
}

/** Who the coach is talking to: enough to greet them and to know their today. */
export interface Coachee {
  firstName: string | null;
  /** IANA zone; null while Slack has not told us. */
  tz: string | null;
}

/** The people port of the coach service; src/people implements it (enrolment, profile refresh). */
export interface Coachees {
  /** The person wrote to the bot: enrols them and returns them with a profile fresh enough to use. */
  arrived(teamId: string, userId: string, dmChannelId: string): Promise<Coachee>;
  find(teamId: string, userId: string): Promise<Coachee | null>;
}

export interface CoachTurnRequest {
  firstName: string;
  /** The agenda as it stood before the person's latest message(s). */
  agenda: AgendaState;
  /** What this turn is for: the app's decision from what is still missing (focusOf). */
  next: NextFocus;
  /** What the turn is for instead when the person's latest answer fills `next.focus`. */
  ifFilled: NextFocus;
  /** The whole conversation so far, oldest first; ends with the person's message(s). */
  transcript: Turn[];
  memory: CoachMemory | null;
  /** The person's catalog locale (from their Slack locale), for the app's own words; English when unknown. */
  locale: Locale;
}

/** One coaching turn as structured output: what was heard, what it fills, and the reply, last. */
export interface CoachTurn {
  /** The person's exact phrase the reply reflects (empty when it reflects none). */
  heard: string;
  /** The slots the conversation so far lets the coach fill now, in the person's words. */
  slots: Slots;
  /** Slots the person declined to fill. */
  declined: SlotName[];
  /** One short question, two sentences at most, in the coach's voice and the person's language. */
  reply: string;
}

export interface ReportRequest {
  firstName: string;
  /** YYYY-MM-DD, the person's local date. */
  date: string;
  stageReached: StageId;
  /** What the conversation established on the agenda, and what the person declined (absent: nothing known). */
  slots?: Slots;
  declined?: SlotName[];
  transcript: Turn[];
  memory: CoachMemory | null;
  /** The catalog language of the report's fixed words (the offline report's labels); English when absent. */
  locale?: Locale;
}

/**
 * The port through which the coaching core asks a model for a turn or a
 * report. Implementations: Claude (src/model/claude.ts) and the offline coach
 * (src/model/offline.ts).
 */
export interface CoachModel {
  /** "offline" or the Claude model id; recorded on every report. */
  readonly name: string;
  nextTurn(request: CoachTurnRequest): Promise<CoachTurn>;
  writeReport(request: ReportRequest): Promise<ReportDraft>;
}

export type CoachModelErrorCode =
  /** The API could not be reached or kept failing (429, 5xx, 529, timeout) after retries. */
  | 'model_unavailable'
  /** The model answered, but not in a shape we accept, even after a retry. */
  | 'model_invalid_output';

/** The one error a CoachModel throws. Its message never holds secrets or message text. */
export class CoachModelError extends Error {
  constructor(
    readonly code: CoachModelErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CoachModelError';
  }
}

/**
 * What a model implementation reports about each API call it makes, for the
 * operator's metrics (src/observability/metrics.ts implements it). Counts and
 * timings only: never a prompt or a reply.
 */
export interface ModelMeter {
  modelCall(call: {
    model: string;
    /** What the call was for: 'turn' or 'report'. */
    op: string;
    outcome: 'ok' | 'failed';
    /** The call's latency, the SDK's own retries included. */
    seconds: number;
    /** Tokens as the API reported them; absent when the call failed. */
    usage?: { input: number; output: number; cacheRead: number; cacheWrite: number };
  }): void;
}
