/**
 * Three people in three zones across one simulated week, driven through the
 * same entry point as `npm run nudge -- --at`, on real Postgres and against
 * the fake Slack Web API: each is nudged once on each weekday at their own
 * 09:00, never on the weekend; and the daylight-saving days of 2026.
 */
import { every, nudgeSessions, startHarness, wallClock, type Harness } from '../support/nudge-harness';
import { TWIN_NAME, TWIN_TASK } from '../support/twin';

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
// Each week runs beside a twin workspace with the same user ids (tests/support/twin.ts), unanswered nudges on
// the same dates, today skipped: none of it may change, count or show.
afterEach(async () => {
  await h.expectTwinUntouched();
  const posted = JSON.stringify(h.slack.state.messages({ author: 'bot' }));
  expect(posted).not.toContain(TWIN_NAME);
  expect(posted).not.toContain(TWIN_TASK);
});

const PEOPLE = [
  { id: 'ULA', firstName: 'Lena', tz: 'America/Los_Angeles' },
  { id: 'UBER', firstName: 'Björn', tz: 'Europe/Berlin' },
  { id: 'UTYO', firstName: 'Yuki', tz: 'Asia/Tokyo' },
];

test('one week, three zones: once each weekday at 09:00 local, never at the weekend', async () => {
  // Sunday 1 Feb 2026 00:00 UTC to Monday 9 Feb 12:00 UTC, a pass every 15 minutes.
  await h.seed(PEOPLE, '2026-01-31T23:00:00Z');
  const lines: { at: Date; line: string }[] = [];
  for (const at of every('2026-02-01T00:00:00Z', '2026-02-08T23:45:00Z', 15)) {
    lines.push({ at, line: await h.pass(at) });
  }

  const sessions = await nudgeSessions(h.database);
  for (const person of PEOPLE) {
    const mine = sessions.filter((s) => s.user_id === person.id);
    expect(mine.map((s) => s.local_date)).toEqual(['2026-02-02', '2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06']);
    // Each at 09:00 on the person's own clock, as a nudge with its thread recorded.
    for (const s of mine) {
      expect(wallClock(s.created_at, person.tz)).toBe(`${s.local_date} 09:00`);
      expect(s.origin).toBe('nudge');
      expect(s.thread_ts).toEqual(expect.any(String));
    }
    // Yesterday's unanswered session was abandoned when today's began; Friday's is still open.
    expect(mine.map((s) => s.status)).toEqual(['abandoned', 'abandoned', 'abandoned', 'abandoned', 'active']);
  }

  // Slack saw exactly fifteen root DMs, each the session's thread, in the person's DM.
  const posted = h.slack.state.messages({ author: 'bot' });
  expect(posted).toHaveLength(15);
  for (const message of posted) {
    expect(message.thread_ts).toBeUndefined();
    const session = sessions.find((s) => s.thread_ts === message.ts);
    expect(session?.channel_id).toBe(message.channel);
    expect(h.slack.state.channel(message.channel)?.user).toBe(session?.user_id);
  }
  const berlin = posted.find((m) => h.slack.state.channel(m.channel)?.user === 'UBER');
  expect(berlin?.text).toContain('Good morning, Björn! 🌅');
  expect(berlin?.text).toContain('What feels like the most important problem to solve today?');

  // The summary line of the pass at 09:00 Berlin on a Monday, and on Saturday.
  const at = (iso: string) => lines.find((l) => l.at.toISOString() === iso)?.line;
  expect(at('2026-02-02T08:00:00.000Z')).toBe('nudged 1, skipped 0');
  expect(at('2026-02-02T08:15:00.000Z')).toBe('nudged 0, skipped 1 (already 1)');
  expect(at('2026-02-07T08:00:00.000Z')).toBe('nudged 0, skipped 1 (weekend 1)');
  // Tokyo's Monday 09:00 is Monday 00:00 UTC.
  expect(at('2026-02-02T00:00:00.000Z')).toBe('nudged 1, skipped 0');
  // Passes outside anyone's window count nobody.
  expect(at('2026-02-04T12:00:00.000Z')).toBe('nudged 0, skipped 0');
  // 768 passes, one after another: more than jest's default 30 s on a busy 2-core machine.
}, 120_000);

/** A person nudged every day, so the DST Sunday itself has a nudge. */
async function dstDays(person: { id: string; firstName: string; tz: string }, from: string, to: string) {
  const days = [...every(from, to, 24 * 60)].map((at) => at.toISOString().slice(0, 10));
  // The twin has its own unanswered nudge on each of these days, and skipped the first.
  await h.seed([{ ...person, nudgeDays: [1, 2, 3, 4, 5, 6, 7] }], new Date(Date.parse(from) - 3_600_000), { dates: days, skipDate: days[1] });
  for (const at of every(from, to, 30)) await h.pass(at);
  return (await nudgeSessions(h.database)).map((s) => s.created_at.toISOString());
}

test('US spring forward, 2026-03-08: 09:00 local each day, once', async () => {
  const nudges = await dstDays({ id: 'ULA', firstName: 'Lena', tz: 'America/Los_Angeles' }, '2026-03-07T08:00:00Z', '2026-03-10T07:30:00Z');
  expect(nudges).toEqual(['2026-03-07T17:00:00.000Z', '2026-03-08T16:00:00.000Z', '2026-03-09T16:00:00.000Z']);
});

test('US fall back, 2026-11-01: 09:00 local each day, once', async () => {
  const nudges = await dstDays({ id: 'ULA', firstName: 'Lena', tz: 'America/Los_Angeles' }, '2026-10-31T07:00:00Z', '2026-11-03T07:30:00Z');
  expect(nudges).toEqual(['2026-10-31T16:00:00.000Z', '2026-11-01T17:00:00.000Z', '2026-11-02T17:00:00.000Z']);
});

test('EU spring forward, 2026-03-29: 09:00 local each day, once', async () => {
  const nudges = await dstDays({ id: 'UBER', firstName: 'Björn', tz: 'Europe/Berlin' }, '2026-03-27T23:00:00Z', '2026-03-30T22:00:00Z');
  expect(nudges).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z']);
});

test('EU fall back, 2026-10-25: 09:00 local each day, once', async () => {
  const nudges = await dstDays({ id: 'UBER', firstName: 'Björn', tz: 'Europe/Berlin' }, '2026-10-23T22:00:00Z', '2026-10-26T23:00:00Z');
  expect(nudges).toEqual(['2026-10-24T07:00:00.000Z', '2026-10-25T08:00:00.000Z', '2026-10-26T08:00:00.000Z']);
});
