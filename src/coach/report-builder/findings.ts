import type { StageId } from '../stages';
import type { Turn } from '../transcript';
import { attributePersonTurns, type AttributedTurn } from './attribution';
import {
  EMPOWERING,
  LIMITING,
  STAKES,
  approachCount,
  cruxSentence,
  hasSuccessCriterion,
  hasTimeBox,
  taskSentence,
} from './heuristics';
import type { SessionEvidence } from './rubric';
import { ANALYSIS_WINDOW, hashText, quote, safeSlice } from './text';
import { isSubstantive, statements } from './words';

/**
 * What the conversation established, read from the person's messages and
 * the stage each one answered: the problem, the task, the crux, approaches,
 * stakes and beliefs. The report's sections are written from this, and the
 * rubric scores its `evidence`.
 */
export interface Findings {
  /** Substantive person messages, in order, with the stage each answered. */
  substantive: AttributedTurn[];
  /** The first substantive message: what the session is about. */
  problem: string | null;
  /** Everything substantive the person said (each message's analysed window). */
  allText: string;
  /** Stable variety: the same conversation always gets the same wording. */
  seed: number;
  /** Answers in the significance stage, minus the problem, the task and the crux. */
  significanceAnswers: string[];
  /** Stakes talk from later stages. */
  laterStakes: string[];
  taskAnswers: string[];
  archetypeAnswers: string[];
  cruxAnswers: string[];
  task: string | null;
  crux: string | null;
  /** The first answer in the crux-solutions stage: the person's own tactic. */
  ownTactic: string | null;
  approaches: number;
  /** Every statement the person made, with the stage of its message. */
  personSentences: Array<{ s: string; stage: StageId }>;
  /** Limiting and empowering beliefs, quoted. */
  limiting: string[];
  empowering: string[];
  evidence: SessionEvidence;
}

function answersOf(attributed: readonly AttributedTurn[], stage: StageId): string[] {
  return attributed.filter((a) => a.stage === stage && isSubstantive(a.text)).map((a) => a.text);
}

export function findingsOf(transcript: readonly Turn[]): Findings {
  const attributed = attributePersonTurns(transcript);
  const substantive = attributed.filter((a) => isSubstantive(a.text));
  const problem = substantive[0]?.text ?? null;
  const allText = substantive.map((a) => safeSlice(a.text, ANALYSIS_WINDOW)).join('\n');
  const seed = hashText(allText);

  // --- what each stage established
  const significanceAnswersAll = answersOf(attributed, 'significance').filter((t) => t !== problem);
  const taskAnswers = answersOf(attributed, 'task');
  const archetypeAnswers = answersOf(attributed, 'archetypes');
  const cruxAnswers = answersOf(attributed, 'crux');
  const tacticAnswers = answersOf(attributed, 'cruxSolutions');
  const beliefAnswers = answersOf(attributed, 'beliefs');
  const factAnswers = answersOf(attributed, 'factCheck');

  // The task stage's answers first; then any explicit, concrete task said elsewhere.
  const task =
    taskAnswers.map(taskSentence).find((s) => s !== null) ??
    substantive.map((a) => taskSentence(a.text)).find((s) => s !== null) ??
    null;
  const crux =
    cruxAnswers.map((t) => cruxSentence(t, true)).find((s) => s !== null) ??
    substantive.map((a) => cruxSentence(a.text, false)).find((s) => s !== null) ??
    null;
  const ownTactic = tacticAnswers[0] ?? null;
  // An answer that stated the task or the crux is reported there, not as talk about why it matters.
  const significanceAnswers = significanceAnswersAll.filter(
    (t) => !(task && t.includes(task)) && !(crux && t.includes(crux)),
  );
  // Stakes talk said in a later stage (an answer that was not what that stage asked for) still counts.
  const laterStakes = substantive
    .filter(
      (a) =>
        a.text !== problem &&
        a.stage !== 'significance' &&
        STAKES.test(safeSlice(a.text, ANALYSIS_WINDOW)) &&
        taskSentence(a.text) === null &&
        (!crux || !a.text.includes(crux)),
    )
    .map((a) => a.text);
  // Each answer in the archetypes stage names at least one approach; "or"/"another"/a list names more.
  const approaches = archetypeAnswers.reduce((sum, t) => sum + approachCount(t), 0);

  const personSentences = substantive.flatMap((a) => statements(a.text).map((s) => ({ s, stage: a.stage })));
  const limiting = personSentences.filter((p) => LIMITING.test(p.s)).map((p) => quote(p.s, 200));
  const empowering = personSentences.filter((p) => EMPOWERING.test(p.s) && !LIMITING.test(p.s)).map((p) => quote(p.s, 200));
  const beliefsExamined = beliefAnswers.length > 0 || factAnswers.length > 0 || limiting.length > 0;

  const evidence: SessionEvidence = {
    personTurns: substantive.length,
    significanceAnswers: significanceAnswers.length + laterStakes.length,
    task,
    taskHasTimeBox: task !== null && hasTimeBox(task),
    taskHasSuccessCriterion: task !== null && hasSuccessCriterion(task),
    approaches,
    crux,
    ownTactic: ownTactic !== null,
    beliefsExamined,
  };
  return {
    substantive,
    problem,
    allText,
    seed,
    significanceAnswers,
    laterStakes,
    taskAnswers,
    archetypeAnswers,
    cruxAnswers,
    task,
    crux,
    ownTactic,
    approaches,
    personSentences,
    limiting,
    empowering,
    evidence,
  };
}
