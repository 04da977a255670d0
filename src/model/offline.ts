import type { CoachModel, CoachTurn, CoachTurnRequest, ReportRequest } from '../coach/ports';
import type { ReportDraft } from '../coach/report';
import { OPENING_QUESTION } from '../coach/prompts';
import {
  approachCount,
  buildReportFromTranscript,
  clip,
  flatten,
  hashText,
  isSubstantive,
  keyPhrase,
  looksLikeTask,
  pick,
} from '../coach/report-builder';
import { isStageId, nextStage, stageIndex, type StageId } from '../coach/stages';
import { stagesOf, type Turn } from '../coach/transcript';
import { isWrapUp } from '../coach/wrap-up';

/**
 * The coach without a model: used when no ANTHROPIC_API_KEY is set, and in
 * tests. Deterministic (the same conversation always gets the same question;
 * variety comes from hashing the input), and in the reference's voice: one
 * short, warm question that reflects the person's own words back, quoted
 * verbatim ("What makes “learn evals” feel so significant right now?").
 *
 * How it moves through the stages: it judges the person's latest answer
 * against the stage it answered. When that answer covers the stage, it says
 * so (stageCovered) and already asks the next stage's opening question, so no
 * turn is spent on a question whose answer is known. When the state machine
 * moved on by its turn bound instead, the next request arrives with
 * stageTurns 0 and the answer belongs to the previous stage; the coach tells
 * the two apart by the stage recorded on the answer (Turn.stage).
 */

type Question = (phrase: string) => string;

interface StageQuestions {
  /** The first question of a stage, reflecting the person's latest words. */
  opening: readonly [Question, ...Question[]];
  /** Another question in the same stage when the answer did not cover it yet. */
  followUp: readonly [Question, ...Question[]];
}

const QUESTIONS: Record<StageId, StageQuestions> = {
  significance: {
    opening: [
      (p) => `What makes ${p} feel so significant right now?`,
      (p) => `Why does ${p} matter so much to you right now?`,
      (p) => `What would change for you if ${p} were solved?`,
    ],
    followUp: [
      (p) => `Who else feels the stakes when ${p} goes well, or doesn’t?`,
      (p) => `What would it cost you if ${p} stayed exactly as it is for another month?`,
      (p) => `When you say ${p}, what would change for you, and for whom?`,
    ],
  },
  task: {
    opening: [
      (p) => `Given ${p}, what’s one concrete task you could finish today, and how will you know it’s done?`,
      (p) => `With ${p} in mind, what one concrete task would you need to get done today for it to feel like a good day?`,
      (p) => `You said ${p}: what’s the one concrete task for today that moves it forward, and by when?`,
    ],
    followUp: [
      (p) => `${p} is a good start: what would done look like by the end of today, and how much time will you give it?`,
      (p) => `How much time will you give ${p} today, and what will tell you it’s done?`,
      (p) => `What would make ${p} concrete enough to finish today, with a clear sign that it’s done?`,
    ],
  },
  archetypes: {
    opening: [
      (p) => `What are two different ways you could approach ${p}?`,
      (p) => `For ${p}, what’s one approach you’d naturally take, and what’s a completely different approach?`,
    ],
    followUp: [
      (p) => `Besides ${p}, what’s a completely different approach someone else might take?`,
      (p) => `What would a bolder, or a lazier, approach to ${p} look like?`,
    ],
  },
  crux: {
    opening: [
      (p) => `You mentioned ${p}: whichever way you go, what’s the crux, the one thing that makes this hard?`,
      (p) => `Looking at ${p}, what’s the one constraint that, if it went away, would make the rest easy?`,
      (p) => `With ${p} on the table, what’s the real bottleneck standing in your way today?`,
    ],
    followUp: [
      (p) => `If you had to name the single biggest bottleneck behind ${p}, what would it be?`,
      (p) => `Underneath ${p}, what’s the crux, the one constraint that matters most?`,
    ],
  },
  cruxSolutions: {
    opening: [
      (p) => `If ${p} is the crux, what’s one tactic that gets around it, and what would your first step be?`,
      (p) => `How could you get around ${p} today, and what’s the very first step you’d take?`,
    ],
    followUp: [
      (p) => `What might trip up ${p}, and what’s your first step to get around that?`,
      (p) => `What’s a second tactic for ${p}, in case the first one stalls?`,
    ],
  },
  beliefs: {
    opening: [
      (p) => `When you picture ${p}, what belief about yourself makes it feel harder than it is?`,
      (p) => `What do you believe about yourself that ${p} might be testing?`,
    ],
    followUp: [
      (p) => `What if you believed the opposite of ${p}: what would you do differently today?`,
      (p) => `Where did the belief behind ${p} come from, and is it still serving you?`,
    ],
  },
  factCheck: {
    opening: [
      (p) => `You said ${p}: how much of that do you know for sure, and how much are you assuming?`,
      (p) => `Of everything around ${p}, what do you know for sure, and what’s still an assumption?`,
    ],
    followUp: [(p) => `What’s one assumption behind ${p} that you could check today?`],
  },
  oneMoreThing: {
    opening: [
      (p) => `Just one more thing puzzles me: you said ${p}, so what would today look like if the opposite turned out to be the case?`,
      (p) => `Just one more thing puzzles me: with ${p} in mind, what’s the part of this you haven’t said out loud yet?`,
    ],
    // The last stage never moves on: the person wraps up when ready, so say how.
    followUp: [
      (p) => `Is there anything else about ${p} you want to capture before you type “wrap up” for your report?`,
      (p) => `Noted. What’s the one thought about ${p} you want to carry into tomorrow, before you type “wrap up”?`,
    ],
  },
};


/** The person's words, quoted for a question: no sentence punctuation inside, so the reply stays one question. */
function quoted(phrase: string): string {
  return `“${phrase.replace(/[.!?…“”"]/g, '').replace(/\s+/g, ' ').trim()}”`;
}

function firstNameOf(request: CoachTurnRequest): string {
  return typeof request.firstName === 'string' ? clip(flatten(request.firstName).replace(/[.!?…]/g, ''), 40) : '';
}

/** "Good morning, Michael! 🌅", matching the person's own greeting when it names another time of day. */
function salutation(name: string, personText: string): string {
  const part = /\bgood (afternoon|evening)\b/i.exec(personText)?.[1]?.toLowerCase();
  const greeting = part === 'afternoon' ? 'Good afternoon' : part === 'evening' ? 'Good evening' : 'Good morning';
  const emoji = part === 'afternoon' ? '☀️' : part === 'evening' ? '🌙' : '🌅';
  return name ? `${greeting}, ${name}! ${emoji}` : `${greeting}! ${emoji}`;
}

/** Was the stage covered by this answer to one of its questions? Heuristics per stage, documented inline. */
function answerCovers(stage: StageId, answer: string, isProblemStatement: boolean): boolean {
  if (!isSubstantive(answer)) return false;
  switch (stage) {
    // Naming the problem is not yet saying why it matters: one real answer beyond it is.
    case 'significance':
      return !isProblemStatement;
    // A task is concrete when it has a time box or a success criterion ("by noon", "done when").
    case 'task':
      return looksLikeTask(answer);
    // At least two distinct approaches ("or", "another", a list).
    case 'archetypes':
      return approachCount(answer) >= 2;
    // The crux, a tactic, a belief, a fact: any real answer to the pointed question is enough.
    default:
      return true;
  }
}

function textOf(turn: Turn | undefined): string {
  return turn && typeof turn.text === 'string' ? turn.text : '';
}

export class OfflineCoach implements CoachModel {
  readonly name = 'offline';

  // Synchronous work behind an async port: a throw still becomes a rejection, as the port promises.
  nextTurn(request: CoachTurnRequest): Promise<CoachTurn> {
    return Promise.resolve().then(() => offlineTurn(request));
  }

  writeReport(request: ReportRequest): Promise<ReportDraft> {
    return Promise.resolve().then(() => buildReportFromTranscript(request));
  }
}

/** The offline coach's turn, as a pure function. */
export function offlineTurn(request: CoachTurnRequest): CoachTurn {
  const name = firstNameOf(request);
  const stage: StageId = isStageId(String(request.stage)) ? request.stage : 'significance';
  const stageTurns = Number.isInteger(request.stageTurns) && request.stageTurns > 0 ? request.stageTurns : 0;
  const transcript = (Array.isArray(request.transcript) ? request.transcript : []).filter(
    (t) => t && (t.role === 'person' || t.role === 'coach') && !(t.role === 'person' && isWrapUp(textOf(t))),
  );

  const lastCoachIndex = transcript.map((t) => t.role).lastIndexOf('coach');
  const lastCoach = lastCoachIndex >= 0 ? textOf(transcript[lastCoachIndex]) : null;
  // The answer is everything the person said since the coach last spoke (a burst is one answer).
  const answer = transcript
    .slice(lastCoachIndex + 1)
    .filter((t) => t.role === 'person')
    .map(textOf)
    .join('\n');
  const personTexts = transcript.filter((t) => t.role === 'person').map(textOf);
  const substantive = personTexts.filter(isSubstantive);
  const latestText = personTexts[personTexts.length - 1] ?? '';
  const seed = hashText(`${stage}|${stageTurns}|${transcript.length}|${latestText.slice(0, 2000)}`);

  // No problem named yet ("good morning", "hi", an emoji): greet and ask the opening question.
  if (substantive.length === 0) {
    if (lastCoach === null) {
      const lastTask = request.memory?.lastTask;
      const hello = salutation(name, latestText);
      if (typeof lastTask === 'string' && isSubstantive(lastTask)) {
        const task = quoted(clip(flatten(lastTask), 80));
        return { reply: `${hello}\n\nHow did ${task} go, and what feels like the most important problem to solve today?`, stageCovered: false };
      }
      return { reply: `${hello}\n\n${OPENING_QUESTION}`, stageCovered: false };
    }
    return {
      reply: name ? `No rush, ${name}. ${OPENING_QUESTION}` : `No rush. ${OPENING_QUESTION}`,
      stageCovered: false,
    };
  }

  // The words to reflect: the latest answer's, or the latest substantive message's if it said little ("idk").
  const source = isSubstantive(answer) ? answer : (substantive[substantive.length - 1] ?? answer);
  const phrase = quoted(keyPhrase(source) ?? clip(flatten(source), 60));

  // The person opened with the problem itself: greet and go straight to why it matters.
  if (lastCoach === null) {
    const question = pick(QUESTIONS.significance.opening, seed)(phrase);
    return { reply: `${salutation(name, latestText)} ${question}`, stageCovered: false };
  }

  // Which stage did the latest answer belong to? See the class comment. A turn
  // already taken in this stage settles it; otherwise the answer's recorded
  // stage does (for messages stored without one, the rule in stagesOf).
  const answeredStage: StageId =
    stageTurns > 0 || stageIndex(stage) === 0 ? stage : (stagesOf(transcript)[transcript.length - 1] ?? stage);

  if (answeredStage !== stage) {
    // The state machine moved on by its bound: open the new stage.
    return { reply: pick(QUESTIONS[stage].opening, seed)(phrase), stageCovered: false };
  }

  const isProblemStatement = substantive.length === 1 && isSubstantive(answer);
  if (stage === 'significance' && isProblemStatement) {
    return { reply: pick(QUESTIONS.significance.opening, seed)(phrase), stageCovered: false };
  }

  const covered = answerCovers(stage, answer, isProblemStatement);
  const following = nextStage(stage);
  if (covered && following) {
    return { reply: pick(QUESTIONS[following].opening, seed)(phrase), stageCovered: true };
  }
  // Not covered yet, or the last stage: stay, with another question in this stage.
  return { reply: pick(QUESTIONS[stage].followUp, seed)(phrase), stageCovered: covered };
}
