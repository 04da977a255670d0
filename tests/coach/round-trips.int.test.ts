/**
 * An ordinary reply (a person answering in their session's thread) costs at
 * most six database round trips: find the session, store the message, take
 * the lease with what the turn reads, read the transcript, write the reply
 * with the new state, give the lease back. Counted on the pool itself.
 */
import { CoachService, type IncomingMessage } from '../../src/coach/service';
import { createCoachStore } from '../../src/db/stores';
import { memoryLogger } from '../../src/log';
import { createTestDatabase } from '../support/db';
import { ScriptedModel } from '../support/fake-model';
import { testCoachees } from '../support/people';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDb;
let roundTrips = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  // Every statement reaches Postgres through a pooled client, transactions too: count what clients send.
  const counted = new WeakSet<object>();
  database.pool.on('acquire', (client) => {
    if (counted.has(client)) return;
    counted.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      roundTrips += 1;
      return query(...args);
    };
  });
});
afterAll(async () => {
  await database.drop();
});

test('an ordinary reply costs at most 6 round trips', async () => {
  const model = new ScriptedModel();
  const logger = memoryLogger();
  const now = () => new Date('2026-11-25T09:00:00Z');
  const service = new CoachService({
    store: createCoachStore(database.db),
    model,
    logger,
    now,
    people: testCoachees(database.db, logger, now, { U1: { firstName: 'Ana', tz: 'Europe/Berlin' } }),
    writeReport: async (request) => ({ draft: await model.writeReport(request), writtenBy: model.name }),
  });
  const message = (ts: string, text: string, threadTs?: string): IncomingMessage => ({ teamId: 'T1', userId: 'U1', channelId: 'D1', ts, threadTs, text });

  const opening = message('1764061200.000100', 'good morning');
  const first = await service.handleMessage(opening);
  expect(first.kind).toBe('handled');

  const counts: number[] = [];
  for (const [i, text] of ['I want to ship the draft', 'because the team waits', 'by noon'].entries()) {
    roundTrips = 0;
    const result = await service.handleMessage(message(`1764061200.00020${i}`, text, opening.ts));
    if (result.kind !== 'handled') throw new Error(`expected handled, got ${result.kind}`);
    expect(result.outcomes.map((o) => o.kind)).toEqual(['reply']);
    counts.push(roundTrips);
  }
  expect(Math.max(...counts)).toBeLessThanOrEqual(6);
});
