import type { InstallProvider } from '@slack/oauth';
import { WebClient, type FetchFunction, type WebClientOptions } from '@slack/web-api';
import type { Database } from '../db/client';
import * as installations from '../db/queries/installations';
import { isAppError } from '../errors';
import type { Logger } from '../log';
import type { Messenger, Workspaces } from '../nudge/ports';
import type { ProfileLookup } from '../people/ports';
import { NOT_INSTALLED } from './installation-store';
import { createLookupClient, createNudgeClient, webMessenger, type Pacing } from './nudge-client';
import type { RateGate } from './rate-gate';
import { slackSdkLogger } from './sdk-logger';

/**
 * Each workspace's Slack, for what no incoming event carries a token for:
 * the nudge pass, a session resumed after a nudge, the sweep. One workspace
 * (SLACK_BOT_TOKEN) or every workspace that installed the app (OAuth).
 */
export interface SlackWorkspaces extends Workspaces {
  /** The workspace's bot token, refreshed first when it expires within two hours; null when the app is not installed there. */
  botToken(teamId: string): Promise<string | null>;
  /** A client for replies on that token (Bolt's retries); null when the app is not installed there. */
  replyClient(teamId: string): Promise<WebClient | null>;
  /** Profile lookups for a person's own message: a client of their own (no retry, short timeout), outside the nudges' shared pace. */
  lookups(teamId: string): Promise<ProfileLookup | null>;
  /** app_uninstalled, or the bot token revoked: the tokens are deleted at once, the data purged after the grace period. */
  uninstalled(teamId: string, reason: 'app_uninstalled' | 'tokens_revoked'): Promise<void>;
}

/** Replies: bounded, so a Slack outage costs a reply a few seconds, not the SDK's default half hour of retries. */
export function replyClientOptions(apiUrl: string, logger: Logger, fetch?: FetchFunction): WebClientOptions {
  return {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    timeout: 15_000,
    logger: slackSdkLogger(logger, 'slack_web_api'),
    ...(fetch ? { fetch } : {}),
  };
}

/** SLACK_BOT_TOKEN: one workspace, one token, the same for every team id the bot sees. */
export function singleWorkspace(options: {
  botToken: string;
  apiUrl: string;
  logger: Logger;
  fetch?: FetchFunction;
  /** The workspace's shared Slack pace (src/slack/rate-gate.ts). */
  pacing?: Pacing;
  replies: () => WebClient;
}): SlackWorkspaces {
  const client = createNudgeClient({ token: options.botToken, apiUrl: options.apiUrl, logger: options.logger, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const messenger = webMessenger(client, options.pacing);
  const lookups = webMessenger(createLookupClient({ token: options.botToken, apiUrl: options.apiUrl, logger: options.logger, ...(options.fetch ? { fetch: options.fetch } : {}) }));
  return {
    botToken: () => Promise.resolve(options.botToken),
    messenger: () => Promise.resolve(messenger),
    lookups: () => Promise.resolve(lookups),
    replyClient: () => Promise.resolve(options.replies()),
    uninstalled: (teamId, reason) => {
      // The token is the operator's, in the environment: only they can replace it.
      options.logger.warn('app_uninstalled_single_workspace', { team: teamId, reason });
      return Promise.resolve();
    },
  };
}

interface Clients {
  token: string;
  messenger: Messenger;
  lookups: ProfileLookup;
  replies: WebClient;
}

/**
 * OAuth installs: the token of a workspace comes from @slack/oauth's
 * `authorize`, which reads the installation (src/slack/installation-store.ts)
 * and, with token rotation, refreshes a token that expires within two hours
 * and stores the new one before answering. Clients are kept per workspace
 * and rebuilt when its token changes.
 */
export function oauthWorkspaces(options: {
  installer: Pick<InstallProvider, 'authorize'>;
  db: Database;
  apiUrl: string;
  logger: Logger;
  /** The Web API's fetch (a metered one, src/slack/meter.ts); globalThis.fetch when unset. */
  fetch?: FetchFunction;
  /** Each workspace's calls keep that workspace's pace, shared with every replica (src/slack/rate-gate.ts). */
  gate?: RateGate;
  retentionDays: number;
  now: () => Date;
}): SlackWorkspaces {
  const { logger } = options;
  const clients = new Map<string, Clients>();

  const botToken = async (teamId: string): Promise<string | null> => {
    try {
      const result = await options.installer.authorize({ teamId, isEnterpriseInstall: false, enterpriseId: undefined });
      return result.botToken ?? null;
    } catch (error) {
      // @slack/oauth wraps what the store threw as `original`.
      if (isAppError((error as { original?: unknown }).original, NOT_INSTALLED)) return null;
      throw error;
    }
  };

  const clientsFor = async (teamId: string): Promise<Clients | null> => {
    const token = await botToken(teamId);
    if (!token) {
      clients.delete(teamId);
      return null;
    }
    const known = clients.get(teamId);
    if (known?.token === token) return known;
    const client = createNudgeClient({ token, apiUrl: options.apiUrl, logger, ...(options.fetch ? { fetch: options.fetch } : {}) });
    const fresh: Clients = {
      token,
      messenger: webMessenger(client, options.gate ? { gate: options.gate, teamId } : undefined),
      lookups: webMessenger(createLookupClient({ token, apiUrl: options.apiUrl, logger, ...(options.fetch ? { fetch: options.fetch } : {}) })),
      replies: new WebClient(token, replyClientOptions(options.apiUrl, logger, options.fetch)),
    };
    clients.set(teamId, fresh);
    return fresh;
  };

  return {
    botToken,
    messenger: async (teamId) => (await clientsFor(teamId))?.messenger ?? null,
    replyClient: async (teamId) => (await clientsFor(teamId))?.replies ?? null,
    lookups: async (teamId) => (await clientsFor(teamId))?.lookups ?? null,
    uninstalled: async (teamId, reason) => {
      clients.delete(teamId);
      const at = options.now();
      const purgeAfter = new Date(at.getTime() + options.retentionDays * 86_400_000);
      const forgotten = await installations.forgetTokens(options.db, teamId, at, purgeAfter);
      logger.info('workspace_uninstalled', { team: teamId, reason, tokens_deleted: forgotten, purge_after: purgeAfter.toISOString() });
    },
  };
}
