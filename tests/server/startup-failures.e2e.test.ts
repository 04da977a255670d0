/**
 * `npm start` when it cannot start: one line on stderr saying what to do,
 * exit code 1, never a stack trace, a token or a password. Each case runs
 * the real `npm start` against the fake Slack (devtools/fake-slack) and the
 * run's Postgres, and breaks one thing.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startSlackApi, type RunningSlackApi } from '../../devtools/fake-slack';
import { freePort } from '../../src/db/embedded';
import { createTestDatabase } from '../support/db';
import { appLines, cleanEnv, npmRun, runChild } from '../support/npm-start';

const ROOT = path.resolve(__dirname, '../..');

let slack: RunningSlackApi;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  [slack, database] = await Promise.all([startSlackApi(), createTestDatabase()]);
});
afterAll(async () => {
  await slack.close();
  await database.drop();
});

/** `npm start` with `env`; its exit code and its own stderr lines once it has ended. */
async function startFails(env: Record<string, string>): Promise<{ code: number | null | 'timeout'; lines: string[]; output: string }> {
  const run = npmRun(['start'], { cwd: ROOT, env: cleanEnv(env) });
  try {
    const code = await run.exit(90_000);
    return { code, lines: appLines(run.stderr()), output: run.output() };
  } finally {
    run.kill();
  }
}

function expectOneLine(result: { code: number | null | 'timeout'; lines: string[]; output: string }, pattern: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.lines).toEqual([expect.stringMatching(pattern)]);
  expect(result.lines[0]).toMatch(/^Deep Thoughts could not start: /);
  // No stack frames anywhere, on stdout (log lines) or stderr.
  expect(result.output).not.toMatch(/^\s+at /m);
}

test('a port in use: one line that says to set PORT, exit 1', async () => {
  const port = await freePort();
  const taken: Server = createServer();
  await new Promise<void>((resolve) => taken.listen(port, resolve));
  try {
    const result = await startFails({
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: 'startup-test-secret',
      SLACK_API_URL: slack.url,
      DATABASE_URL: database.url,
      PORT: String(port),
    });
    expectOneLine(result, new RegExp(`port ${port} is already in use: set PORT`));
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
}, 120_000);

test('a bot token Slack refuses (invalid_auth): one line that says to check SLACK_BOT_TOKEN, exit 1', async () => {
  const token = 'xoxb-not-a-token-slack-knows-123';
  const result = await startFails({
    SLACK_BOT_TOKEN: token,
    SLACK_SIGNING_SECRET: 'startup-test-secret',
    SLACK_API_URL: slack.url,
    DATABASE_URL: database.url,
    PORT: String(await freePort()),
  });
  expectOneLine(result, /Slack refused the bot token \(invalid_auth\): check SLACK_BOT_TOKEN/);
  expect(result.output).not.toContain(token);
}, 120_000);

test('a Slack that does not answer: one line naming SLACK_API_URL and SLACK_BOT_TOKEN, exit 1', async () => {
  const closed = await freePort();
  const result = await startFails({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: 'startup-test-secret',
    SLACK_API_URL: `http://127.0.0.1:${closed}/api/`,
    DATABASE_URL: database.url,
    PORT: String(await freePort()),
  });
  expectOneLine(result, /did not answer \(ECONNREFUSED\): check the network, or SLACK_API_URL .*SLACK_BOT_TOKEN/);
}, 120_000);

test('a DATABASE_URL nothing answers at: one line that says to check DATABASE_URL, exit 1, no password', async () => {
  const closed = await freePort();
  const result = await startFails({
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: 'startup-test-secret',
    SLACK_API_URL: slack.url,
    DATABASE_URL: `postgres://deep:hunter2-secret@127.0.0.1:${closed}/deep_thoughts`,
    PORT: String(await freePort()),
  });
  expectOneLine(result, /Could not reach the database at DATABASE_URL \(ECONNREFUSED\): check DATABASE_URL/);
  expect(result.output).not.toContain('hunter2');
}, 120_000);

test('SLACK_APP_TOKEN without SLACK_BOT_TOKEN: one line naming SLACK_BOT_TOKEN, exit 1', async () => {
  const result = await startFails({ SLACK_APP_TOKEN: 'xapp-1-A1-1-abc', PORT: String(await freePort()) });
  expectOneLine(result, /Invalid configuration: SLACK_BOT_TOKEN is required with SLACK_APP_TOKEN/);
  expect(result.output).not.toContain('xapp-1-A1-1-abc');
}, 120_000);

test('an embedded Postgres that will not start: one line that says to set DATABASE_URL, exit 1', async () => {
  // A data folder that claims to be a cluster and is not one: the server refuses it.
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'deep-thoughts-broken-pg-'));
  chmodSync(workDir, 0o755);
  mkdirSync(path.join(workDir, '.data', 'postgres'), { recursive: true });
  writeFileSync(path.join(workDir, '.data', 'postgres', 'PG_VERSION'), '9\n');
  const run = runChild(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/main.ts')], {
    cwd: workDir,
    env: cleanEnv({ PORT: String(await freePort()) }),
  });
  try {
    const code = await run.exit(120_000);
    expectOneLine({ code, lines: appLines(run.stderr()), output: run.output() }, /the embedded Postgres did not start: .*Set DATABASE_URL/);
  } finally {
    run.kill();
    rmSync(workDir, { recursive: true, force: true });
  }
}, 150_000);
