/**
 * The edge cases people expect of the morning nudge, each driven through the
 * CLI's entry point (runNudgeCommand) on real Postgres, against the fake
 * Slack Web API through a real WebClient.
 */
import { codes, every, nudgeSessions, startHarness, wallClock, type Harness } from '../support/nudge-harness';
import { TWIN_NAME, TWIN_TASK } from '../support/twin';
import { newSessionState } from '../../src/coach/session';
import { createNudgeStore } from '../../src/db/stores';
import { createReportArchive } from '../../src/db/stores';
import { HomeService } from '../../src/home/service';
import { webMessenger } from '../../src/slack/nudge-client';
import { renderHome } from '../../src/slack/blocks/home';
import { createCoachStore } from '../../src/db/stores';
import type { Report } from '../../src/coach/report';
import { wordsFor } from '../../src/words/catalog';

const EN = wordsFor('en');

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.reset();
});
// Every test runs beside a twin workspace with the same user ids (tests/support/twin.ts): none of it may change or show.
afterEach(async () => {
  await h.expectTwinUntouched();
  const posted = JSON.stringify(h.slack.state.messages({ author: 'bot' }));
  expect(posted).not.toContain(TWIN_NAME);
  expect(posted).not.toContain(TWIN_TASK);
});

const BERLIN = { id: 'UBER', firstName: 'Björn', tz: 'Europe/Berlin' };
// Monday 2 February 2026, 09:00 in Berlin (CET, UTC+1).
const MON_0900 = '2026-02-02T08:00:00Z';

function home(now: string) {
  return new HomeService({
    store: createNudgeStore(h.database.db),
    archive: createReportArchive(h.database.db),
    logger: h.logger,
    now: () => new Date(now),
  });
}

async function botMessages(userId: string) {
  return h.slack.state.messages({ author: 'bot' }).filter((m) => h.slack.state.channel(m.channel)?.user === userId);
}

async function user(userId: string) {
  const { rows } = await h.database.pool.query('select pause_reason, paused_until, skip_date from users where team_id = $1 and user_id = $2', [h.teamId, userId]);
  return rows[0] as { pause_reason: string | null; paused_until: string | null; skip_date: string | null };
}

describe('the catch-up window (90 minutes)', () => {
  test('the process comes back at 09:40: the nudge still goes out, once', async () => {
    await h.seed([BERLIN], '2026-02-02T00:00:00Z');
    expect(await h.pass('2026-02-02T08:40:00Z')).toBe('nudged 1, skipped 0');
    expect(await h.pass('2026-02-02T08:41:00Z')).toBe('nudged 0, skipped 1 (already 1)');
    const [session] = await nudgeSessions(h.database);
    expect(wallClock(session!.created_at, BERLIN.tz)).toBe('2026-02-02 09:40');
  });

  test('10:29 is still in the window; 10:30 and a start at 15:00 send no stale greeting', async () => {
    await h.seed([BERLIN, { id: 'UTWO', firstName: 'Ana', tz: 'Europe/Berlin' }], '2026-02-02T00:00:00Z');
    await h.database.pool.query("update users set nudge_minute = 541 where team_id = $1 and user_id = 'UTWO'", [h.teamId]);
    // 10:30 Berlin: Björn's window (09:00 + 90 min) has closed; Ana's (09:01) has one minute left.
    expect(await h.pass('2026-02-02T09:30:00Z')).toBe('nudged 1, skipped 0');
    expect((await botMessages('UBER')).length).toBe(0);
    expect((await botMessages('UTWO')).length).toBe(1);
    // The next day, the process starts at 15:00: nothing is sent, nobody is counted.
    expect(await h.pass('2026-02-03T14:00:00Z')).toBe('nudged 0, skipped 0');
    expect(h.slack.calls('chat.postMessage')).toHaveLength(1);
  });
});

describe('pause, skip and resume', () => {
  test('pause until Wednesday, skip Thursday, resume after a pause', async () => {
    await h.seed([BERLIN], '2026-02-02T00:00:00Z');
    const mon = home('2026-02-02T07:00:00Z');
    // A date that is not after today is refused with a notice.
    expect(await mon.pauseUntil(h.teamId, 'UBER', '2026-02-02')).toMatch(/after today/);
    expect(await mon.pauseUntil(h.teamId, 'UBER', '2026-02-04')).toBeUndefined();
    expect(await h.pass('2026-02-02T08:00:00Z')).toBe('nudged 0, skipped 1 (paused 1)');
    expect(await h.pass('2026-02-03T08:00:00Z')).toBe('nudged 0, skipped 1 (paused 1)');
    // Nudges resume the morning of the date chosen.
    expect(await h.pass('2026-02-04T08:00:00Z')).toBe('nudged 1, skipped 0');

    // Thursday before 09:00: skip today. Friday comes as usual.
    const { withdrawn } = await home('2026-02-05T06:00:00Z').skipToday(h.teamId, 'UBER');
    expect(withdrawn).toBeNull();
    expect(await h.pass('2026-02-05T08:00:00Z')).toBe('nudged 0, skipped 1 (skip today 1)');
    expect(await h.pass('2026-02-06T08:00:00Z')).toBe('nudged 1, skipped 0');

    // Paused with no end (as the Home's Resume button undoes), then resumed.
    await mon.pauseUntil(h.teamId, 'UBER', '2027-01-01');
    expect(await h.pass('2026-02-09T08:00:00Z')).toBe('nudged 0, skipped 1 (paused 1)');
    await home('2026-02-09T12:00:00Z').resume(h.teamId, 'UBER');
    expect(await h.pass('2026-02-10T08:00:00Z')).toBe('nudged 1, skipped 0');
    expect((await nudgeSessions(h.database)).map((s) => s.local_date)).toEqual(['2026-02-04', '2026-02-06', '2026-02-10']);
  });

  test('Skip today on a nudge already sent withdraws it, and no later pass sends another', async () => {
    await h.seed([BERLIN], '2026-02-02T00:00:00Z');
    expect(await h.pass(MON_0900)).toBe('nudged 1, skipped 0');
    const [nudge] = await botMessages('UBER');
    const { withdrawn } = await home('2026-02-02T08:05:00Z').skipToday(h.teamId, 'UBER');
    expect(withdrawn).toEqual({ channelId: nudge!.channel, ts: nudge!.ts });
    // The session is gone (a message later today starts afresh); the day stays skipped.
    expect(await nudgeSessions(h.database)).toHaveLength(0);
    expect(await h.pass('2026-02-02T08:10:00Z')).toBe('nudged 0, skipped 1 (skip today 1)');
    expect(await botMessages('UBER')).toHaveLength(1);
  });

  test('days and time: a Saturday-only person at 07:30 is nudged then and only then', async () => {
    await h.seed([BERLIN], '2026-02-02T00:00:00Z');
    const service = home('2026-02-02T07:00:00Z');
    await service.setDays(h.teamId, 'UBER', ['6', '9', 'x']);
    expect(await service.setTime(h.teamId, 'UBER', '25:00')).toBe(false);
    expect(await service.setTime(h.teamId, 'UBER', '07:30')).toBe(true);
    for (const at of every('2026-02-02T00:00:00Z', '2026-02-08T23:30:00Z', 30)) await h.pass(at);
    const sessions = await nudgeSessions(h.database);
    expect(sessions.map((s) => wallClock(s.created_at, BERLIN.tz))).toEqual(['2026-02-07 07:30']);
  });
});

test('two passes at the same instant, run concurrently, nudge each person once', async () => {
  const people = Array.from({ length: 30 }, (_, i) => ({ id: `UC${i}`, firstName: `P${i}`, tz: ['Europe/Berlin', 'Europe/Paris', 'Africa/Lagos'][i % 3]! }));
  await h.seed(people, '2026-02-02T00:00:00Z');
  const lines = await Promise.all([h.pass(MON_0900), h.pass(MON_0900), h.pass(MON_0900)]);
  const nudged = lines.map((l) => Number(/^nudged (\d+)/.exec(l)![1]));
  expect(nudged.reduce((a, b) => a + b, 0)).toBe(30);
  expect(h.slack.state.messages({ author: 'bot' })).toHaveLength(30);
  expect(new Set(h.slack.state.messages({ author: 'bot' }).map((m) => m.channel)).size).toBe(30);
  expect(await nudgeSessions(h.database)).toHaveLength(30);
});

test('Slack answers 429 with Retry-After: the client waits, then the nudge goes out once', async () => {
  await h.seed([BERLIN], '2026-02-02T00:00:00Z');
  h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
  expect(await h.pass(MON_0900)).toBe('nudged 1, skipped 0');
  const calls = h.slack.calls('chat.postMessage');
  expect(calls.map((c) => c.status)).toEqual([429, 200]);
  // The retry came after the Retry-After second, by the fake's own record of the two calls.
  expect(calls[1]!.at.getTime() - calls[0]!.at.getTime()).toBeGreaterThanOrEqual(1000);
  expect(codes(h.logger)).toContain('slack_rate_limited');
  expect(await botMessages('UBER')).toHaveLength(1);
});

test('a Slack failure gives the day back; the next pass in the window sends the nudge', async () => {
  await h.seed([BERLIN], '2026-02-02T00:00:00Z');
  h.slack.failNext('chat.postMessage', 'internal_error');
  expect(await h.pass(MON_0900)).toBe('nudged 0, skipped 0, failed 1');
  expect(await nudgeSessions(h.database)).toHaveLength(0);
  expect(await h.pass('2026-02-02T08:01:00Z')).toBe('nudged 1, skipped 0');
  expect(await botMessages('UBER')).toHaveLength(1);
});

test('a claim whose poster died is given back once its lease runs out', async () => {
  await h.seed([BERLIN], '2026-02-02T00:00:00Z');
  // As a pass that crashed between its insert and its post would leave it.
  const store = createNudgeStore(h.database.db);
  const claim = await store.claimNudge({
    teamId: h.teamId,
    userId: 'UBER',
    localDate: '2026-02-02',
    channelId: 'D-unused',
    text: 'Good morning',
    state: newSessionState(),
    at: new Date(MON_0900),
    leaseSeconds: 0,
  });
  expect(claim).not.toBeNull();
  expect(await h.pass('2026-02-02T08:05:00Z')).toBe('nudged 1, skipped 0');
  expect(codes(h.logger)).toContain('nudge_claim_expired');
  expect(await nudgeSessions(h.database)).toHaveLength(1);
});

test('a person whose Slack time zone changed is nudged at 09:00 in the new one', async () => {
  await h.seed([BERLIN], '2026-02-02T00:00:00Z');
  expect(await h.pass(MON_0900)).toBe('nudged 1, skipped 0');
  // Björn flies to New York on Monday and Slack updates his zone.
  h.slack.state.updateUser('UBER', { tz: 'America/New_York' });
  for (const at of every('2026-02-02T12:00:00Z', '2026-02-03T23:45:00Z', 15)) await h.pass(at);
  const sessions = await nudgeSessions(h.database);
  expect(sessions.map((s) => s.created_at.toISOString())).toEqual(['2026-02-02T08:00:00.000Z', '2026-02-03T14:00:00.000Z']);
  expect(wallClock(sessions[1]!.created_at, 'America/New_York')).toBe('2026-02-03 09:00');
  const { rows } = await h.database.pool.query("select tz from users where team_id = $1 and user_id = 'UBER'", [h.teamId]);
  expect(rows[0].tz).toBe('America/New_York');
});

test('five unanswered mornings in a row pause the nudges, and the Home says so with Resume', async () => {
  await h.seed([BERLIN], '2026-02-02T00:00:00Z');
  for (const day of ['02', '03', '04', '05', '06']) expect(await h.pass(`2026-02-${day}T08:00:00Z`)).toBe('nudged 1, skipped 0');
  // The sixth morning: paused, not sent.
  expect(await h.pass('2026-02-09T08:00:00Z')).toBe('nudged 0, skipped 1 (paused 1)');
  expect(await user('UBER')).toMatchObject({ pause_reason: 'unanswered', paused_until: null });
  expect(await botMessages('UBER')).toHaveLength(5);
  expect(codes(h.logger)).toContain('nudge_paused_unanswered');
  const statuses = (await nudgeSessions(h.database)).map((s) => s.status);
  expect(statuses).toEqual(['abandoned', 'abandoned', 'abandoned', 'abandoned', 'abandoned']);
  expect(await h.pass('2026-02-10T08:00:00Z')).toBe('nudged 0, skipped 1 (paused 1)');

  const service = home('2026-02-10T12:00:00Z');
  const view = renderHome(await service.model(h.teamId, 'UBER', webMessenger(h.client)), EN);
  const text = JSON.stringify(view.blocks);
  expect(text).toContain('paused* after five mornings in a row without an answer');
  expect(text).toContain('"action_id":"home_resume"');

  // Resume: the count starts again, so the next morning comes.
  await service.resume(h.teamId, 'UBER');
  expect(await h.pass('2026-02-11T08:00:00Z')).toBe('nudged 1, skipped 0');
});

test('an answered morning breaks the run of unanswered ones', async () => {
  await h.seed([BERLIN], '2026-02-02T00:00:00Z');
  const coach = createCoachStore(h.database.db);
  for (const day of ['02', '03', '04', '05', '06', '09', '10']) {
    await h.pass(`2026-02-${day}T08:00:00Z`);
    if (day === '04') {
      const session = await coach.sessionOn(h.teamId, 'UBER', '2026-02-04');
      await coach.addPersonMessage(session!, '1770192000.000100', 'Morning! Shipping the release today.');
    }
  }
  // Wednesday was answered: by Tuesday only Thu, Fri and Mon are unanswered in a row, so Tuesday still came.
  expect(await botMessages('UBER')).toHaveLength(7);
  const sessions = await nudgeSessions(h.database);
  // Wednesday's answered session is left open (the person may still wrap it up); the silent ones are closed.
  expect(sessions.map((s) => s.status)).toEqual(['abandoned', 'abandoned', 'active', 'abandoned', 'abandoned', 'abandoned', 'active']);
});

test('the greeting recalls the task the last report set, before the opening question', async () => {
  await h.seed([BERLIN], '2026-02-02T00:00:00Z');
  await completedSessionWithTask('2026-02-02', 'Ship the <!channel> eval harness & write it up');
  expect(await h.pass('2026-02-03T08:00:00Z')).toBe('nudged 1, skipped 0');
  const [nudge] = await botMessages('UBER');
  const text = nudge!.text;
  expect(text).toContain('Good morning, Björn! 🌅');
  const recall = text.indexOf('Last time you set yourself a task: “Ship the &lt;!channel&gt; eval harness &amp; write it up”. How did it go?');
  expect(recall).toBeGreaterThan(0);
  expect(text.indexOf('What feels like the most important problem to solve today?')).toBeGreaterThan(recall);
  // Blocks are escaped too: no mention can be forged through a task.
  expect(JSON.stringify(nudge!.blocks)).not.toContain('<!channel>');
  // The transcript keeps the words as said, unescaped, as the coach's first turn.
  const { rows } = await h.database.pool.query("select text, slack_ts from messages where team_id = $1 and role = 'coach'", [h.teamId]);
  const stored = rows.find((r) => r.slack_ts === nudge!.ts);
  expect(stored.text).toContain('“Ship the <!channel> eval harness & write it up”');
});

test('no recall when the last report set no task', async () => {
  await h.seed([BERLIN], '2026-02-02T00:00:00Z');
  await completedSessionWithTask('2026-02-02', null);
  await h.pass('2026-02-03T08:00:00Z');
  const [nudge] = await botMessages('UBER');
  expect(nudge!.text).not.toContain('Last time');
});

describe('people the bot cannot reach', () => {
  test.each(['cannot_dm_bot', 'account_inactive', 'user_not_found', 'not_allowed_token_type'])(
    '%s: enrolment paused with a coded log line, and no retries after',
    async (error) => {
      await h.seed([BERLIN], '2026-02-02T00:00:00Z');
      h.slack.failNext('chat.postMessage', error);
      expect(await h.pass(MON_0900)).toBe('nudged 0, skipped 1 (unreachable 1)');
      expect(await user('UBER')).toMatchObject({ pause_reason: 'unreachable' });
      const line = h.logger.lines.map((l) => JSON.parse(l)).find((l) => l.code === 'nudge_unreachable');
      expect(line).toMatchObject({ level: 'warn', team: h.teamId, user: 'UBER', slack_error: error });
      expect(await nudgeSessions(h.database)).toHaveLength(0);
      const calls = h.slack.calls().length;
      for (const at of every('2026-02-02T08:01:00Z', '2026-02-03T09:00:00Z', 30)) await h.pass(at);
      // Only the daily profile lookup would still talk to Slack; unreachable people are not looked up.
      expect(h.slack.calls().length).toBe(calls);
    },
  );

  test('a deactivated account (users.info deleted: true) is paused before any DM is tried', async () => {
    await h.seed([BERLIN], '2026-02-01T00:00:00Z');
    h.slack.state.updateUser('UBER', { deleted: true });
    expect(await h.pass(MON_0900)).toBe('nudged 0, skipped 1 (paused 1)');
    expect(await user('UBER')).toMatchObject({ pause_reason: 'unreachable' });
    expect(h.slack.calls('chat.postMessage')).toHaveLength(0);
    expect(h.slack.calls('conversations.open')).toHaveLength(0);
  });
});

test('a person who wrote before 09:00 has today already: no nudge on top', async () => {
  await h.seed([BERLIN], '2026-02-02T00:00:00Z');
  const coach = createCoachStore(h.database.db);
  await coach.openSession({
    teamId: h.teamId,
    userId: 'UBER',
    localDate: '2026-02-02',
    channelId: 'D1',
    threadTs: '1770015600.000100',
    origin: 'person',
    state: newSessionState(),
  });
  expect(await h.pass(MON_0900)).toBe('nudged 0, skipped 1 (already 1)');
  expect(h.slack.calls('chat.postMessage')).toHaveLength(0);
});

async function completedSessionWithTask(localDate: string, task: string | null): Promise<void> {
  const coach = createCoachStore(h.database.db);
  const session = await coach.openSession({
    teamId: h.teamId,
    userId: 'UBER',
    localDate,
    channelId: 'D-old',
    threadTs: `${localDate.replace(/-/g, '')}.000001`,
    origin: 'person',
    state: { ...newSessionState(), status: 'wrapping' },
  });
  const report = {
    title: 'Evals',
    date: localDate,
    task: { established: 'x', missing: [], task },
    crux: { established: 'x', missing: [], crux: null },
    evaluation: { worked: ['x'], improve: ['y'], score: 7, rationale: 'z' },
    startedAt: new Date(),
    endedAt: new Date(),
    turns: 3,
    writtenBy: 'test',
    transcript: [],
  } as unknown as Report;
  await coach.saveReport(session.id, session.state.version, { ...session.state, status: 'completed', version: session.state.version + 1 }, report);
}
