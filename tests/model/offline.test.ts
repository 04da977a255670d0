import { TURN_CAP, focusIfFilled, focusOf, type Focus, type Slots } from '../../src/coach/agenda';
import type { CoachMemory, CoachTurnRequest } from '../../src/coach/ports';
import { ReportDraftSchema, type ReportDraft } from '../../src/coach/report';
import { newSessionState, recordCoachTurn, type SessionState } from '../../src/coach/session';
import type { Turn } from '../../src/coach/transcript';
import { isWrapUp } from '../../src/coach/wrap-up';
import { OfflineCoach } from '../../src/model/offline';
import { readsAsEnglish } from '../../src/model/offline-reading';
import { wordsFor, type Locale } from '../../src/words/catalog';

// ---------------------------------------------------------------------------
// Driving a whole session: the same loop the coach service runs, minus storage.
// ---------------------------------------------------------------------------

interface Exchange {
  person: string;
  reply: string;
  /** What the agenda said the turn was for, and what the reply then asked for. */
  focus: Focus;
  asked: Focus | null;
  slots: Slots;
}

interface SessionRun {
  exchanges: Exchange[];
  state: SessionState;
  transcript: Turn[];
  report: ReportDraft | null;
}

async function runSession(
  messages: string[],
  options: { firstName?: string; memory?: CoachMemory | null; locale?: Locale } = {},
): Promise<SessionRun> {
  const coach = new OfflineCoach();
  const firstName = options.firstName ?? 'Michael';
  const memory = options.memory ?? null;
  let state = newSessionState();
  const transcript: Turn[] = [];
  const exchanges: Exchange[] = [];
  let clock = Date.UTC(2025, 0, 6, 8, 0);
  for (const text of messages) {
    // The person's message is in the stage of the question it answers.
    transcript.push({ role: 'person', text, at: new Date((clock += 60_000)), stage: state.stage });
    if (isWrapUp(text)) {
      const report = await coach.writeReport({
        firstName,
        date: '2025-01-06',
        stageReached: state.stage,
        slots: state.agenda.slots,
        declined: state.agenda.declined,
        transcript: [...transcript],
        memory,
      });
      return { exchanges, state, transcript, report };
    }
    const next = focusOf(state.agenda);
    const request: CoachTurnRequest = {
      firstName,
      agenda: state.agenda,
      next,
      ifFilled: focusIfFilled(state.agenda, next.focus),
      transcript: [...transcript],
      memory,
      locale: options.locale ?? 'en',
    };
    const turn = await coach.nextTurn(request);
    const recorded = recordCoachTurn(state, { slots: turn.slots, declined: turn.declined });
    if (!recorded.ok) throw new Error(recorded.error);
    state = recorded.state;
    exchanges.push({ person: text, reply: turn.reply, focus: next.focus, asked: state.agenda.asked, slots: turn.slots });
    transcript.push({ role: 'coach', text: turn.reply, at: new Date((clock += 60_000)), stage: state.stage });
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

/** Every quote in the coach's replies is a whole clause of something the person wrote. */
function expectWholeClauseQuotes(run: SessionRun): void {
  const said = run.transcript.filter((t) => t.role === 'person').map((t) => t.text);
  for (const { reply } of run.exchanges) {
    for (const span of quotedSpans(reply).filter((s) => s !== 'wrap up' && s !== 'done')) {
      const source = said.find((text) => text.includes(span));
      expect({ span, found: source !== undefined }).toEqual({ span, found: true });
      // Whole: what follows the quote in their message is a clause boundary (or the end), never the rest of a word or clause.
      const after = source!.slice(source!.indexOf(span) + span.length);
      expect({ span, after: /^(?:$|[.!?…,;:—–]|\s[—–-]\s|\n)/u.test(after) }).toEqual({ span, after: true });
    }
  }
}

const GREETING = 'Good morning, Michael! 🌅\n\nWhat feels like the most important problem to solve today?';

/** A person who answers every question with substance. */
const FOCUSED = [
  'good morning',
  'I want to finally get our eval suite for the support bot running in LangSmith',
  'Because the team keeps shipping prompt changes blind, and last week a regression reached customers',
  'Write ten golden test cases for refund questions and run them in LangSmith by noon, done when I see a pass rate',
  "Honestly the crux is that I don't know what a good grader looks like for refund answers",
  'I could copy the grader Priya used for billing, or write a rubric with the support lead',
  'Ask Priya for the grader she used on billing',
  'At 10:30, right after standup',
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

/** A person who writes German. */
const GERMAN = [
  'Guten Morgen',
  'Ich muss heute endlich die Quartalsplanung fertig machen, weil der Vorstand am Freitag darauf wartet',
  'Weil drei Leute seit sechs Monaten daran arbeiten und sehr frustriert sind',
  'Die Folien für den Vorstand fertig machen und an Dana schicken',
  'Wenn alle Zahlen geprüft sind und Dana zugestimmt hat',
  'Bis zum Mittagessen',
  'Mir fehlen die Zahlen aus dem Vertrieb',
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
      expect(exchanges[0]?.slots).toEqual({});
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

    it('greets, fills the problem and asks why it matters at once when the person opens with the problem', async () => {
      const { exchanges } = await runSession(['Good morning! I want to fix our flaky deploy pipeline this week']);
      const reply = exchanges[0]?.reply ?? '';
      expect(reply.startsWith('Good morning, Michael! 🌅 ')).toBe(true);
      expect(quotedSpans(reply)[0]).toBe('I want to fix our flaky deploy pipeline this week');
      expect(exchanges[0]?.slots).toEqual({ problem: 'Good morning! I want to fix our flaky deploy pipeline this week' });
      expect(exchanges[0]?.asked).toBe('stakes');
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

    it('follows the agenda: problem, stakes, task (with its criteria and time box in one answer), crux, approaches, first step, commitment, wrap-up', () => {
      expect(run.exchanges.map((e) => e.asked)).toEqual(['problem', 'stakes', 'task', 'crux', 'approaches', 'firstStep', 'commitment', 'wrapUp']);
      expect(run.state.agenda.slots).toEqual({
        problem: FOCUSED[1],
        stakes: FOCUSED[2],
        task: FOCUSED[3],
        timeBox: 'Write ten golden test cases for refund questions and run them in LangSmith by noon',
        successCriteria: 'done when I see a pass rate',
        crux: FOCUSED[4],
        approaches: FOCUSED[5],
        firstStep: FOCUSED[6],
        commitment: FOCUSED[7],
      });
      // The task by the third coach turn's answer, the crux by the fourth.
      expect(run.exchanges.findIndex((e) => e.asked === 'crux')).toBe(3);
    });

    it('closes by asking for a commitment, then offers the wrap-up', () => {
      expect(run.exchanges[6]?.reply).toMatch(/what will you do first, and when\?$/i);
      expect(run.exchanges[7]?.reply).toContain('“wrap up”');
    });

    it('quotes the person’s words only as whole clauses, in nearly every reply', () => {
      expectWholeClauseQuotes(run);
      const reflective = run.exchanges.slice(1);
      const quoting = reflective.filter(({ reply }) => quotedSpans(reply).some((span) => span.length >= 8));
      expect(quoting.length).toBeGreaterThanOrEqual(Math.ceil(reflective.length * 0.7));
    });

    it('never asks the same question twice', () => {
      const replies = run.exchanges.map((e) => e.reply);
      expect(new Set(replies).size).toBe(replies.length);
    });

    it('writes a valid report that states the task and the crux in the person’s words', () => {
      const report = run.report;
      expect(report).not.toBeNull();
      expect(() => ReportDraftSchema.parse(report)).not.toThrow();
      expect(report?.task.task).toContain('Write ten golden test cases');
      expect(report?.crux.crux).toContain("I don't know what a good grader looks like");
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

    it('reaches the task question by the third turn and asks for its criteria, never moving on to the crux without them', () => {
      expect(run.exchanges.map((e) => e.asked)).toEqual(['problem', 'stakes', 'task', 'successCriteria', 'timeBox']);
      expect(run.state.agenda.slots.crux).toBeUndefined();
      for (const e of run.exchanges) expectOneShortQuestion(e.reply);
      expectWholeClauseQuotes(run);
    });

    it('reports a valid draft', () => {
      expect(() => ReportDraftSchema.parse(run.report)).not.toThrow();
    });
  });

  describe('declining and not knowing', () => {
    it('takes "skip" as declining what was asked, and moves on', async () => {
      const run = await runSession(['hi', 'I need to plan the offsite', 'It matters for team morale', 'Book the venue for the offsite', 'skip', 'no time box today']);
      expect(run.state.agenda.declined).toEqual(['successCriteria', 'timeBox']);
      expect(run.exchanges[run.exchanges.length - 1]?.asked).toBe('crux');
    });

    it.each(['🤷', '', 'idk', '...'])('answers a non-answer (%j) mid-session with the earlier words, not the emoji, and fills nothing', async (nonAnswer) => {
      const { exchanges } = await runSession(['hi', 'I want to ship the new onboarding flow', nonAnswer]);
      const reply = exchanges[2]?.reply ?? '';
      expectOneShortQuestion(reply);
      expect(reply).toContain('“I want to ship the new onboarding flow”');
      expect(exchanges[2]?.slots).toEqual({});
    });

    it('never repeats a question word for word, however often the person says "idk", and suggests wrapping up at the cap', async () => {
      const run = await runSession(['hi', 'I want to ship the new onboarding flow', ...Array.from({ length: 24 }, () => 'idk')]);
      const questions = run.exchanges.map((e) => e.reply).filter((r) => r.endsWith('?'));
      expect(new Set(questions).size).toBe(questions.length);
      for (const { reply } of run.exchanges) expect(reply.length).toBeLessThan(200);
      const atCap = run.exchanges[TURN_CAP - 1];
      expect(atCap?.asked).toBe('wrapUp');
      expect(atCap?.reply).toContain('“wrap up”');
      // Once every question is asked, a plain notice says how to finish, never one more question.
      expect(run.exchanges[run.exchanges.length - 1]?.reply).toBe('I’ve asked all my questions for today, Michael: type “wrap up” whenever you’re ready for your report.');
    });
  });

  describe('whole clauses or nothing', () => {
    it('keeps "1:1" and "v2.5" whole instead of cutting at their punctuation', async () => {
      const { exchanges } = await runSession(['hi', 'Book a 30-minute 1:1 with Dana about the v2.5 launch']);
      expect(quotedSpans(exchanges[1]?.reply ?? '')).toEqual(['Book a 30-minute 1:1 with Dana about the v2.5 launch']);
    });

    it('quotes the first clause that fits, whole, from a longer message', async () => {
      const { exchanges } = await runSession(['hi', 'Fix the build?! Now... please. It is v2.0 of the pipeline!']);
      expectOneShortQuestion(exchanges[1]?.reply ?? '');
      expect(quotedSpans(exchanges[1]?.reply ?? '')).toEqual(['Fix the build']);
    });

    it('quotes nothing rather than cut a clause too long to quote', async () => {
      const paste = `I need to untangle our data retention policy across logs and backups and exports and three regions before the audit ${'and more '.repeat(40)}`;
      const { exchanges } = await runSession(['hi', paste]);
      const reply = exchanges[1]?.reply ?? '';
      expectOneShortQuestion(reply);
      expect(quotedSpans(reply)).toEqual([]);
    });

    it('handles a 50,000-character message with a short, bounded reply', async () => {
      const paste = `I need to untangle our data retention policy before the audit. ${'It covers logs, backups and exports across three regions. '.repeat(900)}`;
      const { exchanges } = await runSession(['hi', paste]);
      const reply = exchanges[1]?.reply ?? '';
      expectOneShortQuestion(reply);
      expect(reply.length).toBeLessThan(200);
      expect(quotedSpans(reply)).toEqual(['I need to untangle our data retention policy before the audit']);
    });

    it('handles a 50,000-character single word without reflecting garbage at length', async () => {
      const { exchanges } = await runSession(['hi', 'Fix the build', 'x'.repeat(50_000)]);
      const reply = exchanges[2]?.reply ?? '';
      expectOneShortQuestion(reply);
      expect(reply.length).toBeLessThan(250);
    });
  });

  describe('a person who writes in a language it cannot read', () => {
    it('says once, in the catalog’s words for their locale, that it only understands English, and quotes nothing it cannot read', async () => {
      const run = await runSession(GERMAN, { locale: 'de' });
      const note = wordsFor('de').offlineEnglishOnly;
      // "Guten Morgen" already says it: the note comes with the greeting, once.
      expect(run.exchanges[0]?.reply).toBe(`${note}\n\nGood morning, Michael! 🌅\n\nWhat feels like the most important problem to solve today?`);
      expect(run.exchanges.filter((e) => e.reply.includes(note))).toHaveLength(1);
      for (const e of run.exchanges) {
        expect(quotedSpans(e.reply)).toEqual([]);
        expect(e.reply.trim().endsWith('?')).toBe(true);
      }
      // Its simple rules still follow the agenda with the person's own words in the slots.
      expect(run.exchanges.map((e) => e.asked)).toEqual(['problem', 'stakes', 'task', 'successCriteria', 'timeBox', 'crux', 'approaches']);
      expect(run.state.agenda.slots.task).toBe(GERMAN[3]);
      expect(() => ReportDraftSchema.parse(run.report)).not.toThrow();
    });

    it('uses the English words when the locale is not known yet', async () => {
      const run = await runSession(['hi', 'Ich muss heute die Quartalsplanung fertig machen'], { locale: 'en' });
      expect(run.exchanges[1]?.reply.startsWith(wordsFor('en').offlineEnglishOnly)).toBe(true);
    });

    it.each([
      ['Japanese', 'チームの評価方法を今日決めたい', false],
      ['Spanish', 'Tengo que terminar el informe para el equipo hoy', false],
      ['German', 'Weil drei Leute seit sechs Monaten daran arbeiten', false],
      ['English', 'I need to finish the report for the team today', true],
      ['English with a German name', 'Ask Jürgen for the numbers', true],
      ['short', 'ok', true],
    ])('reads %s as English: %s → %s', (_label, text, english) => {
      expect(readsAsEnglish(text)).toBe(english);
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
