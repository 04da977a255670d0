import { z } from 'zod';

/**
 * The Deep Thoughts report, as the model writes it (a "draft": everything but
 * the transcript, which is appended from storage and never trusted to the
 * model). Shape follows docs/reference-report.md: most sections have
 * two halves, what the conversation established and what it missed, with
 * concrete prompts to close the gap.
 */
const text = z.string().trim().min(1);
const prompts = z.array(text).max(6);

/** A section with an "established" half and a "missing" half. */
export const SectionSchema = z.object({
  established: text.describe('What the conversation established, in the person\'s own words where possible.'),
  missing: prompts.describe('What it missed: concrete prompts or suggestions that would close the gap. Empty when nothing is missing.'),
});

export const TacticSchema = z.object({
  name: text.describe('A short name for the tactic.'),
  description: text.describe('The tactic in one sentence.'),
  firstStep: text,
  whyItWorks: text,
  obstacles: text,
});

export const FactSchema = z.object({
  claim: text,
  status: z.enum(['known', 'assumed']).describe('known: established as fact (✅); assumed: still an assumption to check (❓).'),
});

export const ReportDraftSchema = z.object({
  title: z.string().trim().min(1).max(120).describe('A short title for the session, without the "Deep Thoughts:" prefix.'),
  significance: SectionSchema,
  task: SectionSchema.extend({
    task: text.nullable().describe("Today's concrete task in one sentence, or null if none was defined."),
  }),
  archetypes: SectionSchema,
  crux: SectionSchema.extend({
    crux: text.nullable().describe('The crux in one sentence, or null if the conversation did not converge on one.'),
  }),
  cruxSolutions: z.object({
    tactics: z.array(TacticSchema).min(1).max(3),
  }),
  beliefs: z.object({
    limiting: z.array(text).max(5),
    empowering: z.array(text).max(5),
    emerging: z.array(text).max(5),
    experiment: text.describe('A belief experiment: "What if I believed ...?"'),
  }),
  factCheck: z.object({
    facts: z.array(FactSchema).min(1).max(8),
  }),
  oneMoreThing: z.object({
    observation: text.describe('A closing, Columbo-style observation that quotes the person.'),
  }),
  evaluation: z.object({
    worked: z.array(text).min(1).max(5),
    improve: z.array(text).min(1).max(5),
    score: z.number().int().min(1).max(10),
    rationale: text.describe('Why this score by the rubric in the instructions: the lines earned and the ones missed.'),
  }),
});

export type ReportDraft = z.infer<typeof ReportDraftSchema>;

export interface TranscriptLine {
  speaker: 'person' | 'coach';
  /** Display name: the person's first name, or "Coach". */
  name: string;
  text: string;
}

/** A report as stored and shown: the draft plus facts the system knows. */
export interface Report extends ReportDraft {
  /** The person's local date of the session, YYYY-MM-DD. */
  date: string;
  startedAt: Date;
  endedAt: Date;
  /** Number of person messages in the session. */
  turns: number;
  /** Who wrote it: a Claude model id, "offline", or "offline-fallback" when the model failed and the transcript builder stepped in. */
  writtenBy: string;
  transcript: TranscriptLine[];
  /**
   * The person's own rating, 1-5, attached when the report is read back
   * (stored in its own table, never in the report, never in the score).
   */
  rating?: number | null;
}
