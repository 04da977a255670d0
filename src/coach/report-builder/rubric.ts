/**
 * The rubric: what the conversation established, scored out of 10, and the
 * one-line rationale that explains the score.
 */

/** What the conversation established, as the rubric sees it. */
export interface SessionEvidence {
  /** Substantive person messages. */
  personTurns: number;
  /** Answers about why the problem matters (beyond naming it). */
  significanceAnswers: number;
  task: string | null;
  taskHasTimeBox: boolean;
  taskHasSuccessCriterion: boolean;
  approaches: number;
  crux: string | null;
  /** The person proposed a tactic against the crux. */
  ownTactic: boolean;
  /** Beliefs or assumptions were examined. */
  beliefsExamined: boolean;
}

export interface SessionScore {
  score: number;
  /** Rubric items earned, as coaching moves that worked. */
  earned: string[];
  /** Rubric items missed, most important first. */
  missed: string[];
}

/**
 * The honest score, out of 10. Points:
 *   significance explored  0-2  one per answer about why it matters or to whom
 *   concrete task           0-3  2 when a task was stated, +1 when it has both
 *                                a time box and a success criterion
 *   solution archetypes     0-1  at least two distinct approaches
 *   crux                    0-2  the one constraint was named
 *   crux tactic             0-1  the person proposed a tactic against it
 *   beliefs / assumptions   0-1  limiting beliefs or assumptions were examined
 * A concrete task and a crux are worth half the score: they are what the
 * product exists to reach. Then a cap for engagement: coaching is a
 * conversation, so one substantive message scores at most 2, and three or
 * fewer at most 6, whatever they touched. Never below 1 (the schema's floor).
 */
export function scoreSession(evidence: SessionEvidence): SessionScore {
  const earned: string[] = [];
  const missed: string[] = [];
  let points = 0;

  const significance = Math.min(2, evidence.significanceAnswers);
  points += significance;
  if (significance > 0) earned.push('significance');
  if (significance < 2) missed.push(significance === 0 ? 'significance' : 'significanceDepth');

  if (evidence.task) {
    points += 2;
    earned.push('task');
    if (evidence.taskHasTimeBox && evidence.taskHasSuccessCriterion) {
      points += 1;
      earned.push('taskCriteria');
    } else missed.push('taskCriteria');
  } else missed.push('task');

  if (evidence.approaches >= 2) {
    points += 1;
    earned.push('archetypes');
  } else missed.push('archetypes');

  if (evidence.crux) {
    points += 2;
    earned.push('crux');
  } else missed.push('crux');

  if (evidence.ownTactic) {
    points += 1;
    earned.push('cruxSolutions');
  } else missed.push('cruxSolutions');

  if (evidence.beliefsExamined) {
    points += 1;
    earned.push('beliefs');
  } else missed.push('beliefs');

  const cap = evidence.personTurns <= 1 ? 2 : evidence.personTurns <= 3 ? 6 : 10;
  if (evidence.personTurns <= 3) missed.push('engagement');
  // Most important gaps first: the task and the crux lead.
  const order = ['task', 'crux', 'taskCriteria', 'archetypes', 'significance', 'cruxSolutions', 'beliefs', 'significanceDepth', 'engagement'];
  missed.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return { score: Math.max(1, Math.min(cap, points, 10)), earned, missed };
}

/** Why the session got its score, in one line that names what was missing. */
export function rationaleFor(score: number, evidence: SessionEvidence, topic: string): string {
  const reachedBoth = evidence.task !== null && evidence.crux !== null;
  if (evidence.personTurns <= 1) return `Score ${score}/10: the session ended before there was a conversation to coach.`;
  if (reachedBoth) {
    return `Score ${score}/10: the conversation converged on a concrete task and its crux${score >= 9 ? ', and turned them into a plan' : ', with room to go deeper on approaches, tactics or beliefs'}.`;
  }
  if (evidence.task) return `Score ${score}/10: a concrete task was defined for ${topic}, but the conversation never named the crux.`;
  if (evidence.crux) return `Score ${score}/10: the crux was named, but no concrete task was defined for today.`;
  return `Score ${score}/10: ${evidence.significanceAnswers > 0 ? `the conversation explored why ${topic} matters but` : 'the conversation'} never defined a concrete task for today or named a crux.`;
}

