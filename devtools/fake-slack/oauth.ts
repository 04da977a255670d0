/**
 * Slack's side of OAuth for one app: what https://slack.com/oauth/v2/authorize
 * hands the redirect when a person approves an install (`approve`), and
 * `oauth.v2.access`, which exchanges that code for the workspace's bot token
 * (grant_type authorization_code) or, with token rotation, a refresh token
 * for a new access token (grant_type refresh_token).
 * https://docs.slack.dev/reference/methods/oauth.v2.access
 * https://docs.slack.dev/authentication/using-token-rotation
 *
 * It refuses what Slack refuses: an unknown client_id (`invalid_client_id`),
 * a wrong secret (`bad_client_secret`), a code that is unknown, used or
 * older than ten minutes (`invalid_code`), a redirect_uri other than the
 * approval's (`bad_redirect_uri`), a refresh token that is unknown or already
 * used, since each is good once (`invalid_refresh_token`). Access tokens it
 * issued authenticate Web API calls for their workspace until they expire
 * (`token_expired`) or the app is uninstalled (`token_revoked`).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { MethodArgs } from './methods';
import { SlackApiError, type SlackState, type TeamRecord } from './state';

export interface FakeOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Token rotation on (expiring access tokens plus refresh tokens); off unless said. */
  tokenRotation?: boolean;
  /** Lifetime of a rotating access token, seconds; Slack's is 12 hours. */
  expiresInSeconds?: number;
  /** The clock, ms since the epoch. */
  now?: () => number;
}

export interface Approval {
  /** Who clicked Allow. */
  userId: string;
  /** The redirect_uri of the authorize URL, if it had one: the exchange must repeat it. */
  redirectUri?: string;
  scopes?: readonly string[];
  /** This install's first access token lives this long (seconds), with rotation on. */
  expiresInSeconds?: number;
}

interface CodeRecord extends Approval {
  teamId: string;
  created: number;
  used: boolean;
}

interface TokenRecord {
  teamId: string;
  /** ms; undefined for a token that does not expire. */
  expiresAt?: number;
  revoked: boolean;
}

interface RefreshRecord {
  teamId: string;
  scopes: readonly string[];
  used: boolean;
}

const CODE_TTL_MS = 10 * 60_000;
const TWELVE_HOURS = 12 * 60 * 60;

export class FakeOAuth {
  readonly clientId: string;
  tokenRotation: boolean;
  private readonly clientSecret: string;
  private readonly expiresIn: number;
  private readonly now: () => number;
  private readonly codes = new Map<string, CodeRecord>();
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();

  constructor(
    private readonly state: SlackState,
    options: FakeOAuthOptions,
  ) {
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
    this.tokenRotation = options.tokenRotation ?? false;
    this.expiresIn = options.expiresInSeconds ?? TWELVE_HOURS;
    this.now = options.now ?? Date.now;
  }

  /** A person approved the install in `teamId`: the code Slack puts on the redirect. */
  approve(teamId: string, approval: Approval): string {
    if (!this.state.team(teamId)) throw new SlackApiError('team_not_found');
    const code = `${teamId}.${randomBytes(12).toString('hex')}`;
    this.codes.set(code, { ...approval, teamId, created: this.now(), used: false });
    return code;
  }

  /** The app was removed from the workspace: every token of it stops working. */
  uninstall(teamId: string): void {
    for (const token of this.tokens.values()) if (token.teamId === teamId) token.revoked = true;
    for (const refresh of this.refreshTokens.values()) if (refresh.teamId === teamId) refresh.used = true;
  }

  /** The workspace an issued token is for, or Slack's refusal; undefined when this app never issued it. */
  authenticate(token: string): { team: TeamRecord } | { error: string } | undefined {
    const record = this.tokens.get(token);
    if (!record) return undefined;
    if (record.revoked) return { error: 'token_revoked' };
    if (record.expiresAt !== undefined && this.now() >= record.expiresAt) return { error: 'token_expired' };
    const team = this.state.team(record.teamId);
    return team ? { team } : { error: 'account_inactive' };
  }

  /** Access tokens issued so far for a workspace, oldest first. */
  issuedTokens(teamId: string): string[] {
    return [...this.tokens.entries()].filter(([, t]) => t.teamId === teamId).map(([token]) => token);
  }

  /** oauth.v2.access: no bearer token, the app's own credentials (arguments or HTTP Basic). */
  access(args: MethodArgs, req: IncomingMessage): Record<string, unknown> {
    const basic = basicAuth(req.headers.authorization);
    const clientId = basic?.id ?? str(args.client_id);
    const clientSecret = basic?.secret ?? str(args.client_secret);
    if (clientId !== this.clientId) throw new SlackApiError('invalid_client_id');
    if (clientSecret !== this.clientSecret) throw new SlackApiError('bad_client_secret');
    const grant = str(args.grant_type) ?? 'authorization_code';
    if (grant === 'authorization_code') return this.exchangeCode(args);
    if (grant === 'refresh_token') return this.refresh(args);
    throw new SlackApiError('invalid_grant_type');
  }

  private exchangeCode(args: MethodArgs): Record<string, unknown> {
    const code = str(args.code);
    const record = code ? this.codes.get(code) : undefined;
    if (!record || record.used || this.now() - record.created > CODE_TTL_MS) throw new SlackApiError('invalid_code');
    if (record.redirectUri !== undefined && str(args.redirect_uri) !== record.redirectUri) throw new SlackApiError('bad_redirect_uri');
    // Good once, even when the exchange is refused later on.
    record.used = true;
    const team = this.state.team(record.teamId);
    if (!team) throw new SlackApiError('invalid_code');
    const scopes = record.scopes ?? ['chat:write', 'im:history', 'im:write', 'commands', 'users:read', 'reactions:write', 'files:write'];
    return { ...this.issue(team, scopes, record.expiresInSeconds), authed_user: { id: record.userId } };
  }

  private refresh(args: MethodArgs): Record<string, unknown> {
    const token = str(args.refresh_token);
    const record = token ? this.refreshTokens.get(token) : undefined;
    if (!token || !record || record.used) throw new SlackApiError('invalid_refresh_token');
    record.used = true;
    const team = this.state.team(record.teamId);
    if (!team) throw new SlackApiError('invalid_refresh_token');
    return this.issue(team, record.scopes, undefined, true);
  }

  private issue(team: TeamRecord, scopes: readonly string[], expiresInSeconds?: number, rotating = this.tokenRotation): Record<string, unknown> {
    const secret = randomBytes(16).toString('hex');
    const accessToken = rotating ? `xoxe.xoxb-1-${secret}` : `xoxb-${team.id.toLowerCase()}-${secret}`;
    const expiresIn = expiresInSeconds ?? this.expiresIn;
    this.tokens.set(accessToken, { teamId: team.id, revoked: false, ...(rotating ? { expiresAt: this.now() + expiresIn * 1000 } : {}) });
    const body: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'bot',
      scope: scopes.join(','),
      bot_user_id: team.bot.user_id,
      app_id: team.bot.app_id,
      team: { id: team.id, name: team.name },
      enterprise: null,
      is_enterprise_install: false,
    };
    if (rotating) {
      const refreshToken = `xoxe-1-${randomBytes(16).toString('hex')}`;
      this.refreshTokens.set(refreshToken, { teamId: team.id, scopes, used: false });
      body.refresh_token = refreshToken;
      body.expires_in = expiresIn;
    }
    return body;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function basicAuth(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
