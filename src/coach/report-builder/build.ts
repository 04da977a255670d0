import { wordsFor, type Words } from '../../words/catalog';
import type { ReportRequest } from '../ports';
import { ReportDraftSchema, type ReportDraft } from '../report';
import { coachingSignals, scoreSession, type CriterionId } from '../rubric';
import { beliefsAndClaims, saidIn, type Said } from './findings';
import { FIELD_LIMIT, TITLE_LIMIT, clip, flatten, isSubstantive, unquoted } from './text';

/**
 * The Deep Thoughts report from the transcript alone, without a model: the
 * offline coach's report and the fallback when Claude fails. It states what
 * the person said (their whole clauses, quoted), says plainly what was not
 * reached, labels every prompt as a suggestion, and invents nothing: no
 * beliefs they did not state, no tactic they did not choose, no closing line
 * of its own, nothing of theirs pasted into a template. Scored by the rubric
 * (src/coach/rubric.ts). Never throws: whatever the transcript, the result
 * passes ReportDraftSchema.
 */

const RUBRIC_LABEL: Record<CriterionId, keyof Words> = {
  oneQuestion: 'rubricOneQuestion', reflection: 'rubricReflection', convergence: 'rubricConvergence', problem: 'rubricProblem',
  stakes: 'rubricStakes', stakesDepth: 'rubricStakesDepth', task: 'rubricTask', successCriteria: 'rubricSuccessCriteria',
  timeBox: 'rubricTimeBox', crux: 'rubricCrux', firstStep: 'rubricFirstStep', commitment: 'rubricCommitment',
};
/** What to improve first: the outcome the product exists for, then the coaching. */
const IMPROVE_ORDER: CriterionId[] = ['task', 'crux', 'firstStep', 'successCriteria', 'timeBox', 'commitment', 'problem', 'convergence', 'oneQuestion', 'reflection', 'stakes', 'stakesDepth'];

function draftOf(request: ReportRequest, w: Words): ReportDraft {
  const transcript = Array.isArray(request.transcript) ? request.transcript : [];
  const said = saidIn(transcript, request.slots ?? {});
  const rubric = scoreSession({ reached: said.reached, coaching: coachingSignals(transcript, isSubstantive) });
  const suggest = (...keys: Array<keyof Words>) => keys.map((k) => `${w.reportSuggestion} ${w[k]}`);
  /** "Label: “their words”"; when they said nothing for it, the section's "not reached", or within a section "Label: not said". */
  const line = (label: keyof Words, quote: string | null, within = false) =>
    quote ? `${w[label]} ${quote}` : within ? `${w[label]} ${w.reportNotSaid}` : w.reportNotReached;
  const { limiting, empowering, assumed } = beliefsAndClaims(said);

  const stakes = said.stakes.length > 0 ? `${w.reportStakes} ${said.stakes.slice(0, 3).join(' ')}` : '';
  /** Within a section: the slot's own words, "as above" when they are the sentence just quoted, or "not said". */
  const also = (label: keyof Words, quote: string | null, above: string | null) => (quote !== null && quote === above ? `${w[label]} ${w.reportAsAbove}` : line(label, quote, true));
  const task = [line('reportTask', said.task)];
  if (said.task) task.push(also('reportCriteria', said.successCriteria, said.task), also('reportTimeBox', said.timeBox, said.task));
  const taskMissing = !said.task
    ? suggest('suggestTask', 'suggestCriteria', 'suggestTimeBox')
    : suggest(...(said.successCriteria ? [] : (['suggestCriteria'] as const)), ...(said.timeBox ? [] : (['suggestTimeBox'] as const)));
  const earned = rubric.earned.map((id) => w[RUBRIC_LABEL[id]]);
  const missed = IMPROVE_ORDER.filter((id) => rubric.missed.includes(id)).map((id) => w[RUBRIC_LABEL[id]]);
  const points = new Intl.NumberFormat(request.locale ?? 'en').format(rubric.points);

  return {
    title: titleOf(said, w),
    significance: {
      established: [line('reportProblem', said.problem), stakes].filter(Boolean).join(' '),
      missing: !said.problem ? suggest('suggestProblem', 'suggestStakes') : said.stakes.length === 0 ? suggest('suggestStakes') : [],
    },
    task: { established: task.join(' '), missing: taskMissing, task: unquoted(said.task) },
    archetypes: {
      established: said.approaches.length > 0 ? `${w.reportApproaches} ${said.approaches.slice(0, 4).join(' ')}` : w.reportNotReached,
      missing: said.reached.approaches >= 2 ? [] : suggest('suggestApproaches'),
    },
    crux: { established: line('reportCrux', said.crux), missing: said.crux ? [] : suggest('suggestCrux'), crux: unquoted(said.crux) },
    cruxSolutions: {
      tactics: [
        said.firstStep
          ? {
              name: w.reportYourStep,
              description: said.firstStep,
              firstStep: also('reportCommitment', said.commitment, said.firstStep),
              whyItWorks: line('reportCrux', said.crux, true),
              obstacles: w.reportNotSaid,
            }
          : { name: w.reportNoTactic, description: suggest('suggestFirstStep')[0] ?? w.reportNotReached, firstStep: w.reportNotReached, whyItWorks: w.reportNotSaid, obstacles: w.reportNotSaid },
      ],
    },
    beliefs: { limiting, empowering, emerging: [], experiment: suggest('suggestBeliefs')[0] ?? w.reportNotReached },
    factCheck: {
      facts: assumed.length > 0 ? assumed.map((claim) => ({ claim, status: 'assumed' as const })) : [{ claim: `${w.reportNotReached} ${suggest('suggestFacts').join('')}`, status: 'assumed' as const }],
    },
    oneMoreThing: { observation: line('reportClosing', said.closing) },
    evaluation: {
      worked: earned.length > 0 ? earned.slice(0, 5) : [w.reportNothingEarned],
      improve: missed.length > 0 ? missed.slice(0, 5) : [w.reportNothingMissed],
      score: rubric.score,
      rationale: [
        w.reportRationale.replace('{points}', points).replace('{score}', String(rubric.score)),
        missed.length > 0 ? `${w.reportMissedList} ${missed.join(', ')}.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    },
  };
}

/** The problem's own first sentence when it fits whole, else the catalog's neutral title: never a cut quote. */
function titleOf(said: Said, w: Words): string {
  const problem = unquoted(said.problem)?.replace(/[\s.!?…,;:。！？]+$/u, '');
  return problem && problem.length <= TITLE_LIMIT ? problem.charAt(0).toUpperCase() + problem.slice(1) : w.reportUntitled;
}

/** Bound every string and drop empty list items, so the draft is valid whatever went in. */
function bounded(draft: ReportDraft): ReportDraft {
  const b = (text: string) => clip(text.trim(), FIELD_LIMIT);
  const list = (items: readonly string[], max: number) => items.map(b).filter((item) => item.length > 0).slice(0, max);
  const section = <S extends { established: string; missing: string[] }>(s: S): S => ({ ...s, established: b(s.established), missing: list(s.missing, 6) });
  return {
    ...draft,
    title: clip(flatten(draft.title), TITLE_LIMIT),
    significance: section(draft.significance),
    task: section(draft.task),
    archetypes: section(draft.archetypes),
    crux: section(draft.crux),
    beliefs: { ...draft.beliefs, limiting: list(draft.beliefs.limiting, 5), empowering: list(draft.beliefs.empowering, 5) },
    evaluation: { ...draft.evaluation, worked: list(draft.evaluation.worked, 5), improve: list(draft.evaluation.improve, 5), rationale: b(draft.evaluation.rationale) },
  };
}

/** The last resort: every section says it was not reached; score 1. */
function minimalDraft(w: Words): ReportDraft {
  const section = { established: w.reportNotReached, missing: [`${w.reportSuggestion} ${w.suggestProblem}`] };
  const none = { name: w.reportNoTactic, description: w.reportNotReached, firstStep: w.reportNotReached, whyItWorks: w.reportNotSaid, obstacles: w.reportNotSaid };
  return {
    title: w.reportUntitled,
    significance: section,
    task: { ...section, task: null },
    archetypes: section,
    crux: { ...section, crux: null },
    cruxSolutions: { tactics: [none] },
    beliefs: { limiting: [], empowering: [], emerging: [], experiment: `${w.reportSuggestion} ${w.suggestBeliefs}` },
    factCheck: { facts: [{ claim: w.reportNotReached, status: 'assumed' }] },
    oneMoreThing: { observation: w.reportNotReached },
    evaluation: { worked: [w.reportNothingEarned], improve: [w.rubricProblem], score: 1, rationale: w.reportRationale.replace('{points}', '0').replace('{score}', '1') },
  };
}

export function buildReportFromTranscript(request: ReportRequest): ReportDraft {
  const w = wordsFor(request?.locale ?? 'en');
  try {
    const parsed = ReportDraftSchema.safeParse(bounded(draftOf(request, w)));
    if (parsed.success) return parsed.data;
  } catch {
    // Fall through: the report from the transcript is the last line of defence, so it degrades, never fails.
  }
  return minimalDraft(w);
}
