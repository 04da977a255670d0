import type { StageId } from '../stages';
import { stagesOf, type Turn } from '../transcript';
import { isWrapUp } from '../wrap-up';

export interface AttributedTurn {
  text: string;
  stage: StageId;
}

/**
 * The person's messages, each with the stage it answered: the stage recorded
 * on the message, or for a message stored before stages were recorded, the
 * rule in `stagesOf` (the stage of the coach message before it). Malformed
 * entries are skipped; "wrap up" is a command, not an answer.
 */
export function attributePersonTurns(transcript: readonly Turn[]): AttributedTurn[] {
  const turns = transcript.filter((t) => t && typeof t.text === 'string' && (t.role === 'person' || t.role === 'coach'));
  const stages = stagesOf(turns);
  const attributed: AttributedTurn[] = [];
  turns.forEach((turn, i) => {
    const stage = stages[i];
    if (turn.role === 'person' && stage !== undefined && !isWrapUp(turn.text)) attributed.push({ text: turn.text, stage });
  });
  return attributed;
}
