/**
 * src/db/queries/slack-pace.ts on a real Postgres: the slots every replica
 * shares for one workspace and method, and what a 429 does to them.
 */
import { holdOff, takeSlot, type PaceBounds } from '../../../src/db/queries/slack-pace';
import { T1, T2, useTestDatabase } from '../../support/db-fixtures';

const database = useTestDatabase();
const db = () => database().db;

// Gaps of a second or so: far longer than a round trip to Postgres, even on a busy machine.
const BOUNDS: PaceBounds = { startMs: 1_000, minMs: 500, maxMs: 10_000, narrow: 0.9, widen: 2 };

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
  // Each slot is later than the one before, by about the gap (900, 810, 729, ... floored at 500 ms).
  for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThan(waits[i - 1]! + 250);
  expect(waits[0]!).toBeGreaterThan(500);
  expect(waits[0]!).toBeLessThanOrEqual(1_000);
  expect((await row(T1, 'chat.postMessage'))!.gap_ms).toBe(500);
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
  // Ten slots, a second apart, whoever asked first; some slack for the answers' own travel.
  for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThan(700);
});

test('a 429 holds the method off for Retry-After and widens the gap once per hold; a shorter hold never shortens it', async () => {
  await takeSlot(db(), T1, 'conversations.open', BOUNDS);
  await holdOff(db(), T1, 'conversations.open', 3, BOUNDS);
  // Calls already under way meet the same 429: the hold stands, the gap widens no more.
  await holdOff(db(), T1, 'conversations.open', 1, BOUNDS);
  await holdOff(db(), T1, 'conversations.open', 1, BOUNDS);
  const held = (await row(T1, 'conversations.open'))!;
  expect(held.gap_ms).toBe(2_000);
  expect(held.ahead_ms).toBeGreaterThan(2_000);
  const wait = await takeSlot(db(), T1, 'conversations.open', BOUNDS);
  expect(wait).toBeGreaterThan(2_000);
  // Each new hold (once the last has run out) widens it again, up to the ceiling.
  for (let i = 0; i < 4; i++) {
    await database().pool.query(`update slack_pace set held_until = now() - interval '1 second'`);
    await holdOff(db(), T1, 'conversations.open', 1, BOUNDS);
  }
  expect((await row(T1, 'conversations.open'))!.gap_ms).toBe(10_000);
});

test('each workspace and method has its own pace', async () => {
  await holdOff(db(), T1, 'chat.update', 30, BOUNDS);
  expect(await takeSlot(db(), T2, 'chat.update', BOUNDS)).toBe(0);
  expect(await takeSlot(db(), T1, 'views.publish', BOUNDS)).toBe(0);
  expect(await takeSlot(db(), T1, 'chat.update', BOUNDS)).toBeGreaterThan(25_000);
});
