/**
 * src/db/queries/people.ts on a real Postgres. Every test has U1 in two
 * workspaces (T1 and T2, same DM channel id), and shows that a write to one
 * leaves the other exactly as it was.
 */
import {
  enroll,
  enrolledPeople,
  findPerson,
  pause,
  personArrived,
  resume,
  saveDmChannel,
  saveProfile,
  setNudgeDays,
  setNudgeTime,
  skipDay,
  staleProfiles,
  unskip,
} from '../../../src/db/queries/people';
import type { Person } from '../../../src/people/person';
import { D1, T1, T2, U1, U2, useTestDatabase } from '../../support/db-fixtures';

const database = useTestDatabase();
const db = () => database().db;

const AT = new Date('2026-11-25T08:00:00.000Z');

/** U1 has written to the bot in both workspaces, from the same channel id. */
async function bothArrive(): Promise<void> {
  await personArrived(db(), T1, U1, D1);
  await personArrived(db(), T2, U1, D1);
}

async function person(teamId: string, userId: string = U1): Promise<Person> {
  const found = await findPerson(db(), teamId, userId);
  if (!found) throw new Error(`no person ${teamId}/${userId}`);
  return found;
}

/** Runs `change` on T1's U1 and checks T2's U1 did not move. */
async function onlyT1Changes(change: () => Promise<void>): Promise<{ before: Person; after: Person }> {
  const before = await person(T1);
  const t2Before = await person(T2);
  await change();
  expect(await person(T2)).toEqual(t2Before);
  return { before, after: await person(T1) };
}

describe('findPerson', () => {
  test('finds the person of the workspace asked, and no one of another', async () => {
    await personArrived(db(), T1, U1, D1);
    expect(await findPerson(db(), T2, U1)).toBeNull();
    expect(await findPerson(db(), T1, U2)).toBeNull();

    await personArrived(db(), T2, U1, D1);
    await saveProfile(db(), T1, U1, { firstName: 'Ada', tz: 'Europe/Berlin' }, AT);
    await saveProfile(db(), T2, U1, { firstName: 'Grace', tz: 'America/New_York' }, AT);
    expect(await person(T1)).toMatchObject({ teamId: T1, userId: U1, firstName: 'Ada', tz: 'Europe/Berlin' });
    expect(await person(T2)).toMatchObject({ teamId: T2, userId: U1, firstName: 'Grace', tz: 'America/New_York' });
  });

  test('maps a pause reason it does not know to none, and the nudge days to numbers', async () => {
    await bothArrive();
    await database().pool.query(`update users set pause_reason = 'holiday', nudge_days = '{6,7}' where team_id = $1`, [T1]);
    await pause(db(), T2, U1, 'person', '2026-12-01');
    expect(await person(T1)).toMatchObject({ pauseReason: null, nudgeDays: [6, 7] });
    expect(await person(T2)).toMatchObject({ pauseReason: 'person', pausedUntil: '2026-12-01', nudgeDays: [1, 2, 3, 4, 5] });
  });
});

describe('personArrived', () => {
  test('enrols a newcomer with the default schedule and their DM channel, in that workspace only', async () => {
    const arrived = await personArrived(db(), T1, U1, D1);
    expect(arrived).toEqual({
      teamId: T1,
      userId: U1,
      firstName: null,
      tz: null,
      locale: null,
      tzCheckedAt: null,
      dmChannelId: D1,
      enrolled: true,
      nudgeMinute: 540,
      nudgeDays: [1, 2, 3, 4, 5],
      pausedUntil: null,
      pauseReason: null,
      skipDate: null,
      unansweredFrom: null,
    });
    expect(await findPerson(db(), T2, U1)).toBeNull();
    expect(await person(T1)).toEqual(arrived);
  });

  test('a second arrival updates the DM channel and keeps everything else', async () => {
    await bothArrive();
    await saveProfile(db(), T1, U1, { firstName: 'Ada', tz: 'Europe/Berlin' }, AT);
    await setNudgeTime(db(), T1, U1, 480, AT);
    const { after } = await onlyT1Changes(async () => {
      const arrived = await personArrived(db(), T1, U1, 'D2');
      expect(arrived).toMatchObject({ dmChannelId: 'D2', firstName: 'Ada', nudgeMinute: 480 });
    });
    expect(after).toMatchObject({ dmChannelId: 'D2', firstName: 'Ada', tz: 'Europe/Berlin', nudgeMinute: 480, unansweredFrom: AT });
  });

  test("lifts an 'unreachable' pause, in the workspace they wrote from only", async () => {
    await bothArrive();
    await pause(db(), T1, U1, 'unreachable', null);
    await pause(db(), T2, U1, 'unreachable', '2026-12-01');
    const arrived = await personArrived(db(), T2, U1, D1);
    expect(arrived).toMatchObject({ pauseReason: null, pausedUntil: null });
    expect(await person(T1)).toMatchObject({ pauseReason: 'unreachable', pausedUntil: null });
  });

  test.each([
    ['person', '2026-12-01'],
    ['unanswered', null],
  ] as const)("keeps a '%s' pause", async (reason, until) => {
    await bothArrive();
    await pause(db(), T1, U1, reason, until);
    await pause(db(), T2, U1, 'unreachable', null);
    const arrived = await personArrived(db(), T1, U1, D1);
    expect(arrived).toMatchObject({ pauseReason: reason, pausedUntil: until });
    expect(await person(T2)).toMatchObject({ pauseReason: 'unreachable' });
  });
});

describe('saveProfile', () => {
  test('writes the name, the zone and when they were read', async () => {
    await bothArrive();
    const { after } = await onlyT1Changes(() => saveProfile(db(), T1, U1, { firstName: 'Ada', tz: 'Europe/Berlin' }, AT));
    expect(after).toMatchObject({ firstName: 'Ada', tz: 'Europe/Berlin', tzCheckedAt: AT });
  });

  test('keeps the fields Slack left out, and still records the read', async () => {
    await bothArrive();
    await saveProfile(db(), T1, U1, { firstName: 'Ada', tz: 'Europe/Berlin' }, AT);
    await saveProfile(db(), T2, U1, { firstName: 'Grace', tz: 'America/New_York' }, AT);
    const later = new Date('2026-11-26T08:00:00.000Z');

    const { after } = await onlyT1Changes(() => saveProfile(db(), T1, U1, { firstName: null, tz: 'Asia/Tokyo' }, later));
    expect(after).toMatchObject({ firstName: 'Ada', tz: 'Asia/Tokyo', tzCheckedAt: later });

    await onlyT1Changes(() => saveProfile(db(), T1, U1, { firstName: 'Augusta', tz: null }, later));
    expect(await person(T1)).toMatchObject({ firstName: 'Augusta', tz: 'Asia/Tokyo' });

    // The locale is kept with the profile; a read that leaves it out keeps what we knew.
    await onlyT1Changes(() => saveProfile(db(), T1, U1, { firstName: null, tz: null, locale: 'de-DE' }, later));
    await onlyT1Changes(() => saveProfile(db(), T1, U1, { firstName: null, tz: null, locale: null }, later));
    expect(await person(T1)).toMatchObject({ firstName: 'Augusta', tz: 'Asia/Tokyo', locale: 'de-DE' });
  });

  test('creates no one: a person who never arrived stays unknown', async () => {
    await personArrived(db(), T2, U1, D1);
    await saveProfile(db(), T1, U1, { firstName: 'Ada', tz: 'Europe/Berlin' }, AT);
    expect(await findPerson(db(), T1, U1)).toBeNull();
    expect(await person(T2)).toMatchObject({ firstName: null, tz: null });
  });
});

describe('enrolledPeople', () => {
  test('lists the enrolled of every workspace as separate people, and no one else', async () => {
    await bothArrive();
    await personArrived(db(), T1, U2, 'D9');
    await database().pool.query(`update users set enrolled = false where team_id = $1 and user_id = $2`, [T1, U2]);
    const people = await enrolledPeople(db());
    expect(people.map((p) => `${p.teamId}/${p.userId}`).sort()).toEqual([`${T1}/${U1}`, `${T2}/${U1}`]);
  });
});

describe('staleProfiles', () => {
  const cutoff = new Date('2026-11-24T08:00:00.000Z');
  const hoursBefore = (h: number) => new Date(cutoff.getTime() - h * 3_600_000);
  const keys = (people: Person[]) => people.map((p) => `${p.teamId}/${p.userId}`);

  test('never-read first, then the oldest read; fresh reads, the unenrolled and the unreachable left out', async () => {
    await bothArrive();
    await personArrived(db(), T1, U2, 'D2');
    await personArrived(db(), T2, U2, 'D2');
    await personArrived(db(), T1, 'U3', 'D3');
    await personArrived(db(), T2, 'U3', 'D3');
    await personArrived(db(), T1, 'U4', 'D4');
    // T1/U1 never read. T2/U1 read long ago; T1/U2 recently but before the cutoff; T2/U2 after it.
    await saveProfile(db(), T2, U1, { firstName: 'Grace', tz: 'UTC' }, hoursBefore(48));
    await saveProfile(db(), T1, U2, { firstName: 'Ada', tz: 'UTC' }, hoursBefore(1));
    await saveProfile(db(), T2, U2, { firstName: 'Alan', tz: 'UTC' }, new Date(cutoff.getTime() + 1));
    // Never read, but unreachable (T1/U3) or no longer enrolled (T2/U3); paused by the person (T1/U4) still counts.
    await pause(db(), T1, 'U3', 'unreachable', null);
    await database().pool.query(`update users set enrolled = false where team_id = $1 and user_id = 'U3'`, [T2]);
    await pause(db(), T1, 'U4', 'person', '2026-12-01');
    await saveProfile(db(), T1, 'U4', { firstName: 'Kurt', tz: 'UTC' }, hoursBefore(24));

    const stale = await staleProfiles(db(), cutoff, 10);
    expect(keys(stale)).toEqual([`${T1}/${U1}`, `${T2}/${U1}`, `${T1}/U4`, `${T1}/${U2}`]);
  });

  test('a read exactly at the cutoff is fresh, and the limit takes the stalest', async () => {
    await bothArrive();
    await saveProfile(db(), T1, U1, { firstName: 'Ada', tz: 'UTC' }, cutoff);
    await saveProfile(db(), T2, U1, { firstName: 'Grace', tz: 'UTC' }, hoursBefore(2));
    await personArrived(db(), T1, U2, 'D2');
    await saveProfile(db(), T1, U2, { firstName: 'Alan', tz: 'UTC' }, hoursBefore(3));

    expect(keys(await staleProfiles(db(), cutoff, 10))).toEqual([`${T1}/${U2}`, `${T2}/${U1}`]);
    expect(keys(await staleProfiles(db(), cutoff, 1))).toEqual([`${T1}/${U2}`]);
  });

  test('an unreachable person in one workspace is still looked up in the other', async () => {
    await bothArrive();
    await pause(db(), T2, U1, 'unreachable', null);
    expect(keys(await staleProfiles(db(), cutoff, 10))).toEqual([`${T1}/${U1}`]);
  });
});

describe('saveDmChannel', () => {
  test('sets and clears the DM channel', async () => {
    await bothArrive();
    const set = await onlyT1Changes(() => saveDmChannel(db(), T1, U1, 'D7'));
    expect(set.after.dmChannelId).toBe('D7');
    const cleared = await onlyT1Changes(() => saveDmChannel(db(), T1, U1, null));
    expect(cleared.after.dmChannelId).toBeNull();
  });
});

describe('pause and resume', () => {
  test('pause records the reason and the end date, or none', async () => {
    await bothArrive();
    const dated = await onlyT1Changes(() => pause(db(), T1, U1, 'person', '2026-12-07'));
    expect(dated.after).toMatchObject({ pauseReason: 'person', pausedUntil: '2026-12-07' });
    const open = await onlyT1Changes(() => pause(db(), T1, U1, 'unanswered', null));
    expect(open.after).toMatchObject({ pauseReason: 'unanswered', pausedUntil: null });
  });

  test('resume clears the pause and restarts the unanswered count', async () => {
    await bothArrive();
    await pause(db(), T1, U1, 'unanswered', null);
    await pause(db(), T2, U1, 'unanswered', null);
    const { after } = await onlyT1Changes(() => resume(db(), T1, U1, AT));
    expect(after).toMatchObject({ pauseReason: null, pausedUntil: null, unansweredFrom: AT });
    expect(await person(T2)).toMatchObject({ pauseReason: 'unanswered', unansweredFrom: null });
  });
});

describe('the nudge schedule', () => {
  test('setNudgeTime sets the minute and restarts the unanswered count', async () => {
    await bothArrive();
    const { after } = await onlyT1Changes(() => setNudgeTime(db(), T1, U1, 7 * 60 + 30, AT));
    expect(after).toMatchObject({ nudgeMinute: 450, unansweredFrom: AT });
  });

  test('setNudgeTime outside the day is refused by the database, and changes nothing', async () => {
    await bothArrive();
    await onlyT1Changes(async () => {
      await expect(setNudgeTime(db(), T1, U1, 1440, AT)).rejects.toThrow();
    });
    expect(await person(T1)).toMatchObject({ nudgeMinute: 540, unansweredFrom: null });
  });

  test('setNudgeDays sets the weekdays and restarts the unanswered count', async () => {
    await bothArrive();
    const { after } = await onlyT1Changes(() => setNudgeDays(db(), T1, U1, [2, 4, 6], AT));
    expect(after).toMatchObject({ nudgeDays: [2, 4, 6], unansweredFrom: AT });
  });

  test('skipDay records the skipped date; unskip clears it', async () => {
    await bothArrive();
    await skipDay(db(), T2, U1, '2026-11-25', AT);
    const skipped = await onlyT1Changes(() => skipDay(db(), T1, U1, '2026-11-26', AT));
    expect(skipped.after).toMatchObject({ skipDate: '2026-11-26', unansweredFrom: AT });
    const unskipped = await onlyT1Changes(() => unskip(db(), T1, U1));
    expect(unskipped.after).toMatchObject({ skipDate: null, unansweredFrom: AT });
    expect(await person(T2)).toMatchObject({ skipDate: '2026-11-25' });
  });
});

describe('enroll', () => {
  test('creates the row of someone who never wrote, in that workspace only', async () => {
    await enroll(db(), T1, U1, AT);
    expect(await person(T1)).toMatchObject({ enrolled: true, unansweredFrom: AT, dmChannelId: null, nudgeMinute: 540, nudgeDays: [1, 2, 3, 4, 5] });
    expect(await findPerson(db(), T2, U1)).toBeNull();
  });

  test('re-enrols someone unenrolled and keeps what was known of them', async () => {
    await bothArrive();
    await saveProfile(db(), T1, U1, { firstName: 'Ada', tz: 'Europe/Berlin' }, AT);
    await database().pool.query(`update users set enrolled = false where user_id = $1`, [U1]);
    const later = new Date('2026-11-26T08:00:00.000Z');
    const { after } = await onlyT1Changes(() => enroll(db(), T1, U1, later));
    expect(after).toMatchObject({ enrolled: true, unansweredFrom: later, firstName: 'Ada', dmChannelId: D1 });
    expect(await person(T2)).toMatchObject({ enrolled: false });
  });
});
