import type { Slots } from '../agenda';
import type { Reached } from '../rubric';
import type { StageId } from '../stages';
import { stagesOf, type Turn } from '../transcript';
import { isWrapUp } from '../wrap-up';
import { firstQuote, flatten, isSubstantive, quoteWhole, sentencesOf, statements, unquoted } from './text';

/**
 * What the person said that the report can quote, slot by slot, and what the
 * rubric sees of it. Read from the stage each answer was given in and from a
 * few patterns tuned to miss rather than to invent: a slot the person did not
 * fill stays null, and the report says so.
 */

const TIME_BOX =
  /\b(?:\d+(?:[.,]\d+)?\s*(?:h|hrs?|hours?|mins?|minutes?|stunden?|minuten|horas?|minutos)\b|(?:an?|one|two|three|half an?)\s+hours?\b|(?:by|before|until|till)\s+(?:noon|lunch|midday|eod|tonight|(?:the )?end of (?:the )?day|this (?:morning|afternoon|evening)|\d{1,2}(?::\d{2})?\s*(?:am|pm)?\b)|time\s*-?\s*box\w*|pomodoros?|(?:bis|vor) (?:mittag|heute abend|\d{1,2})|(?:antes de|hasta) (?:el )?(?:mediodía|las \d))|\d+\s*(?:分|時間)|\d{1,2}時まで/iu;
const CRITERIA =
  /\b(?:done when|done means|finished when|complete when|success (?:is|means|looks like|would be|will be)|i'?ll know|i will know|we'?ll know|definition of done|fertig,? wenn|erledigt,? wenn|sabré que|estará listo cuando|(?:\d+|two|three|four|five|ten|twenty)\s+(?:[\p{L}-]+\s+){0,2}(?:cases|tests|pages|slides|emails|examples|calls|evals|questions|tickets|interviews))\b|できたら完了|終わったら/iu;
const CRUX_MARKER =
  /\b(?:the crux|bottleneck|blocker|(?:the|my|our) (?:hardest|biggest|real|main) (?:part|thing|problem|obstacle|constraint)|(?:stopping|blocking|holding) (?:me|us)|the (?:problem|constraint) is|das (?:schwierigste|problem) ist|lo (?:más difícil|difícil) es)\b/iu;
const FIRST_STEP = /\b(?:first|start (?:by|with)|begin (?:by|with)|zuerst|als erstes|primero|empezaré)\b|まず/iu;
const WILL = /\b(?:i'?ll|i will|i'?m going to|i am going to|i commit|ich werde|werde ich|voy a|haré)\b|します/iu;
const WHEN =
  /\b(?:today|tonight|tomorrow|this (?:morning|afternoon|evening)|right (?:now|after)|after (?:lunch|standup|the)|at \d|by \d|before|\d{1,2}(?::\d{2})?\s*(?:am|pm)|heute|morgen|um \d|hoy|mañana|a las \d)\b|今日|明日|\d+時/iu;
/** A task-stage answer names a task when it says what will be done: a plan ("I'll"), a time box, criteria, or starts with a verb of doing. */
const DOING = /^(?:finish|draft|write|send|ship|fix|call|book|review|prepare|build|outline|list|test|email|schreib\w*|entwirf|termin\w*|escribir|terminar|preparar)\b/iu;
/** An answer that says why, wherever it was given ("because…", "weil…"). */
const WHY = /^(?:because|since|so that|it matters|weil|denn|damit|porque|para que)\b/iu;
/** Alternatives within one answer ("…, or …"): each is an approach. */
const ALTERNATIVE = /\b(?:or|another|instead|alternatively|oder|stattdessen|o bien|otra)\b/giu;
export const LIMITING =
  /\b(?:i can'?t|i cannot|i'?m not (?:good|smart|technical|senior|ready)|not (?:good|smart|technical|senior|ready) enough|i'?ll never|need to know everything|imposter|impostor|afraid|scared)\b/i;
export const EMPOWERING = /\b(?:i'?m good at|i know how|i'?ve done this|i have done this|i learn fast|i believe i can)\b/i;
const HEDGED = /\b(?:i think|i guess|i assume|assum\w*|probably|maybe|might|i feel|i believe|seems?|everyone|always|never)\b/i;

export interface Said {
  /** Whole sentences, each with the stage of the message it came from. */
  sentences: Array<{ text: string; stage: StageId }>;
  problem: string | null;
  stakes: string[];
  task: string | null;
  successCriteria: string | null;
  timeBox: string | null;
  approaches: string[];
  crux: string | null;
  firstStep: string | null;
  commitment: string | null;
  /** The last thing said in the closing stage, if anything. */
  closing: string | null;
  reached: Reached;
}

interface Answer {
  text: string;
  stage: StageId;
  /** Coach turns before it. */
  coachTurns: number;
}

function answersOf(transcript: readonly Turn[]): Answer[] {
  const turns = transcript.filter((t) => t && typeof t.text === 'string' && (t.role === 'person' || t.role === 'coach'));
  const stages = stagesOf(turns);
  let coachTurns = 0;
  const answers: Answer[] = [];
  turns.forEach((turn, i) => {
    if (turn.role === 'coach') coachTurns += 1;
    else if (!isWrapUp(turn.text) && isSubstantive(turn.text)) answers.push({ text: turn.text, stage: stages[i] ?? 'significance', coachTurns });
  });
  return answers;
}

/** The agenda's value for a slot, only when one of their answers holds it word for word (a paraphrase is not theirs). */
function fromSlot(answers: readonly Answer[], value = ''): { quote: string; at: number } | null {
  const quote = quoteWhole(value);
  const answer = quote && answers.find((a) => flatten(a.text).toLowerCase().includes(unquoted(quote)!.toLowerCase()));
  return quote && answer ? { quote, at: answer.coachTurns } : null;
}

export function saidIn(transcript: readonly Turn[], slots: Slots = {}): Said {
  const answers = answersOf(transcript);
  const inStage = (stage: StageId) => answers.filter((a) => a.stage === stage);
  const sentences = answers.flatMap((a) => statements(a.text).map((text) => ({ text, stage: a.stage })));
  /** The first answer (of `among`) holding a sentence that matches, quoted whole, and when it was said. */
  const find = (among: readonly Answer[], pattern?: RegExp): { quote: string; at: number } | null => {
    for (const a of among) {
      const matching = statements(a.text).filter((s) => !pattern || pattern.test(s));
      const quote = firstQuote(matching, pattern);
      if (quote) return { quote, at: a.coachTurns };
    }
    return null;
  };

  const [first, ...later] = answers;
  // The problem may be asked as a question ("How do I get the launch unstuck?").
  const problemQuote = first ? firstQuote(sentencesOf(first.text).filter(isSubstantive)) : null;
  const problem = problemQuote ? { quote: problemQuote, at: first?.coachTurns ?? 0 } : null;
  const taskStage = inStage('task');
  // In the task stage an answer that says what will be done; elsewhere only one with a time box or criteria.
  const doing = new RegExp(`${DOING.source}|${WILL.source}|${TIME_BOX.source}|${CRITERIA.source}`, 'iu');
  const task = find(taskStage, doing) ?? find(later, TIME_BOX) ?? find(later, CRITERIA) ?? fromSlot(answers, slots.task);
  const fromTask = answers.filter((a) => task !== null && a.coachTurns >= task.at);
  const successCriteria = task ? (find(fromTask, CRITERIA) ?? fromSlot(fromTask, slots.successCriteria)) : null;
  const timeBox = task ? (find(fromTask, TIME_BOX) ?? fromSlot(fromTask, slots.timeBox)) : null;
  const crux = find(inStage('crux')) ?? find(later, CRUX_MARKER) ?? fromSlot(answers, slots.crux);
  const firstStep = find(inStage('cruxSolutions')) ?? find(later, FIRST_STEP) ?? fromSlot(answers, slots.firstStep);
  const committed = later.find((a) => statements(a.text).some((s) => WILL.test(s) && WHEN.test(s)));
  const commitment = (committed ? find([committed], WILL) : null) ?? fromSlot(later, slots.commitment);
  const stakes = later
    .filter((a) => a.stage === 'significance' || WHY.test(a.text.trim()))
    .map((a) => firstQuote(statements(a.text)))
    .filter((q): q is string => q !== null && q !== task?.quote && q !== crux?.quote);
  const approaches = inStage('archetypes')
    .flatMap((a) => statements(a.text))
    .map((s) => firstQuote([s]))
    .filter((q): q is string => q !== null);
  const closing = inStage('oneMoreThing').at(-1);

  return {
    sentences,
    problem: problem?.quote ?? null,
    stakes,
    task: task?.quote ?? null,
    successCriteria: successCriteria?.quote ?? null,
    timeBox: timeBox?.quote ?? null,
    approaches,
    crux: crux?.quote ?? null,
    firstStep: firstStep?.quote ?? null,
    commitment: commitment?.quote ?? null,
    closing: closing ? firstQuote(statements(closing.text)) : null,
    reached: {
      problem: problem !== null,
      stakes: stakes.length,
      approaches: approaches.reduce((n, q) => n + 1 + (q.match(ALTERNATIVE)?.length ?? 0), 0),
      task: task !== null,
      successCriteria: successCriteria !== null,
      timeBox: timeBox !== null,
      crux: crux !== null,
      firstStep: firstStep !== null,
      commitment: commitment !== null,
      taskAtCoachTurn: task?.at ?? null,
      cruxAtCoachTurn: crux?.at ?? null,
    },
  };
}

/** Beliefs and claims the person stated, quoted whole; never one they did not say. */
export function beliefsAndClaims(said: Said): { limiting: string[]; empowering: string[]; assumed: string[] } {
  const quoted = (pattern: RegExp) =>
    said.sentences
      .filter((s) => pattern.test(s.text))
      .map((s) => firstQuote([s.text]))
      .filter((q): q is string => q !== null)
      .slice(0, 3);
  return { limiting: quoted(LIMITING), empowering: quoted(EMPOWERING), assumed: quoted(HEDGED) };
}
