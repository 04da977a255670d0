/**
 * `npm run nudge -- --at <instant>` as an operator runs it: a child process
 * with DATABASE_URL at the test database and SLACK_API_URL at the fake Slack.
 * It prints one summary line on stdout and exits 0, or 1 when a nudge failed.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { parseAtArgument } from '../../src/cli/nudge-command';
import { startHarness, type Harness } from '../support/nudge-harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const ROOT = path.resolve(__dirname, '../..');

function runCli(args: string[], overrides: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: h.database.url,
    SLACK_API_URL: h.slack.url,
    SLACK_BOT_TOKEN: h.slack.botToken,
    SLACK_SIGNING_SECRET: 'test-signing-secret',
    ...overrides,
  };
  return new Promise((resolve) => {
    execFile(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      ['src/cli/nudge.ts', ...args],
      { cwd: ROOT, env, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('one pass at the given instant: sends what is due, one summary line, exit 0', async () => {
  await h.seed(
    [
      { id: 'UBER', firstName: 'Björn', tz: 'Europe/Berlin' },
      { id: 'UPAR', firstName: 'Anaïs', tz: 'Europe/Paris' },
      { id: 'USAT', firstName: 'Sam', tz: 'Europe/Berlin', nudgeDays: [6] },
      { id: 'ULA', firstName: 'Lena', tz: 'America/Los_Angeles' },
    ],
    '2026-02-02T00:00:00Z',
  );
  await h.database.pool.query("update users set paused_until = '2026-03-01', pause_reason = 'person' where team_id = $1 and user_id = 'UPAR'", [h.teamId]);

  const first = await runCli(['--at', '2026-02-02T08:00:00Z']);
  expect(first).toMatchObject({ code: 0, stdout: 'nudged 1, skipped 2 (day off 1, paused 1)\n' });
  expect(h.slack.state.messages({ author: 'bot' })).toHaveLength(1);

  // The same instant again: nothing more is sent.
  const again = await runCli(['--at=2026-02-02T08:00:00Z']);
  expect(again).toMatchObject({ code: 0, stdout: 'nudged 0, skipped 3 (day off 1, paused 1, already 1)\n' });
  expect(h.slack.state.messages({ author: 'bot' })).toHaveLength(1);
  await h.expectTwinUntouched();
}, 120_000);

test('a nudge Slack fails: the summary says so and the exit code is 1', async () => {
  await h.reset();
  await h.seed([{ id: 'UFAIL', firstName: 'Fiona', tz: 'Europe/Berlin' }], '2026-02-03T00:00:00Z');
  // Not a "cannot reach this person" answer: the day is given back for a retry, and the pass counts it failed.
  h.slack.failNext('chat.postMessage', 'internal_error');

  const result = await runCli(['--at', '2026-02-03T08:00:00Z']);
  expect(result).toMatchObject({ code: 1, stdout: 'nudged 0, skipped 0, failed 1\n' });
  expect(result.stderr).toMatch(/1 nudge failed/);
  expect(h.slack.state.messages({ author: 'bot' })).toHaveLength(0);

  // Run again: sent, exit 0.
  expect(await runCli(['--at', '2026-02-03T08:01:00Z'])).toMatchObject({ code: 0, stdout: 'nudged 1, skipped 0\n' });
}, 120_000);

test('a bot token Slack refuses: one line naming SLACK_BOT_TOKEN, exit 1, nothing sent', async () => {
  const result = await runCli(['--at', '2026-02-04T08:00:00Z'], { SLACK_BOT_TOKEN: 'xoxb-refused-by-the-fake' });
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^The nudge pass could not run: Slack refused the bot token \(invalid_auth\): check SLACK_BOT_TOKEN/m);
  expect(result.stderr).not.toContain('xoxb-refused-by-the-fake');
}, 60_000);

test('an instant without a zone is refused with usage, exit 2', async () => {
  const result = await runCli(['--at', '2026-02-02T08:00']);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/ISO instant with a zone/);
}, 60_000);

test('the --at argument', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  expect(parseAtArgument([], now)).toBe(now);
  expect(parseAtArgument(['--', '--at', '2026-03-08T17:00:00Z'], now)).toEqual(new Date('2026-03-08T17:00:00Z'));
  expect(parseAtArgument(['--at=2026-03-08T09:00:00-08:00'], now)).toEqual(new Date('2026-03-08T17:00:00Z'));
  expect(parseAtArgument(['--at'], now)).toEqual({ error: expect.stringMatching(/needs/) });
  expect(parseAtArgument(['--at', 'tomorrow'], now)).toEqual({ error: expect.stringMatching(/zone/) });
  expect(parseAtArgument(['--when', 'x'], now)).toEqual({ error: expect.stringMatching(/unknown argument/) });
});
