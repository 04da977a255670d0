import type { ReportRequest } from '../ports';
import { ReportDraftSchema, type ReportDraft } from '../report';
import { draftFromTranscript } from './sections';
import { FIELD_LIMIT, TITLE_LIMIT, clip, flatten } from './text';

/**
 * The Deep Thoughts report, written from the transcript alone, without a
 * model. It is the offline coach's report writer and the fallback when
 * Claude fails, so it must produce a valid draft for ANY transcript: empty,
 * emoji only, a 50,000-character paste, a session that never got past hello.
 * Hence the two guards here: every field bounded, and a last-resort draft.
 */

/** Bound every string and drop empty list items, so the draft is valid whatever went in. */
function bounded(draft: ReportDraft): ReportDraft {
  const b = (text: string, fallback: string): string => {
    const flat = text.trim();
    return clip(flat.length > 0 ? flat : fallback, FIELD_LIMIT);
  };
  const list = (items: readonly string[], max: number): string[] =>
    items
      .map((item) => item.trim())
      .filter((item) => item.length > 0)
      .slice(0, max)
      .map((item) => clip(item, FIELD_LIMIT));
  const section = (s: { established: string; missing: string[] }) => ({
    established: b(s.established, 'Nothing was established here.'),
    missing: list(s.missing, 6),
  });
  const orNull = (text: string | null): string | null => (text && text.trim() ? clip(text.trim(), FIELD_LIMIT) : null);
  return {
    title: clip(draft.title.trim() || 'A short check-in', TITLE_LIMIT),
    significance: section(draft.significance),
    task: { ...section(draft.task), task: orNull(draft.task.task) },
    archetypes: section(draft.archetypes),
    crux: { ...section(draft.crux), crux: orNull(draft.crux.crux) },
    cruxSolutions: {
      tactics: draft.cruxSolutions.tactics.slice(0, 3).map((t) => ({
        name: b(t.name, 'Tactic'),
        description: b(t.description, 'A next step.'),
        firstStep: b(t.firstStep, 'Pick a time today to start.'),
        whyItWorks: b(t.whyItWorks, 'It turns intention into action.'),
        obstacles: b(t.obstacles, 'Finding the time.'),
      })),
    },
    beliefs: {
      limiting: list(draft.beliefs.limiting, 5),
      empowering: list(draft.beliefs.empowering, 5),
      emerging: list(draft.beliefs.emerging, 5),
      experiment: b(draft.beliefs.experiment, 'What if I believed I could make progress today?'),
    },
    factCheck: {
      facts: draft.factCheck.facts
        .filter((f) => f.claim.trim().length > 0)
        .slice(0, 8)
        .map((f) => ({ claim: clip(f.claim.trim(), FIELD_LIMIT), status: f.status })),
    },
    oneMoreThing: { observation: b(draft.oneMoreThing.observation, 'Just one more thing puzzles me… what would tomorrow look like?') },
    evaluation: {
      worked: list(draft.evaluation.worked, 5),
      improve: list(draft.evaluation.improve, 5),
      score: Math.max(1, Math.min(10, Math.round(draft.evaluation.score) || 1)),
      rationale: b(flatten(draft.evaluation.rationale), 'An honest score from the rubric.'),
    },
  };
}

/** The last resort: a valid draft that says the session could not be summarised. */
function minimalDraft(title: string): ReportDraft {
  return {
    title,
    significance: { established: 'The session could not be summarised.', missing: ['What feels like the most important problem to solve today?'] },
    task: { established: 'No specific task was defined for today.', missing: ['Identify one concrete task you could finish today.'], task: null },
    archetypes: { established: 'No distinct solution approaches were discussed.', missing: [] },
    crux: { established: 'The conversation didn’t converge on a specific crux.', missing: [], crux: null },
    cruxSolutions: {
      tactics: [
        {
          name: 'Smallest version',
          description: 'Shrink the problem to a version small enough to finish today.',
          firstStep: 'Write down the smallest version that would still teach you something.',
          whyItWorks: 'A finished small thing shows what the big thing really needs.',
          obstacles: 'The pull to do it properly, all at once.',
        },
      ],
    },
    beliefs: { limiting: [], empowering: [], emerging: [], experiment: 'What if I believed I could make progress today?' },
    factCheck: { facts: [{ claim: 'The conversation ended before any facts or assumptions came up.', status: 'known' }] },
    oneMoreThing: { observation: 'Just one more thing puzzles me… what would make tomorrow’s session easier to start?' },
    evaluation: {
      worked: ['Showing up and starting the conversation'],
      improve: ['Naming one problem, one concrete task and its crux'],
      score: 1,
      rationale: 'Score 1/10: the session could not be summarised.',
    },
  };
}


/**
 * The whole Deep Thoughts report from the transcript, without a model.
 * Never throws: whatever the transcript, the result passes ReportDraftSchema.
 */
export function buildReportFromTranscript(request: ReportRequest): ReportDraft {
  let title = 'A short check-in';
  try {
    const draft = bounded(draftFromTranscript(request));
    title = draft.title;
    const parsed = ReportDraftSchema.safeParse(draft);
    if (parsed.success) return parsed.data;
  } catch {
    // Fall through: a report from the transcript is the last line of defence, so it degrades, never fails.
  }
  return minimalDraft(title);
}
