import { freePort } from '../../src/db/embedded';
import { directMessageEvent, sendEvent } from '../../devtools/fake-slack/signed-requests';
import { startSlackApi, type RunningSlackApi } from '../../devtools/fake-slack';
import { createTestDatabase } from '../support/db';
import { smartResponder, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { npmStart, type AppProcess } from '../support/process';
import { gate, waitFor } from '../support/wait';

let slack: RunningSlackApi;
let anthropic: FakeAnthropic;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: AppProcess | undefined;
beforeAll(async () => {
  [slack, anthropic, database] = await Promise.all([
    startSlackApi({ users: [{ id: 'U1', firstName: 'Michael', tz: 'Europe/Berlin' }] }),
    startFakeAnthropic(),
    createTestDatabase(),
  ]);
});
afterEach(() => {
  app?.kill();
});
afterAll(async () => {
  await Promise.all([slack.close(), anthropic.close()]);
  await database.drop();
});

test('npm start in HTTP mode: SIGTERM lets the reply in flight go out, then exits 0', async () => {
  const port = await freePort();
  const secret = 'sigterm-test-secret';
  // The model answers only once the app has said it is stopping: the reply is provably in flight during the drain.
  const smart = smartResponder();
  const modelMayAnswer = gate();
  anthropic.setResponder(async (request) => {
    await modelMayAnswer.promise;
    return smart(request);
  });
  // `npm start` itself: the signal must travel from npm to the app.
  app = npmStart({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: slack.url,
    ANTHROPIC_API_KEY: 'sigterm-test-key',
    ANTHROPIC_BASE_URL: anthropic.url,
    DATABASE_URL: database.url,
    PORT: String(port),
  });

  const { channel } = slack.state.openIm(slack.team.id, 'U1');
  const message = slack.state.postMessage({ channel: channel.id, user: 'U1', text: 'I need to close the quarter' });
  await waitFor('the bot to answer /healthz', () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false), { timeoutMs: 45_000 });
  const sender = { url: `http://127.0.0.1:${port}/slack/events`, signingSecret: secret, teamId: slack.team.id };
  expect((await sendEvent(sender, directMessageEvent({ user: 'U1', channel: channel.id, ts: message.ts, text: message.text }))).status).toBe(200);
  await waitFor('the model to be asked', () => anthropic.requests.length > 0);

  app.child.kill('SIGTERM');
  await app.waitForLog('stopping');
  modelMayAnswer.open();
  expect(await app.exitWithin(20_000)).toBe(0);
  const replies = slack.state.messages({ channel: channel.id, thread_ts: message.ts, author: 'bot' });
  expect(replies).toHaveLength(1);
  expect(replies[0]!.text).toContain('close the quarter');
  expect(app.output()).not.toContain('sigterm-test-key');
}, 90_000);
