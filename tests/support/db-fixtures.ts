/**
 * Shared pieces of the query-module integration tests (tests/db/queries):
 * a fresh database per file, emptied before each test, and builders for the
 * rows those tests write. Every test there uses two workspaces, T1 and T2,
 * with the same user and channel ids, to show that nothing crosses them.
 */
import { newSessionState } from '../../src/coach/session';
import type { NewSession } from '../../src/coach/store';
import { createTestDatabase, truncateAll } from './db';

export { aReport } from './report-fixture';

export type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

export const T1 = 'T1';
export const T2 = 'T2';
export const U1 = 'U1';
export const U2 = 'U2';
/** One DM channel id, present in both workspaces. */
export const D1 = 'D1';
export const TEAMS = [T1, T2] as const;

/** Registers the hooks of a test file: one database for the file, empty before each test. */
export function useTestDatabase(): () => TestDb {
  let database: TestDb | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    await truncateAll(get());
  });
  const get = (): TestDb => {
    if (!database) throw new Error('the test database is not ready');
    return database;
  };
  return get;
}

/** A session as the coach service opens one: U1's, on 2026-11-25, in D1, rooted at a message. */
export function aNewSession(teamId: string, overrides: Partial<NewSession> = {}): NewSession {
  return {
    teamId,
    userId: U1,
    localDate: '2026-11-25',
    channelId: D1,
    threadTs: '1764050000.000100',
    origin: 'person',
    state: newSessionState(),
    ...overrides,
  };
}
