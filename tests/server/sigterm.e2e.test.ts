import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../src/db/embedded';
import { directMessageEvent, sendEvent } from '../../devtools/fake-slack/signed-requests';
import { startSlackApi, type RunningSlackApi } from '../../devtools/fake-slack';
import { createTestDatabase } from '../support/db';
import { eventually } from '../support/e2e';
import { smartResponder, startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';

let slack: RunningSlackApi;
let anthropic: FakeAnthropic;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  [slack, anthropic, database] = await Promise.all([
    startSlackApi({ users: [{ id: 'U1', firstName: 'Michael', tz: 'Europe/Berlin' }] }),
    startFakeAnthropic(),
    createTestDatabase(),
  ]);
});
afterAll(async () => {
  await Promise.all([slack.close(), anthropic.close()]);
  await database.drop();
});

test('npm start in HTTP mode: SIGTERM lets the reply in flight go out, then exits 0', async () => {
  const port = await freePort();
  const secret = 'sigterm-test-secret';
  const smart = smartResponder();
  anthropic.setResponder(async (request) => {
    await new Promise((r) => setTimeout(r, 800));
    return smart(request);
  });
  const root = path.resolve(__dirname, '../..');
  // `npm start` itself: the signal must travel npm → tsx → the app.
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: secret,
      SLACK_API_URL: slack.url,
      ANTHROPIC_API_KEY: 'sigterm-test-key',
      ANTHROPIC_BASE_URL: anthropic.url,
      DATABASE_URL: database.url,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a failed test can still clean up everything it started.
    detached: true,
  });
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const { channel } = slack.state.openIm(slack.team.id, 'U1');
  const message = slack.state.postMessage({ channel: channel.id, user: 'U1', text: 'I need to close the quarter' });
  try {
    await eventually('the bot to answer /healthz', () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false), 20_000);
    const sender = { url: `http://127.0.0.1:${port}/slack/events`, signingSecret: secret, teamId: slack.team.id };
    expect((await sendEvent(sender, directMessageEvent({ user: 'U1', channel: channel.id, ts: message.ts, text: message.text }))).status).toBe(200);
    await eventually('the model to be asked', () => anthropic.requests.length > 0);
  } catch (error) {
    killGroup();
    throw error;
  }

  child.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running 20 s after SIGTERM'), 20_000))]);
  killGroup();
  expect(code).toBe(0);
  const replies = slack.state.messages({ channel: channel.id, thread_ts: message.ts, author: 'bot' });
  expect(replies).toHaveLength(1);
  expect(replies[0]!.text).toContain('close the quarter');
  expect(output).toContain('"code":"stopping"');
  expect(output).not.toContain('sigterm-test-key');
}, 40_000);
