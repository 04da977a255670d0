import { sql } from 'drizzle-orm';
import {
  bigserial,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Report } from '../coach/report';
import type { AgendaState } from '../coach/agenda';

/**
 * The single source of truth for the database. Every table carries the Slack
 * team id, and every key includes it: nothing crosses workspaces.
 * Migrations are generated from this file by drizzle-kit (`npm run db:generate`).
 */

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** A person who talks to the coach, with their nudge schedule. */
export const users = pgTable(
  'users',
  {
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    firstName: text('first_name'),
    /** IANA time zone from users.info; null until first looked up. */
    tz: text('tz'),
    tzCheckedAt: timestamp('tz_checked_at', { withTimezone: true }),
    /** Slack's locale from users.info (include_locale), e.g. "de-DE"; read with the profile. */
    locale: text('locale'),
    dmChannelId: text('dm_channel_id'),
    /** Enrolled people get morning nudges. */
    enrolled: boolean('enrolled').notNull().default(true),
    /** Local time of the nudge, minutes after midnight (540 = 09:00). */
    nudgeMinute: smallint('nudge_minute').notNull().default(540),
    /** ISO weekdays of the nudge, 1 = Monday … 7 = Sunday. */
    nudgeDays: smallint('nudge_days').array().notNull().default(sql`'{1,2,3,4,5}'::smallint[]`),
    /** No nudges before this local date (inclusive pause end is the day before). */
    pausedUntil: date('paused_until', { mode: 'string' }),
    /** Why nudges are paused: 'person', 'unanswered' or 'unreachable'. Null when not paused. */
    pauseReason: text('pause_reason'),
    /** A local date whose nudge the person chose to skip. */
    skipDate: date('skip_date', { mode: 'string' }),
    /**
     * Nudges sent before this instant do not count toward the automatic pause
     * after five unanswered mornings: resuming, skipping or changing the
     * schedule shows the person is there and restarts the count.
     */
    unansweredFrom: timestamp('unanswered_from', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    check('users_nudge_minute_range', sql`${t.nudgeMinute} between 0 and 1439`),
  ],
);

/** One coaching conversation: one per person per local date. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    /** The person's local date when the session began. */
    localDate: date('local_date', { mode: 'string' }).notNull(),
    channelId: text('channel_id').notNull(),
    /** The root message of the session's thread; null until it is posted. */
    threadTs: text('thread_ts'),
    /** 'person' when they wrote first, 'nudge' when the morning nudge opened it. */
    origin: text('origin').notNull(),
    stage: text('stage').notNull(),
    /** The slots the conversation has filled and what the next turn is for (src/coach/agenda.ts), merged with each coach turn. */
    agenda: jsonb('agenda')
      .$type<AgendaState>()
      .notNull()
      .default(sql`'{"slots":{},"declined":[],"coachTurns":0,"asked":null}'::jsonb`),
    status: text('status').notNull(),
    version: integer('version').notNull(),
    /** The last person message that a coach reply took into account. */
    answeredMessageId: bigint('answered_message_id', { mode: 'number' }),
    /** While set in the future, one worker is writing this session's reply. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** Who holds the lease: only its holder may release it early. */
    leaseToken: uuid('lease_token'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('sessions_person_date').on(t.teamId, t.userId, t.localDate),
    uniqueIndex('sessions_thread').on(t.teamId, t.channelId, t.threadTs),
    // The sessions still going on, by last touch: what the sweep (sessionsAwaitingWork) and the
    // open-sessions gauge read, without scanning every finished session of every day.
    index('sessions_open')
      .on(t.updatedAt)
      .where(sql`${t.status} in ('active', 'wrapping')`),
    check('sessions_status', sql`${t.status} in ('active', 'wrapping', 'completed', 'abandoned')`),
  ],
);

/** Every message of a session, stored before anything else happens to it. */
export const messages = pgTable(
  'messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    teamId: text('team_id').notNull(),
    channelId: text('channel_id').notNull(),
    /** Slack's ts of the message; null for a coach message not yet posted. */
    slackTs: text('slack_ts'),
    role: text('role').notNull(),
    /**
     * The stage the message was written in: for the coach, the stage it was
     * working on; for the person, the stage they were answering. Null on
     * messages stored before stages were recorded.
     */
    stage: text('stage'),
    text: text('text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A re-delivered Slack event carries the same ts: the second insert is a no-op.
    uniqueIndex('messages_slack_ts').on(t.teamId, t.channelId, t.slackTs),
    index('messages_session').on(t.sessionId, t.id),
    check('messages_role', sql`${t.role} in ('person', 'coach')`),
  ],
);

/** The Deep Thoughts report of a completed session. */
export const reports = pgTable(
  'reports',
  {
    sessionId: uuid('session_id')
      .primaryKey()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    localDate: date('local_date', { mode: 'string' }).notNull(),
    title: text('title').notNull(),
    /** The whole report, validated by ReportDraftSchema before it is stored. */
    body: jsonb('body').$type<Report>().notNull(),
    score: smallint('score').notNull(),
    writtenBy: text('written_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('reports_person').on(t.teamId, t.userId, t.localDate)],
);

/**
 * Slack's pace for one workspace and Web API method, shared by every replica:
 * the next free slot and the gap between slots, which widens once per 429
 * hold and narrows slowly while Slack takes calls (src/slack/rate-gate.ts).
 */
export const slackPace = pgTable(
  'slack_pace',
  {
    teamId: text('team_id').notNull(),
    method: text('method').notNull(),
    nextAt: timestamp('next_at', { withTimezone: true }).notNull(),
    gapMs: integer('gap_ms').notNull(),
    /** The end of the Retry-After Slack last asked for: the 429s of calls already under way then widen nothing more. */
    heldUntil: timestamp('held_until', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.method] })],
);

/**
 * The person's own rating of a session, 1-5, given with the buttons under
 * its report. One per session and person: a Slack retry or a double press
 * stores it once, a changed mind updates it. Kept apart from the report, so
 * it can never change the coach's score.
 */
export const ratings = pgTable(
  'ratings',
  {
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    rating: smallint('rating').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId, t.sessionId] }), check('ratings_rating_range', sql`${t.rating} between 1 and 5`)],
);

/**
 * A workspace that installed the app through OAuth (SLACK_CLIENT_ID mode).
 * Tokens are never stored in the clear: `secrets` holds them sealed with
 * AES-256-GCM (src/db/token-cipher.ts), and is null once the workspace
 * uninstalled the app or revoked its tokens. The row stays until its data is
 * purged (`purgeAfter`), so the purge knows which workspace to clear.
 */
export const installations = pgTable(
  'installations',
  {
    teamId: text('team_id').primaryKey(),
    enterpriseId: text('enterprise_id'),
    appId: text('app_id'),
    botId: text('bot_id'),
    botUserId: text('bot_user_id'),
    /** Who installed it. */
    installerUserId: text('installer_user_id'),
    /** When the bot token expires (token rotation); null when it does not. */
    botTokenExpiresAt: timestamp('bot_token_expires_at', { withTimezone: true }),
    /** The rest of the installation (scopes, names), with every token taken out. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    /** The tokens, sealed: a JSON object of bot/user access and refresh tokens. */
    secrets: text('secrets'),
    uninstalledAt: timestamp('uninstalled_at', { withTimezone: true }),
    /** When an uninstalled workspace's data is deleted (uninstall + UNINSTALL_RETENTION_DAYS). */
    purgeAfter: timestamp('purge_after', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('installations_purge').on(t.purgeAfter)],
);
