/**
 * The bot is killed outright (SIGKILL: no drain, no clean-up) while the model
 * is writing a reply. The person's message was stored before Slack heard
 * "received", so Slack will not send it again; a new `npm start` on the same
 * database must answer it by itself, once, without the person writing again.
 */
import path from 'node:path';
import { Pool } from 'pg';
import { startSlackApi, type RunningSlackApi } from '../../../devtools/fake-slack';
import { directMessageEvent, sendEvent, type SlackSender } from '../../../devtools/fake-slack/signed-requests';
import { COACH_TURN_TOOL } from '../../../src/coach/prompts';
import { freePort } from '../../../src/db/embedded';
import { createTestDatabase } from '../../support/db';
import { waitFor } from '../../support/e2e';
import { personTexts, startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';
import { until, livingInGroup, messagesOf, rowsWithTs, sessionsOf } from '../../support/faults';
import { holdModelCalls, type HeldModel } from '../../support/held-model';
import { cleanEnv, npmRun, type NpmChild } from '../../support/npm-start';

const ROOT = path.resolve(__dirname, '../../..');
const SECRET = 'sigkill-signing-secret';
const TEAM = 'T1';
const USER = 'U1';

let slack: RunningSlackApi | undefined;
let anthropic: FakeAnthropic | undefined;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let model: HeldModel;
const children: NpmChild[] = [];
let env: NodeJS.ProcessEnv;
let sender: SlackSender;

beforeAll(async () => {
  // Each assigned as soon as it runs, so that afterAll stops it even if another one failed to start.
  await Promise.all([
    startSlackApi({ teams: [{ id: TEAM, name: 'Acme' }], users: [{ teamId: TEAM, id: USER, firstName: 'Michael', tz: 'Europe/Berlin' }] }).then(
      (started) => (slack = started),
    ),
    startFakeAnthropic().then((started) => (anthropic = started)),
    createTestDatabase().then((created) => (database = created)),
  ]);
  if (!slack || !anthropic || !database) throw new Error('unreachable');
  model = holdModelCalls(anthropic);
  const port = await freePort();
  sender = { url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET, teamId: TEAM };
  env = cleanEnv({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.url,
    ANTHROPIC_API_KEY: 'sigkill-key-not-real',
    ANTHROPIC_BASE_URL: anthropic.url,
    DATABASE_URL: database.url,
    PORT: String(port),
  });
}, 120_000);

afterAll(async () => {
  for (const child of children) child.kill();
  await Promise.all(children.map((child) => child.exit(20_000)));
  model?.release();
  await Promise.all([slack?.close(), anthropic?.close()]);
  await database?.drop();
}, 60_000);

/** `npm start` in its own process group; resolves once it has said "started". */
async function startBot(): Promise<NpmChild> {
  const child = npmRun(['start'], { cwd: ROOT, env });
  children.push(child);
  await child.waitFor(/"code":"started"/, 120_000);
  return child;
}

function output(): string {
  return children.map((child, i) => `--- npm start #${i + 1} (last 4000 chars) ---\n${child.output().slice(-4000)}`).join('\n');
}

test('SIGKILL while the model call is in flight: the next npm start answers the stored message within 10 s, exactly once', async () => {
  try {
    const first = await startBot();
    const pool: Pool = database!.pool;
    const { channel: im } = slack!.state.openIm(TEAM, USER);
    const channel = im.id;

    // The person writes; the bot stores it, acknowledges it, and asks the model, which does not answer yet.
    model.hold();
    const text = 'I have to decide whether to rewrite the importer';
    const message = slack!.state.postMessage({ channel, user: USER, text });
    expect((await sendEvent(sender, directMessageEvent({ user: USER, channel, ts: message.ts, text }))).status).toBe(200);
    await model.waitForHeld(1, 60_000);
    expect(await rowsWithTs(pool, TEAM, channel, message.ts)).toBe(1);
    const [session] = await sessionsOf(pool, TEAM, USER);
    expect(session!.lease_until).not.toBeNull();
    expect((await messagesOf(pool, session!.id)).filter((r) => r.role === 'coach')).toHaveLength(0);

    // SIGKILL to the whole group: npm, tsx and the node process running src/main.ts.
    const pgid = first.child.pid!;
    expect(livingInGroup(pgid).length).toBeGreaterThanOrEqual(2);
    first.kill();
    expect(await first.exit(20_000)).toBeNull();
    await waitFor('every process of the killed group to be gone', () => livingInGroup(pgid).length === 0, { timeoutMs: 20_000 });
    expect(slack!.state.messages({ channel, thread_ts: message.ts, author: 'bot' })).toHaveLength(0);
    model.release();

    // A new npm start on the same database; once it has started, the clock runs.
    await startBot();
    const within10s = Date.now() + 10_000;
    const reply = await until('the reply in the thread', within10s, () => slack!.state.messages({ channel, thread_ts: message.ts, author: 'bot' })[0]);
    expect(reply.text).toContain('rewrite the importer');

    // Exactly one coach reply for that turn, stored and posted; the person's message once.
    await waitFor(
      'the bot to go quiet',
      async () => {
        const n = slack!.calls().length;
        await new Promise((r) => setTimeout(r, 1_500));
        return slack!.calls().length === n;
      }, { timeoutMs:
      60_000 });
    const rows = await messagesOf(pool, session!.id);
    expect(rows.filter((r) => r.role === 'person').map((r) => r.slack_ts)).toEqual([message.ts]);
    const coach = rows.filter((r) => r.role === 'coach');
    expect(coach).toHaveLength(1);
    expect(coach[0]!.text).toBe(reply.text);
    expect(slack!.state.messages({ channel, thread_ts: message.ts, author: 'bot' })).toHaveLength(1);
    const [after] = await sessionsOf(pool, TEAM, USER);
    expect(after!.answered_message_id).toBe(rows.find((r) => r.role === 'person')!.id);
    expect(await sessionsOf(pool, TEAM, USER)).toHaveLength(1);
    // The model was asked again by the new process, with the stored message.
    const calls = anthropic!.requests.filter((r) => r.body.tool_choice?.name === COACH_TURN_TOOL);
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(personTexts(calls[calls.length - 1]!.body)).toContain(text);
  } catch (error) {
    if (error instanceof Error) error.message += `\n${output()}`;
    throw error;
  }
}, 300_000);
