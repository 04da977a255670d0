/**
 * Two bot processes on one database, as two replicas behind a load balancer
 * (two startBot instances here, each with its own HTTP port, pool, sweep and
 * Slack clients). Slack delivers every event three times (a slow
 * acknowledgement makes it retry), spread across both, some deliveries at
 * the same moment. Each turn must still get exactly one reply, and each
 * message be stored once.
 */
import { Pool } from 'pg';
import { startSlackApi, type RunningSlackApi } from '../../../devtools/fake-slack';
import { directMessageEvent, eventEnvelope, type SlackSender } from '../../../devtools/fake-slack/signed-requests';
import { loadConfig } from '../../../src/config';
import { freePort } from '../../../src/db/embedded';
import { memoryLogger } from '../../../src/log';
import { startBot, type RunningBot } from '../../../src/server';
import { createTestDatabase } from '../../support/db';
import { waitFor } from '../../support/e2e';
import { smartResponder, startFakeAnthropic, type FakeAnthropic } from '../../support/fake-anthropic';
import { deliverOnce, messagesOf, sessionsOf } from '../../support/faults';

const SECRET = 'replicas-signing-secret';
const TEAM = 'T1';
const PEOPLE = ['U1', 'U2', 'U3', 'U4'];

interface Replica {
  bot: RunningBot;
  logger: ReturnType<typeof memoryLogger>;
  sender: SlackSender;
}

let slack: RunningSlackApi | undefined;
let anthropic: FakeAnthropic | undefined;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
const replicas: Replica[] = [];

beforeAll(async () => {
  // Each assigned as soon as it runs, so that afterAll stops it even if another one failed to start.
  await Promise.all([
    startSlackApi({
      teams: [{ id: TEAM, name: 'Acme' }],
      users: PEOPLE.map((id, i) => ({ teamId: TEAM, id, firstName: `Person${i + 1}`, tz: 'Europe/Berlin' })),
    }).then((started) => (slack = started)),
    startFakeAnthropic().then((started) => (anthropic = started)),
    createTestDatabase().then((created) => (database = created)),
  ]);
  if (!slack || !anthropic || !database) throw new Error('unreachable');
  // The model takes a moment, so deliveries land while a reply is being written.
  const smart = smartResponder();
  anthropic.setResponder(async (request) => {
    await new Promise((r) => setTimeout(r, 400));
    return smart(request);
  });
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    const config = loadConfig({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      ANTHROPIC_API_KEY: 'replicas-key-not-real',
      ANTHROPIC_BASE_URL: anthropic.url,
      DATABASE_URL: database.url,
      PORT: String(port),
    });
    const logger = memoryLogger();
    // Sweeps on (as in production: each replica sweeps); the morning nudges are not under test here.
    const bot = await startBot(config, { logger, nudges: false });
    replicas.push({ bot, logger, sender: { url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET, teamId: TEAM } });
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.bot.stop()));
  await Promise.all([slack?.close(), anthropic?.close()]);
  await database?.drop();
}, 60_000);

/**
 * How the three deliveries of one event go: which replica (0 or 1) gets each,
 * and whether they are sent at once or one after another.
 */
const PLANS: { to: [number, number, number]; together: boolean }[] = [
  { to: [0, 1, 0], together: true },
  { to: [1, 0, 1], together: false },
  { to: [0, 1, 1], together: true },
  { to: [1, 1, 0], together: false },
];

/** Delivers one event three times, as the plan says; every delivery must be taken (2xx). */
async function deliverThrice(envelope: Record<string, unknown>, plan: (typeof PLANS)[number]): Promise<number[]> {
  const send = (i: number) => deliverOnce(replicas[plan.to[i]!]!.sender, envelope, i);
  if (plan.together) return Promise.all([0, 1, 2].map(send));
  const statuses: number[] = [];
  for (const i of [0, 1, 2]) {
    statuses.push(await send(i));
    await new Promise((r) => setTimeout(r, 150));
  }
  return statuses;
}

function botReplies(channel: string, threadTs: string) {
  return slack!.state.messages({ channel, thread_ts: threadTs, author: 'bot' });
}

/** One person's morning: three messages, each delivered three times across both replicas, each waiting for its reply. */
async function converse(user: string, index: number) {
  const { channel: im } = slack!.state.openIm(TEAM, user);
  const channel = im.id;
  const texts = [`good morning from ${user}`, `${user} needs to plan the offsite agenda`, `${user} thinks the venue is the hard part`];
  const written: string[] = [];
  let root: string | undefined;
  for (const [turn, text] of texts.entries()) {
    // The second message in the thread, the third at the top level of the DM (it continues today's session).
    const threadTs = turn === 1 ? root : undefined;
    const message = slack!.state.postMessage({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
    root ??= message.ts;
    written.push(message.ts);
    const envelope = eventEnvelope(replicas[0]!.sender, directMessageEvent({ user, channel, ts: message.ts, text, threadTs }));
    const statuses = await deliverThrice(envelope, PLANS[(index + turn) % PLANS.length]!);
    expect(statuses).toEqual([200, 200, 200]);
    await waitFor(`${user}'s reply to turn ${turn + 1}`, () => botReplies(channel, root!).length >= turn + 1, { timeoutMs: 60_000 });
  }
  return { user, channel, root: root!, written };
}

test('three deliveries of every event across two replicas: one stored message and one reply per turn', async () => {
  const conversations = await Promise.all(PEOPLE.map((user, i) => converse(user, i)));

  // Long enough for both replicas' sweeps to run over the answered sessions (every 2 s, messages older than 2 s).
  await waitFor(
    'the bot to stay quiet for 8 s',
    async () => {
      const n = slack!.calls('chat.postMessage').length;
      await new Promise((r) => setTimeout(r, 8_000));
      return slack!.calls('chat.postMessage').length === n;
    }, { timeoutMs:
    90_000 });

  const pool: Pool = database!.pool;
  for (const { user, channel, root, written } of conversations) {
    const sessions = await sessionsOf(pool, TEAM, user);
    expect(sessions).toHaveLength(1);
    const rows = await messagesOf(pool, sessions[0]!.id);
    const said = rows.filter((r) => r.role === 'person');
    expect(said.map((r) => r.slack_ts)).toEqual(written);
    const coach = rows.filter((r) => r.role === 'coach');
    // One reply per turn, each after the message it answers, each posted once.
    expect(rows.map((r) => r.role)).toEqual(['person', 'coach', 'person', 'coach', 'person', 'coach']);
    // Each posted once, matched by its words (a reply's Slack ts is not written back).
    const posted = botReplies(channel, root);
    expect(posted.map((m) => m.text)).toEqual(coach.map((r) => r.text));
    expect(sessions[0]!.answered_message_id).toBe(said[2]!.id);
  }
  // No duplicate person rows anywhere, and no bot message outside the sessions' threads.
  const { rows: doubled } = await pool.query(
    "select team_id, channel_id, slack_ts from messages where role = 'person' group by team_id, channel_id, slack_ts having count(*) > 1",
  );
  expect(doubled).toEqual([]);
  const allBot = slack!.state.messages({ author: 'bot' });
  expect(allBot).toHaveLength(PEOPLE.length * 3);
  // Both replicas did the work: each stored some first deliveries and saw some duplicates.
  for (const replica of replicas) expect(replica.logger.lines.some((l) => l.includes('"code":"message_duplicate"'))).toBe(true);
  expect(replicas.flatMap((r) => r.logger.lines).filter((l) => /"level":"error"/.test(l))).toEqual([]);
}, 300_000);
