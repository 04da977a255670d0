import { ReportDraftSchema, type ReportDraft } from '../../src/coach/report';

/**
 * docs/reference-report.md, transcribed by hand into a draft (with
 * its mojibake emoji as real ones: ✅ is `known`, ❓ is `assumed`).
 */
function referenceReport(): ReportDraft {
  return {
    title: 'Becoming an AI Product Management Thought Leader',
    significance: {
      established:
        'Michael wants to master evals and LangSmith to become a thought leader in AI product management. This would allow him to help his new team at his new company move the needle on using LLMs to create delightful user experiences in their product.',
      missing: [
        'What specific outcomes for the company would change if you became the thought leader on this?',
        'How would your career trajectory be different in 1 year if you mastered this now?',
        "What's the opportunity cost to the team if they don't gain this LLM expertise?",
      ],
    },
    task: {
      established: 'No specific task was defined for today.',
      task: null,
      missing: [
        'Identify one concrete eval to write (e.g. a product feature using LLMs)',
        'Set success criteria (e.g. generates desired output, handles edge cases)',
        'Time box the task (e.g. complete draft eval in 2 hours)',
      ],
    },
    archetypes: {
      established: 'No distinct solution approaches were discussed.',
      missing: [
        'Engineering approach: Dive deep into LangSmith technical capabilities',
        'UX approach: Mock up the ideal LLM-powered user experience',
        'Strategy approach: Map out 3-month milestones to thought leadership',
      ],
    },
    crux: {
      established: "The conversation didn't converge on a specific crux.",
      crux: null,
      missing: [
        '"The one thing that would accelerate my learning is getting feedback on evals from an expert."',
        '"What if the bottleneck is actually not having a clear plan for thought leadership?"',
        '"Could the real crux be picking the highest-impact area of LLMs to focus on first?"',
      ],
    },
    cruxSolutions: {
      tactics: [
        {
          name: 'Feedback loop',
          description: 'Share each eval draft with an experienced LangSmith user for tips',
          firstStep: 'Identify the best person to ask and schedule a 30min feedback session',
          whyItWorks: 'Shortens learning cycle with expert guidance',
          obstacles: 'Finding the right person, being open to critical feedback',
        },
        {
          name: 'Thought leadership plan',
          description: 'Map out key milestones and promotion channels',
          firstStep: 'Brainstorm the top 3 things you want to be known for in this space',
          whyItWorks: 'Creates a concrete roadmap to guide learning & content creation',
          obstacles: 'Prioritizing the most impactful ideas, following through consistently',
        },
        {
          name: 'High-impact focus',
          description: 'Pick one high-value LLM use case to master first',
          firstStep: 'List top 3 product opportunities and score by impact & difficulty',
          whyItWorks: 'Builds credibility quickly by solving a key problem extremely well',
          obstacles: 'Avoiding shiny object syndrome, going deep before moving on',
        },
      ],
    },
    beliefs: {
      limiting: ['I need to know everything about LLMs to be a thought leader'],
      empowering: ["My team's success is a strong motivator for growth"],
      emerging: [
        'I can become an expert one high-impact use case at a time',
        "It's okay to learn in public and iterate with feedback",
        'Thought leadership is about moving key metrics, not just knowledge',
      ],
      experiment:
        "What if I believed I'm already adding unique value to the LLM conversation? How would I share my learning journey differently?",
    },
    factCheck: {
      facts: [
        { claim: 'Mastering evals and LangSmith are key skills for AI product managers', status: 'known' },
        { claim: 'Becoming a thought leader is the best path to moving the needle for the team', status: 'assumed' },
        { claim: "The team's current bottleneck is lack of LLM expertise", status: 'assumed' },
      ],
    },
    oneMoreThing: {
      observation:
        'I notice you mentioned wanting to "really learn evals and use of LangSmith today". Just one more thing puzzles me... what if mastery was less about how much you learn in one day and more about consistent practice over time?',
    },
    evaluation: {
      worked: [
        'Clarifying the significance of the problem for Michael personally and for his team',
        'Probing for the specific gap between current and desired state with LLMs',
        'Reflecting Michael\'s own language around "moving the needle"',
      ],
      improve: [
        'Defining a concrete task and success criteria for the day',
        'Exploring multiple solution approaches to unlock new thinking',
        'Identifying the core constraint that would make the biggest difference',
      ],
      score: 6,
      rationale:
        "The coach did a good job exploring the importance of the problem and eliciting Michael's motivations, but the conversation stayed high-level and didn't converge on a specific action plan or key constraint.",
    },
  };
}

/** The reference as an untyped object, to break it in ways the type would not allow. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test edits a deep copy at will to break it
function mutable(): Record<string, unknown> & { [key: string]: any } {
  return JSON.parse(JSON.stringify(referenceReport()));
}

describe('ReportDraftSchema', () => {
  it('accepts the reference report', () => {
    const parsed = ReportDraftSchema.parse(referenceReport());
    expect(parsed.title).toBe('Becoming an AI Product Management Thought Leader');
    expect(parsed.evaluation.score).toBe(6);
    expect(parsed.task.task).toBeNull();
    expect(parsed.crux.crux).toBeNull();
    expect(parsed.cruxSolutions.tactics).toHaveLength(3);
    expect(parsed.factCheck.facts.map((f) => f.status)).toEqual(['known', 'assumed', 'assumed']);
  });

  it('accepts a report whose task and crux were stated, and sections with nothing missing', () => {
    const report = mutable();
    report.task.task = 'Write ten golden test cases for refund questions by noon';
    report.task.missing = [];
    report.crux.crux = "I don't know what a good grader looks like";
    expect(ReportDraftSchema.safeParse(report).success).toBe(true);
  });

  it.each(['significance', 'task', 'archetypes', 'crux', 'cruxSolutions', 'beliefs', 'factCheck', 'oneMoreThing', 'evaluation'])(
    'rejects a report missing its %s section',
    (section) => {
      const report = mutable();
      delete report[section];
      const result = ReportDraftSchema.safeParse(report);
      expect(result.success).toBe(false);
      expect(result.error?.issues.some((issue) => issue.path[0] === section)).toBe(true);
    },
  );

  it.each([0, 11, -1, 6.5, Number.NaN])('rejects a score of %p', (score) => {
    const report = mutable();
    report.evaluation.score = score;
    expect(ReportDraftSchema.safeParse(report).success).toBe(false);
  });

  it.each([1, 10])('accepts the edge score %p', (score) => {
    const report = mutable();
    report.evaluation.score = score;
    expect(ReportDraftSchema.safeParse(report).success).toBe(true);
  });

  it('rejects 4 tactics, and none', () => {
    const four = mutable();
    four.cruxSolutions.tactics.push(four.cruxSolutions.tactics[0]);
    expect(ReportDraftSchema.safeParse(four).success).toBe(false);
    const none = mutable();
    none.cruxSolutions.tactics = [];
    expect(ReportDraftSchema.safeParse(none).success).toBe(false);
  });

  it.each(['', '   ', '\n'])('rejects the empty title %j', (title) => {
    const report = mutable();
    report.title = title;
    expect(ReportDraftSchema.safeParse(report).success).toBe(false);
  });

  it('rejects a title longer than 120 characters', () => {
    const report = mutable();
    report.title = 'x'.repeat(121);
    expect(ReportDraftSchema.safeParse(report).success).toBe(false);
  });

  it('rejects a fact that is neither known nor assumed, and an empty fact check', () => {
    const odd = mutable();
    odd.factCheck.facts[0].status = 'probably';
    expect(ReportDraftSchema.safeParse(odd).success).toBe(false);
    const empty = mutable();
    empty.factCheck.facts = [];
    expect(ReportDraftSchema.safeParse(empty).success).toBe(false);
  });

  it('rejects an empty string inside a section and more than six prompts', () => {
    const blank = mutable();
    blank.significance.missing.push('  ');
    expect(ReportDraftSchema.safeParse(blank).success).toBe(false);
    const many = mutable();
    many.significance.missing = Array.from({ length: 7 }, (_, i) => `Prompt ${i}`);
    expect(ReportDraftSchema.safeParse(many).success).toBe(false);
  });
});
