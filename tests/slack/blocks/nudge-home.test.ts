/** The nudge and the App Home as Block Kit: within Slack's limits, escaped, in every state. */
import type { HomeModel } from '../../../src/home/service';
import type { Person } from '../../../src/people/person';
import { formatLocalDate, renderHome, renderReportModal } from '../../../src/slack/blocks/home';
import { HOME_ACTIONS } from '../../../src/slack/blocks/home-ids';
import { ACTIONS } from '../../../src/slack/blocks/ids';
import { validateMessage, validateView } from '../../../devtools/block-kit/validate';
import { nudgeText } from '../../../src/nudge/greeting';
import { renderNudge, renderNudgeSkipped } from '../../../src/slack/blocks/nudge';
import type { Report } from '../../../src/coach/report';
import { wordsFor } from '../../../src/words/catalog';

const EN = wordsFor('en');

const SESSION = '7d3c9a4e-1b2f-4c5d-8e9f-0a1b2c3d4e5f';

describe('the nudge', () => {
  test('greeting, one opening question, Skip today and a Wrap up that asks first', () => {
    const message = renderNudge({ sessionId: SESSION, firstName: 'Michael', lastTask: null, kind: 'morning' });
    expect(validateMessage(message)).toEqual([]);
    expect(message.text).toBe('Good morning, Michael! 🌅\nWhat feels like the most important problem to solve today?');
    const actions = message.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string; value: string; text: { text: string } }[] };
    expect(actions.elements.map((e) => [e.text.text, e.action_id, e.value])).toEqual([
      ['Skip today', HOME_ACTIONS.skipToday, SESSION],
      ['Wrap up', ACTIONS.wrapUp, SESSION],
    ]);
    expect(JSON.stringify(actions.elements[1])).toContain('"confirm"');
  });

  test('the recall of the last task comes before the question; hostile words are escaped; long ones shortened', () => {
    const content = { sessionId: SESSION, firstName: '<@U1> & co', lastTask: `Write <!here> ${'x'.repeat(2000)}`, kind: 'morning' as const };
    const message = renderNudge(content);
    expect(validateMessage(message)).toEqual([]);
    const json = JSON.stringify(message);
    expect(json).not.toMatch(/<!here>|<@U1>/);
    expect(message.text).toContain('Good morning, &lt;@U1&gt; &amp; co! 🌅');
    expect(message.text.indexOf('How did it go?')).toBeLessThan(message.text.indexOf('What feels like'));
    expect(message.text.length).toBeLessThan(600);
    // What the transcript keeps is the words, unescaped.
    expect(nudgeText(content)).toContain('Write <!here> ');
  });

  test('no name: a greeting without one; on demand: not "Good morning"', () => {
    expect(nudgeText({ sessionId: SESSION, firstName: null, lastTask: null, kind: 'morning' })).toMatch(/^Good morning! 🌅/);
    expect(nudgeText({ sessionId: SESSION, firstName: 'Ana', lastTask: null, kind: 'now' })).toMatch(/^Hi, Ana! 🌅/);
    expect(validateMessage(renderNudgeSkipped('<b>', EN))).toEqual([]);
  });
});

const person: Person = {
  teamId: 'T1',
  userId: 'U1',
  firstName: 'Ana',
  tz: 'Europe/Berlin',
  locale: 'en-US',
  tzCheckedAt: new Date(),
  dmChannelId: 'D1',
  enrolled: true,
  nudgeMinute: 540,
  nudgeDays: [1, 2, 3, 4, 5],
  pausedUntil: null,
  pauseReason: null,
  skipDate: null,
  unansweredFrom: null,
};

function model(over: Partial<HomeModel> = {}, who: Partial<Person> = {}): HomeModel {
  return {
    person: { ...person, ...who },
    today: '2026-02-02',
    minuteNow: 480,
    todaysSession: null,
    next: { localDate: '2026-02-02', weekday: 1, minute: 540 },
    reports: [],
    ...over,
  };
}

describe('the App Home', () => {
  const states: [string, HomeModel][] = [
    ['newcomer', { ...model(), person: null, next: null }],
    ['enrolled', model()],
    ['no days', model({ next: null }, { nudgeDays: [] })],
    ['skipping today', model({ next: { localDate: '2026-02-03', weekday: 2, minute: 540 } }, { skipDate: '2026-02-02' })],
    ['paused by the person', model({}, { pauseReason: 'person', pausedUntil: '2026-03-01' })],
    ['paused after five unanswered', model({ next: null }, { pauseReason: 'unanswered' })],
    ['paused, unreachable', model({ next: null }, { pauseReason: 'unreachable' })],
    ['zone unknown', model({ next: null }, { tz: null })],
    [
      'five long reports and a notice',
      model({
        notice: 'Pick a date after today <!channel>',
        reports: Array.from({ length: 5 }, (_, i) => ({ sessionId: SESSION, date: `2025-12-0${i + 1}`, title: `<!channel> ${'t'.repeat(500)}`, score: 7 })),
      }),
    ],
  ];

  test.each(states)('%s: a valid Home view within 100 blocks, nothing unescaped', (_name, m) => {
    const view = renderHome(m, EN);
    expect(validateView(view)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view)).not.toContain('<!channel>');
  });

  test('what each state says', () => {
    const text = (m: HomeModel) => JSON.stringify(renderHome(m, EN).blocks);
    expect(text(states[0]![1])).toContain(HOME_ACTIONS.enroll);
    expect(text(model())).toContain('*Next nudge:* today at 09:00 (Europe/Berlin)');
    expect(text(states[5]![1])).toContain('five mornings in a row without an answer');
    expect(text(states[5]![1])).toContain(HOME_ACTIONS.resume);
    expect(text(states[6]![1])).toContain('couldn’t send you a direct message');
    expect(text(states[4]![1])).toContain('until Sun 1 Mar');
    expect(text(states[4]![1])).toContain('"initial_date":"2026-03-01"');
    expect(text(states[3]![1])).toContain(HOME_ACTIONS.unskip);
  });

  test('dates in the person’s words', () => {
    expect(formatLocalDate('2026-03-08', '2026-03-01')).toBe('Sun 8 Mar');
    expect(formatLocalDate('2027-01-04', '2026-12-30')).toBe('Mon 4 Jan 2027');
  });

  test('a report in a modal: a valid view, title within 24 characters', () => {
    const section = { established: 'e'.repeat(2500), missing: ['m'.repeat(400), 'n'.repeat(400)] };
    const report = {
      title: 'A very long title for a report that keeps going',
      significance: section,
      task: { ...section, task: 'Ship it' },
      archetypes: section,
      crux: { ...section, crux: 'Time' },
      cruxSolutions: { tactics: [{ name: 'T', description: 'D', firstStep: 'F', whyItWorks: 'W', obstacles: 'O' }] },
      beliefs: { limiting: ['l'], empowering: ['e'], emerging: [], experiment: 'What if?' },
      factCheck: { facts: [{ claim: 'C', status: 'assumed' }] },
      oneMoreThing: { observation: 'o'.repeat(2000) },
      evaluation: { worked: ['W'], improve: ['I'], score: 6, rationale: 'R' },
      date: '2026-02-02',
      startedAt: new Date('2026-02-02T08:00:00Z'),
      endedAt: new Date('2026-02-02T08:30:00Z'),
      turns: 9,
      writtenBy: 'test',
      transcript: Array.from({ length: 200 }, (_, i) => ({ speaker: 'person' as const, name: 'Ana', text: `line ${i}` })),
    } satisfies Report;
    const view = renderReportModal(report, EN);
    expect(validateView(view)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });
});
