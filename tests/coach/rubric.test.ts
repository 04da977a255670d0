import type { ReportRequest } from '../../src/coach/ports';
import { reportInstructions } from '../../src/coach/prompts';
import { buildReportFromTranscript } from '../../src/coach/report-builder';
import { CRITERIA, RUBRIC, coachingSignals, rubricPromptLines, scoreSession, type Evidence, type Reached } from '../../src/coach/rubric';
import { isSubstantive } from '../../src/coach/report-builder/text';
import { transcript, REFERENCE } from '../support/transcripts';

const score = (turns: ReturnType<typeof transcript>, overrides: Partial<ReportRequest> = {}) =>
  buildReportFromTranscript({ firstName: 'Michael', date: '2025-01-06', stageReached: 'oneMoreThing', transcript: turns, memory: null, ...overrides }).evaluation.score;

/** Every required slot reached, one reflective question a turn, in the stages the coach recorded. */
const EVERY_REQUIRED_SLOT = transcript(
  'P[significance]: good morning',
  'C[significance]: Good morning, Ana! 🌅\n\nWhat feels like the most important problem to solve today?',
  'P[significance]: The pricing page redesign has been stuck for three weeks.',
  'C[significance]: What makes the stuck pricing page redesign matter so much this week?',
  'P[significance]: Sales keeps losing deals because customers cannot compare the plans.',
  'C[task]: Given the lost deals, what one task on the pricing page could you finish today?',
  'P[task]: Draft the comparison table for the three plans in 90 minutes, done when Sam can read it without asking questions.',
  'C[crux]: What is the one thing that makes the comparison table hard?',
  "P[crux]: The hardest part is that nobody has decided which plan we're pushing.",
  'C[cruxSolutions]: Since nobody has decided on the plan, what will you do first, and when?',
  "P[cruxSolutions]: First I'll ask Dana to pick one plan at our 11am sync today.",
  'C[oneMoreThing]: That sounds like a plan: anything else before you type “wrap up”?',
  'P[oneMoreThing]: wrap up',
);

/** The newcomer who never names a problem. */
const IDK = transcript(
  'P: hi',
  'C: Good morning! 🌅\n\nWhat feels like the most important problem to solve today?',
  'P: idk',
  'C: No rush. What feels like the most important problem to solve today?',
  'P: not sure',
  'C: No rush. What feels like the most important problem to solve today?',
  'P: dunno lol',
  'P: wrap up',
);

/** Keyboard noise, which the old builder scored 10/10. */
const GARBLED = transcript(
  'P: asdf',
  'C: Good morning! 🌅\n\nWhat feels like the most important problem to solve today?',
  'P: qwer tyui op',
  'C: What makes “qwer tyui op” feel so significant right now?',
  'P: zxcv bnm, lkjh gfds; poiu',
  'C: Given “zxcv bnm”, what’s one concrete task you could finish today, and how will you know it’s done?',
  'P: 🔥🔥 ??? ...',
  'P: wrap up',
);

describe('the rubric’s calibration', () => {
  it('scores the reference conversation (its own coach said 6/10) between 5 and 7', () => {
    const s = score(REFERENCE, { stageReached: 'task' });
    expect(s).toBeGreaterThanOrEqual(5);
    expect(s).toBeLessThanOrEqual(7);
  });

  it('scores a session that reaches every required slot at least 8', () => {
    expect(score(EVERY_REQUIRED_SLOT)).toBeGreaterThanOrEqual(8);
  });

  it('scores an “idk” session that never names a problem at most 3', () => {
    expect(score(IDK)).toBeLessThanOrEqual(3);
  });

  it('scores keyboard noise at most 3', () => {
    expect(score(GARBLED)).toBeLessThanOrEqual(3);
  });

  it('orders them: every slot > the reference > idk', () => {
    expect(score(EVERY_REQUIRED_SLOT)).toBeGreaterThan(score(REFERENCE));
    expect(score(REFERENCE)).toBeGreaterThan(score(IDK));
  });
});

describe('the rubric itself', () => {
  const none: Reached = {
    problem: false,
    stakes: 0,
    approaches: 0,
    task: false,
    successCriteria: false,
    timeBox: false,
    crux: false,
    firstStep: false,
    commitment: false,
    taskAtCoachTurn: null,
    cruxAtCoachTurn: null,
  };
  const all: Reached = { problem: true, stakes: 3, approaches: 2, task: true, successCriteria: true, timeBox: true, crux: true, firstStep: true, commitment: true, taskAtCoachTurn: 3, cruxAtCoachTurn: 5 };
  const good = { coachTurns: 6, oneQuestionTurns: 6, stackedQuestionTurns: 0, reflectable: 5, reflected: 5 };
  const silent = { coachTurns: 0, oneQuestionTurns: 0, stackedQuestionTurns: 0, reflectable: 0, reflected: 0 };
  const of = (reached: Partial<Reached>, coaching = good): Evidence => ({ reached: { ...none, ...reached }, coaching });

  it('has every criterion once, and its points add up to 10', () => {
    expect(RUBRIC.map((c) => c.id)).toEqual([...CRITERIA]);
    expect(RUBRIC.reduce((sum, c) => sum + c.points, 0)).toBe(10);
  });

  it('gives 10 for everything, 1 (the floor) for nothing', () => {
    expect(scoreSession(of(all))).toMatchObject({ score: 10, missed: [] });
    expect(scoreSession(of(none, silent))).toMatchObject({ score: 1, points: 0, earned: [] });
  });

  it('judges the coaching, not only the outcome: the same outcome scores less with stacked questions and no reflection', () => {
    const stacked = { ...good, stackedQuestionTurns: 3, reflected: 1 };
    expect(scoreSession(of(all, stacked)).score).toBe(8);
    expect(scoreSession(of(all, stacked)).missed).toEqual(['oneQuestion', 'reflection']);
  });

  it('gives convergence only when the task and the crux came early', () => {
    expect(scoreSession(of({ ...all, taskAtCoachTurn: 9 })).missed).toEqual(['convergence']);
    expect(scoreSession(of({ ...all, cruxAtCoachTurn: null, crux: false })).missed).toEqual(['convergence', 'crux']);
  });

  it('needs a task before its criteria or time box count, and a problem before its stakes', () => {
    expect(scoreSession(of({ successCriteria: true, timeBox: true })).earned).not.toContain('successCriteria');
    expect(scoreSession(of({ stakes: 4 })).earned).not.toContain('stakes');
  });

  it('counts one question a turn in any script, and stacked questions as stacked', () => {
    const turns = transcript('P: 評価の仕組みを今日作りたいです', 'C: 評価の仕組みが今大切なのはなぜですか？', 'P: チームが評価の仕組みを待っているから', 'C: Why? And what else?');
    const signals = coachingSignals(turns, isSubstantive);
    expect(signals).toMatchObject({ coachTurns: 2, oneQuestionTurns: 1, stackedQuestionTurns: 1 });
    expect(signals.reflected).toBeGreaterThanOrEqual(1);
  });

  it('is the text the Claude report prompt carries, rendered from the same data', () => {
    const instructions = reportInstructions({ firstName: 'Michael', date: '2025-01-06', stageReached: 'task', transcript: [], memory: null }, 'n');
    for (const line of rubricPromptLines()) expect(instructions).toContain(line);
    for (const criterion of RUBRIC) expect(instructions).toContain(`${criterion.points}: ${criterion.rule}.`);
    expect(instructions).toContain('never changes this score');
  });
});
