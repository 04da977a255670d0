import { STAGES, isStageId, type StageId } from './stages';

/** One message of a coaching conversation, as the coach sees it. */
export interface Turn {
  role: 'person' | 'coach';
  text: string;
  at: Date;
  /**
   * The stage this message belongs to, recorded when it was stored, so nothing
   * downstream has to guess it from the wording.
   * - coach: the stage the coach was working on when it wrote the message.
   *   A coach that judged its stage covered already opens the next stage in
   *   the same message (see COACH_TURN_COVERED_DESCRIPTION): that next stage.
   * - person: the stage of the question they were answering.
   * Absent on messages stored before stages were recorded; `stagesOf` says
   * what such a message counts as.
   */
  stage?: StageId;
}

/**
 * The stage of each turn, index for index: the recorded one when there is
 * one. For a message stored without a stage (older rows), a simple rule:
 * - a person message belongs to the stage of the coach message just before
 *   it (it answered that question), or the first stage when the coach has
 *   not spoken yet;
 * - a coach message takes the stage of the previous coach message (stages
 *   never go back), or the first stage when it is the first.
 * A recorded value that is not a stage id counts as absent, so a bad row
 * cannot break a report. Never throws, whatever the array holds.
 */
export function stagesOf(turns: readonly Turn[]): StageId[] {
  let coachStage: StageId = STAGES[0];
  return turns.map((turn) => {
    const recorded = turn && typeof turn.stage === 'string' && isStageId(turn.stage) ? turn.stage : undefined;
    if (turn?.role === 'coach') {
      coachStage = recorded ?? coachStage;
      return coachStage;
    }
    return recorded ?? coachStage;
  });
}

/** Longest text the model is shown for one message (the rest stays stored). */
export const MODEL_TEXT_LIMIT = 40_000;

/**
 * What the model sees of one message: long text is shortened with a note that
 * says so, so the model never mistakes a cut message for the whole of it.
 */
export function textForModel(text: string, limit = MODEL_TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const kept = text.slice(0, limit);
  return `${kept}\n\n[Note to the coach: this message was ${text.length.toLocaleString('en-US')} characters long; only the first ${limit.toLocaleString('en-US')} are shown.]`;
}
