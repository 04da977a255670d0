import { WebClient, WebClientEvent, type RetryOptions } from '@slack/web-api';
import { AppError } from '../errors';
import type { Logger } from '../log';
import { slackProfile } from './directory';
import { slackErrorCode } from './errors';
import { slackSdkLogger } from './sdk-logger';
import type { SlackMessage } from './blocks/message';

/**
 * What the nudge needs from Slack's Web API. The WebClient implementation is
 * below; tests and the benchmark use it too, pointed at the fake Slack.
 */
export interface NudgeSlack {
  /** users.info: first name, zone, and whether the account is deactivated. */
  profile(userId: string): Promise<{ firstName: string | null; tz: string | null; deleted: boolean } | null>;
  /** conversations.open with the person: the DM channel id. */
  openDm(userId: string): Promise<string>;
  /** chat.postMessage at the top of the DM; the message's ts. */
  post(channelId: string, message: SlackMessage): Promise<string>;
}

/**
 * Slack answers that mean this person cannot get a DM from the bot, now or
 * on any retry: their enrolment is paused instead of retried.
 * https://docs.slack.dev/reference/methods/chat.postMessage#errors
 * https://docs.slack.dev/reference/methods/conversations.open#errors
 */
export const UNREACHABLE_ERRORS: ReadonlySet<string> = new Set([
  'user_not_found',
  'account_inactive',
  'cannot_dm_bot',
  'not_allowed_token_type',
  'user_disabled',
  'user_not_visible',
  'users_not_found',
  'is_bot',
]);


export function isUnreachable(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code !== undefined && UNREACHABLE_ERRORS.has(code);
}

/**
 * Retries for the scheduler's own client. A 429 makes the WebClient pause
 * its whole request queue for the Retry-After seconds and then try again
 * (counted as a retry); other HTTP failures back off. Kept short, so a nudge
 * stuck behind an outage gives its day back well within the claim's lease
 * and pg-boss retries it later, instead of one request waiting half an hour.
 */
export const NUDGE_RETRY: RetryOptions = { retries: 4, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true };

export interface NudgeClientOptions {
  token: string;
  apiUrl: string;
  logger: Logger;
  retryConfig?: RetryOptions;
}

export function createNudgeClient(options: NudgeClientOptions): WebClient {
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    retryConfig: options.retryConfig ?? NUDGE_RETRY,
    // Honour 429 by waiting Retry-After (the default, stated for the reader).
    rejectRateLimitedCalls: false,
    timeout: 15_000,
    // The pace bounds our own fan-out; this only caps sockets.
    maxRequestConcurrency: 16,
    logger: slackSdkLogger(options.logger, 'slack_web_api'),
  });
  client.on(WebClientEvent.RATE_LIMITED, (retryAfter: number) => options.logger.warn('slack_rate_limited', { retry_after: retryAfter }));
  return client;
}

export function webNudgeSlack(client: WebClient): NudgeSlack {
  return {
    profile: (userId) => slackProfile(client, userId),
    async openDm(userId) {
      const result = await client.conversations.open({ users: userId });
      const id = result.channel?.id;
      if (!id) throw new AppError('conversations_open_without_channel', 'conversations.open answered without a channel');
      return id;
    },
    async post(channelId, message) {
      const result = await client.chat.postMessage({ channel: channelId, ...message, unfurl_links: false, unfurl_media: false });
      if (!result.ts) throw new AppError('post_without_ts', 'chat.postMessage answered without a ts');
      return result.ts;
    },
  };
}
