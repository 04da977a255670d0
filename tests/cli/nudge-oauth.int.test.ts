/**
 * `npm run nudge -- --at <instant>` in OAuth mode: no SLACK_BOT_TOKEN; each
 * workspace is nudged on its own installation's token from the database, and
 * a workspace that uninstalled the app is skipped as `uninstalled`.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { WebClient } from '@slack/web-api';
import { startSlackApi, type RunningSlackApi } from '../../devtools/fake-slack';
import { forgetTokens } from '../../src/db/queries/installations';
import { createTokenCipher } from '../../src/db/token-cipher';
import { memoryLogger } from '../../src/log';
import { createInstallationStore } from '../../src/slack/installation-store';
import { createTestDatabase } from '../support/db';

const ROOT = path.resolve(__dirname, '../..');
const key = randomBytes(32);
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let slack: RunningSlackApi;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  slack = await startSlackApi({
    teams: [{ id: 'T1' }, { id: 'T2' }],
    users: [
      { teamId: 'T1', id: 'U1', firstName: 'Michael', tz: 'Europe/Berlin' },
      { teamId: 'T2', id: 'U2', firstName: 'Grace', tz: 'Europe/Berlin' },
    ],
    oauth: { clientId: '1.2', clientSecret: 'cli-secret' },
  });
  // Both workspaces installed (as the install flow stores them), then T2 uninstalled.
  const store = createInstallationStore({ db: database.db, cipher: createTokenCipher({ current: key }), logger: memoryLogger() });
  const oauthClient = new WebClient(undefined, { slackApiUrl: slack.url });
  for (const teamId of ['T1', 'T2']) {
    const answer = await oauthClient.oauth.v2.access({ client_id: '1.2', client_secret: 'cli-secret', code: slack.oauth!.approve(teamId, { userId: 'UADMIN' }) });
    tokens[teamId] = answer.access_token!;
    await store.storeInstallation({
      team: { id: teamId },
      enterprise: undefined,
      user: { id: 'UADMIN', token: undefined, scopes: undefined },
      bot: { id: 'B', userId: answer.bot_user_id!, scopes: ['chat:write'], token: answer.access_token! },
      isEnterpriseInstall: false,
      authVersion: 'v2',
    });
  }
  await forgetTokens(database.db, 'T2', new Date(), new Date(Date.now() + 30 * 86_400_000));
  slack.oauth!.uninstall('T2');
  await database.pool.query(
    "insert into users (team_id, user_id, first_name, tz, tz_checked_at) values ('T1', 'U1', 'Michael', 'Europe/Berlin', now()), ('T2', 'U2', 'Grace', 'Europe/Berlin', now())",
  );
}, 30_000);
afterAll(async () => {
  await slack?.close();
  await database?.drop();
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: database.url,
    SLACK_API_URL: slack.url,
    SLACK_CLIENT_ID: '1.2',
    SLACK_CLIENT_SECRET: 'cli-secret',
    SLACK_STATE_SECRET: 'cli-state',
    SLACK_SIGNING_SECRET: 'cli-signing',
    TOKEN_ENCRYPTION_KEY: key.toString('base64'),
  };
  return new Promise((resolve) => {
    execFile(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/nudge.ts', ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('each installed workspace is nudged on its own token; the uninstalled one is skipped', async () => {
  // A Wednesday, 09:05 in Berlin: both people are due by the schedule.
  const before = slack.calls().length;
  const run = await runCli(['--at', '2026-12-09T08:05:00Z']);
  expect(run.stdout.trim()).toBe('nudged 1, skipped 1 (uninstalled 1)');
  expect(run.code).toBe(0);
  const posts = slack.calls('chat.postMessage').filter((c) => c.response?.ok);
  expect(posts.map((c) => [c.team, c.token])).toEqual([['T1', tokens.T1]]);
  // Nothing was asked of Slack for T2: its token is gone from the database.
  expect(slack.calls().slice(before).filter((c) => c.team === 'T2' || c.token === tokens.T2)).toEqual([]);
  expect(run.stdout + run.stderr).not.toContain(tokens.T1);
}, 60_000);
