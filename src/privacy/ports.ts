/**
 * What the privacy use cases need from the rest of the bot: the person's
 * data as a whole (src/db/queries/person-data.ts implements it), the
 * retention purge, and a way to hand a file to the person (Slack's file
 * upload, src/slack/file-delivery.ts).
 */

/** One session in an export, with its messages and report. */
export interface ExportedSession {
  id: string;
  localDate: string;
  origin: string;
  status: string;
  stage: string;
  channelId: string;
  threadTs: string | null;
  createdAt: string;
  updatedAt: string;
  messages: { role: string; stage: string | null; text: string; slackTs: string | null; at: string }[];
  report: { title: string; score: number; writtenBy: string; createdAt: string; body: unknown } | null;
  /** Their own 1-5 rating of the session, if they gave one. */
  rating: number | null;
}

/** Everything the bot holds about one person in one workspace. */
export interface PersonExport {
  teamId: string;
  userId: string;
  /** Their profile and nudge settings; null when the bot has no row for them. */
  settings: {
    firstName: string | null;
    tz: string | null;
    dmChannelId: string | null;
    enrolled: boolean;
    nudgeMinute: number;
    nudgeDays: number[];
    pausedUntil: string | null;
    pauseReason: string | null;
    skipDate: string | null;
    createdAt: string;
    updatedAt: string;
  } | null;
  sessions: ExportedSession[];
}

/** How many rows of each kind a deletion removed. */
export interface PersonDeletion {
  settings: number;
  sessions: number;
  messages: number;
  reports: number;
}

export interface PersonDataStore {
  exportPerson(teamId: string, userId: string): Promise<PersonExport>;
  /** Deletes every row of theirs, at once and together. */
  deletePerson(teamId: string, userId: string): Promise<PersonDeletion>;
}

export interface RetentionStore {
  /** Deletes every session created before `cutoff`, with its messages and report. */
  purgeSessionsBefore(cutoff: Date): Promise<{ sessions: number }>;
}

/** A file for the person, posted in their DM with the bot. */
export interface PersonFile {
  filename: string;
  title: string;
  content: string;
  /** The message the file comes with. */
  comment: string;
}

export interface FileDelivery {
  sendToPerson(userId: string, file: PersonFile): Promise<void>;
}
