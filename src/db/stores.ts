import type { ReportArchive, SessionRatings } from '../coach/archive';
import type { Report } from '../coach/report';
import type { CoachStore } from '../coach/store';
import type { NudgeStore } from '../nudge/store';
import type { PeopleStore } from '../people/ports';
import type { PersonDataStore, RetentionStore } from '../privacy/ports';
import type { Database } from './client';
import * as messages from './queries/messages';
import * as nudgeSessions from './queries/nudge-sessions';
import * as people from './queries/people';
import * as personData from './queries/person-data';
import * as ratings from './queries/ratings';
import * as reports from './queries/reports';
import * as sessions from './queries/sessions';
import * as slackPace from './queries/slack-pace';

/**
 * The stores the services use, composed from the query modules (one per
 * table, in ./queries, where all the SQL is). Each store is only the query
 * functions with the database bound in; no store builds another.
 */
function on(db: Database) {
  return <A extends unknown[], R>(query: (db: Database, ...args: A) => R) =>
    (...args: A): R =>
      query(db, ...args);
}

export function createPeopleStore(db: Database): PeopleStore {
  const bind = on(db);
  return { person: bind(people.findPerson), arrived: bind(people.personArrived), saveProfile: bind(people.saveProfile) };
}

export function createCoachStore(db: Database): CoachStore {
  const bind = on(db);
  return {
    sessionById: bind(sessions.sessionById),
    sessionByThread: bind(sessions.sessionByThread),
    sessionOn: bind(sessions.sessionOn),
    openSession: bind(sessions.openSession),
    claimSession: bind(sessions.claimSession),
    renewSession: bind(sessions.renewSession),
    releaseSession: bind(sessions.releaseSession),
    sessionsAwaitingWork: bind(sessions.sessionsAwaitingWork),
    saveState: bind(sessions.saveState),
    addPersonMessage: bind(messages.addPersonMessage),
    turns: bind(messages.turns),
    saveCoachTurn: bind(messages.saveCoachTurn),
    saveReport: bind(reports.saveReport),
    report: bind(reports.sessionReport),
  };
}

export function createNudgeStore(db: Database): NudgeStore {
  const bind = on(db);
  return {
    ...createPeopleStore(db),
    enrolledPeople: bind(people.enrolledPeople),
    staleProfiles: bind(people.staleProfiles),
    saveDmChannel: bind(people.saveDmChannel),
    pause: bind(people.pause),
    resume: bind(people.resume),
    setTime: bind(people.setNudgeTime),
    setDays: bind(people.setNudgeDays),
    skip: bind(people.skipDay),
    unskip: bind(people.unskip),
    enroll: bind(people.enroll),
    sessionsExisting: bind(nudgeSessions.sessionsExisting),
    recentSessions: bind(sessions.recentSessions),
    sessionOn: bind(sessions.sessionOn),
    saveState: bind(sessions.saveState),
    claimNudge: bind(nudgeSessions.claimNudge),
    dropUnansweredNudge: bind(nudgeSessions.dropUnansweredNudge),
    nudgePosted: bind(nudgeSessions.nudgePosted),
    releaseClaim: bind(nudgeSessions.releaseClaim),
    expiredClaims: bind(nudgeSessions.expiredClaims),
    memory: bind(reports.memory),
  };
}

/** Past reports, each with the person's own rating beside it (read from its own table, never part of the report). */
export function createReportArchive(db: Database): ReportArchive {
  const bind = on(db);
  const rated = async (teamId: string, userId: string, sessionId: string, report: Report): Promise<Report> => ({
    ...report,
    rating: await ratings.ratingOf(db, teamId, userId, sessionId),
  });
  return {
    latest: async (teamId, userId) => {
      const found = await reports.latestReport(db, teamId, userId);
      return found && { ...found, report: await rated(teamId, userId, found.sessionId, found.report) };
    },
    onDate: async (teamId, userId, date) => {
      const found = await reports.reportOn(db, teamId, userId, date);
      return found && { ...found, report: await rated(teamId, userId, found.sessionId, found.report) };
    },
    bySession: async (teamId, userId, sessionId) => {
      const report = await reports.ownReport(db, teamId, userId, sessionId);
      return report && rated(teamId, userId, sessionId, report);
    },
    recent: async (teamId, userId, limit) => {
      const summaries = await reports.recentReports(db, teamId, userId, limit);
      const given = await ratings.ratingsOf(db, teamId, userId, summaries.map((s) => s.sessionId));
      return summaries.map((s) => ({ ...s, rating: given.get(s.sessionId) ?? null }));
    },
    sessionOn: bind(sessions.sessionOn),
  };
}

export function createSessionRatings(db: Database): SessionRatings {
  return { rate: on(db)(ratings.rateSession) };
}

/** The shared pace of scheduled Slack calls (src/slack/rate-gate.ts's PaceStore). */
export function createPaceStore(db: Database) {
  const bind = on(db);
  return { takeSlot: bind(slackPace.takeSlot), holdOff: bind(slackPace.holdOff) };
}

export function createPersonDataStore(db: Database): PersonDataStore {
  const bind = on(db);
  return { exportPerson: bind(personData.exportPerson), deletePerson: bind(personData.deletePerson) };
}

export function createRetentionStore(db: Database): RetentionStore {
  return { purgeSessionsBefore: on(db)(sessions.purgeSessionsBefore) };
}
