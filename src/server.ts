import { buildReportFromTranscript } from './coach/report-builder';
import { writeReportWithFallback } from './coach/report-writer';
import type { CoachModel } from './coach/ports';
import { CoachService } from './coach/service';
import type { Config, SlackConnection } from './config';
import { AppError } from './errors';
import type { DatabaseHandle } from './db/client';
import { createCoachStore, createNudgeStore, createPaceStore, createPeopleStore, createPersonDataStore, createReportArchive, createRetentionStore, createSessionRatings } from './db/stores';
import { openDatabase } from './db/open';
import { countOpenSessions } from './db/queries/sessions';
import { BotMetrics } from './observability/metrics';
import { meteredFetch } from './slack/meter';
import { errorFields, type Logger } from './log';
import { ClaudeCoach } from './model/claude';
import { OfflineCoach } from './model/offline';
import { createSlackApp, type SlackApp } from './slack/app';
import { checkBotToken } from './slack/auth-check';
import { deliverOutcomes } from './slack/deliver';
import { startNudgeScheduler, type NudgeScheduler, type NudgeSchedulerTiming } from './jobs/morning-nudges';
import { startSessionSweep } from './jobs/session-sweep';
import { startRetentionPurge, type RetentionPurge } from './jobs/retention-purge';
import { PrivacyService } from './privacy/service';
import { HomeService } from './home/service';
import { createNudgeEngine } from './nudge/pass';
import { createCoachees } from './people/coachees';
import { DeliveryFailed } from './nudge/ports';
import { createTokenCipher } from './db/token-cipher';
import { startWorkspacePurge, type WorkspacePurge } from './jobs/workspace-purge';
import type { SlackAppConnection } from './slack/app';
import type { BotIdentity } from './slack/auth-check';
import { createInstaller } from './slack/install';
import { createInstallationStore, resealInstallations } from './slack/installation-store';
import { oauthWorkspaces, singleWorkspace, type SlackWorkspaces } from './slack/workspaces';
import { createRateGate } from './slack/rate-gate';

/**
 * The composition root of the running bot: config → database → model →
 * service → Slack app → scheduler. src/main.ts parses the environment and
 * starts this (local mode wraps it with the emulator, devtools/local-mode.ts);
 * the end-to-end tests start the very same thing with their own config (fake
 * Slack and Anthropic on loopback, a test database).
 */
export interface RunningBot {
  slack: SlackApp;
  database: DatabaseHandle;
  service: CoachService;
  model: CoachModel;
  /** Where embedded Postgres or DATABASE_URL points; for the banner, without credentials. */
  databaseLabel: string;
  /** The nightly purge of old sessions; only when RETENTION_DAYS is set. */
  retention?: RetentionPurge;
  /** What GET /metrics serves: this bot's own registry. */
  metrics: BotMetrics;
  /** Answers what a session has pending and posts it (used once a nudge's thread exists). */
  resumeSession(teamId: string, sessionId: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  now?: () => Date;
  /** Where embedded Postgres keeps its data when DATABASE_URL is unset. */
  dataDir?: string;
  /** Local mode's Slack: the emulator's Web API, its bot token and a fresh signing secret (devtools/local-mode.ts). */
  slack?: { botToken: string; signingSecret: string; apiUrl: string };
  /** The Bolt receiver's port instead of config.port: local mode gives PORT to the emulator page. */
  port?: number;
  /** The Bolt receiver's interface; all of them when unset. */
  host?: string;
  /** How long the coach may take before the 💭 goes on (src/slack/thinking.ts); tests with an instant model pass 0. */
  thinkingAfterMs?: number;
  /** Runs the morning-nudge scheduler (pg-boss, a tick every minute); on unless false. Tests pass shorter timings. */
  nudges?: boolean | NudgeSchedulerTiming;
  /** Picks up sessions a dead process left unanswered (src/jobs/session-sweep.ts); on unless false. */
  sessionSweep?: boolean;
  /** OAuth mode: the hourly purge of uninstalled workspaces (src/jobs/workspace-purge.ts); on unless false. */
  workspacePurge?: boolean;
  /** The nightly retention purge's queue polling (seconds), when RETENTION_DAYS is set; tests make it short. */
  retentionPollingSeconds?: number;
}

/** The Slack the bot talks to: the configured one, or in local mode the emulator that local mode hands it. */
function slackConnection(config: Config, options: StartOptions): SlackConnection {
  if (config.slack.mode !== 'local') return config.slack;
  if (!options.slack) {
    throw new AppError('local_mode_without_emulator', 'Local mode (no SLACK_BOT_TOKEN) starts the bot through devtools/local-mode.ts, which provides the emulator');
  }
  return { mode: 'http', ...options.slack };
}

export async function startBot(config: Config, options: StartOptions): Promise<RunningBot> {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const slackSettings = slackConnection(config, options);

  // Before the database: a refused token or an unreachable Slack is said in seconds, not after Postgres starts.
  // OAuth has no token until a workspace installs; each event's authorize finds its own.
  const identity: BotIdentity | undefined =
    slackSettings.mode === 'oauth' ? undefined : await checkBotToken({ botToken: slackSettings.botToken, apiUrl: slackSettings.apiUrl, logger });

  const opened = await openDatabase(config.databaseUrl, { dataDir: options.dataDir, logger });
  const { database, url: databaseUrl, label: databaseLabel } = opened;
  // A start-up that fails half way (a port in use, say) stops what it started before it throws.
  const started: (() => Promise<void>)[] = [() => opened.close()];
  const undoOnFailure = async (error: unknown): Promise<never> => {
    for (const stop of started.reverse()) await stop().catch((failed: unknown) => logger.warn('start_undo_failed', errorFields(failed)));
    throw error;
  };

  // This bot's registry: the gauges read the database and its pool when scraped.
  const metrics = new BotMetrics({ openSessions: () => countOpenSessions(database.db), pool: database.pool });
  // Every Web API request of every client, counted by method (errors and 429s too).
  const fetch = meteredFetch(metrics, slackSettings.apiUrl);

  const model: CoachModel = config.anthropic.apiKey
    ? new ClaudeCoach({
        apiKey: config.anthropic.apiKey,
        baseURL: config.anthropic.baseUrl,
        model: config.anthropic.model,
        logger,
        meter: metrics,
      })
    : new OfflineCoach();

  const store = createCoachStore(database.db);
  const archive = createReportArchive(database.db);
  const nudgeStore = createNudgeStore(database.db);
  const peopleStore = createPeopleStore(database.db);
  // Each workspace's Slack for work no event brings a token for (nudges, profile lookups, resumed sessions):
  // the one SLACK_BOT_TOKEN, or each installation's own token, refreshed before it expires.
  // Scheduled work's calls keep each workspace's pace, shared with every replica (src/slack/rate-gate.ts);
  // a person's own message never waits in that queue for its profile lookup, or its receipt would miss Slack's deadline.
  const gate = createRateGate(createPaceStore(database.db), logger);
  let workspaces: SlackWorkspaces;
  let connection: SlackAppConnection;
  if (slackSettings.mode === 'oauth') {
    const cipher = createTokenCipher(slackSettings.tokenKeys);
    await resealInstallations({ db: database.db, cipher, logger }).catch(undoOnFailure);
    const installer = createInstaller({
      ...slackSettings,
      fetch,
      installationStore: createInstallationStore({ db: database.db, cipher, logger }),
      logger,
    });
    workspaces = oauthWorkspaces({ installer, db: database.db, apiUrl: slackSettings.apiUrl, logger, fetch, gate, retentionDays: config.uninstallRetentionDays, now });
    connection = { ...slackSettings, installer };
  } else {
    workspaces = singleWorkspace({
      botToken: slackSettings.botToken,
      apiUrl: slackSettings.apiUrl,
      logger,
      fetch,
      ...(identity ? { pacing: { gate, teamId: identity.teamId } } : {}),
      replies: () => slack.app.client,
    });
    connection = slackSettings;
  }
  const service = new CoachService({
    store,
    model,
    logger,
    now,
    people: createCoachees({
      store: peopleStore,
      lookupFor: (teamId) => ({
        // A person's own message never waits in the nudges' shared pace, or its receipt would miss Slack's deadline.
        profile: async (userId) => {
          const lookups = await workspaces.lookups(teamId);
          if (!lookups) throw new DeliveryFailed('not_installed');
          return lookups.profile(userId);
        },
      }),
      logger,
      now,
    }),
    writeReport: (request) => writeReportWithFallback(model, request, buildReportFromTranscript, logger),
  });

  // Replies to a session a nudge opened go out on that workspace's client; the app exists by the time anything resumes.
  const replyClient = async (teamId: string) => {
    const client = await workspaces.replyClient(teamId);
    if (!client) logger.info('reply_skipped_uninstalled', { team: teamId });
    return client;
  };
  const resumeSession = async (teamId: string, sessionId: string) => {
    const client = await replyClient(teamId);
    if (client) await deliverOutcomes(client, await service.resume(teamId, sessionId), { logger, meter: metrics });
  };

  const slack: SlackApp = createSlackApp(
    {
      ...connection,
      ...(identity ? { identity } : {}),
      port: options.port ?? config.port,
      host: options.host,
      healthy: () => database.ping(),
      fetch,
      metrics,
    },
    {
      service,
      archive,
      logger,
      now,
      meter: metrics,
      localeOf: async (teamId, userId) => (await peopleStore.person(teamId, userId))?.locale ?? null,
      home: new HomeService({ store: nudgeStore, archive, logger, now, onThreadReady: resumeSession, meter: metrics }),
      workspaces,
      ratings: createSessionRatings(database.db),
      privacy: new PrivacyService({ store: createPersonDataStore(database.db), logger, now }),
      ...(options.thinkingAfterMs !== undefined ? { thinkingAfterMs: options.thinkingAfterMs } : {}),
    },
  );
  await slack.start().catch(undoOnFailure);
  started.push(() => slack.stop());

  // Morning nudges: pg-boss on the same database, with a Slack client of its own (short retries, 429s honoured).
  let scheduler: NudgeScheduler | undefined;
  if (options.nudges !== false) {
    const engine = createNudgeEngine({ store: nudgeStore, workspaces, logger, onThreadReady: resumeSession, meter: metrics });
    const timing = typeof options.nudges === 'object' ? options.nudges : undefined;
    scheduler = await startNudgeScheduler({ databaseUrl, engine, logger, now, ...(timing ? { timing } : {}) }).catch(undoOnFailure);
  }

  // RETENTION_DAYS: old sessions purged nightly; unset, nothing is.
  let retention: RetentionPurge | undefined;
  if (config.retentionDays !== undefined) {
    const purge = await startRetentionPurge({
      databaseUrl,
      store: createRetentionStore(database.db),
      days: config.retentionDays,
      logger,
      now,
      ...(options.retentionPollingSeconds ? { pollingIntervalSeconds: options.retentionPollingSeconds } : {}),
    }).catch(undoOnFailure);
    started.push(() => purge.stop());
    retention = purge;
  }

  // Unanswered sessions a dead process left behind: answered without the person writing again.
  // The model's failures are not re-announced here; the person heard about them already.
  const sweep =
    options.sessionSweep === false
      ? undefined
      : startSessionSweep({
          store,
          logger,
          resume: async (teamId, sessionId) => {
            const client = await replyClient(teamId);
            if (!client) return [];
            const outcomes = await service.resume(teamId, sessionId);
            await deliverOutcomes(client, outcomes.filter((o) => o.kind !== 'model_unavailable'), { logger, meter: metrics });
            return outcomes;
          },
        });

  // OAuth: the data of workspaces that uninstalled the app, deleted once their grace period is over.
  let workspacePurge: WorkspacePurge | undefined;
  if (config.slack.mode === 'oauth' && options.workspacePurge !== false) {
    workspacePurge = await startWorkspacePurge({ db: database.db, databaseUrl, logger, now }).catch(async (error: unknown) => {
      await sweep?.stop();
      await scheduler?.stop();
      return undoOnFailure(error);
    });
  }

  let stopping: Promise<void> | undefined;
  return {
    slack,
    database,
    service,
    model,
    databaseLabel,
    ...(retention ? { retention } : {}),
    metrics,
    resumeSession,
    stop: () =>
      (stopping ??= (async () => {
        await sweep?.stop();
        await workspacePurge?.stop();
        await scheduler?.stop();
        await retention?.stop();
        await slack.stop();
        await opened.close();
      })()),
  };
}
