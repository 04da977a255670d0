/**
 * The eight stages of a coaching conversation, in order. They are also the
 * eight sections of the Deep Thoughts report (see docs/reference-report.md).
 */
export const STAGES = [
  'significance',
  'task',
  'archetypes',
  'crux',
  'cruxSolutions',
  'beliefs',
  'factCheck',
  'oneMoreThing',
] as const;

export type StageId = (typeof STAGES)[number];

export interface StageInfo {
  /** The report's section title. */
  title: string;
  /** What the coach is after in this stage, in a sentence (used in prompts). */
  goal: string;
  /**
   * How many coach turns the stage may take before the session moves on even
   * if the model thinks it is not covered. Small bounds on the early stages
   * are what guarantee that every session reaches a concrete task and a crux.
   */
  maxTurns: number;
}

export const STAGE_INFO: Record<StageId, StageInfo> = {
  significance: {
    title: 'Problem Significance & Stakes',
    goal: 'why the problem matters, to whom, and what changes if it is solved',
    maxTurns: 3,
  },
  task: {
    title: "Today's Concrete Task",
    goal: 'one concrete task for today, its success criteria and a time box',
    maxTurns: 3,
  },
  archetypes: {
    title: 'Solution Archetypes Explored',
    goal: 'at least two distinct ways to approach the task',
    maxTurns: 2,
  },
  crux: {
    title: 'The Crux Identified',
    goal: 'the one constraint that matters most',
    maxTurns: 2,
  },
  cruxSolutions: {
    title: 'Crux Solutions Deep Dive',
    goal: '1-3 tactics to beat the crux: first step, why it works, obstacles',
    maxTurns: 2,
  },
  beliefs: {
    title: 'Belief System Integration',
    goal: 'limiting and empowering beliefs, and a belief experiment',
    maxTurns: 2,
  },
  factCheck: {
    title: 'Fact Check & Assumptions',
    goal: 'what is known and what is only assumed',
    maxTurns: 1,
  },
  oneMoreThing: {
    title: 'Just One More Thing...',
    goal: 'a closing, Columbo-style observation',
    maxTurns: 1,
  },
};

export function stageIndex(stage: StageId): number {
  return STAGES.indexOf(stage);
}

export function nextStage(stage: StageId): StageId | undefined {
  return STAGES[stageIndex(stage) + 1];
}

export function isStageId(value: string): value is StageId {
  return (STAGES as readonly string[]).includes(value);
}
