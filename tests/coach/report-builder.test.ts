import type { ReportRequest } from '../../src/coach/ports';
import { ReportDraftSchema, type ReportDraft } from '../../src/coach/report';
import { attributePersonTurns, buildReportFromTranscript, keyPhrase, scoreSession, type SessionEvidence } from '../../src/coach/report-builder';
import { STAGES, isStageId, type StageId } from '../../src/coach/stages';
import { stagesOf, type Turn } from '../../src/coach/transcript';

// ---------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------

/**
 * A transcript from lines: "P: ..." for the person, "C: ..." for the coach,
 * and "P[task]: ...", "C[task]: ..." for a message that recorded its stage.
 */
function transcript(...lines: string[]): Turn[] {
  const start = Date.UTC(2025, 0, 6, 8, 0);
  return lines.map((line, i) => {
    const [, who, stage] = /^([PC])(?:\[(\w+)\])?: /.exec(line) ?? [];
    if (stage !== undefined && !isStageId(stage)) throw new Error(`not a stage: ${stage}`);
    return {
      role: who === 'C' ? ('coach' as const) : ('person' as const),
      text: line.replace(/^[PC](?:\[\w+\])?: /, ''),
      at: new Date(start + i * 60_000),
      ...(stage ? { stage } : {}),
    };
  });
}

/** The same messages as stored before stages were recorded (those of `roles` only). */
function unrecorded(turns: Turn[], roles: ReadonlyArray<Turn['role']> = ['person', 'coach']): Turn[] {
  return turns.map((turn) => (roles.includes(turn.role) ? { role: turn.role, text: turn.text, at: turn.at } : turn));
}

function request(turns: Turn[], overrides: Partial<ReportRequest> = {}): ReportRequest {
  return { firstName: 'Michael', date: '2025-01-06', stageReached: 'oneMoreThing', transcript: turns, memory: null, ...overrides };
}

/** Every string in the draft, with its path. */
function strings(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

/** The words inside curly quotes, minus a trailing ellipsis (a long quote is cut). */
function quotedSpans(text: string): string[] {
  return [...text.matchAll(/“([^”]*)”/g)].map((m) => (m[1] ?? '').replace(/…$/, '').trim()).filter((q) => q.length > 0);
}

const norm = (text: string): string => text.replace(/\s+/g, ' ').trim();

// The reference session, as the person said it (docs/reference-report.md). Significance
// used its three turns, so the state machine moved the last two questions into the task stage.
const REFERENCE = transcript(
  'P[significance]: good morning',
  'C[significance]: Good morning, Michael! 🌅\n\nWhat feels like the most important problem to solve today?',
  'P[significance]: I want to really learn evals and use of langsmith today!',
  'C[significance]: What makes mastering evals and LangSmith feel particularly significant right now?',
  'P[significance]: Its the skill to learn as an AI product manager, I want to be a thought leader here1',
  'C[significance]: What would becoming a thought leader in AI product management actually change for you beyond the professional recognition?',
  'P[significance]: I can help my new team in my new company really move the needle on this topic, and succeed',
  'C[task]: What specific needle does your team need to move that evals mastery would unlock for them?',
  'P[task]: Using LLMs actively in our product in a delightful way',
  "C[task]: What's the gap between where your team is now with LLMs and that delightful user experience you're envisioning?",
  'P[task]: wrap up',
);

// A session that converged, written the way a model coach might ask (not the offline coach's wording),
// each message with its recorded stage.
const CONVERGED = transcript(
  'P[significance]: Good morning!',
  'C[significance]: Good morning, Ana! 🌅\n\nWhat feels like the most important problem to solve today?',
  'P[significance]: I need to get the Q3 pricing page redesign unstuck.',
  'C[significance]: What makes the pricing page feel so important this week?',
  'P[significance]: Because sales keeps losing deals when customers cannot compare plans, and the team is frustrated.',
  "C[task]: What's one concrete task you could finish today, and how will you know it's done?",
  'P[task]: Draft the comparison table for the three plans in Figma by 2pm, done when Sam can read it without asking questions.',
  'C[archetypes]: What are two different ways you could approach the table?',
  'P[archetypes]: I could start from the competitor tables, or interview two sales reps first.',
  "C[crux]: What's the crux, the one thing that makes this hard?",
  "P[crux]: Honestly the hardest part is that nobody has decided which plan we're pushing.",
  'C[cruxSolutions]: What tactic gets around that, and what would your first step be?',
  'P[cruxSolutions]: Ask Dana to pick one plan in our 11am sync and then design around that choice.',
  'C[beliefs]: What do you believe about yourself that makes this harder?',
  "P[beliefs]: I'm not senior enough to force a decision.",
  'C[factCheck]: What do you know for sure, and what are you assuming?',
  'P[factCheck]: I know we lost four deals last month. I assume Dana will want to decide.',
  'C[oneMoreThing]: Just one more thing puzzles me: what if the table itself is the decision?',
  'P[oneMoreThing]: Interesting, maybe it is.',
  'P[oneMoreThing]: wrap up',
);

/** Transcripts that have broken report writers before, or would. */
function awkwardTranscripts(): Array<[string, Turn[]]> {
  const longWords = 'lorem ipsum dolor sit amet consectetur adipiscing elit '.repeat(1_000).slice(0, 50_000);
  return [
    ['empty', []],
    ['only a greeting then wrap up', transcript('P: good morning', 'C: Good morning! 🌅 What feels like the most important problem to solve today?', 'P: wrap up')],
    ['wrap up alone', transcript('P: wrap up')],
    ['emoji only', transcript('P: 🙏🔥🚀', 'C: What feels like the most important problem to solve today?', 'P: 👍', 'P: wrap up')],
    ['empty and blank messages', transcript('P: ', 'C: ', 'P:    \n\t ', 'C: ?')],
    ['a 50,000-character message', transcript('P: good morning', 'C: What feels most important today?', `P: ${longWords}`, 'P: wrap up')],
    ['a 50,000-character word', transcript(`P: ${'a'.repeat(50_000)}`, 'C: Tell me more?', `P: ${'b'.repeat(50_000)}`)],
    ['a 50,000-character message of newlines and bullets', transcript(`P: ${'- try this\n- or that\n'.repeat(2_300)}`)],
    ['a 50,000-character emoji string', transcript(`P: ${'🔥'.repeat(25_000)}`, 'C: What matters?', 'P: wrap up')],
    ['coach only', transcript('C: Good morning! 🌅', 'C: Are you there?', 'C: What feels like the most important problem to solve today?')],
    ['person only', transcript('P: I want to ship the billing fix by noon', 'P: the crux is the flaky test suite', 'P: more')],
    ['Slack markup and HTML', transcript('P: Ship <!channel> fix & tell <@U123> <https://x.io|here> by noon, done when <b>tests</b> pass')],
    ['non-Latin scripts', transcript('P: 我想今天完成季度报告的初稿', 'C: 为什么这很重要?', 'P: مرحبا أريد إنهاء التقرير اليوم', 'C: What is the crux?', 'P: Привет, мне нужно закончить отчёт')],
    ['a lone surrogate', transcript('P: I want to fix \ud83d the build', 'C: Why?', 'P: because \udc00 it blocks the team')],
    ['many turns', transcript(...Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? `P: answer number ${i} about the launch plan and the team` : `C: question ${i}, what else?`)))],
    ['the reference session', REFERENCE],
    ['a converged session', CONVERGED],
    ['punctuation soup', transcript('P: ?!?!...,,,;;;', 'C: …', 'P: “”""‘’', 'P: ---')],
    ['idk answers', transcript('P: hi', 'C: What feels important?', 'P: idk', 'C: No rush?', 'P: not sure', 'P: wrap up')],
  ];
}

function expectValid(draft: ReportDraft): void {
  expect(() => ReportDraftSchema.parse(draft)).not.toThrow();
  for (const [path, value] of strings(draft)) {
    expect({ path, length: value.length, ok: value.length <= 2_500 }).toMatchObject({ path, ok: true });
    // Half an emoji is mojibake in Slack: no lone surrogate may be introduced by a cut.
    expect({ path, cutEmoji: /[\ud800-\udbff]$/.test(value) }).toEqual({ path, cutEmoji: false });
  }
  expect(draft.title.length).toBeLessThanOrEqual(120);
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

describe('buildReportFromTranscript never throws and is always valid', () => {
  const cases = awkwardTranscripts().flatMap(([name, turns]) => STAGES.map((stage) => [name, stage, turns] as const));

  it.each(cases)('%s, reached %s', (_name, stage, turns) => {
    let draft: ReportDraft | undefined;
    expect(() => {
      draft = buildReportFromTranscript(request(turns, { stageReached: stage }));
    }).not.toThrow();
    expectValid(draft as ReportDraft);
  });

  it('survives a request that breaks its own types (a bad stage, no name, a non-string message)', () => {
    const broken = {
      firstName: undefined,
      date: 42,
      stageReached: 'nonsense',
      transcript: [{ role: 'person', text: null, at: null }, { role: 'robot', text: 'beep' }, null, { role: 'person', text: 'I want to fix the build today', at: new Date() }],
      memory: { lastTask: 7, lastCrux: null, lastDate: '' },
    } as unknown as ReportRequest;
    const draft = buildReportFromTranscript(broken);
    expectValid(draft);
    expect(draft.title).toBe('I want to fix the build today');
  });

  it('writes a real report (not the last-resort one) whenever there is a problem to report on', () => {
    for (const [name, turns] of awkwardTranscripts()) {
      const draft = buildReportFromTranscript(request(turns));
      expect({ name, established: draft.significance.established }).not.toEqual({ name, established: 'The session could not be summarised.' });
    }
  });
});

describe('what the report says', () => {
  it('titles the session from the first substantive message, not the greeting', () => {
    expect(buildReportFromTranscript(request(REFERENCE)).title).toBe('I want to really learn evals and use of langsmith today');
    expect(buildReportFromTranscript(request(CONVERGED)).title).toBe('I need to get the Q3 pricing page redesign unstuck');
  });

  it('cuts a long title at a word boundary, within 120 characters', () => {
    const first = 'I want to rebuild the entire onboarding flow for enterprise customers so that admins can invite their whole team without opening a support ticket first';
    const { title } = buildReportFromTranscript(request(transcript(`P: ${first}`)));
    expect(title.length).toBeLessThanOrEqual(120);
    expect(title.endsWith('…')).toBe(true);
    const kept = title.slice(0, -1);
    expect(first.startsWith(kept)).toBe(true);
    expect(first.charAt(kept.length)).toBe(' ');
  });

  it('gives a dated, honest title when nothing substantive was said', () => {
    const { title } = buildReportFromTranscript(request(transcript('P: good morning', 'P: wrap up')));
    expect(title).toBe('A short check-in on 2025-01-06');
  });

  it('leaves the person’s text raw: escaping for Slack is the renderer’s job', () => {
    const draft = buildReportFromTranscript(
      request(transcript('P: Ship <!channel> fix & tell <@U123> by noon, done when <b>tests</b> pass', 'P: wrap up')),
    );
    expect(draft.task.task).toBe('Ship <!channel> fix & tell <@U123> by noon, done when <b>tests</b> pass');
    const all = strings(draft).map(([, v]) => v).join('\n');
    expect(all).toContain('<!channel>');
    expect(all).not.toMatch(/&amp;|&lt;|&gt;/);
  });

  it('quotes only the person’s own words in what it says was established', () => {
    for (const turns of [REFERENCE, CONVERGED]) {
      const draft = buildReportFromTranscript(request(turns));
      const personText = norm(turns.filter((t) => t.role === 'person').map((t) => t.text).join('\n'));
      const established = [
        draft.significance.established,
        draft.task.established,
        draft.archetypes.established,
        draft.crux.established,
        draft.oneMoreThing.observation,
        ...draft.beliefs.limiting,
        ...draft.factCheck.facts.map((f) => f.claim),
      ];
      const spans = established.flatMap(quotedSpans);
      expect(spans.length).toBeGreaterThan(3);
      for (const span of spans) expect(personText).toContain(norm(span));
    }
  });

  it('states the task and the crux in the person’s words when they were stated', () => {
    const draft = buildReportFromTranscript(request(CONVERGED));
    expect(draft.task.task).toBe('Draft the comparison table for the three plans in Figma by 2pm, done when Sam can read it without asking questions.');
    expect(draft.crux.crux).toBe("Honestly the hardest part is that nobody has decided which plan we're pushing.");
    expect(draft.task.missing).toEqual([]);
    expect(draft.cruxSolutions.tactics[0]?.name).toBe('Your tactic');
    expect(draft.cruxSolutions.tactics[0]?.firstStep).toBe('“Ask Dana to pick one plan in our 11am sync”');
    expect(draft.beliefs.limiting).toEqual(["“I'm not senior enough to force a decision.”"]);
    expect(draft.factCheck.facts).toEqual(
      expect.arrayContaining([
        { claim: '“I know we lost four deals last month.”', status: 'known' },
        { claim: '“I assume Dana will want to decide.”', status: 'assumed' },
      ]),
    );
  });

  it('says plainly what the reference session missed, with prompts to close the gap', () => {
    const draft = buildReportFromTranscript(request(REFERENCE, { stageReached: 'task' }));
    expect(draft.task.task).toBeNull();
    expect(draft.crux.crux).toBeNull();
    expect(draft.task.established).toMatch(/^No specific task was defined for today\./);
    expect(draft.task.missing.join(' ')).toMatch(/success criteria/i);
    expect(draft.task.missing.join(' ')).toMatch(/time box/i);
    expect(draft.crux.established).toMatch(/didn’t converge on a specific crux/);
    expect(draft.crux.missing.length).toBeGreaterThanOrEqual(2);
    expect(draft.archetypes.missing.length).toBeGreaterThanOrEqual(2);
    expect(draft.oneMoreThing.observation).toBe(
      'I notice you mentioned “learn evals and use of langsmith”. Just one more thing puzzles me… what if mastery was less about how much you learn in one day and more about consistent practice over time?',
    );
    expect(draft.evaluation.score).toBeLessThanOrEqual(6);
    expect(draft.evaluation.improve[0]).toMatch(/concrete task/);
  });

  it('reports a task and crux said early under the task and the crux, not as why it matters', () => {
    const draft = buildReportFromTranscript(
      request(transcript('P: I want to ship the billing fix by noon', 'P: the crux is the flaky test suite'), { stageReached: 'significance' }),
    );
    expect(draft.task.task).toBe('I want to ship the billing fix by noon');
    expect(draft.crux.crux).toBe('the crux is the flaky test suite');
    expect(draft.significance.established).not.toContain('flaky');
  });

  it('does not mistake a wish for today (“learn evals today”) for a concrete task', () => {
    const draft = buildReportFromTranscript(request(transcript('P: I want to learn evals today', 'C: Why?', 'P: it matters for my team')));
    expect(draft.task.task).toBeNull();
  });

  it('scores a converged session far above one that stayed high-level', () => {
    const converged = buildReportFromTranscript(request(CONVERGED));
    const reference = buildReportFromTranscript(request(REFERENCE, { stageReached: 'task' }));
    expect(converged.evaluation.score).toBeGreaterThanOrEqual(8);
    expect(reference.evaluation.score).toBeLessThan(converged.evaluation.score - 3);
    expect(converged.evaluation.rationale).not.toMatch(/\n/);
  });

  it('scores an empty session 1, the schema’s floor', () => {
    expect(buildReportFromTranscript(request([])).evaluation.score).toBe(1);
  });

  it('bounds a 50,000-character message in every field and quote', () => {
    const paste = `I need to finish the migration plan. ${'It has many details about tables and indexes and the team. '.repeat(900)}`;
    const draft = buildReportFromTranscript(request(transcript('P: hi', 'C: What matters today?', `P: ${paste}`)));
    expectValid(draft);
    for (const span of strings(draft).flatMap(([, v]) => quotedSpans(v))) expect(span.length).toBeLessThanOrEqual(300);
    expect(draft.title).toBe('I need to finish the migration plan');
  });

  it('is deterministic', () => {
    expect(buildReportFromTranscript(request(CONVERGED))).toEqual(buildReportFromTranscript(request(CONVERGED)));
  });
});

describe('which stage each answer belongs to', () => {
  const stageOf = (turns: Turn[]) => {
    const attributed = attributePersonTurns(turns);
    return (start: string): StageId | undefined => attributed.find((a) => a.text.startsWith(start))?.stage;
  };

  it('reads the stage recorded on each answer, and drops “wrap up”', () => {
    const of = stageOf(CONVERGED);
    expect(of('I need to get')).toBe('significance');
    expect(of('Because sales')).toBe('significance');
    expect(of('Draft the comparison')).toBe('task');
    expect(of('I could start')).toBe('archetypes');
    expect(of('Honestly the hardest')).toBe('crux');
    expect(of('Ask Dana')).toBe('cruxSolutions');
    expect(of("I'm not senior")).toBe('beliefs');
    expect(of('I know we lost')).toBe('factCheck');
    expect(of('Interesting')).toBe('oneMoreThing');
    expect(attributePersonTurns(CONVERGED).some((a) => a.text === 'wrap up')).toBe(false);
  });

  it('trusts the recorded stage over the wording of the question', () => {
    const turns = transcript(
      'P[significance]: I want to redesign the pricing page',
      "C[significance]: What's the crux, the bottleneck, the one constraint? What approach, which task, done by when?",
      'P[significance]: Because sales keeps losing deals',
      'C[archetypes]: Tell me more?',
      'P[archetypes]: I could start from the competitor tables, or interview two sales reps first.',
    );
    expect(attributePersonTurns(turns).map((a) => a.stage)).toEqual(['significance', 'significance', 'archetypes']);
  });

  it('gives an answer stored without a stage the stage of the coach message just before it', () => {
    const of = stageOf(unrecorded(CONVERGED, ['person']));
    expect(of('I need to get')).toBe('significance');
    expect(of('Draft the comparison')).toBe('task');
    expect(of('I could start')).toBe('archetypes');
    expect(of('Honestly the hardest')).toBe('crux');
    expect(of('Interesting')).toBe('oneMoreThing');
  });

  it('gives a coach message stored without a stage the previous coach message’s stage, or the first stage', () => {
    const turns = transcript('P: I want to fix the build', 'C: Why?', 'P: it blocks the team', 'C[task]: What today?', 'P: fix the test', 'C: And?', 'P: by noon');
    expect(stagesOf(turns)).toEqual(['significance', 'significance', 'significance', 'task', 'task', 'task', 'task']);
    expect(stagesOf(unrecorded(CONVERGED)).every((stage) => stage === STAGES[0])).toBe(true);
  });

  it('treats a recorded value that is not a stage as no stage', () => {
    const turns = transcript('C[crux]: What is hard?', 'P: nobody decided', 'C: And then?', 'P: we wait');
    const bad = turns.map((t, i) => (i === 3 ? ({ ...t, stage: 'nonsense' } as unknown as Turn) : t));
    expect(stagesOf(bad)).toEqual(['crux', 'crux', 'crux', 'crux']);
  });

  it('reports from the recorded stages, not from the wording of the questions', () => {
    const session = (stage: StageId) =>
      buildReportFromTranscript(
        request(
          transcript(
            'P[significance]: I want to redesign the pricing page',
            `C[${stage}]: Tell me more?`,
            `P[${stage}]: I could start from the competitor tables, or interview two sales reps first.`,
          ),
        ),
      );
    expect(session('archetypes').archetypes.established).toMatch(/^Approaches discussed: “I could start from the competitor tables/);
    expect(session('significance').archetypes.established).toBe('No distinct solution approaches were discussed.');
    expect(session('significance').significance.established).toContain('On why it matters: “I could start');
  });

  it('still reports the task and the crux of a session stored before stages were recorded', () => {
    const draft = buildReportFromTranscript(request(unrecorded(CONVERGED)));
    expectValid(draft);
    expect(draft.task.task).toBe('Draft the comparison table for the three plans in Figma by 2pm, done when Sam can read it without asking questions.');
    expect(draft.crux.crux).toBe("Honestly the hardest part is that nobody has decided which plan we're pushing.");
  });
});

describe('keyPhrase', () => {
  it.each([
    ['I want to really learn evals and use of langsmith today!', 'learn evals and use of langsmith'],
    ["Honestly the crux is that I don't know what a good grader looks like for refund answers", "I don't know what a good grader looks like"],
    ['I can help my new team in my new company really move the needle on this topic, and succeed', 'help my new team'],
    ["I'm going to rewrite the onboarding email", 'rewrite the onboarding email'],
    ['Because the team keeps shipping prompt changes blind, and last week a regression reached customers', 'the team keeps shipping prompt changes blind'],
  ])('reflects %j as %j', (message, phrase) => {
    expect(keyPhrase(message)).toBe(phrase);
  });

  it.each(['good morning', 'hi!', '🙏🔥', '', '   ', 'idk', 'ok thanks'])('finds nothing to reflect in %j', (message) => {
    expect(keyPhrase(message)).toBeNull();
  });

  it('stays short and verbatim on a 50,000-character message', () => {
    const paste = `We must migrate the billing database without downtime. ${'More context follows here. '.repeat(2_000)}`;
    const phrase = keyPhrase(paste);
    expect(phrase).not.toBeNull();
    expect((phrase ?? '').length).toBeLessThanOrEqual(70);
    expect(paste).toContain(phrase ?? '∅');
  });
});

describe('the scoring rubric', () => {
  const nothing: SessionEvidence = {
    personTurns: 6,
    significanceAnswers: 0,
    task: null,
    taskHasTimeBox: false,
    taskHasSuccessCriterion: false,
    approaches: 0,
    crux: null,
    ownTactic: false,
    beliefsExamined: false,
  };
  const everything: SessionEvidence = {
    personTurns: 9,
    significanceAnswers: 2,
    task: 'Draft the table by 2pm',
    taskHasTimeBox: true,
    taskHasSuccessCriterion: true,
    approaches: 2,
    crux: 'Nobody decided',
    ownTactic: true,
    beliefsExamined: true,
  };

  it('gives 10 for everything and 1 for nothing', () => {
    expect(scoreSession(everything).score).toBe(10);
    expect(scoreSession(nothing).score).toBe(1);
    expect(scoreSession(everything).missed).toEqual([]);
  });

  it('weighs a concrete task and a crux at half the score', () => {
    expect(scoreSession({ ...everything, task: null }).score).toBe(7);
    expect(scoreSession({ ...everything, crux: null }).score).toBe(8);
    expect(scoreSession({ ...everything, task: null, crux: null }).score).toBe(5);
  });

  it('keeps a high-level session (significance only) at or below 6', () => {
    expect(scoreSession({ ...nothing, significanceAnswers: 5, approaches: 1 }).score).toBeLessThanOrEqual(6);
  });

  it('caps short sessions: coaching is a conversation', () => {
    expect(scoreSession({ ...everything, personTurns: 1 }).score).toBe(2);
    expect(scoreSession({ ...everything, personTurns: 3 }).score).toBe(6);
    expect(scoreSession({ ...everything, personTurns: 3 }).missed).toContain('engagement');
  });

  it('lists the task and the crux first among the gaps', () => {
    expect(scoreSession(nothing).missed.slice(0, 2)).toEqual(['task', 'crux']);
  });
});
