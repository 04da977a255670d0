import { and, eq, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { installations } from '../schema';

/** Queries of the `installations` table: a workspace's OAuth install, its sealed tokens, its uninstall. */

export type InstallationRow = typeof installations.$inferSelect;

export interface InstallationWrite {
  teamId: string;
  enterpriseId: string | null;
  appId: string | null;
  botId: string | null;
  botUserId: string | null;
  installerUserId: string | null;
  botTokenExpiresAt: Date | null;
  details: Record<string, unknown>;
  /** Sealed by the token cipher; never a token in the clear. */
  secrets: string;
}

/** Stores an install (or a refreshed token): a reinstall after an uninstall cancels the pending purge. */
export async function saveInstallation(db: Database, row: InstallationWrite): Promise<void> {
  const values = { ...row, uninstalledAt: null, purgeAfter: null };
  await db
    .insert(installations)
    .values(values)
    .onConflictDoUpdate({ target: installations.teamId, set: { ...values, updatedAt: sql`now()` } });
}

/** The workspace's installation while it has tokens; null when it never installed or has uninstalled. */
export async function activeInstallation(db: Database, teamId: string): Promise<InstallationRow | null> {
  const [row] = await db
    .select()
    .from(installations)
    .where(and(eq(installations.teamId, teamId), isNotNull(installations.secrets)));
  return row ?? null;
}

/**
 * The app was uninstalled or its tokens revoked: the tokens are deleted at
 * once and the workspace's data is due for purging at `purgeAfter`. False
 * when there was no installation with tokens (already forgotten, or never).
 */
export async function forgetTokens(db: Database, teamId: string, at: Date, purgeAfter: Date): Promise<boolean> {
  const rows = await db
    .update(installations)
    .set({ secrets: null, botTokenExpiresAt: null, uninstalledAt: at, purgeAfter, updatedAt: sql`now()` })
    .where(and(eq(installations.teamId, teamId), isNotNull(installations.secrets)))
    .returning({ teamId: installations.teamId });
  return rows.length > 0;
}

/** Uninstalled workspaces whose grace period is over at `at`, oldest first. */
export async function workspacesToPurge(db: Database, at: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ teamId: installations.teamId })
    .from(installations)
    .where(and(isNull(installations.secrets), lte(installations.purgeAfter, at)))
    .orderBy(installations.purgeAfter)
    .limit(limit);
  return rows.map((r) => r.teamId);
}

/** Rows sealed with a key other than the current one (`keyId`): what a key rotation rewrites. */
export async function installationsSealedWithOtherKeys(db: Database, currentKeyId: string, limit: number): Promise<InstallationRow[]> {
  return db
    .select()
    .from(installations)
    .where(and(isNotNull(installations.secrets), sql`split_part(${installations.secrets}, '.', 2) <> ${currentKeyId}`))
    .limit(limit);
}

/** Rewrites the sealed tokens of one row, only if they are still `previous` (a refresh meanwhile wins). */
export async function resealSecrets(db: Database, teamId: string, previous: string, next: string): Promise<boolean> {
  const rows = await db
    .update(installations)
    .set({ secrets: next })
    .where(and(eq(installations.teamId, teamId), eq(installations.secrets, previous)))
    .returning({ teamId: installations.teamId });
  return rows.length > 0;
}

/** Removes the installation row itself (the last step of a workspace purge). */
export async function deleteInstallationRow(db: Database, teamId: string): Promise<void> {
  await db.delete(installations).where(eq(installations.teamId, teamId));
}
