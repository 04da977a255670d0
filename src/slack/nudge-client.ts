import { WebClient, type FetchFunction, type RetryOptions } from '@slack/web-api';
import { AppError } from '../errors';
import type { Logger } from '../log';
import { DeliveryFailed, type Messenger } from '../nudge/ports';
import { Unreachable } from '../people/ports';
import { renderNudge } from './blocks/nudge';
import { slackProfile } from './directory';
import { slackErrorCode } from './errors';
import type { RateGate } from './rate-gate';
import { slackSdkLogger } from './sdk-logger';

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


/**
 * Slack's refusals in the nudge's own terms: people's Unreachable when this
 * person can never get a DM, DeliveryFailed (with Slack's code) when a later
 * try may work. Anything else (a bug, a network error) passes unchanged.
 */
export function toDeliveryError(error: unknown): unknown {
  const code = slackErrorCode(error);
  if (code !== undefined && UNREACHABLE_ERRORS.has(code)) return new Unreachable(code);
  if (code !== undefined) return new DeliveryFailed(code);
  return error;
}

async function translated<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toDeliveryError(error);
  }
}

/**
 * Retries for the scheduler's own client. A 429 is not retried here: it
 * reaches the rate gate (./rate-gate.ts), which holds every replica off that
 * method for the Retry-After and tries again. Other HTTP failures back off,
 * kept short, so a nudge
 * stuck behind an outage gives its day back well within the claim's lease
 * and pg-boss retries it later, instead of one request waiting half an hour.
 */
export const NUDGE_RETRY: RetryOptions = { retries: 4, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true };

export interface NudgeClientOptions {
  token: string;
  apiUrl: string;
  logger: Logger;
  retryConfig?: RetryOptions;
  /** The Web API's fetch (a metered one, src/slack/meter.ts); globalThis.fetch when unset. */
  fetch?: FetchFunction;
  /** Requests in flight at once (16 unless told); the rest queue in the client. */
  maxRequestConcurrency?: number;
  /** Milliseconds one request may take (15 s unless told). */
  timeout?: number;
}

export function createNudgeClient(options: NudgeClientOptions): WebClient {
  return new WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    retryConfig: options.retryConfig ?? NUDGE_RETRY,
    // A 429 comes back to the rate gate, which waits Retry-After for every replica at once.
    rejectRateLimitedCalls: true,
    timeout: options.timeout ?? 15_000,
    // The rate gate paces our own fan-out; this only caps sockets.
    maxRequestConcurrency: options.maxRequestConcurrency ?? 16,
    logger: slackSdkLogger(options.logger, 'slack_web_api'),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

/**
 * The client for the profile lookup on a person's first DM, which is on the
 * receipt's path (src/slack/receipt.ts, 2.5 s): not queued 16 at a time
 * behind a burst of other people's lookups, no retry, and a timeout under the
 * deadline. A failed lookup counts as a check and leaves the profile as
 * known (src/people/refresh.ts). Under a burst of 1,000 first DMs at 200/s
 * the nudges' client (16 at once, four retries) held most receipts past it.
 */
export function createLookupClient(options: Omit<NudgeClientOptions, 'retryConfig' | 'timeout' | 'maxRequestConcurrency'>): WebClient {
  return createNudgeClient({ ...options, retryConfig: { retries: 0 }, timeout: 2_000, maxRequestConcurrency: 100 });
}

/** Scheduled work's calls go through the workspace's shared pace; a person's own click does not wait in it. */
export interface Pacing {
  gate: RateGate;
  teamId: string;
}

/** The Messenger port on a workspace's WebClient. */
export function webMessenger(client: WebClient, pacing?: Pacing): Messenger {
  const paced = <T>(method: string, call: () => Promise<T>): Promise<T> =>
    translated(pacing ? () => pacing.gate.call(pacing.teamId, method, call) : call);
  return {
    profile: (userId) => paced('users.info', () => slackProfile(client, userId)),
    openDm: (userId) =>
      paced('conversations.open', async () => {
        const result = await client.conversations.open({ users: userId });
        const id = result.channel?.id;
        if (!id) throw new AppError('conversations_open_without_channel');
        return id;
      }),
    postNudge: (channelId, nudge) =>
      paced('chat.postMessage', async () => {
        const result = await client.chat.postMessage({ channel: channelId, ...renderNudge(nudge), unfurl_links: false, unfurl_media: false });
        if (!result.ts) throw new AppError('post_without_ts');
        return result.ts;
      }),
  };
}
