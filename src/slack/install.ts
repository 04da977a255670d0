/**
 * Installing the app into any workspace (OAuth mode): @slack/oauth's
 * InstallProvider serves the install page and the redirect Slack sends the
 * installer back to, exchanges the code (oauth.v2.access) and stores the
 * installation (src/slack/installation-store.ts). Both pages are plain GET
 * routes of our own HTTP receiver, beside /slack/events, whose signature
 * checks they do not touch: Slack's browser redirect carries no signature;
 * the state parameter, bound to the installer's browser by a cookie, is
 * what protects it (https://docs.slack.dev/authentication/installing-with-oauth).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InstallProvider, type CallbackOptions, type InstallationStore } from '@slack/oauth';
import type { FetchFunction } from '@slack/web-api';
import type { Logger } from '../log';
import { localeOf, wordsFor, type Words } from '../words/catalog';
import { slackErrorCode } from './errors';
import type { HttpRoute } from './http-receiver';
import { slackSdkLogger } from './sdk-logger';

/** The bot scopes the app asks for, the same as manifest.yml's (tests/manifest.test.ts keeps them in step). */
export const BOT_SCOPES = ['chat:write', 'im:history', 'im:write', 'commands', 'users:read', 'reactions:write', 'files:write'] as const;

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface InstallerOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  apiUrl: string;
  /** Where Slack sends the installer back; when unset, the app's configured redirect URL. */
  redirectUri?: string;
  installationStore: InstallationStore;
  logger: Logger;
  /** The Web API's fetch (a metered one, src/slack/meter.ts); globalThis.fetch when unset. */
  fetch?: FetchFunction;
}

export function createInstaller(options: InstallerOptions): InstallProvider {
  const english = wordsFor('en');
  const installer = new InstallProvider({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    stateSecret: options.stateSecret,
    installationStore: options.installationStore,
    installUrlOptions: { scopes: [...BOT_SCOPES], ...(options.redirectUri ? { redirectUri: options.redirectUri } : {}) },
    // The page is rendered without the request, so in English; the page after the install follows the browser's language.
    renderHtmlForInstallPath: (url) => page(english.installTitle, `<p>${escapeHtml(english.installLead)}</p><p><a class="button" href="${escapeHtml(url)}">${escapeHtml(english.installButton)}</a></p>`),
    logger: slackSdkLogger(options.logger, 'slack_oauth'),
    // oauth.v2.access (code exchange and token refresh) and auth.test go where the bot's Web API calls go.
    clientOptions: {
      slackApiUrl: options.apiUrl,
      retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 },
      timeout: 10_000,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    },
  });
  const authorize = installer.authorize.bind(installer);
  installer.authorize = oneAtATimePerWorkspace(authorize);
  return installer;
}

/**
 * A refresh token is good once. Two authorizes of one workspace at once (two
 * events, an event and a nudge) would both see the token expiring and both
 * spend the same refresh token, and the loser would go on with the expired
 * token. In turn, the second reads what the first stored. (Across replicas
 * the same race remains; a refused refresh is then retried on the next call.)
 */
function oneAtATimePerWorkspace(authorize: InstallProvider['authorize']): InstallProvider['authorize'] {
  const queues = new Map<string, Promise<unknown>>();
  return (source) => {
    const key = source.teamId ?? source.enterpriseId ?? '';
    const previous = queues.get(key) ?? Promise.resolve();
    const run = previous.then(
      () => authorize(source),
      () => authorize(source),
    );
    const settled = run.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return run;
  };
}

/** GET /slack/install and GET /slack/oauth_redirect, for SlackHttpReceiver's `routes`. */
export function installRoutes(installer: InstallProvider, logger: Logger): HttpRoute[] {
  const callback: CallbackOptions = {
    success: (installation, _options, req, res) => {
      logger.info('slack_installed', { team: installation.team?.id, installer: installation.user.id, rotating: Boolean(installation.bot?.refreshToken) });
      send(res, 200, wordsOf(req).installDone, wordsOf(req));
    },
    failure: (error, _options, req, res) => {
      // The error's code and Slack's, never the code or state from the URL.
      const ours = typeof error.code === 'string' && (error.code.startsWith('slack_oauth_') || error.code === 'slack_webapi_platform_error');
      logger.warn('slack_install_failed', { error_code: error.code, slack_error: slackErrorCode(error) });
      send(res, ours && error.code !== 'slack_oauth_unknown_error' ? 400 : 500, wordsOf(req).installFailed, wordsOf(req));
    },
  };
  return [
    { method: 'GET', path: INSTALL_PATH, handler: (req, res) => installer.handleInstallPath(req, res) },
    { method: 'GET', path: REDIRECT_PATH, handler: (req, res) => installer.handleCallback(req, res, callback) },
  ];
}

function wordsOf(req: IncomingMessage): Words {
  const accept = String(req.headers['accept-language'] ?? '').split(',')[0];
  return wordsFor(localeOf(accept));
}

function send(res: ServerResponse, status: number, message: string, words: Words): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" });
  res.end(page(words.installTitle, `<p>${escapeHtml(message)}</p>`));
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d1c1d}.button{display:inline-block;padding:.6rem 1.2rem;border-radius:6px;background:#4a154b;color:#fff;text-decoration:none}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
