/**
 * The rubric: the one definition of a good session. The Claude report prompt
 * is given its text (`rubricPromptLines`) and the offline report scores with
 * it (`scoreSession`), so both judge the same things by the same points:
 * the coaching (one question a turn, reflection, convergence), what the
 * person came to understand (the problem and its stakes), and the outcome
 * (a task with success criteria and a time box, the crux, a first step, a
 * commitment). Pure data and pure functions.
 *
 * Calibrated by tests/coach/rubric.test.ts: the reference conversation
 * (problem and stakes explored well, one reflective question a turn, no task,
 * no crux; its own coach said 6/10) scores 5; a session that reaches every
 * required slot scores at least 8; a session that never names a problem at
 * most 3. The person's own rating is stored apart and never enters this.
 */
import type { Turn } from './transcript';

/**
 * What the session reached, as the rubric sees it. The offline report reads
 * it from the transcript; the agenda's slots can feed it directly.
 */
export interface Reached {
  problem: boolean;
  /** Answers about why the problem matters, to whom, what changes. */
  stakes: number;
  /** Distinct ways of approaching the task the person named (light: not scored, reported). */
  approaches: number;
  task: boolean;
  successCriteria: boolean;
  timeBox: boolean;
  crux: boolean;
  firstStep: boolean;
  commitment: boolean;
  /** How many coach turns came before the person named the task (or the crux); null when they never did. */
  taskAtCoachTurn: number | null;
  cruxAtCoachTurn: number | null;
}

/** The coach's side, counted from its turns (`coachingSignals`). */
export interface CoachingSignals {
  coachTurns: number;
  /** Coach turns that ask exactly one question, and those that ask more than one. */
  oneQuestionTurns: number;
  stackedQuestionTurns: number;
  /** Coach turns that answered a person's substantive message, and those of them that reused its words. */
  reflectable: number;
  reflected: number;
}

export interface Evidence {
  reached: Reached;
  coaching: CoachingSignals;
}

export type CriterionGroup = 'coaching' | 'understanding' | 'outcome';

export const CRITERIA = [
  'oneQuestion',
  'reflection',
  'convergence',
  'problem',
  'stakes',
  'stakesDepth',
  'task',
  'successCriteria',
  'timeBox',
  'crux',
  'firstStep',
  'commitment',
] as const;
export type CriterionId = (typeof CRITERIA)[number];

export interface Criterion {
  id: CriterionId;
  group: CriterionGroup;
  points: number;
  /** The rule, in the words the model is given. */
  rule: string;
  met: (evidence: Evidence) => boolean;
}

/** Aim of the agenda: the task by about the fourth coach turn, the crux by about the eighth; one turn of slack each. */
export const TASK_BY_COACH_TURN = 5;
export const CRUX_BY_COACH_TURN = 9;

const within = (at: number | null, limit: number) => at !== null && at <= limit;

/** The rubric, most important first within each group. Points add up to 10. */
export const RUBRIC: readonly Criterion[] = [
  {
    id: 'oneQuestion',
    group: 'coaching',
    points: 1,
    rule: 'one question a turn: the coach asks its questions one at a time, never two in one turn',
    met: ({ coaching: c }) => c.oneQuestionTurns > 0 && c.stackedQuestionTurns === 0,
  },
  {
    id: 'reflection',
    group: 'coaching',
    points: 1,
    rule: "reflection: at least half of the coach's turns reuse the person's own words from the message they answer",
    met: ({ coaching: c }) => c.reflectable > 0 && c.reflected * 2 >= c.reflectable,
  },
  {
    id: 'convergence',
    group: 'coaching',
    points: 1,
    rule: `convergence: the person named the task within the first ${TASK_BY_COACH_TURN} coach turns and the crux within the first ${CRUX_BY_COACH_TURN}`,
    met: ({ reached: r }) => within(r.taskAtCoachTurn, TASK_BY_COACH_TURN) && within(r.cruxAtCoachTurn, CRUX_BY_COACH_TURN),
  },
  { id: 'problem', group: 'understanding', points: 1, rule: "the person named today's problem", met: ({ reached: r }) => r.problem },
  {
    id: 'stakes',
    group: 'understanding',
    points: 1,
    rule: 'they said why it matters, to whom, or what changes if it is solved',
    met: ({ reached: r }) => r.problem && r.stakes >= 1,
  },
  {
    id: 'stakesDepth',
    group: 'understanding',
    points: 1,
    rule: 'they explored the stakes in depth: two or more answers on why, to whom, what changes',
    met: ({ reached: r }) => r.problem && r.stakes >= 2,
  },
  { id: 'task', group: 'outcome', points: 1, rule: 'one concrete task for today', met: ({ reached: r }) => r.task },
  {
    id: 'successCriteria',
    group: 'outcome',
    points: 0.5,
    rule: 'its success criteria: how they will know it is done',
    met: ({ reached: r }) => r.task && r.successCriteria,
  },
  { id: 'timeBox', group: 'outcome', points: 0.5, rule: 'its time box: how long they give it, or by when', met: ({ reached: r }) => r.task && r.timeBox },
  { id: 'crux', group: 'outcome', points: 1, rule: 'the crux: the one constraint that matters most', met: ({ reached: r }) => r.crux },
  { id: 'firstStep', group: 'outcome', points: 0.5, rule: 'a first step the person chose', met: ({ reached: r }) => r.firstStep },
  {
    id: 'commitment',
    group: 'outcome',
    points: 0.5,
    rule: 'a commitment: what they will do first, and when',
    met: ({ reached: r }) => r.commitment,
  },
];

export interface SessionScore {
  /** 1-10: the points, rounded half up, never below 1. */
  score: number;
  points: number;
  earned: CriterionId[];
  missed: CriterionId[];
}

export function scoreSession(evidence: Evidence): SessionScore {
  const earned: CriterionId[] = [];
  const missed: CriterionId[] = [];
  let points = 0;
  for (const criterion of RUBRIC) {
    if (criterion.met(evidence)) {
      earned.push(criterion.id);
      points += criterion.points;
    } else missed.push(criterion.id);
  }
  return { score: Math.max(1, Math.min(10, Math.round(points))), points, earned, missed };
}

const GROUP_TITLES: Record<CriterionGroup, string> = {
  coaching: 'The coaching',
  understanding: 'Understanding',
  outcome: 'The outcome',
};

/** The rubric as the model is told it, rendered from the same data the offline report scores with. */
export function rubricPromptLines(): string[] {
  const groups = (['coaching', 'understanding', 'outcome'] as const).flatMap((group) => {
    const items = RUBRIC.filter((c) => c.group === group);
    const total = items.reduce((sum, c) => sum + c.points, 0);
    return [`  ${GROUP_TITLES[group]} (${total} points):`, ...items.map((c) => `  - ${c.points}: ${c.rule}.`)];
  });
  return [
    '- evaluation.score: score the session with this rubric (the offline report uses the same one). Add the points of every line the conversation shows, round half up, at least 1:',
    ...groups,
    '  A line counts only when the person said it; the coach proposing it is not enough. A session that explored the problem and its stakes well with one reflective question a turn, but reached no task and no crux, scores 5.',
    '  evaluation.worked names the lines earned; evaluation.improve and the rationale name the ones missed. Do not inflate the score. The person may rate the session themselves afterwards; that never changes this score.',
  ];
}

// --- Counting the coach's turns --------------------------------------------------------

const words = new Intl.Segmenter(undefined, { granularity: 'word' });
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
/** Words too common to count as reusing the person's words (English, German, Spanish, Japanese). */
const COMMON = new Set(
  (
    'the and for that this with you your what how why who which when are was have has had not but can could would will ' +
    'about from into just really want today feel make makes like does did its it’s it\'s there their them they one ' +
    'der die das und ist nicht ich du mit für was wie wer ein eine einen heute auf den dem des sie wir ' +
    'que los las por para con una qué cómo hoy del más pero como este esta eso ' +
    'です ます した こと もの それ これ ため よう さん'
  ).split(' '),
);

/** The words of a text worth matching: word-like, not too short (two characters in unspaced scripts), not common. */
export function contentWordsOf(text: string): Set<string> {
  const found = new Set<string>();
  for (const { segment, isWordLike } of words.segment(text.slice(0, 4_000).toLowerCase())) {
    if (!isWordLike) continue;
    const long = UNSPACED.test(segment) ? segment.length >= 2 : segment.length >= 3;
    if (long && !COMMON.has(segment) && !/^\d+$/.test(segment)) found.add(segment);
  }
  return found;
}

/** Question marks in any script we read: "?" and the full-width "？". */
export function questionCount(text: string): number {
  return (text.match(/[?？]+/g) ?? []).length;
}

/**
 * The coaching signals of a conversation. A coach turn answering a person's
 * message with at least two content words reflects it when it reuses two of
 * them (one when the message had only two).
 */
export function coachingSignals(transcript: readonly Turn[], isSubstantive: (text: string) => boolean): CoachingSignals {
  const signals: CoachingSignals = { coachTurns: 0, oneQuestionTurns: 0, stackedQuestionTurns: 0, reflectable: 0, reflected: 0 };
  let answered: string | null = null;
  for (const turn of transcript) {
    if (!turn || typeof turn.text !== 'string') continue;
    if (turn.role === 'person') {
      answered = answered === null ? turn.text : `${answered}\n${turn.text}`;
      continue;
    }
    if (turn.role !== 'coach') continue;
    signals.coachTurns += 1;
    const questions = questionCount(turn.text);
    if (questions === 1) signals.oneQuestionTurns += 1;
    if (questions > 1) signals.stackedQuestionTurns += 1;
    if (answered !== null && isSubstantive(answered)) {
      const theirs = contentWordsOf(answered);
      if (theirs.size >= 2) {
        signals.reflectable += 1;
        const ours = contentWordsOf(turn.text);
        const shared = [...theirs].filter((w) => ours.has(w)).length;
        if (shared >= Math.min(2, theirs.size - 1)) signals.reflected += 1;
      }
    }
    answered = null;
  }
  return signals;
}
