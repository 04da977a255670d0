/**
 * The rate gate (src/slack/rate-gate.ts) on a real Postgres and real
 * WebClients against the fake Slack: two gates on one database stand for two
 * replicas; a 429 one of them gets holds the other off too.
 */
import { startSlackApi, type RunningSlackApi } from '../../devtools/fake-slack';
import { createPaceStore } from '../../src/db/stores';
import { memoryLogger } from '../../src/log';
import type { NudgeContent } from '../../src/nudge/greeting';
import { createNudgeClient, webMessenger } from '../../src/slack/nudge-client';
import { createRateGate, METHOD_PACE, RATE_LIMITED_TRIES } from '../../src/slack/rate-gate';
import { useTestDatabase } from '../support/db-fixtures';
import { waitFor } from '../support/wait';

const database = useTestDatabase();
let slack: RunningSlackApi;

beforeEach(async () => {
  slack = await startSlackApi();
});
afterEach(async () => {
  await slack.close();
});

function replica(logger = memoryLogger()) {
  const client = createNudgeClient({ token: slack.botToken, apiUrl: slack.url, logger, retryConfig: { retries: 0 } });
  const gate = createRateGate(createPaceStore(database().db), logger);
  return { logger, messenger: webMessenger(client, { gate, teamId: slack.team.id }) };
}

const nudge: NudgeContent = { sessionId: '00000000-0000-4000-8000-000000000001', firstName: 'Ada', lastTask: null, kind: 'morning' };

function channelFor(id: string): string {
  slack.state.addUser({ id, firstName: id, lastName: 'Tester', tz: 'UTC' });
  return slack.state.openIm(slack.team.id, id).channel.id;
}

test("a 429 on one replica holds the other off that method for Retry-After; both nudges then go out once", async () => {
  const a = replica();
  const b = replica();
  const [c1, c2] = [channelFor('UA1'), channelFor('UB1')];
  slack.failNext('chat.postMessage', { status: 429, retryAfter: 2 });
  const first = a.messenger.postNudge(c1, nudge);
  // B asks once A's 429 is a hold in the database, which is all B can know of it.
  await waitFor('the hold of the 429 in slack_pace', async () => {
    const { rows } = await database().pool.query(`select 1 from slack_pace where method = 'chat.postMessage' and held_until > now()`);
    return rows.length > 0;
  });
  const second = b.messenger.postNudge(c2, nudge);
  await Promise.all([first, second]);

  const calls = slack.calls('chat.postMessage');
  expect(calls.map((c) => c.status)).toEqual([429, 200, 200]);
  const refusedAt = calls[0]!.at.getTime();
  // Neither replica called again before the two seconds were up, by the fake's own clock.
  for (const later of calls.slice(1)) expect(later.at.getTime() - refusedAt).toBeGreaterThanOrEqual(1_900);
  expect(slack.state.messages({ author: 'bot' })).toHaveLength(2);
  const limited = a.logger.lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.code === 'slack_rate_limited');
  expect(limited).toEqual([expect.objectContaining({ level: 'warn', method: 'chat.postMessage', retry_after: 2, team_id: slack.team.id })]);
});

test(`a call Slack keeps refusing gives up after ${RATE_LIMITED_TRIES} tries, as a passing failure`, async () => {
  const a = replica();
  const channel = channelFor('UA2');
  slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, RATE_LIMITED_TRIES);
  await expect(a.messenger.postNudge(channel, nudge)).rejects.toThrow();
  expect(slack.calls('chat.postMessage')).toHaveLength(RATE_LIMITED_TRIES);
  expect(slack.state.messages({ author: 'bot' })).toHaveLength(0);
}, 20_000);

test("the second call of a Tier 3 method waits for its slot, whichever replica makes it", async () => {
  const a = replica();
  const b = replica();
  const [u1, u2] = ['UA3', 'UB3'];
  for (const id of [u1, u2]) slack.state.addUser({ id, firstName: id, lastName: 'Tester', tz: 'UTC' });
  await a.messenger.openDm(u1);
  await b.messenger.openDm(u2);
  const calls = slack.calls('conversations.open');
  expect(calls).toHaveLength(2);
  // 50 a minute: the second slot is 1.2 s after the first. Each call's own travel to the fake adds
  // to or takes from that on a busy machine, so only half of it is held to; unpaced, it would be ~0.
  const gap = calls[1]!.at.getTime() - calls[0]!.at.getTime();
  expect(gap).toBeGreaterThanOrEqual(METHOD_PACE['conversations.open']!.startMs / 2);
});
