/**
 * The person rates a session, end to end: the real Bolt app over HTTP with
 * signed requests, the real WebClient against the fake Slack, real Postgres.
 * The rating buttons come under the posted report; a press is stored once
 * even when Slack delivers it again (x-slack-retry-num); another number
 * updates it; /coach-report and the App Home show it beside the coach's
 * score, which it never changes.
 */
import type { MessageRecord } from '../../devtools/fake-slack';
import { blockActionsPayload, sendCommand, sendEvent, sendInteraction } from '../../devtools/fake-slack/signed-requests';
import { wordsFor } from '../../src/words/catalog';
import { botMessagesIn, sayInDm, settled, startE2E, waitFor, type E2E } from '../support/e2e';

const EN = wordsFor('en');

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

let people = 0;
function newPerson(firstName = 'Rita'): string {
  const id = `UR${++people}`;
  e2e.slack.state.addUser({ teamId: 'T1', id, firstName, tz: 'Europe/Berlin' });
  return id;
}

const say = (user: string, text: string, threadTs?: string) => sayInDm(e2e, user, text, threadTs);

/** A short session to its report; returns the report's message in the thread. */
async function finishSession(user: string): Promise<{ channel: string; report: MessageRecord }> {
  const opening = await say(user, 'good morning');
  await waitFor('the opening reply', () => botMessagesIn(e2e.slack, opening.channel, opening.ts).length >= 1 || undefined);
  await say(user, 'I want to write the evals for our search feature', opening.ts);
  await waitFor('the second reply', () => botMessagesIn(e2e.slack, opening.channel, opening.ts).length >= 2 || undefined);
  await say(user, 'wrap up', opening.ts);
  const report = await waitFor('the report with its rating buttons', () =>
    botMessagesIn(e2e.slack, opening.channel, opening.ts).find((m) => JSON.stringify(m.blocks ?? []).includes('rate_session_')),
  );
  await settled(e2e.bot);
  return { channel: opening.channel, report };
}

function press(user: string, channel: string, report: MessageRecord, rating: number, sessionId: string, retryNum?: number) {
  const record = e2e.slack.state.createResponseUrl({ team: 'T1', channel, user });
  const payload = blockActionsPayload(e2e.sender, {
    user,
    actionId: `rate_session_${rating}`,
    value: sessionId,
    blockId: 'rate_session',
    container: { type: 'message', channel, messageTs: report.ts, responseUrl: e2e.slack.responseUrl(record) },
  });
  return sendInteraction(e2e.sender, payload, retryNum ? { retryNum } : {});
}

async function ratingRows(user: string): Promise<Array<{ rating: number }>> {
  const { rows } = await e2e.database.pool.query<{ rating: number }>('select rating from ratings where team_id = $1 and user_id = $2', ['T1', user]);
  return rows;
}

const thanks = (user: string) => e2e.slack.state.ephemerals({ user }).filter((x) => x.text.startsWith('Thanks — you rated'));

test('a press is stored once under Slack retries, a changed mind updates it, and the coach’s score never moves', async () => {
  const user = newPerson();
  const { channel, report } = await finishSession(user);
  const sessionId = /"action_id":"rate_session_4","value":"([0-9a-f-]{36})"/.exec(JSON.stringify(report.blocks))?.[1];
  expect(sessionId).toBeDefined();
  const { rows: before } = await e2e.database.pool.query<{ score: number }>('select score from reports where session_id = $1', [sessionId]);
  const score = before[0]!.score;

  // The press, then Slack delivering the same press again, twice at once.
  expect((await press(user, channel, report, 4, sessionId!)).status).toBe(200);
  await settled(e2e.bot);
  const retries = await Promise.all([press(user, channel, report, 4, sessionId!, 1), press(user, channel, report, 4, sessionId!, 2)]);
  expect(retries.map((r) => r.status)).toEqual([200, 200]);
  await settled(e2e.bot);
  expect(await ratingRows(user)).toEqual([{ rating: 4 }]);
  expect(thanks(user).map((x) => x.text)).toEqual([EN.rateThanks.replace('{rating}', '4')]);

  // A changed mind: another number updates the one row.
  await press(user, channel, report, 2, sessionId!);
  await settled(e2e.bot);
  expect(await ratingRows(user)).toEqual([{ rating: 2 }]);
  expect(thanks(user).at(-1)?.text).toBe(EN.rateThanks.replace('{rating}', '2'));

  const { rows: after } = await e2e.database.pool.query<{ score: number; body: { evaluation: { score: number } } }>('select score, body from reports where session_id = $1', [sessionId]);
  expect(after[0]).toMatchObject({ score, body: { evaluation: { score } } });

  // /coach-report shows it beside the coach's own score.
  const record = e2e.slack.state.createResponseUrl({ team: 'T1', channel, user });
  const seen = e2e.slack.state.ephemerals({ user }).length;
  await sendCommand(e2e.sender, { command: '/coach-report', text: '', user, channel, responseUrl: e2e.slack.responseUrl(record) });
  await settled(e2e.bot);
  const shown = JSON.stringify(e2e.slack.state.ephemerals({ user }).slice(seen));
  expect(shown).toContain(`Overall coaching effectiveness score: ${score}/10*  ·  You rated it 2/5`);
  await sendCommand(e2e.sender, { command: '/coach-report', text: 'list', user, channel, responseUrl: e2e.slack.responseUrl(e2e.slack.state.createResponseUrl({ team: 'T1', channel, user })) });
  await settled(e2e.bot);
  expect(JSON.stringify(e2e.slack.state.ephemerals({ user }).at(-1))).toContain(`score ${score}/10 · You rated it 2/5`);

  // And the App Home.
  await sendEvent(e2e.sender, { type: 'app_home_opened', user, channel, tab: 'home', event_ts: `${Date.now() / 1000}` });
  const home = await waitFor('the App Home', () => e2e.slack.state.view('T1', user));
  expect(JSON.stringify(home)).toContain(`score ${score}/10 · You rated it 2/5`);
});

test('nobody can rate a session that is not theirs', async () => {
  const owner = newPerson('Owner');
  const other = newPerson('Other');
  const { report } = await finishSession(owner);
  const sessionId = /"action_id":"rate_session_1","value":"([0-9a-f-]{36})"/.exec(JSON.stringify(report.blocks))?.[1];
  const channel = e2e.slack.state.openIm('T1', other).channel.id;
  await press(other, channel, report, 1, sessionId!);
  await settled(e2e.bot);
  expect(await ratingRows(other)).toEqual([]);
  expect(await ratingRows(owner)).toEqual([]);
  expect(e2e.slack.state.ephemerals({ user: other }).map((x) => x.text)).toEqual([EN.rateGone]);
});
