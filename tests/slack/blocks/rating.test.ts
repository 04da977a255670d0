import { validateMessage } from '../../../devtools/block-kit/validate';
import type { HomeModel } from '../../../src/home/service';
import { renderHome } from '../../../src/slack/blocks/home';
import { RATE_ACTIONS, ratingOfAction } from '../../../src/slack/blocks/ids';
import { RATE_BLOCK_ID, ratingBlocks } from '../../../src/slack/blocks/rating';
import { renderReport, renderReportParts } from '../../../src/slack/blocks/report';
import { renderReportList, renderReportResponse } from '../../../src/slack/blocks/report-command';
import { wordsFor } from '../../../src/words/catalog';
import { aReport } from '../../support/report-fixture';

const EN = wordsFor('en');

const SESSION = '0b8a7c2e-8f8e-4d5e-9a77-3f1f5d2c9a10';
const en = wordsFor('en');
const json = (value: unknown) => JSON.stringify(value);

describe('the rating buttons', () => {
  test('five buttons 1-5 with stable action ids, each carrying the session id', () => {
    const [prompt, actions] = ratingBlocks(SESSION, en);
    expect(json(prompt)).toContain('never changes the coach’s score');
    expect(actions).toMatchObject({
      type: 'actions',
      block_id: RATE_BLOCK_ID,
      elements: [1, 2, 3, 4, 5].map((n) => ({ type: 'button', text: { type: 'plain_text', text: String(n) }, action_id: `rate_session_${n}`, value: SESSION })),
    });
    expect(Object.values(RATE_ACTIONS).map(ratingOfAction)).toEqual([1, 2, 3, 4, 5]);
    expect(ratingOfAction('wrap_up')).toBeNull();
  });

  test('sit under the posted report, in its last message before the transcript, within Slack’s limits', () => {
    const report = aReport('2026-11-25');
    const { report: messages } = renderReportParts(report, EN, { rateSessionId: SESSION });
    const last = messages.at(-1)!;
    expect(last.blocks.at(-1)).toMatchObject({ type: 'actions', block_id: RATE_BLOCK_ID });
    for (const message of renderReport(report, EN, { rateSessionId: SESSION })) expect(validateMessage(message)).toEqual([]);
    // Without a session, no buttons: the App Home's modal shows the report only.
    expect(json(renderReportParts(report, EN).report)).not.toContain('rate_session_');
  });

  test('stay within the limits under a report long enough to need several messages', () => {
    const long = 'A long answer about the launch plan and the team. '.repeat(400);
    const report = aReport('2026-11-25', { significance: { established: long, missing: [long.slice(0, 2_000)] } });
    const messages = renderReport(report, EN, { rateSessionId: SESSION });
    for (const message of messages) expect(validateMessage(message)).toEqual([]);
    expect(json(messages).match(/rate_session_1/g)).toHaveLength(1);
  });

  test('/coach-report’s last response carries them too', () => {
    const responses = renderReportResponse(aReport('2026-11-25'), EN, SESSION);
    expect(json(responses.at(-1))).toContain(`"action_id":"rate_session_5","value":"${SESSION}"`);
    for (const message of responses) expect(validateMessage(message)).toEqual([]);
  });
});

describe('the person’s rating beside the coach’s score', () => {
  test('in the report: “You rated it N/5” next to the score, which stays the coach’s', () => {
    const report = aReport('2026-11-25', { rating: 2 });
    const shown = json(renderReportParts(report, EN).report);
    expect(shown).toContain(`Overall coaching effectiveness score: ${report.evaluation.score}/10*  ·  You rated it 2/5`);
    expect(json(renderReportParts(aReport('2026-11-25'), EN).report)).not.toContain('You rated it');
  });

  test('in /coach-report list', () => {
    const list = renderReportList([
      { sessionId: SESSION, date: '2026-11-25', title: 'Pricing page', score: 6, rating: 4 },
      { sessionId: SESSION, date: '2026-11-24', title: 'Evals', score: 5, rating: null },
    ], EN);
    expect(list.text).toBe('2026-11-25 · Pricing page · score 6/10 · You rated it 4/5\n2026-11-24 · Evals · score 5/10');
  });

  test('on the App Home', () => {
    const model = {
      person: { teamId: 'T1', userId: 'U1', firstName: 'Ada', tz: 'Europe/Berlin', enrolled: true, nudgeMinute: 540, nudgeDays: [1, 2, 3, 4, 5], pausedUntil: null, pauseReason: null, skipDate: null },
      today: '2026-11-25',
      next: null,
      todaysSession: null,
      minuteNow: 600,
      reports: [{ sessionId: SESSION, date: '2026-11-24', title: 'Pricing page', score: 6, rating: 3 }],
    } as unknown as HomeModel;
    expect(json(renderHome(model, EN))).toContain('score 6/10 · You rated it 3/5');
  });
});
