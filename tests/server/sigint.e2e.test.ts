/**
 * `npm start` in Socket Mode, stopped with Ctrl-C: the terminal sends SIGINT
 * to the whole process group (npm, tsx and the app at once). The app drains
 * as on SIGTERM: its socket closes, the reply in flight still goes out, and
 * it exits 0.
 */
import { freePort } from '../../src/db/embedded';
import { directMessageEvent } from '../../devtools/fake-slack/signed-requests';
import { startSlackApi, type RunningSlackApi } from '../../devtools/fake-slack';
import { createTestDatabase } from '../support/db';
import { socketEventCallback } from '../support/e2e';
import { smartResponder, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { npmStart, type AppProcess } from '../support/process';
import { gate, waitFor } from '../support/wait';

let slack: RunningSlackApi;
let anthropic: FakeAnthropic;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: AppProcess | undefined;
beforeAll(async () => {
  [slack, anthropic, database] = await Promise.all([
    startSlackApi({ users: [{ id: 'U1', firstName: 'Michael', tz: 'Europe/Berlin' }], socketMode: true }),
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

test('npm start in Socket Mode: Ctrl-C (SIGINT to the process group) closes the socket, lets the reply in flight go out, then exits 0', async () => {
  const smart = smartResponder();
  const modelMayAnswer = gate();
  anthropic.setResponder(async (request) => {
    await modelMayAnswer.promise;
    return smart(request);
  });
  app = npmStart({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_APP_TOKEN: slack.appToken!,
    SLACK_API_URL: slack.url,
    ANTHROPIC_API_KEY: 'sigint-test-key',
    ANTHROPIC_BASE_URL: anthropic.url,
    DATABASE_URL: database.url,
    PORT: String(await freePort()),
  });
  const socket = slack.socketMode!;
  await socket.waitForConnection(1, 45_000);

  const { channel } = slack.state.openIm(slack.team.id, 'U1');
  const message = slack.state.postMessage({ channel: channel.id, user: 'U1', text: 'I need to close the quarter' });
  await socket.pushEvent(socketEventCallback(slack, directMessageEvent({ user: 'U1', channel: channel.id, ts: message.ts, text: message.text }))).ack;
  await waitFor('the model to be asked', () => anthropic.requests.length > 0);

  app.signalGroup('SIGINT');
  await app.waitForLog('stopping');
  await waitFor('the app to close its socket', () => socket.connections() === 0);
  modelMayAnswer.open();
  const code = await app.exitWithin(20_000);
  const replies = slack.state.messages({ channel: channel.id, thread_ts: message.ts, author: 'bot' });
  expect(replies).toHaveLength(1);
  expect(replies[0]!.text).toContain('close the quarter');
  expect(code).toBe(0);
  expect(app.logCodes().filter((c) => c === 'stopping')).toHaveLength(1);
  expect(app.output()).not.toContain('sigint-test-key');
}, 90_000);
