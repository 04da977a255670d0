import { directMessageEvent, sendEvent } from '../../devtools/fake-slack/signed-requests';
import { botMessagesIn, startE2E, type E2E } from '../support/e2e';
import { smartResponder } from '../support/fake-anthropic';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await Promise.all([e2e.slack.close(), e2e.anthropic.close()]);
  await e2e.database.drop();
});

test('SIGTERM drains: new requests are refused, the reply in flight is still posted, then the database closes', async () => {
  // A slow model: the reply is still being written when the stop begins.
  const smart = smartResponder();
  e2e.anthropic.setResponder(async (request) => {
    await new Promise((r) => setTimeout(r, 700));
    return smart(request);
  });
  const { channel } = e2e.slack.state.openIm('T1', 'U1');
  const message = e2e.slack.state.postMessage({ channel: channel.id, user: 'U1', text: 'I need to finish the budget' });
  const response = await sendEvent(e2e.sender, directMessageEvent({ user: 'U1', channel: channel.id, ts: message.ts, text: message.text }));
  expect(response.status).toBe(200);
  await new Promise((r) => setTimeout(r, 150));

  await e2e.bot.stop();
  const replies = botMessagesIn(e2e.slack, channel.id, message.ts);
  expect(replies).toHaveLength(1);
  expect(replies[0]!.text).toContain('budget');
  await expect(fetch(`${e2e.baseUrl}/healthz`)).rejects.toThrow();
  expect(await e2e.bot.database.ping()).toBe(false);
});
