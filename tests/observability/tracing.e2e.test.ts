import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSlackApi, type RunningSlackApi } from '../../devtools/fake-slack';
import { directMessageEvent, sendEvent } from '../../devtools/fake-slack/signed-requests';
import { freePort } from '../../src/db/embedded';
import { tracesUrl, withoutResponseUrl } from '../../src/observability/tracing';
import { createTestDatabase } from '../support/db';
import { startFakeAnthropic, type FakeAnthropic } from '../support/fake-anthropic';
import { startFakeCollector, type FakeCollector, type ReceivedSpan } from '../support/fake-otlp';
import { ROOT, startProcess, type AppProcess } from '../support/process';
import { waitFor } from '../support/wait';

/**
 * src/main.ts as `npm start` runs it (node --import tsx), in a child process,
 * against fake Slack, fake Anthropic and a fake OTLP collector, with one
 * person's message coached; a preload writes the modules it loaded as it exits.
 */
const SECRET = 'tracing-test-signing-secret';
const ANTHROPIC_KEY = 'sk-ant-tracing-test-key';
const WORDS = 'I must finish the quarterly forecast for Gwendolyn';

let slack: RunningSlackApi;
let anthropic: FakeAnthropic;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let collector: FakeCollector;
let app: AppProcess | undefined;
let scratch: string;

beforeAll(async () => {
  [slack, anthropic, database, collector] = await Promise.all([
    startSlackApi({ users: [{ id: 'U1', firstName: 'Michael', tz: 'Europe/Berlin' }, { id: 'U2', firstName: 'Ada', tz: 'Europe/London' }] }),
    startFakeAnthropic(),
    createTestDatabase(),
    startFakeCollector(),
  ]);
  scratch = mkdtempSync(path.join(os.tmpdir(), 'dt-tracing-'));
});
afterEach(() => {
  app?.kill();
});
afterAll(async () => {
  await Promise.all([slack.close(), anthropic.close(), collector.close()]);
  await database.drop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Starts the app, coaches one message, stops it with SIGTERM; the modules it had loaded. */
async function coachOneMessage(env: Record<string, string>, name: string, user: string): Promise<string[]> {
  const port = await freePort();
  const modulesFile = path.join(scratch, `${name}.modules`);
  app = startProcess(process.execPath, ['--require', path.join(ROOT, 'tests/support/report-loaded-modules.cjs'), '--import', 'tsx', 'src/main.ts'], {
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.url,
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    ANTHROPIC_BASE_URL: anthropic.url,
    DATABASE_URL: database.url,
    PORT: String(port),
    LOADED_MODULES_FILE: modulesFile,
    ...env,
  });
  await app.waitForLog('started', 45_000);
  const { channel } = slack.state.openIm(slack.team.id, user);
  const message = slack.state.postMessage({ channel: channel.id, user, text: WORDS });
  const sender = { url: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET, teamId: slack.team.id };
  expect((await sendEvent(sender, directMessageEvent({ user, channel: channel.id, ts: message.ts, text: WORDS }))).status).toBe(200);
  await waitFor('the coach to reply', () => slack.state.messages({ channel: channel.id, thread_ts: message.ts, author: 'bot' }).length > 0, { timeoutMs: 20_000 }).catch((error: unknown) => {
    throw new Error(`${String(error)}\n${app?.output() ?? ''}`);
  });
  // A scrape, which is not traced.
  expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
  app.child.kill('SIGTERM');
  expect(await app.exitWithin(20_000)).toBe(0);
  return readFileSync(modulesFile, 'utf8').split('\n');
}

/** The OTel SDK's own packages: what must stay unloaded without the variable. */
const SDK_PACKAGES = /node_modules\/@opentelemetry\/(sdk-[\w-]+|exporter-[\w-]+|instrumentation[\w-]*|resources|otlp-[\w-]+|context-async-hooks)\//;

function find(spans: ReceivedSpan[], what: string, match: (span: ReceivedSpan) => boolean): ReceivedSpan {
  const span = spans.find(match);
  if (!span) throw new Error(`no ${what} span among: ${spans.map((s) => s.name).join(', ')}`);
  return span;
}

test('tracesUrl appends v1/traces to the endpoint, as the OTLP exporter spec says', () => {
  expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
  expect(tracesUrl('https://otel.example.com/otlp/')).toBe('https://otel.example.com/otlp/v1/traces');
});

test("a Slack response URL's span keeps its host, not its secret path; other requests keep theirs", () => {
  expect(withoutResponseUrl({ origin: 'https://hooks.slack.com', path: '/actions/T1/123/s3cr3t' })).toEqual({ 'url.full': 'https://hooks.slack.com/[redacted]', 'url.path': '/[redacted]', 'url.query': '' });
  expect(withoutResponseUrl({ origin: 'https://hooks.slack.com', path: '/commands/T1/123/s3cr3t' })['url.full']).not.toContain('s3cr3t');
  expect(withoutResponseUrl({ origin: 'https://slack.com', path: '/api/chat.postMessage' })).toEqual({});
});

test('with OTEL_EXPORTER_OTLP_ENDPOINT: spans for the Slack request, the pg queries, outgoing HTTP and the model call (GenAI attributes, no words) reach the collector', async () => {
  const modules = await coachOneMessage({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url }, 'traced', 'U1');
  // What the other test's "nothing loaded" is measured by: here it is all loaded.
  expect(modules.some((m) => m.includes('node_modules/@opentelemetry/sdk-trace-node/'))).toBe(true);

  // Exported at the latest on SIGTERM (the batch is flushed before the process exits).
  const spans = collector.spans;
  expect(spans.every((s) => s.resource['service.name'] === 'deep-thoughts')).toBe(true);

  const server = find(spans, 'HTTP server', (s) => s.kind === 2 && [s.attributes['url.path'], s.attributes['http.target'], s.attributes['http.route']].includes('/slack/events'));
  expect(server.attributes['http.request.method'] ?? server.attributes['http.method']).toBe('POST');
  // The scrape and the probe are left out.
  expect(spans.some((s) => s.kind === 2 && [s.attributes['url.path'], s.attributes['http.target']].includes('/metrics'))).toBe(false);

  const query = find(spans, 'pg query', (s) => (s.attributes['db.system'] ?? s.attributes['db.system.name']) === 'postgresql' && s.name.startsWith('pg.query'));
  expect(query.kind).toBe(3);
  // The Slack request's own queries are in its trace.
  expect(spans.some((s) => s.traceId === server.traceId && s.name.startsWith('pg.query'))).toBe(true);

  const model = find(spans, 'model call', (s) => s.name === 'anthropic.messages.create');
  expect(model.kind).toBe(3);
  expect(model.attributes).toMatchObject({
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': expect.any(String),
    'gen_ai.usage.input_tokens': expect.any(Number),
    'gen_ai.usage.output_tokens': expect.any(Number),
  });
  expect(model.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
  expect(model.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
  // The model call happened while the person's message was handled: in the Slack request's trace.
  expect(model.traceId).toBe(server.traceId);
  // Its HTTP request (fetch, undici) is a child of it.
  expect(spans.some((s) => s.parentSpanId === model.spanId && s.kind === 3)).toBe(true);
  // Slack Web API calls are traced as outgoing HTTP too.
  expect(spans.some((s) => s.kind === 3 && String(s.attributes['url.full'] ?? s.attributes['http.url'] ?? '').includes('chat.postMessage'))).toBe(true);

  // Never the person's words, the coach's reply, the prompt or a key.
  const exported = collector.bodies.join('\n');
  for (const secret of ['quarterly forecast', 'Gwendolyn', ANTHROPIC_KEY, slack.botToken, SECRET]) expect(exported).not.toContain(secret);
  expect(exported).not.toContain('gen_ai.input.messages');
  expect(exported).not.toContain('gen_ai.output.messages');
  expect(exported).not.toContain('gen_ai.system_instructions');
}, 90_000);

test('without OTEL_EXPORTER_OTLP_ENDPOINT: none of the OpenTelemetry SDK is loaded, and nothing is exported', async () => {
  const before = collector.bodies.length;
  const modules = await coachOneMessage({}, 'untraced', 'U2');
  // The app did run: pg and the Anthropic SDK were loaded and used.
  expect(modules.some((m) => m.includes('node_modules/pg/'))).toBe(true);
  expect(modules.some((m) => m.includes('node_modules/@anthropic-ai/sdk/'))).toBe(true);
  expect(modules.filter((m) => SDK_PACKAGES.test(m))).toEqual([]);
  expect(modules.some((m) => m.includes('src/observability/tracing'))).toBe(false);
  // Only the API package (a no-op until a provider registers), which the Anthropic SDK itself requires.
  const otel = new Set(modules.filter((m) => m.includes('node_modules/@opentelemetry/')).map((m) => /@opentelemetry\/([\w-]+)\//.exec(m)?.[1]));
  expect([...otel].filter((p) => p !== 'api')).toEqual([]);
  expect(collector.bodies.length).toBe(before);
}, 90_000);
