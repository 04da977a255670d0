import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { freePort } from '../../src/db/embedded';
import { BotMetrics } from '../../src/observability/metrics';
import { meteredFetch } from '../../src/slack/meter';
import { slackSdkLogger } from '../../src/slack/sdk-logger';
import { memoryLogger } from '../../src/log';
import { value } from '../support/metrics';

/**
 * The metered fetch under a real WebClient, against a real HTTP server on
 * 127.0.0.1 that answers what the test needs (Slack's error shape, a 500,
 * a 429), and against a port nothing listens on.
 */
let server: http.Server;
let apiUrl: string;
const answers: Record<string, { status: number; body: string; headers?: Record<string, string> }> = {
  'chat.postMessage': { status: 200, body: '{"ok":true,"ts":"1.2"}' },
  'conversations.open': { status: 200, body: '{"ok":false,"error":"user_not_found"}' },
  'users.info': { status: 500, body: 'oops' },
  'reactions.add': { status: 429, body: '{"ok":false,"error":"ratelimited"}', headers: { 'retry-after': '30' } },
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const method = (req.url ?? '').replace(/^\/api\//, '');
    const answer = answers[method] ?? { status: 404, body: '' };
    req.resume();
    req.on('end', () => res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function client(metrics: BotMetrics, url = apiUrl): WebClient {
  return new WebClient('xoxb-meter-test', { slackApiUrl: url, fetch: meteredFetch(metrics, url), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: slackSdkLogger(memoryLogger(), 'slack_web_api') });
}

test('counts each request by method, Slack error codes, HTTP failures and 429s', async () => {
  const metrics = new BotMetrics();
  const slack = client(metrics);
  await slack.chat.postMessage({ channel: 'D1', text: 'hi' });
  await expect(slack.conversations.open({ users: 'U1' })).rejects.toThrow();
  await expect(slack.users.info({ user: 'U1' })).rejects.toThrow();
  await expect(slack.reactions.add({ channel: 'D1', timestamp: '1.2', name: 'thought_balloon' })).rejects.toThrow();
  const text = await metrics.render();
  expect(value(text, 'deep_thoughts_slack_calls_total')).toBe(4);
  expect(value(text, 'deep_thoughts_slack_calls_total', { method: 'chat.postMessage' })).toBe(1);
  expect(value(text, 'deep_thoughts_slack_errors_total', { method: 'chat.postMessage' })).toBe(0);
  expect(value(text, 'deep_thoughts_slack_errors_total', { method: 'conversations.open', error: 'user_not_found' })).toBe(1);
  expect(value(text, 'deep_thoughts_slack_errors_total', { method: 'users.info', error: 'http_500' })).toBe(1);
  expect(value(text, 'deep_thoughts_slack_rate_limited_total', { method: 'reactions.add' })).toBe(1);
  // A 429 is counted as rate limited, not twice as an error as well.
  expect(value(text, 'deep_thoughts_slack_errors_total', { method: 'reactions.add' })).toBe(0);
});

test('a request that never reached Slack counts as a network error', async () => {
  const metrics = new BotMetrics();
  const url = `http://127.0.0.1:${await freePort()}/api/`;
  await expect(client(metrics, url).auth.test()).rejects.toThrow();
  expect(value(await metrics.render(), 'deep_thoughts_slack_errors_total', { method: 'auth.test', error: 'network' })).toBe(1);
});

test('two bots in one process keep their own counts (a registry each)', async () => {
  const [a, b] = [new BotMetrics(), new BotMetrics()];
  await client(a).chat.postMessage({ channel: 'D1', text: 'hi' });
  expect(value(await a.render(), 'deep_thoughts_slack_calls_total')).toBe(1);
  expect(value(await b.render(), 'deep_thoughts_slack_calls_total')).toBe(0);
});
