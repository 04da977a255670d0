import { blockActionsPayload, sendInteraction } from '../../devtools/fake-slack/signed-requests';
import { HOME_ACTIONS } from '../../src/slack/blocks/home-ids';
import type { MessageRecord } from '../../devtools/fake-slack';
import { botMessagesIn, sayInDm, settled, startE2E, startSocketE2E, waitFor, type E2E } from '../support/e2e';
import { parseMetrics, scrape, value } from '../support/metrics';

/**
 * GET /metrics after a coaching session through the real Bolt app (signed
 * HTTP, real WebClient and Anthropic SDK against the fakes, real Postgres):
 * the counters moved.
 */
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

const say = (user: string, text: string, threadTs?: string) => sayInDm(e2e, user, text, threadTs);

function replies(channel: string, threadTs: string, n: number): Promise<MessageRecord[]> {
  return waitFor(`${n} bot messages in the thread`, () => {
    const found = botMessagesIn(e2e.slack, channel, threadTs);
    return found.length >= n ? found : undefined;
  });
}

test('GET /metrics serves the Prometheus text format: the bot’s own metrics, the pool, and Node’s (event-loop lag among them)', async () => {
  const text = await scrape(e2e.baseUrl);
  const names = new Set(parseMetrics(text).map((s) => s.name));
  for (const name of [
    'deep_thoughts_replies_total',
    'deep_thoughts_open_sessions',
    'deep_thoughts_db_pool_connections',
    'nodejs_eventloop_lag_seconds',
    'nodejs_eventloop_lag_p99_seconds',
    'process_resident_memory_bytes',
  ]) {
    expect(names).toContain(name);
  }
  // The pool has opened connections by now (migrations, the scrape's own count query).
  expect(value(text, 'deep_thoughts_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
  expect(value(text, 'deep_thoughts_db_pool_connections', { state: 'waiting' })).toBe(0);
  expect(text).toMatch(/^# HELP deep_thoughts_reply_seconds /m);
  expect(text).toMatch(/^# TYPE deep_thoughts_reply_seconds histogram$/m);
});

test('after one coaching session, from the first DM to the report: replies, their latency, model calls, tokens and Slack calls moved; the session was open, then closed', async () => {
  const before = await scrape(e2e.baseUrl);
  const user = 'U1';

  const opening = await say(user, 'good morning');
  await replies(opening.channel, opening.ts, 1);
  await say(user, 'I want to write the evals for our search feature', opening.ts);
  await replies(opening.channel, opening.ts, 2);
  await settled(e2e.bot);
  const during = await scrape(e2e.baseUrl);
  expect(value(during, 'deep_thoughts_open_sessions')).toBe(value(before, 'deep_thoughts_open_sessions') + 1);

  await say(user, 'wrap up', opening.ts);
  await waitFor('the report', () => botMessagesIn(e2e.slack, opening.channel, opening.ts).find((m) => JSON.stringify(m.blocks ?? []).includes('Deep Thoughts:')));
  await settled(e2e.bot);
  const after = await scrape(e2e.baseUrl);
  const moved = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);

  // Two coaching turns and one report reached Slack, each timed from its message.
  expect(moved('deep_thoughts_replies_total', { kind: 'reply' })).toBe(2);
  expect(moved('deep_thoughts_replies_total', { kind: 'report' })).toBe(1);
  expect(moved('deep_thoughts_reply_seconds_count', { kind: 'reply' })).toBe(2);
  expect(moved('deep_thoughts_reply_seconds_count', { kind: 'report' })).toBe(1);
  expect(moved('deep_thoughts_reply_seconds_sum')).toBeGreaterThan(0);

  // One API call per turn and one for the report, as the fake Anthropic saw them; tokens as it reported them.
  const turnCalls = e2e.anthropic.requests.filter((r) => JSON.stringify(r.body.tool_choice).includes('coach_turn')).length;
  expect(turnCalls).toBeGreaterThanOrEqual(1);
  expect(moved('deep_thoughts_model_calls_total', { op: 'turn', outcome: 'ok' })).toBe(turnCalls);
  expect(moved('deep_thoughts_model_calls_total', { op: 'report', outcome: 'ok' })).toBe(1);
  expect(moved('deep_thoughts_model_calls_total', { outcome: 'failed' })).toBe(0);
  expect(moved('deep_thoughts_model_call_seconds_count')).toBe(turnCalls + 1);
  expect(moved('deep_thoughts_model_tokens_total', { type: 'input' })).toBeGreaterThan(0);
  expect(moved('deep_thoughts_model_tokens_total', { type: 'output' })).toBeGreaterThan(0);
  // Tools and system are one cached prefix: written once, read by every later call.
  expect(moved('deep_thoughts_model_tokens_total', { type: 'cache_read' })).toBeGreaterThan(0);
  expect(value(after, 'deep_thoughts_model_tokens_total', { type: 'cache_write' })).toBeGreaterThan(0);

  // Every Web API request counted by method: the posts, and no errors.
  const posts = e2e.slack.calls('chat.postMessage').length;
  expect(moved('deep_thoughts_slack_calls_total', { method: 'chat.postMessage' })).toBeGreaterThanOrEqual(3);
  expect(value(after, 'deep_thoughts_slack_calls_total', { method: 'chat.postMessage' })).toBe(posts);
  expect(moved('deep_thoughts_slack_errors_total')).toBe(0);

  // Wrapped up: no longer open.
  expect(value(after, 'deep_thoughts_open_sessions')).toBe(value(before, 'deep_thoughts_open_sessions'));
});

test('Slack errors and 429s are counted by method; a failed model call is counted as failed', async () => {
  const before = await scrape(e2e.baseUrl);
  // The 💭 reaction: refused once with a code, rate limited once (its client refuses 429s rather than waiting).
  e2e.slack.failNext('reactions.add', 'too_many_reactions');
  const first = await say('U2', 'I need to prepare the board deck');
  await replies(first.channel, first.ts, 1);
  e2e.slack.failNext('reactions.add', { status: 429, retryAfter: 30 });
  await say('U2', 'it is due on Friday', first.ts);
  await replies(first.channel, first.ts, 2);
  // The model overloaded on every try of the next turn: the person hears the model is away.
  e2e.anthropic.failWith(529);
  await say('U2', 'and I have not started', first.ts);
  await replies(first.channel, first.ts, 3);
  e2e.anthropic.clearFailure();
  await settled(e2e.bot);

  const after = await scrape(e2e.baseUrl);
  const moved = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);
  expect(moved('deep_thoughts_slack_errors_total', { method: 'reactions.add', error: 'too_many_reactions' })).toBe(1);
  expect(moved('deep_thoughts_slack_rate_limited_total', { method: 'reactions.add' })).toBe(1);
  expect(moved('deep_thoughts_slack_errors_total', { method: 'chat.postMessage' })).toBe(0);
  expect(moved('deep_thoughts_model_calls_total', { op: 'turn', outcome: 'failed' })).toBeGreaterThanOrEqual(1);
  expect(moved('deep_thoughts_replies_total', { kind: 'model_unavailable' })).toBe(1);
  // Labels carry codes and names only: nothing the person wrote, no team or person id.
  expect(after).not.toMatch(/board deck|Friday|U2|T1/);
});

test('a label never carries free text: a Slack error that is not a code counts as unknown', async () => {
  const before = await scrape(e2e.baseUrl);
  e2e.slack.failNext('reactions.add', 'Not A Code: <script>');
  const said = await say('U1', 'another thought');
  await replies(said.channel, said.ts, 1);
  await settled(e2e.bot);
  const after = await scrape(e2e.baseUrl);
  expect(value(after, 'deep_thoughts_slack_errors_total', { method: 'reactions.add', error: 'unknown' }) - value(before, 'deep_thoughts_slack_errors_total', { method: 'reactions.add', error: 'unknown' })).toBe(1);
  expect(after).not.toMatch(/Not A Code|<script>/);
});

test("a nudge is counted: Start now on the App Home opens today's session (sent); pressed again, the day is taken (skipped, already)", async () => {
  const before = await scrape(e2e.baseUrl);
  e2e.slack.state.addUser({ teamId: 'T1', id: 'UNUDGE', firstName: 'Nora', tz: 'Europe/Berlin' });
  const press = () => sendInteraction(e2e.sender, blockActionsPayload(e2e.sender, { user: 'UNUDGE', actionId: HOME_ACTIONS.startNow, value: '', container: { type: 'view', viewId: 'VHOME1' } }));
  await press();
  await waitFor('the opening in the DM', () => e2e.slack.state.messages({ author: 'bot' }).find((m) => e2e.slack.state.channel(m.channel)?.user === 'UNUDGE'));
  await settled(e2e.bot);
  await press();
  await settled(e2e.bot);
  const after = await scrape(e2e.baseUrl);
  const moved = (labels: Record<string, string>) => value(after, 'deep_thoughts_nudges_total', labels) - value(before, 'deep_thoughts_nudges_total', labels);
  expect(moved({ outcome: 'sent' })).toBe(1);
  expect(moved({ outcome: 'failed' })).toBe(0);
  expect(moved({ outcome: 'skipped' })).toBe(moved({ outcome: 'skipped', reason: 'already' }));
  expect(moved({ outcome: 'skipped', reason: 'already' })).toBe(1);
});

test('in Socket Mode, GET /metrics is served on PORT beside /healthz', async () => {
  const socket = await startSocketE2E();
  try {
    const text = await scrape(socket.baseUrl);
    expect(value(text, 'deep_thoughts_replies_total', { kind: 'reply' })).toBe(0);
    // apps.connections.open went through the metered client too.
    expect(value(text, 'deep_thoughts_slack_calls_total', { method: 'apps.connections.open' })).toBeGreaterThanOrEqual(1);
  } finally {
    await socket.stop();
  }
});
