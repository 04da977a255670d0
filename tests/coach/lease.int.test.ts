/**
 * The session lease is short and renewed while its holder works: a long
 * model call keeps the session, a dead holder gives it up within one lease,
 * and the sweep answers what it left undone without the person writing again.
 */
import type { CoachModel, CoachTurn, CoachTurnRequest, ReportRequest } from '../../src/coach/ports';
import type { ReportDraft } from '../../src/coach/report';
import { CoachService, type CoachOutcome, type IncomingMessage } from '../../src/coach/service';
import { newSessionState } from '../../src/coach/session';
import { createCoachStore } from '../../src/db/stores';
import { startSessionSweep } from '../../src/jobs/session-sweep';
import { memoryLogger } from '../../src/log';
import { createTestDatabase, truncateAll } from '../support/db';
import { sampleDraft } from '../support/fake-model';
import { testCoachees } from '../support/people';
import { waitFor } from '../support/wait';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDb;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});
beforeEach(async () => {
  await truncateAll(database);
});

/** A model whose turns wait at a gate the test opens. */
class GatedModel implements CoachModel {
  readonly name = 'gated';
  calls = 0;
  private open!: () => void;
  private gate = new Promise<void>((resolve) => (this.open = resolve));
  private started!: () => void;
  readonly startedCall = new Promise<void>((resolve) => (this.started = resolve));

  release(): void {
    this.open();
  }

  async nextTurn(request: CoachTurnRequest): Promise<CoachTurn> {
    this.calls += 1;
    this.started();
    await this.gate;
    const said = request.transcript.filter((t) => t.role === 'person').map((t) => t.text);
    return { heard: '', slots: {}, declined: [], reply: `You said ${said.join(' / ')}: what matters?` };
  }

  async writeReport(_request: ReportRequest): Promise<ReportDraft> {
    return sampleDraft();
  }
}

let ts = 1000;
function dm(text: string, threadTs?: string): IncomingMessage {
  ts += 1;
  return { teamId: 'T1', userId: 'U1', channelId: 'D1', ts: `1764079200.${String(ts).padStart(6, '0')}`, threadTs, text };
}

function service(model: CoachModel, leaseMs: number) {
  const logger = memoryLogger();
  const now = () => new Date();
  return new CoachService({
    store: createCoachStore(database.db),
    model,
    logger,
    now,
    leaseMs,
    people: testCoachees(database.db, logger, now),
    writeReport: async (request) => ({ draft: await model.writeReport(request), writtenBy: model.name }),
  });
}

async function leaseUntil(sessionId: string): Promise<number | null> {
  const { rows } = await database.pool.query<{ at: Date | null }>('select lease_until as at from sessions where id = $1', [sessionId]);
  return rows[0]?.at ? rows[0].at.getTime() : null;
}


test('a model call longer than the lease keeps the session: the lease is renewed, and a message meanwhile joins the same reply', async () => {
  const model = new GatedModel();
  const first = service(model, 600);
  const opening = dm('first thought');
  const handling = first.handleMessage(opening);
  await model.startedCall;
  const { rows } = await database.pool.query<{ id: string }>('select id from sessions');
  const sessionId = rows[0]!.id;

  // Watch the lease move forward twice: the holder is renewing it, well past the first 600 ms.
  const initial = (await leaseUntil(sessionId))!;
  await waitFor('a first renewal', async () => ((await leaseUntil(sessionId)) ?? 0) > initial + 250);
  const renewed = (await leaseUntil(sessionId))!;
  await waitFor('a second renewal', async () => ((await leaseUntil(sessionId)) ?? 0) > renewed);

  // Another worker with a new message finds the session held: it stores and leaves the reply to the holder.
  const second = await service(model, 600).handleMessage(dm('second thought', opening.ts));
  expect(second).toMatchObject({ kind: 'handled', outcomes: [] });
  expect(model.calls).toBe(1);

  model.release();
  const result = await handling;
  if (result.kind !== 'handled') throw new Error(`expected handled, got ${result.kind}`);
  const replies = result.outcomes.filter((o): o is Extract<CoachOutcome, { kind: 'reply' }> => o.kind === 'reply');
  // One reply per round: the first, then the one that took in the second message.
  expect(replies.at(-1)!.text).toContain('second thought');
  expect(await leaseUntil(sessionId)).toBeNull();
});

test('a holder that died leaves the session for the sweep, which answers without a new message', async () => {
  const model = new GatedModel();
  model.release();
  const bot = service(model, 300);
  const store = createCoachStore(database.db);
  // The first delivery stored the message, then its process died holding the lease (no renewals).
  const message = dm('I wrote this just before the crash');
  const session = await store.openSession({
    teamId: 'T1', userId: 'U1', localDate: '2026-12-01', channelId: 'D1', threadTs: message.ts, origin: 'person',
    state: newSessionState(),
  });
  await store.addPersonMessage(session, message.ts, message.text);
  expect(await store.claimSession(session.id, 300)).not.toBeNull();

  const resumed: CoachOutcome[] = [];
  const sweep = startSessionSweep({
    store,
    logger: memoryLogger(),
    intervalMs: 50,
    settledMs: 0,
    resume: async (teamId, sessionId) => {
      const outcomes = await bot.resume(teamId, sessionId);
      resumed.push(...outcomes);
      return outcomes;
    },
  });
  try {
    const reply = await waitFor('the sweep to answer', async () => resumed.find((o) => o.kind === 'reply'));
    expect(reply).toMatchObject({ kind: 'reply', sessionId: session.id, text: expect.stringContaining('just before the crash') });
    expect(model.calls).toBe(1);
  } finally {
    await sweep.stop();
  }
  // Answered once: the next sweeps find nothing to do.
  expect(await store.sessionsAwaitingWork(0, 10)).toEqual([]);
});

test('the sweep leaves a session alone while its holder is alive and renewing', async () => {
  const model = new GatedModel();
  const bot = service(model, 300);
  const handling = bot.handleMessage(dm('thinking slowly'));
  await model.startedCall;
  const store = createCoachStore(database.db);
  // Several lease lengths pass: renewal keeps the session out of the sweep's reach.
  const { rows } = await database.pool.query<{ id: string }>('select id from sessions');
  const initial = (await leaseUntil(rows[0]!.id))!;
  await waitFor('several renewals', async () => ((await leaseUntil(rows[0]!.id)) ?? 0) > initial + 600);
  expect(await store.sessionsAwaitingWork(0, 10)).toEqual([]);
  model.release();
  await handling;
});
