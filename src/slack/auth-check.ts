import { WebClient } from '@slack/web-api';
import { AppError } from '../errors';
import type { Logger } from '../log';
import { slackErrorCode } from './errors';
import { slackSdkLogger } from './sdk-logger';

/** Who the bot token belongs to, as auth.test answers. */
export interface BotIdentity {
  botId: string;
  botUserId: string;
  /** The workspace the token belongs to. */
  teamId: string;
}

/** Slack answers to auth.test that say Slack is having trouble, not that the token is bad. */
const SLACK_TROUBLE = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

/**
 * auth.test with the bot token, once, at start-up: a refused token
 * (`invalid_auth`, `token_revoked`, …) is an AppError `slack_token_refused`,
 * and a Slack that does not answer (or answers with its own trouble) is
 * `slack_unreachable`, each with Slack's or the network's code in `fields`.
 */
export async function checkBotToken(options: { botToken: string; apiUrl: string; logger: Logger }): Promise<BotIdentity> {
  const client = new WebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    // A few quick tries: a start-up should say within seconds that Slack is out of reach.
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 },
    timeout: 10_000,
    logger: slackSdkLogger(options.logger, 'slack_web_api'),
  });
  let result: Awaited<ReturnType<WebClient['auth']['test']>>;
  try {
    result = await client.auth.test();
  } catch (error) {
    const slackError = slackErrorCode(error);
    if (slackError && !SLACK_TROUBLE.has(slackError)) {
      throw new AppError('slack_token_refused', `Slack refused the bot token (${slackError})`, { slack_error: slackError });
    }
    throw new AppError('slack_unreachable', 'Slack\'s Web API did not answer auth.test', {
      slack_error: slackError,
      cause_code: networkCode(error),
    });
  }
  if (!result.bot_id || !result.user_id || !result.team_id) {
    throw new AppError('slack_token_refused', 'The token is not a bot token (auth.test names no bot)', { slack_error: 'not_a_bot_token' });
  }
  return { botId: result.bot_id, botUserId: result.user_id, teamId: result.team_id };
}

/** The operating system's code (ECONNREFUSED, ENOTFOUND, …) under a WebClient request error, or its own code. */
export function networkCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; original?: { code?: unknown; cause?: { code?: unknown } } } | undefined;
  const inner = e?.original?.code ?? e?.original?.cause?.code;
  if (typeof inner === 'string') return inner;
  return typeof e?.code === 'string' ? e.code : undefined;
}

