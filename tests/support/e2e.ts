import { loadConfig } from '../../src/config';
import { freePort } from '../../src/db/embedded';
import { startSlackApi, type MessageRecord, type RunningSlackApi, type SocketModeServer } from '../../devtools/fake-slack';
import { directMessageEvent, eventEnvelope, sendEvent, type SlackSender } from '../../devtools/fake-slack/signed-requests';
import { memoryLogger } from '../../src/log';
import { startBot, type RunningBot, type StartOptions } from '../../src/server';
import { createTestDatabase } from './db';
export { waitFor } from './wait';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic';

export const SIGNING_SECRET = 'e2e-signing-secret-not-real';
export const ANTHROPIC_KEY = 'e2e-anthropic-key-not-real';

export interface E2E {
  bot: RunningBot;
  slack: RunningSlackApi;
  anthropic: FakeAnthropic;
  logger: ReturnType<typeof memoryLogger>;
  /** Sends as workspace T1. */
  sender: SlackSender;
  baseUrl: string;
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  stop(): Promise<void>;
}

/**
 * The real bot (Bolt over HTTP, the real WebClient and Anthropic SDK, real
 * Postgres) against a fake Slack Web API and a fake Anthropic API, both real
 * HTTP servers on 127.0.0.1.
 */
export async function startE2E(options: E2EOptions = {}): Promise<E2E> {
  const { port, ...running } = await startAgainstFakes({ SLACK_SIGNING_SECRET: SIGNING_SECRET }, {}, options);
  const baseUrl = `http://127.0.0.1:${port}`;
  return { ...running, baseUrl, sender: { url: `${baseUrl}/slack/events`, signingSecret: SIGNING_SECRET, teamId: 'T1' } };
}

export interface E2EOptions {
  /**
   * The morning-nudge scheduler: off unless given (a nudge landing mid-test
   * would only add noise); its timings when on (see NudgeSchedulerTiming).
   */
  nudges?: StartOptions['nudges'];
}

export interface SocketE2E extends Omit<E2E, 'sender'> {
  /** The fake Slack's Socket Mode side, which the bot is connected to. */
  socket: SocketModeServer;
}

/**
 * The same as startE2E, in Socket Mode: the bot has SLACK_APP_TOKEN and no
 * signing secret, opens its WebSocket through the fake Slack's
 * apps.connections.open, and is connected (greeted with hello) on return.
 * Events reach it as envelopes pushed with `socket.pushEvent(...)`; its HTTP
 * port serves only /healthz.
 */
export async function startSocketE2E(): Promise<SocketE2E> {
  const { port, ...running } = await startAgainstFakes({}, { socketMode: true });
  const socket = running.slack.socketMode!;
  await socket.waitForConnection();
  return { ...running, socket, baseUrl: `http://127.0.0.1:${port}` };
}

/** An `event_callback` body for `event`, as workspace `teamId` of the fake Slack's app sends it. */
export function socketEventCallback(slack: RunningSlackApi, event: Record<string, unknown>, options: { teamId?: string; eventId?: string } = {}) {
  const teamId = options.teamId ?? 'T1';
  const app = { url: 'socket-mode', signingSecret: '', teamId, apiAppId: slack.team.bot.app_id };
  return eventEnvelope(app, event, options.eventId);
}

async function startAgainstFakes(env: Record<string, string>, slackOptions: { socketMode?: boolean } = {}, options: E2EOptions = {}) {
  const database = await createTestDatabase();
  const slack = await startSlackApi({
    teams: [{ id: 'T1', name: 'Acme' }, { id: 'T2', name: 'Other' }],
    users: [
      { teamId: 'T1', id: 'U1', firstName: 'Michael', realName: 'Michael Scott', tz: 'Europe/Berlin' },
      { teamId: 'T1', id: 'U2', firstName: 'Ada', realName: 'Ada Lovelace', tz: 'America/Los_Angeles' },
      { teamId: 'T2', id: 'U3', firstName: 'Grace', realName: 'Grace Hopper', tz: 'Asia/Tokyo' },
    ],
    ...slackOptions,
  });
  const anthropic = await startFakeAnthropic();
  const port = await freePort();
  const config = loadConfig({
    SLACK_BOT_TOKEN: slack.botToken,
    ...(slack.appToken ? { SLACK_APP_TOKEN: slack.appToken } : {}),
    SLACK_API_URL: slack.url,
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    ANTHROPIC_BASE_URL: anthropic.url,
    DATABASE_URL: database.url,
    PORT: String(port),
    ...env,
  });
  const logger = memoryLogger();
  const bot = await startBot(config, { logger, nudges: options.nudges ?? false, thinkingAfterMs: 0 });
  return {
    bot,
    slack,
    anthropic,
    logger,
    database,
    port,
    stop: async () => {
      await bot.stop();
      await Promise.all([slack.close(), anthropic.close()]);
      await database.drop();
    },
  };
}

/** Bot messages in a thread (replies only, the root excluded when it is the person's). */
export function botMessagesIn(slack: RunningSlackApi, channel: string, threadTs: string): MessageRecord[] {
  return slack.state.messages({ channel, thread_ts: threadTs, author: 'bot' });
}

/**
 * Resolves once the bot has finished with every request it was sent so far
 * (see SlackApp.idle): only then may a test judge that it said nothing.
 */
export function settled(bot: RunningBot): Promise<void> {
  return bot.slack.idle();
}

/**
 * The person writes a DM (in the thread `threadTs`, or at the top level of
 * their DM) and Slack delivers it, signed, to the bot; the delivery must be
 * taken (200). Where the message went, for the replies that follow.
 */
export async function sayInDm(e2e: E2E, user: string, text: string, threadTs?: string): Promise<{ channel: string; ts: string }> {
  const { channel } = e2e.slack.state.openIm('T1', user);
  const message = e2e.slack.state.postMessage({ channel: channel.id, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) });
  const response = await sendEvent(e2e.sender, directMessageEvent({ user, channel: channel.id, ts: message.ts, text, threadTs }));
  expect(response.status).toBe(200);
  return { channel: channel.id, ts: message.ts };
}
