import { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { SlackConnection } from '../config';
import { AppError } from '../errors';
import type { Logger } from '../log';
import type { SlackDeps } from './deps';
import { registerListeners } from './listeners';
import { slackErrorCode, slackErrorFields } from './errors';
import { slackSdkLogger } from './sdk-logger';

export type SlackAppOptions = SlackConnection & {
  port: number;
  /** Interface to listen on; all of them when unset (local mode keeps the bot on loopback). */
  host?: string;
  /** Answers whether the database answers, for GET /healthz. */
  healthy: () => Promise<boolean>;
  /**
   * The bot's identity, from checkBotToken at start-up. Without it Bolt runs
   * auth.test itself, in its constructor, where a refused token becomes an
   * unhandled rejection instead of an answer.
   */
  identity?: BotIdentity;
};

/** Who the bot token belongs to, as auth.test answers. */
export interface BotIdentity {
  botId: string;
  botUserId: string;
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
  if (!result.bot_id || !result.user_id) {
    throw new AppError('slack_token_refused', 'The token is not a bot token (auth.test names no bot)', { slack_error: 'not_a_bot_token' });
  }
  return { botId: result.bot_id, botUserId: result.user_id };
}

/** The operating system's code (ECONNREFUSED, ENOTFOUND, …) under a WebClient request error, or its own code. */
function networkCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; original?: { code?: unknown; cause?: { code?: unknown } } } | undefined;
  const inner = e?.original?.code ?? e?.original?.cause?.code;
  if (typeof inner === 'string') return inner;
  return typeof e?.code === 'string' ? e.code : undefined;
}

export interface SlackApp {
  app: App;
  start(): Promise<void>;
  /** Stops taking requests, then waits for the work already in flight. */
  stop(): Promise<void>;
}

/**
 * The Bolt app. The receiver only moves bytes (signature checks, acks); the
 * listeners are registered in listeners/index.ts. Every listener run is
 * tracked so that a SIGTERM can let replies in flight finish.
 */
export function createSlackApp(options: SlackAppOptions, deps: SlackDeps): SlackApp {
  const app = new App({
    token: options.botToken,
    ...(options.identity ? { botId: options.identity.botId, botUserId: options.identity.botUserId } : {}),
    ...(options.mode === 'socket' ? { socketMode: true, appToken: options.appToken } : { signingSecret: options.signingSecret }),
    port: options.port,
    // Bounded: a Slack outage should cost a reply a few seconds, not the SDK's default half hour of retries.
    clientOptions: { slackApiUrl: options.apiUrl, retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 }, timeout: 15_000 },
    logger: slackSdkLogger(deps.logger, 'bolt'),
    customRoutes: [
      {
        path: '/healthz',
        method: ['GET'],
        handler: (_req, res) => {
          void options.healthy().then((ok) => {
            res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ ok, database: ok ? 'up' : 'down' }));
          });
        },
      },
    ],
  });

  const inFlight = new Set<Promise<unknown>>();
  app.use(async ({ next }) => {
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });

  app.error(async (error) => {
    const original = (error as { original?: unknown }).original ?? error;
    deps.logger.error('slack_listener_error', { bolt_code: (error as { code?: string }).code, ...slackErrorFields(original) });
  });

  const signals = new WebClient(options.botToken, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 5_000,
    logger: slackSdkLogger(deps.logger, 'slack_web_api'),
  });
  registerListeners(app, { ...deps, signals });

  return {
    app,
    start: async () => {
      try {
        await app.start(options.host ? { port: options.port, host: options.host } : options.port);
      } catch (error) {
        // Socket Mode opens its connection with the app-level token (apps.connections.open) while it starts.
        const slackError = slackErrorCode(error);
        if (options.mode === 'socket' && slackError) {
          throw new AppError('slack_app_token_refused', `Slack refused the app-level token (${slackError})`, { slack_error: slackError });
        }
        if (options.mode === 'socket' && (error as { code?: unknown }).code === 'slack_webapi_request_error') {
          throw new AppError('slack_unreachable', 'Slack\'s Web API did not answer apps.connections.open', { cause_code: networkCode(error) });
        }
        throw error;
      }
    },
    stop: async () => {
      await app.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}
