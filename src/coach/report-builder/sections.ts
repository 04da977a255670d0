import type { ReportRequest } from '../ports';
import type { ReportDraft } from '../report';
import type { Turn } from '../transcript';
import { findingsOf } from './findings';
import { ASSUMED, KNOWN, LIMITING } from './heuristics';
import { rationaleFor, scoreSession } from './rubric';
import { paradigmsFor, puzzleFor, tacticsFor } from './tactics';
import { TITLE_LIMIT, clip, flatten, quote, quotes, said } from './text';
import { isSubstantive, keyPhrase, sentencesOf, wordsOf } from './words';

/**
 * The report's eight sections and its evaluation, written from what the
 * conversation established (`findingsOf`). It quotes the person's own words
 * (raw: escaping for Slack is the renderer's job), says plainly what was not
 * established, and prompts for it.
 */

interface Names {
  /** "Michael", or "You" when the name is unknown (the templates use past tense, so both read right). */
  subject: string;
  object: string;
  possessive: string;
}

function namesFor(firstName: unknown): Names {
  const name = typeof firstName === 'string' ? clip(flatten(firstName), 40) : '';
  if (!name) return { subject: 'You', object: 'you', possessive: 'your' };
  return { subject: name, object: name, possessive: `${name}’s` };
}

function titleFrom(problem: string | null, date: unknown): string {
  const sentence = problem ? (sentencesOf(problem).find((s) => isSubstantive(s)) ?? problem) : null;
  if (sentence) {
    const flat = flatten(sentence).replace(/[\s.!?…,;:]+$/, '');
    const capitalised = flat.charAt(0).toUpperCase() + flat.slice(1);
    const title = clip(capitalised, TITLE_LIMIT).trim();
    if (title.length > 0) return title;
  }
  const day = typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? ` on ${date}` : '';
  return `A short check-in${day}`;
}

/** The unbounded draft; `buildReportFromTranscript` bounds and validates it. */
export function draftFromTranscript(request: ReportRequest): ReportDraft {
  const names = namesFor(request.firstName);
  const transcript = Array.isArray(request.transcript) ? request.transcript : [];
  const findings = findingsOf(transcript);
  const { substantive, problem, allText, seed, significanceAnswers, laterStakes, taskAnswers, archetypeAnswers } = findings;
  const { cruxAnswers, task, crux, ownTactic, approaches, personSentences, limiting, empowering, evidence } = findings;
  const rubric = scoreSession(evidence);

  // What the prompts are about: the problem for why-it-matters and the crux, the task (if any) for how.
  const problemPhrase = (problem && keyPhrase(problem)) || null;
  const problemTopic = problemPhrase ? `“${problemPhrase}”` : 'today’s problem';
  const topicPhrase = (task && keyPhrase(task)) || problemPhrase;
  const topic = topicPhrase ? `“${topicPhrase}”` : 'today’s problem';

  // --- 1. significance
  const sigParts: string[] = [];
  if (problem) sigParts.push(`${names.subject} named the problem: ${said(problem)}`);
  if (significanceAnswers.length > 0) sigParts.push(`On why it matters: ${quotes(significanceAnswers)}`);
  if (laterStakes.length > 0) sigParts.push(`Later, on the stakes: ${quotes(laterStakes, 2)}`);
  if (problem && significanceAnswers.length + laterStakes.length === 0) sigParts.push('Why it matters was not explored.');
  const stakesText = [...significanceAnswers, ...laterStakes].join(' ');
  const sigMissing: string[] = [];
  if (!problem) {
    sigMissing.push('What feels like the most important problem to solve today?', 'Why does it matter, and to whom?');
  } else {
    if (!/\b(?:would|could|will|so that|means|unlock|change|help|better)\b/i.test(stakesText))
      sigMissing.push(`What specifically would change if ${problemTopic} were solved?`);
    if (!/\b(?:team|customers?|users?|clients?|company|manager|boss|family|colleagues?|we|our|they)\b/i.test(stakesText))
      sigMissing.push(`Who else is affected if ${problemTopic} stays unsolved?`);
    if (!/\b(?:now|this (?:week|month|quarter)|deadline|soon|urgent|before)\b/i.test(stakesText))
      sigMissing.push(`Why does ${problemTopic} matter now rather than next quarter?`);
  }

  // --- 2. task
  const taskParts: string[] = [];
  if (task) {
    taskParts.push(`${names.subject} committed to: ${said(task)}`);
    taskParts.push(
      `Time box: ${evidence.taskHasTimeBox ? 'set' : 'not set'}. Success criteria: ${evidence.taskHasSuccessCriterion ? 'set' : 'not set'}.`,
    );
  } else {
    taskParts.push('No specific task was defined for today.');
    if (taskAnswers[0]) taskParts.push(`The closest it came: ${said(taskAnswers[0])}`);
  }
  const taskMissing: string[] = [];
  if (!task) {
    const lastTask = request.memory?.lastTask;
    if (typeof lastTask === 'string' && lastTask.trim()) taskMissing.push(`Build on the last task, ${quote(lastTask, 120)}: what is the next step?`);
    taskMissing.push(
      `Identify one concrete step toward ${topic} that you could finish today`,
      'Set success criteria (e.g. what will you be able to show when it is done?)',
      'Time box the task (e.g. a 90-minute block before lunch)',
    );
  } else {
    if (!evidence.taskHasSuccessCriterion) taskMissing.push('Set success criteria: what will tell you it is done?');
    if (!evidence.taskHasTimeBox) taskMissing.push('Time box it: how long will you give it, and when will you start?');
  }

  // --- 3. archetypes
  const archetypesEstablished =
    archetypeAnswers.length > 0
      ? `Approaches discussed: ${quotes(archetypeAnswers)}${approaches >= 2 ? '' : ' One approach so far.'}`
      : 'No distinct solution approaches were discussed.';
  const archetypesMissing = paradigmsFor(topic, seed, approaches >= 2 ? 1 : 3);

  // --- 4. crux
  const cruxEstablished = crux
    ? `Core constraint: ${said(crux)}`
    : cruxAnswers[0]
      ? `The conversation didn’t converge on a specific crux. The closest it came: ${said(cruxAnswers[0])}`
      : 'The conversation didn’t converge on a specific crux.';
  const cruxMissing = crux
    ? [`Test it: if that constraint vanished tomorrow, would ${problemTopic} be easy?`]
    : [
        `Is the bottleneck knowing where to start on ${problemTopic}, or finding the time for it?`,
        `What if the real crux is getting feedback on ${problemTopic} early?`,
        `Could the real crux be picking the one part of ${problemTopic} that matters most?`,
      ];

  // --- 5. crux solutions
  const tactics = tacticsFor(crux, allText, ownTactic, topic);

  // --- 6. beliefs
  const firstLimiting = personSentences.find((p) => LIMITING.test(p.s))?.s;
  const emerging = [
    '“I can get there one concrete step at a time.”',
    '“Done today beats perfect later.”',
    ...(firstLimiting ? ['“It’s okay to learn in public and iterate with feedback.”'] : []),
  ];
  const experiment = firstLimiting
    ? `What if I believed the opposite of ${quote(firstLimiting, 160)}? What would I try first today?`
    : `What if I believed I’m already adding unique value to ${problemTopic}? How would I approach today differently?`;

  // --- 7. fact check: the fact-check stage's sentences first, then the rest, in order.
  const factCandidates = [
    ...personSentences.filter((p) => p.stage === 'factCheck'),
    ...personSentences.filter((p) => p.stage !== 'factCheck'),
  ];
  const assumed = factCandidates.filter((p) => ASSUMED.test(p.s)).slice(0, 4);
  const known = factCandidates.filter((p) => !ASSUMED.test(p.s) && KNOWN.test(p.s)).slice(0, 3);
  const facts: Array<{ claim: string; status: 'known' | 'assumed' }> = [
    ...known.map((p) => ({ claim: quote(p.s, 240), status: 'known' as const })),
    ...assumed.map((p) => ({ claim: quote(p.s, 240), status: 'assumed' as const })),
  ];
  if (facts.length === 0) {
    facts.push(
      topicPhrase
        ? { claim: `${problemTopic} is the most important problem to solve today.`, status: 'assumed' }
        : { claim: 'The conversation ended before any facts or assumptions came up.', status: 'known' },
    );
  }

  // --- 8. just one more thing
  const columboSource = problem ?? substantive[substantive.length - 1]?.text ?? null;
  const columboPhrase = columboSource ? (keyPhrase(columboSource, { maxWords: 12, maxChars: 90 }) ?? null) : null;
  const observation = columboPhrase
    ? `I notice you mentioned “${columboPhrase}”. Just one more thing puzzles me… ${puzzleFor(columboPhrase, crux, seed)}`
    : 'I notice we didn’t get to a problem today. Just one more thing puzzles me… what would make it easier to name one tomorrow morning?';

  // --- evaluation
  const earnedText: Record<string, string> = {
    significance: `Exploring why ${problemTopic} matters to ${names.object}`,
    task: `Landing one concrete task for today: ${quote(task ?? '', 120)}`,
    archetypes: 'Considering more than one way to approach it',
    crux: `Naming the crux: ${quote(crux ?? '', 120)}`,
    cruxSolutions: 'Turning the crux into a first step',
    beliefs: 'Examining the beliefs and assumptions behind the plan',
  };
  const missedText: Record<string, string> = {
    task: 'Defining a concrete task, with success criteria and a time box, for today',
    taskCriteria: 'Giving the task both a time box and a clear sign that it is done',
    crux: 'Identifying the core constraint that would make the biggest difference',
    archetypes: 'Exploring at least two solution approaches to unlock new thinking',
    significance: `Asking why the problem matters, and to whom`,
    significanceDepth: `Going one level deeper on why ${problemTopic} matters, and to whom`,
    cruxSolutions: 'Turning the crux into a tactic with a first step',
    beliefs: 'Examining limiting beliefs and untested assumptions',
    engagement: 'Staying with the conversation for a few more turns',
  };
  const coachTurns = transcript.filter((t) => t && t.role === 'coach');
  const reflected = reflectionRate(transcript);
  const worked = rubric.earned.map((item) => earnedText[item]).filter((t): t is string => Boolean(t));
  if (coachTurns.length >= 2 && reflected >= 0.5) worked.push(`Reflecting ${names.possessive} own words back`);
  if (worked.length === 0) worked.push('Showing up and starting the conversation');
  const improve = rubric.missed.map((item) => missedText[item]).filter((t): t is string => Boolean(t));
  if (improve.length === 0) improve.push('Checking in tomorrow on how the task went, and whether the crux still holds');

  return {
    title: titleFrom(problem, request.date),
    significance: {
      established: sigParts.length > 0 ? sigParts.join(' ') : 'The conversation didn’t get as far as naming a problem.',
      missing: sigMissing,
    },
    task: { established: taskParts.join(' '), missing: taskMissing, task: task ? clip(flatten(task), 300) : null },
    archetypes: { established: archetypesEstablished, missing: archetypesMissing },
    crux: { established: cruxEstablished, missing: cruxMissing, crux: crux ? clip(flatten(crux), 300) : null },
    cruxSolutions: { tactics },
    beliefs: { limiting: limiting.slice(0, 3), empowering: empowering.slice(0, 3), emerging, experiment },
    factCheck: { facts },
    oneMoreThing: { observation },
    evaluation: {
      worked,
      improve,
      score: rubric.score,
      rationale: rationaleFor(rubric.score, evidence, problemTopic),
    },
  };
}

/** Share of coach questions (after the first) that reuse three consecutive words of the person's previous message. */
function reflectionRate(transcript: readonly Turn[]): number {
  let asked = 0;
  let reused = 0;
  let previousPerson: string | null = null;
  for (const turn of transcript) {
    if (!turn || typeof turn.text !== 'string') continue;
    if (turn.role === 'person') {
      previousPerson = turn.text;
    } else if (turn.role === 'coach' && previousPerson !== null && isSubstantive(previousPerson)) {
      asked += 1;
      const words = wordsOf(previousPerson);
      const coach = wordsOf(turn.text).join(' ');
      for (let i = 0; i + 3 <= words.length; i += 1) {
        if (coach.includes(words.slice(i, i + 3).join(' '))) {
          reused += 1;
          break;
        }
      }
    }
  }
  return asked === 0 ? 0 : reused / asked;
}
