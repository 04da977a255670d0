import { nextFocus, type Focus, type SlotName, type Slots } from '../coach/agenda';
import type { CoachModel, CoachTurn, CoachTurnRequest, ReportRequest } from '../coach/ports';
import { COMMITMENT_QUESTION, OPENING_QUESTION } from '../coach/prompts';
import type { ReportDraft } from '../coach/report';
import { buildReportFromTranscript, clip, flatten, hashText } from '../coach/report-builder';
import type { Turn } from '../coach/transcript';
import { isWrapUp } from '../coach/wrap-up';
import { LOCALES, wordsFor, type Locale } from '../words/catalog';
import { TIME_BOX, declines, quotableClause, readsAsEnglish, saysSomething, slotsFromAnswer } from './offline-reading';

/**
 * The coach without a model: used when no ANTHROPIC_API_KEY is set, and in
 * tests. Deterministic, honest and simple. It follows the same agenda as
 * Claude (src/coach/agenda.ts): the answer to a question fills the slot the
 * question asked for (an English answer that also names a time box or a
 * success criterion fills those too); "skip" or "I'd rather not" declines
 * it; the next question is for whatever the agenda says is still missing.
 *
 * It quotes the person's words only as a whole clause (offline-reading.ts
 * `quotableClause`), or not at all; it never asks the same question twice
 * word for word (a focus whose every wording was used is let go, declined);
 * and when the person writes in a language it cannot read, it says so once,
 * in the catalog's words for their locale, and goes on without quoting.
 */

/** One question for a focus: with a whole clause of theirs, or without any. */
type Question = (quote: string | null) => string;

const q = (withQuote: (p: string) => string, without: string): Question => (p) => (p ? withQuote(`“${p}”`) : without);

const QUESTIONS: Record<Focus, readonly Question[]> = {
  problem: [
    q((p) => `You mentioned ${p}: what feels like the most important problem to solve today?`, OPENING_QUESTION),
    q((p) => `Of everything around ${p}, which problem matters most to you today?`, 'Which problem would make today a good day if it moved?'),
    q((p) => `If you could solve just one thing behind ${p} today, what would it be?`, 'If you could solve just one thing today, what would it be?'),
  ],
  stakes: [
    q((p) => `What makes ${p} feel so significant right now?`, 'What makes this feel so significant right now?'),
    q((p) => `Who feels the stakes when ${p} goes well, or doesn’t?`, 'Who feels the stakes when this goes well, or doesn’t?'),
    q((p) => `What would change for you if ${p} were solved?`, 'What would change for you if this were solved?'),
  ],
  task: [
    q((p) => `Given ${p}, what’s one concrete task you could finish today?`, 'What’s one concrete task you could finish today?'),
    q((p) => `With ${p} in mind, what one task would make today feel like progress?`, 'What one task would make today feel like progress?'),
    q((p) => `What’s the smallest piece of ${p} you could get done today?`, 'What’s the smallest piece of this you could get done today?'),
  ],
  successCriteria: [
    q((p) => `How will you know ${p} is done?`, 'How will you know the task is done?'),
    q((p) => `What will be true by the end of today if ${p} goes well?`, 'What will be true by the end of today if the task goes well?'),
    q((p) => `What would “done” look like for ${p}?`, 'What would “done” look like for it?'),
  ],
  timeBox: [
    q((p) => `How much time will you give ${p} today?`, 'How much time will you give the task today?'),
    q((p) => `By when today do you want ${p} finished?`, 'By when today do you want it finished?'),
    q((p) => `What’s a fair time box for ${p}?`, 'What’s a fair time box for it?'),
  ],
  crux: [
    q((p) => `Looking at ${p}, what’s the one thing that makes this hard?`, 'What’s the one thing that makes this hard?'),
    q((p) => `With ${p} on the table, what’s the one constraint that, if it went away, would make the rest easy?`, 'What’s the one constraint that, if it went away, would make the rest easy?'),
    q((p) => `Underneath ${p}, what’s the real bottleneck?`, 'What’s the real bottleneck underneath it all?'),
  ],
  approaches: [
    q((p) => `If ${p} is the crux, what are two different ways you could get around it?`, 'What are two different ways you could get around that?'),
    q((p) => `Besides the obvious way, how else could you tackle ${p}?`, 'Besides the obvious way, how else could you tackle it?'),
    q((p) => `What would a bolder, or a lazier, way around ${p} look like?`, 'What would a bolder, or a lazier, way around it look like?'),
  ],
  firstStep: [
    q((p) => `With ${p} in mind, what’s the very first step you’d take?`, 'What’s the very first step you’d take?'),
    q((p) => `What’s the smallest first step toward ${p}?`, 'What’s the smallest first step you could take?'),
    q((p) => `Where would you start with ${p}, in the first ten minutes?`, 'Where would you start, in the first ten minutes?'),
  ],
  commitment: [
    q((p) => `${p}: ${COMMITMENT_QUESTION.toLowerCase()}`, COMMITMENT_QUESTION),
    q((p) => `So ${p}: when exactly will you start?`, 'When exactly will you start?'),
    q((p) => `What will you do first about ${p}, and at what time?`, 'What will you do first, and at what time?'),
  ],
  wrapUp: [
    q((p) => `${p}: is there anything else you want to capture before you type “wrap up” for your report?`, 'Is there anything else you want to capture before you type “wrap up” for your report?'),
    q((p) => `Noted: ${p}. What’s one thought you want to carry into tomorrow, before you type “wrap up”?`, 'What’s one thought you want to carry into tomorrow, before you type “wrap up”?'),
    q((p) => `${p}, noted. Whenever you’re ready, type “wrap up” and I’ll put your report together: anything to add first?`, 'Whenever you’re ready, type “wrap up” and I’ll put your report together: anything to add first?'),
  ],
};

/** The clause worth quoting, per focus: a time in it for a commitment, say. */
const PREFER: Partial<Record<Focus, RegExp>> = { commitment: TIME_BOX, wrapUp: TIME_BOX };

function textOf(turn: Turn | undefined): string {
  return turn && typeof turn.text === 'string' ? turn.text : '';
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

function localeOfRequest(request: CoachTurnRequest): Locale {
  return (LOCALES as readonly string[]).includes(request.locale) ? request.locale : 'en';
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
  const agenda = request.agenda;
  const transcript = (Array.isArray(request.transcript) ? request.transcript : []).filter(
    (t) => t && (t.role === 'person' || t.role === 'coach') && !(t.role === 'person' && isWrapUp(textOf(t))),
  );
  const coachTexts = transcript.filter((t) => t.role === 'coach').map(textOf);
  const lastCoachIndex = transcript.map((t) => t.role).lastIndexOf('coach');
  // The answer is everything the person said since the coach last spoke (a burst is one answer).
  const answer = transcript
    .slice(lastCoachIndex + 1)
    .filter((t) => t.role === 'person')
    .map(textOf)
    .join('\n');
  const personTexts = transcript.filter((t) => t.role === 'person').map(textOf);
  // The answer, and the session so far: a short "Bis Mittag" in a German session is German too.
  const english = readsAsEnglish(answer) && readsAsEnglish(personTexts.join('\n'));

  // What the answer answered: the last question's focus; a nudge's opening asked for the problem.
  const asked: Focus | null = agenda.asked ?? (lastCoachIndex >= 0 || saysSomething(answer) ? 'problem' : null);
  const declined: SlotName[] = [];
  let slots: Slots = {};
  if (asked && asked !== 'wrapUp' && declines(answer)) declined.push(asked);
  else slots = slotsFromAnswer(answer, asked, agenda.slots, english);

  // Said once per session, in the catalog's words for their locale: this coach reads English only.
  const note = english || alreadyNoted(coachTexts) ? '' : `${wordsFor(localeOfRequest(request)).offlineEnglishOnly}\n\n`;

  // No problem named yet ("good morning", "hi", an emoji): greet and ask the opening question.
  if (!personTexts.some(saysSomething)) {
    if (lastCoachIndex < 0) {
      const hello = salutation(name, textOf(transcript[transcript.length - 1]));
      const lastTask = request.memory?.lastTask;
      const task = typeof lastTask === 'string' ? quotableClause(lastTask) : null;
      const opener = task ? `How did “${task}” go, and what feels like the most important problem to solve today?` : OPENING_QUESTION;
      return { heard: '', slots: {}, declined: [], reply: `${note}${hello}\n\n${opener}` };
    }
    const reply = unused([name ? `No rush, ${name}. ${OPENING_QUESTION}` : `No rush. ${OPENING_QUESTION}`, 'Take your time: what’s on your mind this morning?', ...QUESTIONS.problem.map((ask) => ask(null))], coachTexts);
    return { heard: '', slots: {}, declined: [], reply: `${note}${reply ?? 'Take your time, and type “wrap up” whenever you want your report.'}` };
  }

  // The question for what the agenda says comes next, once this answer is merged, in a wording not used yet.
  const merged: Slots = { ...agenda.slots, ...slots };
  const allDeclined = [...agenda.declined, ...declined];
  let next = nextFocus(merged, agenda.coachTurns, allDeclined);
  const source = saysSomething(answer) ? answer : (personTexts.filter(saysSomething).pop() ?? '');
  const quote = english ? quotableClause(source, PREFER[next.focus]) : null;
  const seed = hashText(`${agenda.coachTurns}|${source.slice(0, 2000)}`);
  let question = unusedFor(next.focus, quote, seed, coachTexts);
  // Every wording of this focus was asked already: let it go rather than repeat one.
  while (question === null && next.focus !== 'wrapUp') {
    declined.push(next.focus);
    allDeclined.push(next.focus);
    next = nextFocus(merged, agenda.coachTurns, allDeclined);
    question = unusedFor(next.focus, quote, seed, coachTexts);
  }
  // Every question asked: a plain notice, not one more question.
  const reply = question ?? `I’ve asked all my questions for today${name ? `, ${name}` : ''}: type “wrap up” whenever you’re ready for your report.`;

  const heard = quote ?? '';
  // The person opened with the problem itself: greet first.
  const hello = lastCoachIndex < 0 ? `${salutation(name, personTexts[personTexts.length - 1] ?? '')} ` : '';
  return { heard, slots, declined, reply: `${note}${hello}${reply}` };
}

/**
 * The focus's questions, starting at a seeded variant: the first not yet
 * asked, or null once as many were asked as there are wordings (three asks
 * without an answer: the coach lets that slot go).
 */
function unusedFor(focus: Focus, quote: string | null, seed: number, asked: readonly string[]): string | null {
  const variants = QUESTIONS[focus];
  const timesAsked = variants.filter((ask) => asked.some((text) => sameQuestion(text, ask(null)) || (quote !== null && sameQuestion(text, ask(quote))))).length;
  if (timesAsked >= variants.length) return null;
  const rotated = variants.map((_, i) => variants[(seed + i) % variants.length]!);
  return unused(rotated.map((ask) => ask(quote)), asked) ?? unused(rotated.map((ask) => ask(null)), asked);
}

/** Does an earlier coach message say this question (the greeting or a note may lead it)? */
function sameQuestion(text: string, question: string): boolean {
  return text === question || text.endsWith(`\n\n${question}`) || text.endsWith(` ${question}`);
}

/** The first candidate no earlier coach message already says. */
function unused(candidates: readonly string[], asked: readonly string[]): string | null {
  return candidates.find((c) => !asked.some((text) => sameQuestion(text, c))) ?? null;
}

function alreadyNoted(coachTexts: readonly string[]): boolean {
  const notes = LOCALES.map((l) => wordsFor(l).offlineEnglishOnly);
  return coachTexts.some((text) => notes.some((n) => text.includes(n)));
}
