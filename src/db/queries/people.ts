import { and, eq, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { PauseReason, Person } from '../../people/person';
import type { Database } from '../client';
import { users } from '../schema';

/** Queries of the `users` table: a person, their profile and their nudge settings. */

type UserRow = typeof users.$inferSelect;

const PAUSE_REASONS: readonly string[] = ['person', 'unanswered', 'unreachable'] satisfies PauseReason[];

/** The one row → Person mapping. */
export function toPerson(row: UserRow): Person {
  return {
    teamId: row.teamId,
    userId: row.userId,
    firstName: row.firstName,
    tz: row.tz,
    locale: row.locale,
    tzCheckedAt: row.tzCheckedAt,
    dmChannelId: row.dmChannelId,
    enrolled: row.enrolled,
    nudgeMinute: row.nudgeMinute,
    nudgeDays: row.nudgeDays.map(Number),
    pausedUntil: row.pausedUntil,
    pauseReason: row.pauseReason && PAUSE_REASONS.includes(row.pauseReason) ? (row.pauseReason as PauseReason) : null,
    skipDate: row.skipDate,
    unansweredFrom: row.unansweredFrom,
  };
}

const thePerson = (teamId: string, userId: string) => and(eq(users.teamId, teamId), eq(users.userId, userId));

async function update(db: Database, teamId: string, userId: string, set: PgUpdateSetSource<typeof users>): Promise<void> {
  await db
    .update(users)
    .set({ ...set, updatedAt: sql`now()` })
    .where(thePerson(teamId, userId));
}

export async function findPerson(db: Database, teamId: string, userId: string): Promise<Person | null> {
  const [row] = await db.select().from(users).where(thePerson(teamId, userId));
  return row ? toPerson(row) : null;
}

/** The person wrote to the bot: enrolment, and their DM channel. */
export async function personArrived(db: Database, teamId: string, userId: string, dmChannelId: string): Promise<Person> {
  const [row] = await db
    .insert(users)
    .values({ teamId, userId, dmChannelId })
    .onConflictDoUpdate({
      target: [users.teamId, users.userId],
      set: {
        dmChannelId,
        // A person who writes to the bot can be reached again: lift a pause that said otherwise.
        pauseReason: sql`case when ${users.pauseReason} = 'unreachable' then null else ${users.pauseReason} end`,
        pausedUntil: sql`case when ${users.pauseReason} = 'unreachable' then null else ${users.pausedUntil} end`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return toPerson(row!);
}

export async function saveProfile(
  db: Database,
  teamId: string,
  userId: string,
  profile: { firstName: string | null; tz: string | null; locale?: string | null },
  checkedAt: Date,
): Promise<void> {
  await update(db, teamId, userId, {
    // Keep what we knew when Slack leaves a field out.
    firstName: profile.firstName ?? sql`${users.firstName}`,
    tz: profile.tz ?? sql`${users.tz}`,
    locale: profile.locale ?? sql`${users.locale}`,
    tzCheckedAt: checkedAt,
  });
}

export async function enrolledPeople(db: Database): Promise<Person[]> {
  const rows = await db.select().from(users).where(eq(users.enrolled, true));
  return rows.map(toPerson);
}

/** Enrolled, reachable people whose profile was last read before `checkedBefore`, never-read first. */
export async function staleProfiles(db: Database, checkedBefore: Date, limit: number): Promise<Person[]> {
  const rows = await db
    .select()
    .from(users)
    .where(
      and(
        eq(users.enrolled, true),
        // Unreachable people are not looked up again until they resume.
        sql`${users.pauseReason} is distinct from 'unreachable'`,
        sql`(${users.tzCheckedAt} is null or ${users.tzCheckedAt} < ${checkedBefore.toISOString()}::timestamptz)`,
      ),
    )
    .orderBy(sql`${users.tzCheckedAt} asc nulls first`)
    .limit(limit);
  return rows.map(toPerson);
}

export async function saveDmChannel(db: Database, teamId: string, userId: string, channelId: string | null): Promise<void> {
  await update(db, teamId, userId, { dmChannelId: channelId });
}

export async function pause(db: Database, teamId: string, userId: string, reason: PauseReason, until: string | null): Promise<void> {
  await update(db, teamId, userId, { pauseReason: reason, pausedUntil: until });
}

export async function resume(db: Database, teamId: string, userId: string, at: Date): Promise<void> {
  await update(db, teamId, userId, { pauseReason: null, pausedUntil: null, unansweredFrom: at });
}

export async function setNudgeTime(db: Database, teamId: string, userId: string, minute: number, at: Date): Promise<void> {
  await update(db, teamId, userId, { nudgeMinute: minute, unansweredFrom: at });
}

export async function setNudgeDays(db: Database, teamId: string, userId: string, days: number[], at: Date): Promise<void> {
  await update(db, teamId, userId, { nudgeDays: days, unansweredFrom: at });
}

export async function skipDay(db: Database, teamId: string, userId: string, localDate: string, at: Date): Promise<void> {
  await update(db, teamId, userId, { skipDate: localDate, unansweredFrom: at });
}

export async function unskip(db: Database, teamId: string, userId: string): Promise<void> {
  await update(db, teamId, userId, { skipDate: null });
}

/** The App Home's Start: enrols the person, creating their row if they never wrote. */
export async function enroll(db: Database, teamId: string, userId: string, at: Date): Promise<void> {
  await db
    .insert(users)
    .values({ teamId, userId, enrolled: true, unansweredFrom: at })
    .onConflictDoUpdate({ target: [users.teamId, users.userId], set: { enrolled: true, unansweredFrom: at, updatedAt: sql`now()` } });
}
