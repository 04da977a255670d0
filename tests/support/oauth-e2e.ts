/**
 * The bot in OAuth mode (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET,
 * SLACK_STATE_SECRET, TOKEN_ENCRYPTION_KEY) against the fake Slack with its
 * OAuth side on (devtools/fake-slack/oauth.ts): no SLACK_BOT_TOKEN, every
 * workspace installs through the bot's real /slack/install and
 * /slack/oauth_redirect, and gets its own token.
 */
import { randomBytes } from 'node:crypto';
import { startSlackApi, type Approval, type FakeOAuth, type RunningSlackApi } from '../../devtools/fake-slack';
import type { SlackSender } from '../../devtools/fake-slack/signed-requests';
import { loadConfig } from '../../src/config';
import { freePort } from '../../src/db/embedded';
import { memoryLogger } from '../../src/log';
import { startBot, type RunningBot, type StartOptions } from '../../src/server';
import { createTestDatabase } from './db';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic';

export const CLIENT_ID = '1234567890.0987654321';
export const CLIENT_SECRET = 'oauth-e2e-client-secret-not-real';
export const SIGNING_SECRET = 'oauth-e2e-signing-secret-not-real';
export const TOKEN_KEY = randomBytes(32).toString('base64');

export interface OAuthE2E {
  bot: RunningBot;
  slack: RunningSlackApi;
  oauth: FakeOAuth;
  anthropic: FakeAnthropic;
  logger: ReturnType<typeof memoryLogger>;
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  baseUrl: string;
  /** Sends signed requests as workspace `teamId`. */
  sender(teamId: string): SlackSender;
  /**
   * The install as a browser does it: the install page (its state cookie and
   * the authorize URL), the person's approval at Slack, then Slack's redirect
   * back with the code and the state.
   */
  install(teamId: string, approval: Approval): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

export async function startOAuthE2E(options: { env?: Record<string, string>; nudges?: StartOptions['nudges']; tokenRotation?: boolean } = {}): Promise<OAuthE2E> {
  const database = await createTestDatabase();
  const slack = await startSlackApi({
    teams: [{ id: 'T1', name: 'Acme' }, { id: 'T2', name: 'Other' }],
    users: [
      { teamId: 'T1', id: 'U1', firstName: 'Michael', realName: 'Michael Scott', tz: 'Europe/Berlin' },
      { teamId: 'T2', id: 'U3', firstName: 'Grace', realName: 'Grace Hopper', tz: 'Asia/Tokyo' },
    ],
    oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tokenRotation: options.tokenRotation ?? false },
  });
  const anthropic = await startFakeAnthropic();
  const port = await freePort();
  const config = loadConfig({
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: 'oauth-e2e-state-secret',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    TOKEN_ENCRYPTION_KEY: TOKEN_KEY,
    SLACK_API_URL: slack.url,
    ANTHROPIC_API_KEY: 'oauth-e2e-anthropic-key',
    ANTHROPIC_BASE_URL: anthropic.url,
    DATABASE_URL: database.url,
    PORT: String(port),
    ...options.env,
  });
  const logger = memoryLogger();
  const bot = await startBot(config, { logger, nudges: options.nudges ?? false, thinkingAfterMs: 0 });
  const baseUrl = `http://127.0.0.1:${port}`;
  const oauth = slack.oauth!;

  const install = async (teamId: string, approval: Approval) => {
    const page = await fetch(`${baseUrl}/slack/install`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const href = /href="([^"]+)"/.exec(await page.text())?.[1]?.replace(/&amp;/g, '&');
    if (!href || !cookie) throw new Error(`the install page gave no authorize URL or state cookie (status ${page.status})`);
    const state = new URL(href).searchParams.get('state') ?? '';
    const code = oauth.approve(teamId, approval);
    const back = await fetch(`${baseUrl}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`, { headers: { cookie } });
    return { status: back.status, body: await back.text() };
  };

  return {
    bot,
    slack,
    oauth,
    anthropic,
    logger,
    database,
    baseUrl,
    sender: (teamId) => ({ url: `${baseUrl}/slack/events`, signingSecret: SIGNING_SECRET, teamId }),
    install,
    stop: async () => {
      await bot.stop();
      await Promise.all([slack.close(), anthropic.close()]);
      await database.drop();
    },
  };
}
