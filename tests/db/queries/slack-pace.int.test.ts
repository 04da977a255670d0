/**
 * src/db/queries/slack-pace.ts on a real Postgres: the slots every replica
 * shares for one workspace and method, and what a 429 does to them.
 */
import { holdOff, takeSlot, type PaceBounds } from '../../../src/db/queries/slack-pace';
import { T1, T2, useTestDatabase } from '../../support/db-fixtures';

const database = useTestDatabase();
const db = () => database().db;

const BOUNDS: PaceBounds = { startMs: 100, minMs: 50, maxMs: 1_000, narrow: 0.9, widen: 2 };

async function row(teamId: string, method: string) {
  const { rows } = await database().pool.query<{ gap_ms: number; ahead_ms: number }>(
    `select gap_ms, (extract(epoch from (next_at - now())) * 1000)::float8 as ahead_ms from slack_pace where team_id = $1 and method = $2`,
    [teamId, method],
  );
  return rows[0];
}

test('the first call is free at once; the next ones queue a gap apart, the gap narrowing to its floor', async () => {
  expect(await takeSlot(db(), T1, 'chat.postMessage', BOUNDS)).toBe(0);
  const waits = [];
  for (let i = 0; i < 8; i++) waits.push(await takeSlot(db(), T1, 'chat.postMessage', BOUNDS));
  // Each slot is later than the one before, by about the gap (90, 81, 72.9, ... floored at 50 ms).
  for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThan(waits[i - 1]!);
  expect(waits[0]!).toBeGreaterThan(50);
  expect(waits[0]!).toBeLessThanOrEqual(100);
  expect((await row(T1, 'chat.postMessage'))!.gap_ms).toBe(50);
});

test('slots taken at once from two connections never share a moment (two replicas)', async () => {
  // Each slot as a moment on this clock: when the answer came, plus the wait it names.
  const slots = await Promise.all(
    Array.from({ length: 10 }, async () => {
      const wait = await takeSlot(db(), T1, 'users.info', { ...BOUNDS, narrow: 1 });
      return performance.now() + wait;
    }),
  );
  const sorted = [...slots].sort((a, b) => a - b);
  // Ten slots, 100 ms apart, whoever asked first; some slack for the answers' own travel.
  for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThan(70);
});

test('a 429 holds the method off for Retry-After and widens the gap once per hold; a shorter hold never shortens it', async () => {
  await takeSlot(db(), T1, 'conversations.open', BOUNDS);
  await holdOff(db(), T1, 'conversations.open', 3, BOUNDS);
  // Calls already under way meet the same 429: the hold stands, the gap widens no more.
  await holdOff(db(), T1, 'conversations.open', 1, BOUNDS);
  await holdOff(db(), T1, 'conversations.open', 1, BOUNDS);
  const held = (await row(T1, 'conversations.open'))!;
  expect(held.gap_ms).toBe(200);
  expect(held.ahead_ms).toBeGreaterThan(2_500);
  const wait = await takeSlot(db(), T1, 'conversations.open', BOUNDS);
  expect(wait).toBeGreaterThan(2_500);
  // Each new hold (once the last has run out) widens it again, up to the ceiling.
  for (let i = 0; i < 4; i++) {
    await database().pool.query(`update slack_pace set held_until = now() - interval '1 second'`);
    await holdOff(db(), T1, 'conversations.open', 1, BOUNDS);
  }
  expect((await row(T1, 'conversations.open'))!.gap_ms).toBe(1_000);
});

test('each workspace and method has its own pace', async () => {
  await holdOff(db(), T1, 'chat.update', 30, BOUNDS);
  expect(await takeSlot(db(), T2, 'chat.update', BOUNDS)).toBe(0);
  expect(await takeSlot(db(), T1, 'views.publish', BOUNDS)).toBe(0);
  expect(await takeSlot(db(), T1, 'chat.update', BOUNDS)).toBeGreaterThan(25_000);
});
