/**
 * Postgres goes away in the middle of a session and comes back. The bot is a
 * real `npm start` (HTTP mode) on a cluster of this test's own, which the test
 * stops and starts again on the same data and port. While it is down the
 * person writes three messages; the bot refuses each event (it cannot store
 * it), so Slack delivers it again, and again, until the bot takes it. Nothing
 * may be lost: afterwards the database holds every message exactly once and
 * the session is answered, without the person writing again.
 */
import path from 'node:path';
import { Pool } from 'pg';
import { startSlackApi, type RunningSlackApi } from '../../../devtools/fake-slack';
import { directMessageEvent, sendEvent, type SlackSender } from '../../../devtools/fake-slack/signed-requests';
import { COACH_TURN_TOOL } from '../../../src/coach/prompts';
import { freePort } from '../../../src/db/embedded';
import { waitFor } from '../../support/e2e';
import { personTexts, startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';
import { until, deliverUntilAccepted, messagesOf, rowsWithTs, sessionsOf, type Delivery } from '../../support/faults';
import { cleanEnv, npmRun, type NpmChild } from '../../support/npm-start';
import { holdModelCalls, type HeldModel } from '../../support/held-model';
import { startOwnPostgres, type OwnPostgres } from '../../support/own-postgres';

const ROOT = path.resolve(__dirname, '../../..');
const SECRET = 'postgres-restart-signing-secret';
const TEAM = 'T1';
const USER = 'U1';
const OTHER = 'U2';

let postgres: OwnPostgres | undefined;
let slack: RunningSlackApi | undefined;
let anthropic: FakeAnthropic | undefined;
let bot: NpmChild | undefined;
let pool: Pool | undefined;
let sender: SlackSender;
let model: HeldModel;

beforeAll(async () => {
  // Each assigned as soon as it runs, so that afterAll stops it even if another one failed to start.
  await Promise.all([
    startOwnPostgres().then((started) => (postgres = started)),
    startSlackApi({
      teams: [{ id: TEAM, name: 'Acme' }],
      users: [
        { teamId: TEAM, id: USER, firstName: 'Michael', tz: 'Europe/Berlin' },
        { teamId: TEAM, id: OTHER, firstName: 'Ada', tz: 'Europe/London' },
      ],
    }).then((started) => (slack = started)),
    startFakeAnthropic().then((started) => (anthropic = started)),
  ]);
  if (!postgres || !slack || !anthropic) throw new Error('unreachable');
  model = holdModelCalls(anthropic);
  const databaseUrl = await postgres.createDatabase('deep_thoughts_test_pg_restart');
  // The test's own look at the rows; its idle connections die with the cluster, and that is expected.
  pool = new Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => {});
  const port = await freePort();
  sender = { url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET, teamId: TEAM };
  bot = npmRun(['start'], {
    cwd: ROOT,
    env: cleanEnv({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      ANTHROPIC_API_KEY: 'postgres-restart-key-not-real',
      ANTHROPIC_BASE_URL: anthropic.url,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
    }),
  });
  await bot.waitFor(/"code":"started"/, 120_000);
}, 240_000);

afterAll(async () => {
  model?.release();
  bot?.kill();
  await bot?.exit(20_000);
  await pool?.end().catch(() => {});
  await Promise.all([slack?.close(), anthropic?.close()]);
  await postgres?.destroy();
}, 60_000);

/** A person writes in their DM: on the fake Slack first, as in Slack, then the event for it. */
function write(user: string, channel: string, text: string, threadTs?: string) {
  const message = slack!.state.postMessage({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
  return { ts: message.ts, text, event: directMessageEvent({ user, channel, ts: message.ts, text, threadTs }) };
}
type Written = ReturnType<typeof write>;

function botReplies(channel: string, threadTs: string) {
  return slack!.state.messages({ channel, thread_ts: threadTs, author: 'bot' });
}

function isReport(blocks: unknown): boolean {
  return JSON.stringify(blocks ?? []).includes('Deep Thoughts:');
}

function healthz(): Promise<number> {
  return fetch(sender.url.replace('/slack/events', '/healthz')).then(
    (r) => r.status,
    () => 0,
  );
}

/** While Postgres is down, the person writes `texts`; each is delivered again and again until the bot takes it. */
async function writeWhileDown(user: string, channel: string, threadTs: string, texts: string[]) {
  const pending = texts.map((text) => write(user, channel, text, threadTs));
  const deliveries: Delivery[] = pending.map((m) => deliverUntilAccepted(sender, m.event, { deadlineMs: 180_000, intervalMs: 500 }));
  // Each one refused (not acknowledged) at least twice while the database is away.
  await waitFor('every message to be refused twice', () => deliveries.every((d) => d.statuses.filter((s) => s >= 500).length >= 2), { timeoutMs: 60_000 });
  expect(deliveries.flatMap((d) => d.statuses).every((s) => s === 503)).toBe(true);
  return { pending, deliveries };
}

/**
 * After recovery, before `deadline`: the session's last person message is
 * answered by a coach row that is on Slack in the thread. Returns that row.
 */
async function answeredAfterRecovery(user: string, channel: string, threadTs: string, people: number, deadline: number) {
  return until(`a reply that answers all ${people} person messages, on Slack`, deadline, async () => {
    const [session] = await sessionsOf(pool!, TEAM, user).catch(() => []);
    if (!session) return false;
    const rows = await messagesOf(pool!, session.id).catch(() => []);
    const said = rows.filter((r) => r.role === 'person');
    if (said.length < people) return false;
    const lastPerson = Math.max(...said.map((r) => r.id));
    if (session.answered_message_id !== lastPerson) return false;
    const answer = rows.find((r) => r.role === 'coach' && r.id > lastPerson && botReplies(channel, threadTs).some((m) => m.text === r.text));
    return answer ?? false;
  });
}

/** The model saw every one of `texts` when it wrote its last reply. */
function lastReplyTookIn(texts: string[]) {
  const lastCoachCall = [...anthropic!.requests].reverse().find((r) => r.body.tool_choice?.name === COACH_TURN_TOOL && r.status === 200)!;
  for (const text of texts) expect(personTexts(lastCoachCall.body)).toContain(text);
}

async function botQuiet() {
  await waitFor(
    'the bot to go quiet',
    async () => {
      const n = slack!.calls().length;
      await new Promise((r) => setTimeout(r, 1_500));
      return slack!.calls().length === n;
    }, { timeoutMs:
    60_000 });
}

/** Every person message stored exactly once, one session, and every coach row posted once in the thread (besides `notices`). */
async function nothingLost(user: string, channel: string, threadTs: string, written: Written[], notices: number) {
  for (const m of written) expect(await rowsWithTs(pool!, TEAM, channel, m.ts)).toBe(1);
  const sessions = await sessionsOf(pool!, TEAM, user);
  expect(sessions).toHaveLength(1);
  const rows = await messagesOf(pool!, sessions[0]!.id);
  expect(
    rows
      .filter((r) => r.role === 'person')
      .map((r) => r.slack_ts)
      .sort(),
  ).toEqual(written.map((m) => m.ts).sort());
  const coach = rows.filter((r) => r.role === 'coach');
  // Each coach row is on Slack once (matched by its words: a reply's Slack ts is not written back).
  const onSlack = botReplies(channel, threadTs);
  const coachTexts = new Set(coach.map((r) => r.text));
  expect(onSlack.filter((m) => coachTexts.has(m.text))).toHaveLength(coach.length);
  expect(onSlack.filter((m) => !coachTexts.has(m.text))).toHaveLength(notices);
  return { session: sessions[0]!, coach };
}

/** "wrap up" after recovery: the report is posted and stored, the session completed. */
async function wrapsUp(user: string, channel: string, threadTs: string) {
  const wrap = write(user, channel, 'wrap up', threadTs);
  expect((await sendEvent(sender, wrap.event)).status).toBe(200);
  await waitFor('the report', () => botReplies(channel, threadTs).some((m) => isReport(m.blocks)), { timeoutMs: 60_000 });
  const [done] = await sessionsOf(pool!, TEAM, user);
  expect(done!.status).toBe('completed');
  const { rows: reports } = await pool!.query<{ n: number }>('select count(*)::int as n from reports where session_id = $1', [done!.id]);
  expect(reports[0]!.n).toBe(1);
  expect(await rowsWithTs(pool!, TEAM, channel, wrap.ts)).toBe(1);
}

/** Runs `body`; a failure carries the bot's last output. */
async function withOutput(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof Error) error.message += `\n--- npm start output (last 6000 chars) ---\n${bot!.output().slice(-6000)}`;
    throw error;
  }
}

test('between turns: the messages written while Postgres is down are refused, redelivered, stored once each, and answered within 10 s of it being back', () =>
  withOutput(async () => {
    const { channel: im } = slack!.state.openIm(TEAM, USER);
    const channel = im.id;

    // The session is under way: two turns, each answered.
    const opening = write(USER, channel, 'good morning');
    expect((await sendEvent(sender, opening.event)).status).toBe(200);
    await waitFor('the first reply', () => botReplies(channel, opening.ts).length >= 1, { timeoutMs: 60_000 });
    const second = write(USER, channel, 'I want to ship the billing migration this week', opening.ts);
    expect((await sendEvent(sender, second.event)).status).toBe(200);
    await waitFor('the second reply', () => botReplies(channel, opening.ts).length >= 2, { timeoutMs: 60_000 });
    await waitFor('the session to be idle (answered, lease released)', async () => (await sessionsOf(pool!, TEAM, USER))[0]?.lease_until === null);

    await postgres!.stop();
    await waitFor('/healthz to say the database is down', async () => (await healthz()) === 503, { timeoutMs: 30_000 });
    const { pending, deliveries } = await writeWhileDown(USER, channel, opening.ts, [
      'the staging database is not ready yet',
      'and the vendor has not answered my email',
      'so maybe I should start with the rollback plan',
    ]);
    expect(bot!.child.exitCode).toBeNull();
    expect(botReplies(channel, opening.ts)).toHaveLength(2);

    // Back: same data, same port. From here the clock runs.
    await postgres!.start();
    const within10s = Date.now() + 10_000;
    await answeredAfterRecovery(USER, channel, opening.ts, 5, within10s);
    await Promise.all(deliveries.map((d) => d.accepted));
    lastReplyTookIn(pending.map((m) => m.text));

    await botQuiet();
    await nothingLost(USER, channel, opening.ts, [opening, second, ...pending], 0);
    await wrapsUp(USER, channel, opening.ts);
    expect(bot!.child.exitCode).toBeNull();
  }), 300_000);

test('mid-reply: the reply being written when Postgres goes away, and the messages written while it is down, are answered within 10 s of it being back', () =>
  withOutput(async () => {
    // Running again even if the test before stopped it and failed.
    await postgres!.start();
    const { channel: im } = slack!.state.openIm(TEAM, OTHER);
    const channel = im.id;
    const opening = write(OTHER, channel, 'good morning');
    expect((await sendEvent(sender, opening.event)).status).toBe(200);
    await waitFor('the first reply', () => botReplies(channel, opening.ts).length >= 1, { timeoutMs: 60_000 });

    // The model is thinking about the second message when Postgres goes away.
    model.hold();
    const second = write(OTHER, channel, 'I need to hire a second designer', opening.ts);
    expect((await sendEvent(sender, second.event)).status).toBe(200);
    await model.waitForHeld(1, 60_000);
    await postgres!.stop();
    await waitFor('/healthz to say the database is down', async () => (await healthz()) === 503, { timeoutMs: 30_000 });
    // The model answers, but the reply cannot be stored: the person is told it is delayed, not lost.
    model.release();
    await waitFor('the "answer delayed" notice', () => botReplies(channel, opening.ts).length >= 2, { timeoutMs: 60_000 });
    expect(botReplies(channel, opening.ts)[1]!.text).toMatch(/saved/);

    const { pending, deliveries } = await writeWhileDown(OTHER, channel, opening.ts, [
      'the budget was approved last week',
      'but the recruiter is on holiday',
      'I could ask the agency instead',
    ]);
    expect(bot!.child.exitCode).toBeNull();

    await postgres!.start();
    const within10s = Date.now() + 10_000;
    await answeredAfterRecovery(OTHER, channel, opening.ts, 5, within10s);
    await Promise.all(deliveries.map((d) => d.accepted));
    lastReplyTookIn([second.text, ...pending.map((m) => m.text)]);

    await botQuiet();
    await nothingLost(OTHER, channel, opening.ts, [opening, second, ...pending], 1);
    await wrapsUp(OTHER, channel, opening.ts);
    expect(bot!.child.exitCode).toBeNull();
  }), 300_000);
