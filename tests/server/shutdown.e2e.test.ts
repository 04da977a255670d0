import { directMessageEvent, sendEvent } from '../../devtools/fake-slack/signed-requests';
import { botMessagesIn, startE2E, type E2E } from '../support/e2e';
import { smartResponder } from '../support/fake-anthropic';
import { gate, waitFor } from '../support/wait';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await Promise.all([e2e.slack.close(), e2e.anthropic.close()]);
  await e2e.database.drop();
});

test('stop() drains: a request that arrives during the drain is refused and never handled, the reply in flight is still posted, then the database closes', async () => {
  // The model answers only when the test says so: the reply is provably in flight while the stop runs.
  const smart = smartResponder();
  const modelMayAnswer = gate();
  e2e.anthropic.setResponder(async (request) => {
    await modelMayAnswer.promise;
    return smart(request);
  });
  const { channel } = e2e.slack.state.openIm('T1', 'U1');
  const message = e2e.slack.state.postMessage({ channel: channel.id, user: 'U1', text: 'I need to finish the budget' });
  const response = await sendEvent(e2e.sender, directMessageEvent({ user: 'U1', channel: channel.id, ts: message.ts, text: message.text }));
  expect(response.status).toBe(200);
  await waitFor('the model to be asked', () => e2e.anthropic.requests.length === 1);

  let stopped = false;
  const stopping = e2e.bot.stop().then(() => (stopped = true));
  // The listener closes at once; the drain goes on behind it.
  await waitFor('the HTTP listener to close', () => fetch(`${e2e.baseUrl}/healthz`).then(() => false, () => true));

  // A person writes during the drain: the request does not get in.
  const late = e2e.slack.state.postMessage({ channel: channel.id, user: 'U1', text: 'and one more thing' });
  await expect(sendEvent(e2e.sender, directMessageEvent({ user: 'U1', channel: channel.id, ts: late.ts, text: late.text }))).rejects.toThrow();
  expect(stopped).toBe(false);

  modelMayAnswer.open();
  await stopping;
  const replies = botMessagesIn(e2e.slack, channel.id, message.ts);
  expect(replies).toHaveLength(1);
  expect(replies[0]!.text).toContain('budget');
  // The refused request reached neither the coach nor the database.
  expect(e2e.anthropic.requests).toHaveLength(1);
  expect(await e2e.bot.database.ping()).toBe(false);
  const { rows } = await e2e.database.pool.query('select count(*)::int as n from messages where slack_ts = $1', [late.ts]);
  expect(rows[0].n).toBe(0);
});
