import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import type { Database } from '../db/client';
import * as installations from '../db/queries/installations';
import type { TokenCipher } from '../db/token-cipher';
import { AppError } from '../errors';
import type { Logger } from '../log';

/** The tokens of an installation, the only part kept sealed. */
interface Secrets {
  botToken?: string;
  botRefreshToken?: string;
  userToken?: string;
  userRefreshToken?: string;
}

/** No installation with tokens for the workspace: never installed, or uninstalled since. */
export const NOT_INSTALLED = 'workspace_not_installed';

/**
 * @slack/oauth's InstallationStore on the `installations` table: what the
 * install flow stores and what `authorize` (every event, every nudge) reads
 * and, after a token refresh, writes back. Tokens go through the cipher; the
 * rest of the installation is kept as it came, minus the tokens.
 * Workspace installs only (the manifest has org_deploy_enabled: false).
 * An uninstall is not deleteInstallation's: src/slack/workspaces.ts forgets
 * the tokens and schedules the purge.
 */
export function createInstallationStore(deps: { db: Database; cipher: TokenCipher; logger: Logger }): InstallationStore {
  const { db, cipher, logger } = deps;
  return {
    async storeInstallation(installation) {
      const teamId = installation.team?.id;
      if (installation.isEnterpriseInstall || !teamId) {
        throw new AppError('enterprise_install_unsupported', 'Org-wide installs are not supported; install the app into a workspace');
      }
      const { bot, user, ...rest } = installation;
      const secrets: Secrets = {
        ...(bot?.token ? { botToken: bot.token } : {}),
        ...(bot?.refreshToken ? { botRefreshToken: bot.refreshToken } : {}),
        ...(user.token ? { userToken: user.token } : {}),
        ...(user.refreshToken ? { userRefreshToken: user.refreshToken } : {}),
      };
      const details = {
        ...rest,
        ...(bot ? { bot: { id: bot.id, userId: bot.userId, scopes: bot.scopes, expiresAt: bot.expiresAt } } : {}),
        user: { id: user.id, scopes: user.scopes, expiresAt: user.expiresAt },
      };
      await installations.saveInstallation(db, {
        teamId,
        enterpriseId: installation.enterprise?.id ?? null,
        appId: installation.appId ?? null,
        botId: bot?.id ?? null,
        botUserId: bot?.userId ?? null,
        installerUserId: user.id,
        botTokenExpiresAt: bot?.expiresAt ? new Date(bot.expiresAt * 1000) : null,
        details: JSON.parse(JSON.stringify(details)) as Record<string, unknown>,
        secrets: cipher.seal(JSON.stringify(secrets)),
      });
      logger.info('installation_stored', { team: teamId, rotating: Boolean(bot?.refreshToken) });
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const teamId = query.teamId;
      const row = teamId ? await installations.activeInstallation(db, teamId) : null;
      if (!row?.secrets) throw new AppError(NOT_INSTALLED, 'The app is not installed in this workspace', { team: teamId });
      const secrets = JSON.parse(cipher.open(row.secrets)) as Secrets;
      const details = row.details as unknown as Omit<Installation, 'bot' | 'user'> & {
        bot?: Omit<NonNullable<Installation['bot']>, 'token' | 'refreshToken'>;
        user: Omit<Installation['user'], 'token' | 'refreshToken'>;
      };
      const installation = {
        ...details,
        team: { id: row.teamId, ...(details.team?.name ? { name: details.team.name } : {}) },
        enterprise: details.enterprise ?? undefined,
        user: {
          ...details.user,
          token: secrets.userToken,
          ...(secrets.userRefreshToken ? { refreshToken: secrets.userRefreshToken } : {}),
        },
        ...(details.bot && secrets.botToken
          ? { bot: { ...details.bot, token: secrets.botToken, ...(secrets.botRefreshToken ? { refreshToken: secrets.botRefreshToken } : {}) } }
          : {}),
        authVersion: 'v2',
      } as Installation<'v2', false>;
      return installation;
    },
  };
}

/**
 * After a key rotation (TOKEN_ENCRYPTION_KEY new, TOKEN_ENCRYPTION_KEY_PREVIOUS
 * the old one): rewrites every installation sealed with another key under the
 * current one, so the previous key can be dropped. Run at start-up; counts.
 */
export async function resealInstallations(deps: { db: Database; cipher: TokenCipher; logger: Logger }): Promise<number> {
  let resealed = 0;
  for (;;) {
    const rows = await installations.installationsSealedWithOtherKeys(deps.db, deps.cipher.currentKeyId, 100);
    let progress = 0;
    for (const row of rows) {
      if (!row.secrets) continue;
      // A row no key here opens stops the rotation with a coded error: the operator must supply that key.
      const next = deps.cipher.seal(deps.cipher.open(row.secrets));
      if (await installations.resealSecrets(deps.db, row.teamId, row.secrets, next)) {
        resealed += 1;
        progress += 1;
      }
    }
    if (rows.length < 100 || progress === 0) break;
  }
  if (resealed > 0) deps.logger.info('tokens_resealed', { count: resealed, key_id: deps.cipher.currentKeyId });
  return resealed;
}
