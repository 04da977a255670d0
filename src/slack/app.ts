import { App, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { InstallationQuery, InstallProvider } from '@slack/oauth';
import type { ServerResponse } from 'node:http';
import { WebClient, type FetchFunction } from '@slack/web-api';
import type { SlackConnection } from '../config';
import { AppError } from '../errors';
import { errorFields } from '../log';
import { networkCode, type BotIdentity } from './auth-check';
import type { SlackDeps } from './deps';
import { slackErrorCode, slackErrorFields } from './errors';
import { SlackHttpReceiver } from './http-receiver';
import { installRoutes } from './install';
import { registerListeners } from './listeners';
import { putWhoOnContext, putWordsOnContext } from './middleware/who';
import { logRejection } from './payload';
import { createLane } from './lane';
import { gateReceipts, type HoldsReceipt } from './receipt';
import { slackSdkLogger } from './sdk-logger';

/** How the app reaches Slack: one token, or (OAuth) each workspace's installation through the installer. */
export type SlackAppConnection =
  | Exclude<SlackConnection, { mode: 'oauth' }>
  | (Extract<SlackConnection, { mode: 'oauth' }> & { installer: InstallProvider });

export type SlackAppOptions = SlackAppConnection & {
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
  /** The Web API's fetch (a metered one, src/slack/meter.ts); globalThis.fetch when unset. */
  fetch?: FetchFunction;
  /** What GET /metrics serves (Prometheus text format); no such route when unset. */
  metrics?: MetricsSource;
};

export interface MetricsSource {
  readonly contentType: string;
  render(): Promise<string>;
}

export interface SlackApp {
  app: App;
  start(): Promise<void>;
  /** Stops taking requests, then waits for the work already in flight. */
  stop(): Promise<void>;
  /**
   * Resolves once no request from Slack is being handled: every event,
   * command and action received so far has run its listeners to the end. What a test waits for
   * before it judges that the bot said nothing.
   */
  idle(): Promise<void>;
}

/**
 * Answers composed at once (each holds a lease and a few queries); more wait
 * their turn in memory. Under a burst of first DMs the rest of the event loop
 * and the pool then go to storing the new ones before Slack's deadline.
 */
const ANSWERS_AT_ONCE = 8;

/** A person's DM: its listener stores it before Slack hears "received" (src/slack/receipt.ts). */
const holdsReceipt: HoldsReceipt = (body) => {
  const event = body.event as { type?: unknown; channel_type?: unknown } | undefined;
  return body.type === 'event_callback' && event?.type === 'message' && event.channel_type === 'im';
};

function health(healthy: () => Promise<boolean>) {
  return (_req: unknown, res: ServerResponse) => {
    void healthy().then((ok) => {
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok, database: ok ? 'up' : 'down' }));
    });
  };
}

function metricsRoute(metrics: MetricsSource, deps: SlackDeps) {
  return (_req: unknown, res: ServerResponse) => {
    metrics.render().then(
      (body) => {
        res.writeHead(200, { 'content-type': metrics.contentType });
        res.end(body);
      },
      (error: unknown) => {
        deps.logger.error('metrics_render_failed', errorFields(error));
        res.writeHead(500).end();
      },
    );
  };
}

/** Bytes in and out: our HTTP receiver, or Bolt's Socket Mode receiver. */
function receiverFor(options: SlackAppOptions, deps: SlackDeps): Receiver {
  const routes = [
    { path: '/healthz', handler: health(options.healthy) },
    ...(options.metrics ? [{ path: '/metrics', handler: metricsRoute(options.metrics, deps) }] : []),
  ];
  if (options.mode === 'http' || options.mode === 'oauth') {
    return new SlackHttpReceiver({
      signingSecret: options.signingSecret,
      logger: deps.logger,
      routes: [
        ...routes.map((route) => ({ method: 'GET' as const, ...route })),
        // OAuth: the install page and Slack's redirect back, beside /slack/events and its signature checks.
        ...(options.mode === 'oauth' ? installRoutes(options.installer, deps.logger) : []),
      ],
    });
  }
  return new SocketModeReceiver({
    appToken: options.appToken,
    logger: slackSdkLogger(deps.logger, 'bolt'),
    // The socket's own Web API calls (apps.connections.open) go where the bot's do.
    installerOptions: { port: options.port, clientOptions: { slackApiUrl: options.apiUrl, ...(options.fetch ? { fetch: options.fetch } : {}) } },
    customRoutes: routes.map((route) => ({ method: ['GET'], ...route })),
    // A payload Slack would never send is acknowledged (so it is not sent again) and dropped;
    // an event that could not be kept is not, so Slack sends it again.
    processEventErrorHandler: ({ error }) => Promise.resolve(logRejection(deps.logger, error) === 'malformed'),
  });
}

/**
 * The Bolt app. The receiver only moves bytes (signature checks, acks); the
 * listeners are registered in listeners/index.ts. Every listener run is
 * tracked so that a SIGTERM can let replies in flight finish.
 */
export function createSlackApp(options: SlackAppOptions, deps: SlackDeps): SlackApp {
  const gate = gateReceipts(receiverFor(options, deps), holdsReceipt);
  const { installer } = options.mode === 'oauth' ? options : { installer: undefined };
  const app = new App({
    // One token, or each workspace's from its installation: `authorize` refreshes a rotating token that is about to expire.
    ...(installer
      ? { authorize: (source: InstallationQuery<boolean>) => installer.authorize(source) }
      : { token: options.mode === 'oauth' ? undefined : options.botToken }),
    ...(options.identity ? { botId: options.identity.botId, botUserId: options.identity.botUserId } : {}),
    receiver: gate.receiver,
    // Bounded: a Slack outage should cost a reply a few seconds, not the SDK's default half hour of retries.
    clientOptions: {
      slackApiUrl: options.apiUrl,
      retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
      timeout: 15_000,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    },
    logger: slackSdkLogger(deps.logger, 'bolt'),
  });

  app.use(putWhoOnContext);
  app.use(putWordsOnContext(deps.localeOf, deps.logger));

  // Every error a listener or middleware throws ends here, logged by its code; none leaves the process.
  app.error((error) => {
    const original = (error as { original?: unknown }).original ?? error;
    deps.logger.error('slack_listener_error', { bolt_code: (error as { code?: string }).code, ...slackErrorFields(original) });
    return Promise.resolve();
  });

  // With OAuth it has no token of its own: each call carries the request's (context.botToken).
  const signals = new WebClient(options.mode === 'oauth' ? undefined : options.botToken, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 5_000,
    logger: slackSdkLogger(deps.logger, 'slack_web_api'),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  registerListeners(app, { answers: createLane(ANSWERS_AT_ONCE), ...deps, signals });

  return {
    app,
    start: async () => {
      try {
        await app.start({ port: options.port, ...(options.host ? { host: options.host } : {}) });
      } catch (error) {
        // Socket Mode opens its connection with the app-level token (apps.connections.open) while it starts.
        const slackError = slackErrorCode(error);
        if (options.mode === 'socket' && slackError) {
          throw new AppError('slack_app_token_refused', `Slack refused the app-level token (${slackError})`, { slack_error: slackError });
        }
        if (options.mode === 'socket' && (error as { code?: unknown }).code === 'slack_webapi_request_error') {
          throw new AppError('slack_unreachable', "Slack's Web API did not answer apps.connections.open", { cause_code: networkCode(error) });
        }
        throw error;
      }
    },
    stop: async () => {
      await app.stop();
      // Replies already received go on after their requests were answered: let them finish.
      await Promise.allSettled(gate.inFlight());
    },
    idle: async () => {
      for (let work = gate.inFlight(); work.length > 0; work = gate.inFlight()) await Promise.allSettled(work);
    },
  };
}
