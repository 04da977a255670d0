/**
 * The installations store on real Postgres: an installation round-trips
 * through @slack/oauth's shape with its tokens sealed, and a key rotation
 * rewrites every row under the new key so the old one can be dropped.
 */
import { randomBytes } from 'node:crypto';
import type { Installation } from '@slack/oauth';
import { createTokenCipher, keyId } from '../../src/db/token-cipher';
import { memoryLogger } from '../../src/log';
import { createInstallationStore, NOT_INSTALLED, resealInstallations } from '../../src/slack/installation-store';
import { createTestDatabase } from '../support/db';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const logger = memoryLogger();

function installation(teamId: string, token: string, refreshToken?: string): Installation<'v2', false> {
  return {
    team: { id: teamId, name: `Team ${teamId}` },
    enterprise: undefined,
    user: { id: 'UINSTALLER', token: undefined, scopes: undefined },
    bot: { id: 'B1', userId: 'UBOT', scopes: ['chat:write', 'im:history'], token, ...(refreshToken ? { refreshToken, expiresAt: 1_900_000_000 } : {}) },
    tokenType: 'bot',
    isEnterpriseInstall: false,
    appId: 'A1',
    authVersion: 'v2',
  };
}

test('an installation is stored with its tokens sealed and read back as @slack/oauth stored it', async () => {
  const store = createInstallationStore({ db: database.db, cipher: createTokenCipher({ current: oldKey }), logger });
  await store.storeInstallation(installation('TA', 'xoxe.xoxb-1-tokenA', 'xoxe-1-refreshA'));
  const { rows } = await database.pool.query<{ row: string }>("select row_to_json(i)::text as row from installations i where team_id = 'TA'");
  expect(rows[0]!.row).not.toContain('tokenA');
  expect(rows[0]!.row).not.toContain('refreshA');
  const back = await store.fetchInstallation({ teamId: 'TA', enterpriseId: undefined, isEnterpriseInstall: false });
  expect(back).toMatchObject({ team: { id: 'TA', name: 'Team TA' }, appId: 'A1', authVersion: 'v2' });
  expect(back.bot).toEqual({ id: 'B1', userId: 'UBOT', scopes: ['chat:write', 'im:history'], token: 'xoxe.xoxb-1-tokenA', refreshToken: 'xoxe-1-refreshA', expiresAt: 1_900_000_000 });
  await expect(store.fetchInstallation({ teamId: 'TNONE', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toMatchObject({ code: NOT_INSTALLED });
});

test('a key rotation rewrites every row under the new key; the old key is then no longer needed', async () => {
  const before = createInstallationStore({ db: database.db, cipher: createTokenCipher({ current: oldKey }), logger });
  await before.storeInstallation(installation('TB', 'xoxb-tokenB'));

  const rotated = createTokenCipher({ current: newKey, previous: oldKey });
  expect(await resealInstallations({ db: database.db, cipher: rotated, logger })).toBe(2);
  expect(await resealInstallations({ db: database.db, cipher: rotated, logger })).toBe(0);
  const { rows } = await database.pool.query<{ secrets: string }>('select secrets from installations order by team_id');
  expect(rows.map((r) => r.secrets.split('.')[1])).toEqual([keyId(newKey), keyId(newKey)]);

  const after = createInstallationStore({ db: database.db, cipher: createTokenCipher({ current: newKey }), logger });
  expect((await after.fetchInstallation({ teamId: 'TB', enterpriseId: undefined, isEnterpriseInstall: false })).bot?.token).toBe('xoxb-tokenB');
  expect((await after.fetchInstallation({ teamId: 'TA', enterpriseId: undefined, isEnterpriseInstall: false })).bot?.token).toBe('xoxe.xoxb-1-tokenA');
  expect(logger.lines.some((l) => l.includes('"code":"tokens_resealed"'))).toBe(true);
});
