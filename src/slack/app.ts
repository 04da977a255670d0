import { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { SlackMode } from '../config';
import type { SlackDeps } from './deps';
import { registerListeners } from './listeners';
import { slackErrorFields } from './errors';
import { slackSdkLogger } from './sdk-logger';

export interface SlackAppOptions {
  mode: Exclude<SlackMode, 'local'> | 'http';
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl: string;
  port: number;
  /** Interface to listen on; all of them when unset (local mode keeps the bot on loopback). */
  host?: string;
  /** Answers whether the database answers, for GET /healthz. */
  healthy: () => Promise<boolean>;
}

export interface SlackApp {
  app: App;
  start(): Promise<void>;
  /** Stops taking requests, then waits for the work already in flight. */
  stop(): Promise<void>;
  /**
   * Resolves once no request from Slack is being handled: every event,
   * command and action received so far has run its listeners to the end
   * (each one logs `slack_request_done` as it ends). What a test waits for
   * before it judges that the bot said nothing.
   */
  idle(): Promise<void>;
}

/**
 * The Bolt app. The receiver only moves bytes (signature checks, acks); the
 * listeners are registered in listeners/index.ts. Every listener run is
 * tracked so that a SIGTERM can let replies in flight finish.
 */
export function createSlackApp(options: SlackAppOptions, deps: SlackDeps): SlackApp {
  const socket = options.mode === 'socket';
  const app = new App({
    token: options.botToken,
    ...(socket ? { socketMode: true, appToken: options.appToken } : { signingSecret: options.signingSecret }),
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

  // Every request Slack sends, tracked from the moment the receiver hands it over (before its
  // ack goes back) to the end of its listeners, whichever receiver (HTTP, Socket Mode) and
  // whether or not a listener ran at all (Bolt drops the bot's own messages before any middleware).
  const inFlight = new Set<Promise<unknown>>();
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event) => {
    const work = processEvent(event);
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
      deps.logger.debug('slack_request_done', requestIds(event.body));
    }
  };

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
      await app.start(options.host ? { port: options.port, host: options.host } : options.port);
    },
    stop: async () => {
      await app.stop();
      await Promise.allSettled([...inFlight]);
    },
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** Which request ended, by ids only: the event's id, the command, the action. */
function requestIds(body: unknown): Record<string, string | undefined> {
  const b = (body ?? {}) as { type?: unknown; event_id?: unknown; command?: unknown; actions?: { action_id?: unknown }[] };
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return {
    kind: text(b.type) ?? (text(b.command) ? 'slash_command' : undefined),
    event_id: text(b.event_id),
    command: text(b.command),
    action_id: text(b.actions?.[0]?.action_id),
  };
}
