import type { CoachMemory, CoachTurnRequest } from '../../src/coach/ports';
import { ReportDraftSchema, type ReportDraft } from '../../src/coach/report';
import { newSessionState, recordCoachTurn, type SessionState } from '../../src/coach/session';
import { STAGES, type StageId } from '../../src/coach/stages';
import type { Turn } from '../../src/coach/transcript';
import { isWrapUp } from '../../src/coach/wrap-up';
import { OfflineCoach } from '../../src/model/offline';

// ---------------------------------------------------------------------------
// Driving a whole session: the same loop the coach service runs, minus storage.
// ---------------------------------------------------------------------------

interface Exchange {
  person: string;
  reply: string;
  /** The stage the coach was asked in, and what it judged. */
  stage: StageId;
  stageCovered: boolean;
}

interface SessionRun {
  exchanges: Exchange[];
  state: SessionState;
  transcript: Turn[];
  report: ReportDraft | null;
}

async function runSession(messages: string[], options: { firstName?: string; memory?: CoachMemory | null } = {}): Promise<SessionRun> {
  const coach = new OfflineCoach();
  const firstName = options.firstName ?? 'Michael';
  const memory = options.memory ?? null;
  let state = newSessionState();
  const transcript: Turn[] = [];
  const exchanges: Exchange[] = [];
  let clock = Date.UTC(2025, 0, 6, 8, 0);
  // Each message records its stage (Turn.stage): the person's, the stage of the question they answer.
  let asked: StageId = STAGES[0];
  for (const text of messages) {
    transcript.push({ role: 'person', text, at: new Date((clock += 60_000)), stage: asked });
    if (isWrapUp(text)) {
      const report = await coach.writeReport({ firstName, date: '2025-01-06', stageReached: state.stage, transcript: [...transcript], memory });
      return { exchanges, state, transcript, report };
    }
    const request: CoachTurnRequest = {
      firstName,
      stage: state.stage,
      stageTurns: state.stageTurns[state.stage],
      transcript: [...transcript],
      memory,
    };
    const turn = await coach.nextTurn(request);
    exchanges.push({ person: text, reply: turn.reply, stage: state.stage, stageCovered: turn.stageCovered });
    const next = recordCoachTurn(state, turn.stageCovered);
    if (!next.ok) throw new Error(next.error);
    // The coach's: the stage it worked on, which is the next one when it judged its stage covered.
    asked = turn.stageCovered ? next.state.stage : state.stage;
    transcript.push({ role: 'coach', text: turn.reply, at: new Date((clock += 60_000)), stage: asked });
    state = next.state;
  }
  return { exchanges, state, transcript, report: null };
}

/** Sentences in a reply, not counting punctuation inside the person's quoted words. */
function sentenceCount(reply: string): number {
  return reply
    .replace(/“[^”]*”/g, 'X')
    .split(/[.!?…]+(?=\s|$)/)
    .filter((part) => /\p{L}/u.test(part)).length;
}

function quotedSpans(text: string): string[] {
  return [...text.matchAll(/“([^”]*)”/g)].map((m) => m[1] ?? '');
}

function expectOneShortQuestion(reply: string): void {
  expect({ reply, sentences: sentenceCount(reply) <= 2 }).toEqual({ reply, sentences: true });
  expect({ reply, questionMarks: (reply.match(/\?/g) ?? []).length }).toEqual({ reply, questionMarks: 1 });
  expect(reply.trim().endsWith('?')).toBe(true);
}

const GREETING = 'Good morning, Michael! 🌅\n\nWhat feels like the most important problem to solve today?';

/** A person who answers every question with substance, and states a task and a crux. */
const FOCUSED = [
  'good morning',
  'I want to finally get our eval suite for the support bot running in LangSmith',
  'Because the team keeps shipping prompt changes blind, and last week a regression reached customers',
  'Write ten golden test cases for refund questions and run them in LangSmith by noon, done when I see a pass rate',
  'I could hand-write the cases from real tickets, or generate them with Claude and review them',
  "Honestly the crux is that I don't know what a good grader looks like for refund answers",
  'Ask Priya for the grader she used on billing and start by copying it into our dataset',
  "I'm not technical enough to own evals, I keep thinking an engineer should do this",
  "I know the regression happened, I'm assuming the team will actually look at the pass rate",
  'wrap up',
];

/** The reference session's person: warm, motivated, and never concrete. */
const HIGH_LEVEL = [
  'good morning',
  'I want to really learn evals and use of langsmith today!',
  'Its the skill to learn as an AI product manager, I want to be a thought leader here1',
  'I can help my new team in my new company really move the needle on this topic, and succeed',
  'Using LLMs actively in our product in a delightful way',
  'wrap up',
];

describe('OfflineCoach', () => {
  it('is named "offline" (recorded on every report it writes)', () => {
    expect(new OfflineCoach().name).toBe('offline');
  });

  describe('the opening', () => {
    it('greets a “good morning” and asks the opening question', async () => {
      const { exchanges } = await runSession(['good morning']);
      expect(exchanges[0]?.reply).toBe(GREETING);
      expect(exchanges[0]?.stageCovered).toBe(false);
    });

    it.each(['hi', 'Hello!', 'hey coach 👋', '🌞', ''])('greets %j the same way: nothing to coach on yet', async (hello) => {
      const { exchanges } = await runSession([hello]);
      expect(exchanges[0]?.reply).toBe(GREETING);
    });

    it('greets without a name when it has none', async () => {
      const { exchanges } = await runSession(['hi'], { firstName: '' });
      expect(exchanges[0]?.reply).toBe('Good morning! 🌅\n\nWhat feels like the most important problem to solve today?');
    });

    it('asks how yesterday’s task went before the opening question, in one question', async () => {
      const memory: CoachMemory = { lastTask: 'Draft the pricing table by 2pm.', lastCrux: 'Nobody decided the plan', lastDate: '2025-01-03' };
      const { exchanges } = await runSession(['good morning'], { memory });
      const reply = exchanges[0]?.reply ?? '';
      expect(reply).toBe(
        'Good morning, Michael! 🌅\n\nHow did “Draft the pricing table by 2pm” go, and what feels like the most important problem to solve today?',
      );
      expectOneShortQuestion(reply);
    });

    it('does not greet twice when the person is still not ready', async () => {
      const { exchanges } = await runSession(['hi', '🙂']);
      expect(exchanges[1]?.reply).toBe('No rush, Michael. What feels like the most important problem to solve today?');
    });

    it('greets and reflects at once when the person opens with the problem', async () => {
      const { exchanges } = await runSession(['Good morning! I want to fix our flaky deploy pipeline this week']);
      const reply = exchanges[0]?.reply ?? '';
      expect(reply.startsWith('Good morning, Michael! 🌅 ')).toBe(true);
      expect(quotedSpans(reply)[0]).toMatch(/^fix our flaky deploy pipeline/);
      expectOneShortQuestion(reply);
    });
  });

  describe('a focused session, greeting to report', () => {
    let run: SessionRun;
    beforeAll(async () => {
      run = await runSession(FOCUSED);
    });

    it('asks one short question per turn, two sentences at most', () => {
      expect(run.exchanges).toHaveLength(FOCUSED.length - 1);
      for (const { reply } of run.exchanges) expectOneShortQuestion(reply);
    });

    it('reflects the person’s own words, verbatim, in nearly every reply', () => {
      const reflective = run.exchanges.slice(1);
      const reused = reflective.filter(({ person, reply }) => quotedSpans(reply).some((span) => span.length >= 8 && person.includes(span)));
      expect(reused.length).toBeGreaterThanOrEqual(Math.ceil(reflective.length * 0.8));
    });

    it('never asks the same question twice', () => {
      const replies = run.exchanges.map((e) => e.reply);
      expect(new Set(replies).size).toBe(replies.length);
    });

    it('walks the stages in order and reaches the end', () => {
      const asked = run.exchanges.map((e) => STAGES.indexOf(e.stage));
      expect(asked).toEqual([...asked].sort((a, b) => a - b));
      expect(STAGES.indexOf(run.state.stage)).toBeGreaterThanOrEqual(STAGES.indexOf('crux'));
      expect(run.state.stage).toBe('oneMoreThing');
    });

    it('judges a concrete answer as covering the task stage', () => {
      const taskAnswer = run.exchanges.find((e) => e.person.startsWith('Write ten golden'));
      expect(taskAnswer?.stage).toBe('task');
      expect(taskAnswer?.stageCovered).toBe(true);
      // ...and goes straight on to approaches.
      expect(taskAnswer?.reply).toMatch(/approach/);
    });

    it('writes a valid report that states the task and the crux in the person’s words', () => {
      const report = run.report;
      expect(report).not.toBeNull();
      expect(() => ReportDraftSchema.parse(report)).not.toThrow();
      expect(report?.task.task).toBe(
        'Write ten golden test cases for refund questions and run them in LangSmith by noon, done when I see a pass rate',
      );
      expect(report?.crux.crux).toBe("Honestly the crux is that I don't know what a good grader looks like for refund answers");
      expect(report?.title).toBe('I want to finally get our eval suite for the support bot running in LangSmith');
      // The report makes no closing observation of its own: only the person's closing words, or "not reached".
      expect(report?.oneMoreThing.observation).not.toMatch(/puzzles me/);
    });
  });

  describe('a session that stays high-level, like the reference', () => {
    let run: SessionRun;
    beforeAll(async () => {
      run = await runSession(HIGH_LEVEL);
    });

    it('keeps pressing for a concrete task instead of accepting a vague one', () => {
      const vague = run.exchanges.filter((e) => e.stage === 'task');
      expect(vague.length).toBeGreaterThanOrEqual(2);
      for (const e of vague) {
        expect(e.stageCovered).toBe(false);
        expect(e.reply).toMatch(/done|concrete|time/);
      }
    });

    it('reports no task and no crux, and scores it honestly (6 or less, below a focused session)', async () => {
      const focused = await runSession(FOCUSED);
      const report = run.report;
      expect(report).not.toBeNull();
      expect(() => ReportDraftSchema.parse(report)).not.toThrow();
      expect(report?.task.task).toBeNull();
      expect(report?.crux.crux).toBeNull();
      expect(report?.evaluation.score).toBeLessThanOrEqual(6);
      expect(report?.evaluation.score ?? 10).toBeLessThan(focused.report?.evaluation.score ?? 0);
    });
  });

  describe('when the state machine moves on by its bound', () => {
    it('opens the next stage rather than judging the old answer against it', async () => {
      // Three vague task answers: the task stage's budget (3 turns) runs out.
      const run = await runSession([
        'hi',
        'I want to get better at public speaking',
        'It matters because my promotion depends on presenting to the exec team',
        'practice more I guess',
        'get more comfortable on stage',
        'speak with more confidence',
        'be less nervous in meetings',
      ]);
      const taskTurns = run.exchanges.filter((e) => e.stage === 'task');
      expect(taskTurns).toHaveLength(3);
      expect(taskTurns.every((e) => !e.stageCovered)).toBe(true);
      const last = run.exchanges[run.exchanges.length - 1];
      expect(last?.stage).toBe('archetypes');
      expect(last?.reply).toMatch(/approach/);
      expect(last?.reply).toContain('“be less nervous in meetings”');
    });
  });

  describe('which stage an answer belongs to', () => {
    const at = new Date(Date.UTC(2025, 0, 6, 8, 0));
    const opened: Turn[] = [
      { role: 'person', text: 'I want to ship the new onboarding flow', at, stage: 'significance' },
      { role: 'coach', text: 'Why does “ship the new onboarding flow” matter so much to you right now?', at, stage: 'significance' },
      { role: 'person', text: 'Customers churn in week one and the team is measured on it', at, stage: 'significance' },
    ];
    const answer = 'I could copy the old flow, or start from scratch with a video';
    const atArchetypes = (transcript: Turn[]): CoachTurnRequest => ({ firstName: 'Michael', stage: 'archetypes', stageTurns: 0, transcript, memory: null });

    it('judges an answer recorded in the current stage, whatever the question’s words', async () => {
      const turn = await new OfflineCoach().nextTurn(
        atArchetypes([
          ...opened,
          { role: 'coach', text: 'Tell me more?', at, stage: 'archetypes' },
          { role: 'person', text: answer, at, stage: 'archetypes' },
        ]),
      );
      expect(turn.stageCovered).toBe(true);
      expect(turn.reply).toMatch(/crux|constraint|bottleneck/);
    });

    it('opens the current stage when the answer was recorded in the previous one, even if the question sounded like this one', async () => {
      const turn = await new OfflineCoach().nextTurn(
        atArchetypes([
          ...opened,
          { role: 'coach', text: 'What are two different approaches or options you could take?', at, stage: 'task' },
          { role: 'person', text: answer, at, stage: 'task' },
        ]),
      );
      expect(turn.stageCovered).toBe(false);
      expect(turn.reply).toMatch(/approach/);
      expectOneShortQuestion(turn.reply);
    });

    it('counts messages stored without a stage by the fallback rule (the first stage here), so it opens the current stage', async () => {
      const unrecorded: Turn[] = [
        ...opened.map(({ role, text }) => ({ role, text, at })),
        { role: 'coach', text: 'What are two different ways you could approach it?', at },
        { role: 'person', text: answer, at },
      ];
      const turn = await new OfflineCoach().nextTurn(atArchetypes(unrecorded));
      expect(turn.stageCovered).toBe(false);
      expect(turn.reply).toMatch(/approach/);
      expectOneShortQuestion(turn.reply);
    });
  });

  describe('awkward messages', () => {
    it('handles a 50,000-character message with a short, bounded reflection', async () => {
      const paste = `I need to untangle our data retention policy before the audit. ${'It covers logs, backups and exports across three regions. '.repeat(900)}`;
      const { exchanges } = await runSession(['hi', paste]);
      const reply = exchanges[1]?.reply ?? '';
      expectOneShortQuestion(reply);
      expect(reply.length).toBeLessThan(200);
      expect(quotedSpans(reply).some((span) => paste.includes(span) && span.length <= 70)).toBe(true);
    });

    it('handles a 50,000-character single word without reflecting garbage at length', async () => {
      const { exchanges } = await runSession(['hi', 'Fix the build', 'x'.repeat(50_000)]);
      const reply = exchanges[2]?.reply ?? '';
      expectOneShortQuestion(reply);
      expect(reply.length).toBeLessThan(250);
    });

    it.each(['🤷', '', 'idk', '...'])('answers a non-answer (%j) mid-session with the earlier words, not the emoji', async (nonAnswer) => {
      const { exchanges } = await runSession(['hi', 'I want to ship the new onboarding flow', nonAnswer]);
      const reply = exchanges[2]?.reply ?? '';
      expectOneShortQuestion(reply);
      expect(reply).toContain('“ship the new onboarding flow”');
      expect(exchanges[2]?.stageCovered).toBe(false);
    });

    it.each([
      ['我想今天完成季度报告的初稿', '我想今天完成季度报告的初稿'],
      ['the launch', 'the launch'],
    ])('reflects a short or unspaced problem (%j) instead of asking again', async (problem, phrase) => {
      const { exchanges } = await runSession(['hi', problem]);
      expect(exchanges[1]?.reply).toBe(`What makes “${phrase}” feel so significant right now?`);
    });

    it('never puts sentence punctuation from the person inside a question', async () => {
      const { exchanges } = await runSession(['hi', 'Fix the build?! Now... please. It is v2.0 of the pipeline!']);
      expectOneShortQuestion(exchanges[1]?.reply ?? '');
    });
  });

  describe('determinism', () => {
    it('gives the same replies and the same report for the same conversation', async () => {
      const first = await runSession(FOCUSED);
      const second = await runSession(FOCUSED);
      expect(second.exchanges).toEqual(first.exchanges);
      expect(second.report).toEqual(first.report);
    });

    it('varies its wording with the person’s words, not with chance', async () => {
      const openers = await Promise.all(
        ['I want to ship the billing fix', 'I want to plan the offsite', 'I want to hire a designer', 'I want to clean up my inbox', 'I want to write the RFC'].map(
          async (problem) => (await runSession(['hi', problem])).exchanges[1]?.reply.replace(/“[^”]*”/, '“…”'),
        ),
      );
      expect(new Set(openers).size).toBeGreaterThan(1);
    });
  });
});
