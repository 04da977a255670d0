import { newSessionState } from '../../src/coach/session';
import { CoachService, type IncomingMessage } from '../../src/coach/service';
import type { CoachOutcome } from '../../src/coach/service';
import { createCoachStore, createPeopleStore } from '../../src/db/stores';
import { memoryLogger } from '../../src/log';
import { createTestDatabase, truncateAll } from '../support/db';
import { ScriptedModel } from '../support/fake-model';
import { testCoachees } from '../support/people';
import { gate, waitFor } from '../support/wait';
import { seedTwin, twinSnapshot, TWIN_NAME, TWIN_TASK } from '../support/twin';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;
let database: TestDb;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});
let twinBaseline: unknown;
beforeEach(async () => {
  await truncateAll(database);
  // A second workspace whose people have the same user ids and DM channel id, each with an open session today
  // (tests/support/twin.ts): whatever a test does in T1, none of it may be read from or written to the twin.
  await seedTwin(database.pool, ['U1', 'U2', 'U5', 'U6'], { dates: ['2026-11-24', '2026-11-25'], skipDate: '2026-11-25', channelFor: () => 'D1' });
  twinBaseline = await twinSnapshot(database.pool);
});
afterEach(async () => {
  expect(await twinSnapshot(database.pool)).toEqual(twinBaseline);
});

const NOW = new Date('2026-11-25T14:00:00Z');
let tsCounter = 1000;
function nextTs(): string {
  tsCounter += 1;
  return `1764079200.${String(tsCounter).padStart(6, '0')}`;
}

function build(model = new ScriptedModel(), logger = memoryLogger()) {
  const store = createCoachStore(database.db);
  const service = new CoachService({
    store,
    model,
    logger,
    now: () => NOW,
    people: testCoachees(database.db, logger, () => NOW),
    writeReport: async (request) => ({ draft: await model.writeReport(request), writtenBy: model.name }),
  });
  return { service, model, store, logger };
}

function dm(text: string, overrides: Partial<IncomingMessage> = {}): IncomingMessage {
  return { teamId: 'T1', userId: 'U1', channelId: 'D1', ts: nextTs(), text, ...overrides };
}

function replies(outcomes: CoachOutcome[]) {
  return outcomes.filter((o): o is Extract<CoachOutcome, { kind: 'reply' }> => o.kind === 'reply');
}

async function count(sql: string): Promise<number> {
  const { rows } = await database.pool.query(sql);
  return Number(rows[0].n);
}

test('migrations apply to an empty database and create the four tables', async () => {
  const { rows } = await database.pool.query(
    "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
  );
  expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['messages', 'reports', 'sessions', 'users']));
});

test('a full session is persisted and survives throwing every object away', async () => {
  const first = build();
  const opening = dm('good morning');
  const r1 = await first.service.handleMessage(opening);
  expect(r1.kind).toBe('handled');
  if (r1.kind !== 'handled') throw new Error('unreachable');
  const [reply] = replies(r1.outcomes);
  expect(reply?.threadTs).toBe(opening.ts);

  // A brand-new service, store and model: everything must come from Postgres.
  const second = build();
  const r2 = await second.service.handleMessage(dm('I want to learn evals', { threadTs: opening.ts }));
  if (r2.kind !== 'handled') throw new Error(`expected handled, got ${r2.kind}`);
  expect(replies(r2.outcomes)).toHaveLength(1);
  const seen = second.model.turnRequests[0]!.transcript.map((t) => `${t.role}:${t.text}`);
  expect(seen).toEqual(['person:good morning', expect.stringMatching(/^coach:You said “good morning”/), 'person:I want to learn evals']);

  const third = build();
  const wrap = await third.service.handleMessage(dm('wrap up', { threadTs: opening.ts }));
  if (wrap.kind !== 'handled') throw new Error('unreachable');
  const report = wrap.outcomes.find((o) => o.kind === 'report');
  expect(report).toBeDefined();
  if (report?.kind !== 'report') throw new Error('unreachable');
  expect(report.report.turns).toBe(3);
  expect(report.report.transcript.map((l) => l.text)).toEqual([
    'good morning',
    expect.any(String),
    'I want to learn evals',
    expect.any(String),
    'wrap up',
  ]);
  // The wrap-up request is not coaching material for the report writer.
  expect(third.model.reportRequests[0]!.transcript.map((t) => t.text)).not.toContain('wrap up');

  const fourth = build();
  const stored = await fourth.store.report('T1', report.sessionId);
  expect(stored?.title).toBe(report.report.title);
  expect(stored?.startedAt).toBeInstanceOf(Date);
  const session = await fourth.store.sessionById('T1', report.sessionId);
  expect(session?.state.status).toBe('completed');
  // The twin workspace's Björn-alike has an open session today and a report with a task: the model saw none of it.
  const asked = JSON.stringify([first.model, second.model, third.model].flatMap((m) => [...m.turnRequests, ...m.reportRequests]));
  expect(asked).not.toContain(TWIN_NAME);
  expect(asked).not.toContain(TWIN_TASK);
  expect(report.report.transcript.map((l) => l.text).join(' ')).not.toContain(TWIN_NAME);
});

test('the slots of each coach turn are merged into the session, stored with the turn, and decide what the next turn is for', async () => {
  const { service, model, store } = build();
  const opening = dm('I want to learn evals');
  model.slots = { problem: 'Learn evals' };
  const r1 = await service.handleMessage(opening);
  if (r1.kind !== 'handled') throw new Error('unreachable');
  expect(model.turnRequests[0]).toMatchObject({ next: { focus: 'problem', turn: 1 }, agenda: { slots: {}, coachTurns: 0 }, locale: 'en' });

  let session = await store.sessionById('T1', r1.sessionId);
  expect(session?.state.agenda).toEqual({ slots: { problem: 'Learn evals' }, declined: [], coachTurns: 1, asked: 'stakes' });
  expect(session?.state.stage).toBe('significance');

  // A new service and model: the agenda comes from Postgres.
  const second = build();
  second.model.slots = { task: 'Write ten eval cases', successCriteria: 'All ten run in LangSmith' };
  await second.service.handleMessage(dm('Write ten eval cases, done when all ten run', { threadTs: opening.ts }));
  expect(second.model.turnRequests[0]).toMatchObject({ next: { focus: 'stakes', turn: 2 }, agenda: { slots: { problem: 'Learn evals' } } });
  session = await store.sessionById('T1', r1.sessionId);
  expect(session?.state.agenda).toMatchObject({ slots: { problem: 'Learn evals', task: 'Write ten eval cases', successCriteria: 'All ten run in LangSmith' }, coachTurns: 2, asked: 'timeBox' });
  // The coach's message is stored in the stage of what it asked for; the person's in the stage of what they answered.
  const turns = await store.turns(r1.sessionId);
  expect(turns.map((t) => `${t.role}:${t.stage}`)).toEqual(['person:significance', 'coach:significance', 'person:significance', 'coach:task']);

  const third = build();
  await third.service.handleMessage(dm('wrap up', { threadTs: opening.ts }));
  expect(third.model.reportRequests[0]).toMatchObject({ slots: { problem: 'Learn evals', task: 'Write ten eval cases' }, declined: [] });
});

test('the same Slack message delivered three times at once stores one message and yields one reply', async () => {
  const { service, model } = build();
  const answer = gate();
  model.hold = answer.promise;
  const message = dm('I need to ship the onboarding flow');
  const deliveries = [1, 2, 3].map(() => service.handleMessage({ ...message }));
  // The model is answering the first delivery; the other two are recognised meanwhile and leave it to it.
  await waitFor('the model to be asked', () => model.turnRequests.length === 1);
  const settledEarly: string[] = [];
  deliveries.forEach((d) => void d.then((r) => settledEarly.push(r.kind)));
  await waitFor('two deliveries recognised as duplicates', () => settledEarly.filter((k) => k === 'duplicate').length === 2);
  answer.open();
  const results = await Promise.all(deliveries);
  const allReplies = results.flatMap((r) => (r.kind === 'handled' ? replies(r.outcomes) : []));
  expect(allReplies).toHaveLength(1);
  expect(results.filter((r) => r.kind === 'duplicate')).toEqual([
    { kind: 'duplicate', sessionId: expect.any(String), outcomes: [] },
    { kind: 'duplicate', sessionId: expect.any(String), outcomes: [] },
  ]);
  expect(model.turnRequests).toHaveLength(1);
  expect(await count("select count(*) n from messages where team_id = 'T1' and role = 'person'")).toBe(1);
  expect(await count("select count(*) n from messages where team_id = 'T1' and role = 'coach'")).toBe(1);
  expect(await count("select count(*) n from sessions where team_id = 'T1'")).toBe(1);
});

test('a second message stored while the model answers the first gets one reply that takes both into account', async () => {
  const { service, model } = build();
  const answer = gate();
  model.hold = answer.promise;
  const first = dm('I want to write evals');
  const firstResult = service.handleMessage(first);
  await waitFor('the model to be asked about the first message', () => model.turnRequests.length === 1);
  // Stored while the first reply is being written: left to the worker holding the session.
  const second = await service.handleMessage(dm('for the search feature', { threadTs: first.ts }));
  expect(second).toMatchObject({ kind: 'handled', outcomes: [] });
  answer.open();
  const results = [await firstResult, second];
  const allReplies = results.flatMap((r) => (r.kind === 'handled' ? replies(r.outcomes) : []));
  expect(allReplies).toHaveLength(1);
  expect(allReplies[0]!.text).toContain('I want to write evals / for the search feature');
  expect(await count("select count(*) n from messages where team_id = 'T1' and role = 'coach'")).toBe(1);
});

test('a stale version is refused, and the service retries on the fresh state', async () => {
  const { service, store, model, logger } = build();
  const opening = dm('hello');
  const r1 = await service.handleMessage(opening);
  if (r1.kind !== 'handled') throw new Error('unreachable');
  const sessionId = r1.sessionId;
  const before = (await store.sessionById('T1', sessionId))!;

  // The store refuses a write at an old version.
  expect(await store.saveState(sessionId, before.state.version - 1, before.state)).toBe(false);

  // Bump the version behind the service's back while the model thinks.
  const answer = gate();
  model.hold = answer.promise;
  const pending = service.handleMessage(dm('my problem is hiring', { threadTs: opening.ts }));
  await waitFor('the model to be asked about the second message', () => model.turnRequests.length === 2);
  // Storing the message bumped the version once already.
  const during = (await store.sessionById('T1', sessionId))!;
  expect(during.state.version).toBe(before.state.version + 1);
  expect(await store.saveState(sessionId, during.state.version, { ...during.state, version: during.state.version + 1 })).toBe(true);
  answer.open();
  const r2 = await pending;
  if (r2.kind !== 'handled') throw new Error('unreachable');
  expect(replies(r2.outcomes)).toHaveLength(1);
  expect(logger.lines.some((l) => l.includes('"code":"session_version_stale"'))).toBe(true);
  const after = (await store.sessionById('T1', sessionId))!;
  expect(after.state.version).toBe(before.state.version + 3);
  expect(await count("select count(*) n from messages where team_id = 'T1' and role = 'coach'")).toBe(2);
});

test('nothing of team A is visible from team B', async () => {
  const { service, store } = build();
  const a = dm('team A secret plan', { teamId: 'TA', userId: 'U1', channelId: 'D1' });
  const ra = await service.handleMessage(a);
  if (ra.kind !== 'handled') throw new Error('unreachable');
  await service.handleMessage(dm('wrap up', { teamId: 'TA', threadTs: a.ts }));

  // Same user id, same channel id, same thread ts, in another workspace.
  expect(await store.sessionById('TB', ra.sessionId)).toBeNull();
  expect(await store.report('TB', ra.sessionId)).toBeNull();
  expect(await store.sessionByThread('TB', 'D1', a.ts)).toBeNull();
  expect(await service.wrapUp('TB', 'U1', ra.sessionId)).toEqual({ kind: 'no_session' });

  const rb = await service.handleMessage(dm('team B hello', { teamId: 'TB', userId: 'U1', channelId: 'D1', threadTs: a.ts }));
  if (rb.kind !== 'handled') throw new Error(`expected handled, got ${rb.kind}`);
  expect(rb.sessionId).not.toBe(ra.sessionId);
  const seen = (await store.turns(rb.sessionId)).map((t) => t.text);
  expect(seen.join(' ')).not.toContain('team A');
});

test('a model outage keeps the message, answers nothing, and the next reply covers it', async () => {
  const { service, model } = build();
  const opening = dm('good morning');
  await service.handleMessage(opening);
  model.failures = 1;
  const during = await service.handleMessage(dm('said during the outage', { threadTs: opening.ts }));
  if (during.kind !== 'handled') throw new Error('unreachable');
  expect(during.outcomes.map((o) => o.kind)).toEqual(['model_unavailable']);
  const after = await service.handleMessage(dm('and after it', { threadTs: opening.ts }));
  if (after.kind !== 'handled') throw new Error('unreachable');
  const [reply] = replies(after.outcomes);
  expect(reply?.text).toContain('said during the outage / and after it');
});

test('a person cannot wrap up someone else’s session', async () => {
  const { service } = build();
  const r = await service.handleMessage(dm('hello', { userId: 'U1' }));
  if (r.kind !== 'handled') throw new Error('unreachable');
  expect(await service.wrapUp('T1', 'U2', r.sessionId)).toEqual({ kind: 'no_session' });
  expect(await service.wrapUp('T1', 'U2', 'not-a-uuid')).toEqual({ kind: 'no_session' });
});

test('a wrap-up twice yields one report; a message after it is told the session is closed', async () => {
  const { service, model } = build();
  const opening = dm('hello');
  const r = await service.handleMessage(opening);
  if (r.kind !== 'handled') throw new Error('unreachable');
  const [a, b] = await Promise.all([service.wrapUp('T1', 'U1', r.sessionId), service.wrapUp('T1', 'U1', r.sessionId)]);
  const fresh = [a, b].flatMap((x) => (x.kind === 'handled' ? x.outcomes.filter((o) => o.kind === 'report') : []));
  expect(fresh).toHaveLength(1);
  expect(model.reportRequests).toHaveLength(1);
  expect(await count("select count(*) n from reports where team_id = 'T1'")).toBe(1);
  const again = await service.wrapUp('T1', 'U1', r.sessionId);
  expect(again.kind).toBe('already_reported');
  const late = await service.handleMessage(dm('one more idea', { threadTs: opening.ts }));
  expect(late).toMatchObject({ kind: 'session_closed', status: 'completed', threadTs: opening.ts });
});

test('a 60,000-character message is stored whole', async () => {
  const { service, store } = build();
  const long = 'word '.repeat(12_000).trim();
  const r = await service.handleMessage(dm(long));
  if (r.kind !== 'handled') throw new Error('unreachable');
  const [first] = await store.turns(r.sessionId);
  expect(first?.text).toHaveLength(long.length);
});

test('a person paused as unreachable who writes again is reachable again; other pauses stay', async () => {
  const { service } = build();
  await service.handleMessage(dm('hello', { userId: 'U5' }));
  await service.handleMessage(dm('hello', { userId: 'U6' }));
  await database.pool.query("update users set pause_reason = 'unreachable', paused_until = '2999-01-01' where team_id = 'T1' and user_id = 'U5'");
  await database.pool.query("update users set pause_reason = 'person', paused_until = '2026-12-01' where team_id = 'T1' and user_id = 'U6'");
  await service.handleMessage(dm('back again', { userId: 'U5' }));
  await service.handleMessage(dm('back again', { userId: 'U6' }));
  const { rows } = await database.pool.query("select user_id, pause_reason, paused_until::text from users where team_id = 'T1' order by user_id");
  expect(rows).toEqual([
    { user_id: 'U5', pause_reason: null, paused_until: null },
    { user_id: 'U6', pause_reason: 'person', paused_until: '2026-12-01' },
  ]);
});

test('a message stored after an abandon was decided wins: the abandon is refused', async () => {
  const { service, store } = build();
  const opening = dm('hello');
  const r = await service.handleMessage(opening);
  if (r.kind !== 'handled') throw new Error('unreachable');
  const seen = (await store.sessionById('T1', r.sessionId))!;
  await service.handleMessage(dm('still here', { threadTs: opening.ts }));
  // What a nudge pass decided from its older read of the session:
  expect(await store.saveState(r.sessionId, seen.state.version, { ...seen.state, status: 'abandoned', version: seen.state.version + 1 })).toBe(false);
  expect((await store.sessionById('T1', r.sessionId))!.state.status).toBe('active');
});

test('a re-delivered message whose first handling died after storing it is answered', async () => {
  const { service, store } = build();
  const message = dm('I stored this and then crashed');
  // The first delivery got as far as storing the message.
  const session = await store.openSession({
    teamId: 'T1', userId: 'U1', localDate: '2026-11-25', channelId: 'D1', threadTs: message.ts, origin: 'person',
    state: newSessionState(),
  });
  await createPeopleStore(database.db).arrived('T1', 'U1', 'D1');
  expect(await store.addPersonMessage(session, message.ts, message.text)).toEqual({ id: expect.any(Number) });
  const retried = await service.handleMessage({ ...message });
  expect(retried.kind).toBe('duplicate');
  if (retried.kind !== 'duplicate') throw new Error('unreachable');
  expect(replies(retried.outcomes)).toHaveLength(1);
  // A second re-delivery has nothing left to do.
  const again = await service.handleMessage({ ...message });
  expect(again).toMatchObject({ kind: 'duplicate', outcomes: [] });
});

test('wrapping up a session where the person has said nothing yet is refused', async () => {
  const { service, store } = build();
  const session = await store.openSession({
    teamId: 'T1', userId: 'U1', localDate: '2026-11-25', channelId: 'D1', threadTs: '1764079200.999999', origin: 'nudge',
    state: newSessionState(),
  });
  expect(await service.wrapUp('T1', 'U1', session.id)).toEqual({ kind: 'nothing_said' });
  expect((await store.sessionById('T1', session.id))!.state.status).toBe('active');
});

test('"wrap up" as the first word of the day makes no session report and is not kept as a turn', async () => {
  const { service, store, model } = build();
  const first = dm('wrap up');
  const result = await service.handleMessage(first);
  expect(result).toMatchObject({ kind: 'nothing_to_wrap', threadTs: first.ts });
  expect(model.reportRequests).toHaveLength(0);
  const session = await store.sessionOn('T1', 'U1', '2026-11-25');
  expect(session?.state.status).toBe('active');
  expect(await store.turns(session!.id)).toEqual([]);
  expect(await count("select count(*) n from reports where team_id = 'T1'")).toBe(0);
});

test('a nudge claim without a thread is never taken over as a writing lease, even once it has expired', async () => {
  const { store } = build();
  const session = await store.openSession({
    teamId: 'T1', userId: 'U1', localDate: '2026-11-25', channelId: 'D1', threadTs: null, origin: 'nudge', state: newSessionState(),
  });
  await database.pool.query("update sessions set lease_until = now() - interval '1 minute' where id = $1", [session.id]);
  expect(await store.claimSession(session.id, 60_000)).toBeNull();
  const { rows } = await database.pool.query('select lease_until < now() as expired from sessions where id = $1', [session.id]);
  expect(rows[0].expired).toBe(true);
});

test('the lease release reports a person message newer than the last one answered, and nothing else', async () => {
  const { service, store } = build();
  const opening = dm('hello');
  const r = await service.handleMessage(opening);
  if (r.kind !== 'handled') throw new Error('unreachable');
  const pending = async () => {
    const claim = (await store.claimSession(r.sessionId, 60_000))!;
    return (await store.releaseSession(r.sessionId, claim.token)).pending;
  };
  expect(await pending()).toBe(false);
  const session = (await store.sessionById('T1', r.sessionId))!;
  await store.addPersonMessage(session, '1764079299.000001', 'a late thought');
  expect(await pending()).toBe(true);
});
