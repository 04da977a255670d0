import { createReportArchive } from './db/report-archive';
import { buildReportFromTranscript } from './coach/report-builder';
import { writeReportWithFallback } from './coach/report-writer';
import type { CoachModel } from './coach/ports';
import { CoachService } from './coach/service';
import type { Config } from './config';
import type { DatabaseHandle } from './db/client';
import { createCoachStore } from './db/coach-store';
import { openDatabase } from './db/open';
import type { Logger } from './log';
import { ClaudeCoach } from './model/claude';
import { OfflineCoach } from './model/offline';
import { createSlackApp, type SlackApp } from './slack/app';
import { deliverOutcomes } from './slack/deliver';
import { slackDirectory } from './slack/directory';
import { createNudgeStore } from './db/nudge-store';
import { startNudgeScheduler, type NudgeScheduler, type NudgeSchedulerTiming } from './jobs/morning-nudges';
import { HomeService } from './home/service';
import { createNudgeEngine } from './nudge/pass';
import { createNudgeClient, webNudgeSlack } from './slack/nudge-client';

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
  /** Answers what a session has pending and posts it (used once a nudge's thread exists). */
  resumeSession(teamId: string, sessionId: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  now?: () => Date;
  /** Where embedded Postgres keeps its data when DATABASE_URL is unset. */
  dataDir?: string;
  /** Slack settings that local mode fills in for the emulator. */
  slack?: { botToken: string; signingSecret: string; apiUrl: string };
  /** The Bolt receiver's port instead of config.port: local mode gives PORT to the emulator page. */
  port?: number;
  /** The Bolt receiver's interface; all of them when unset. */
  host?: string;
  /** Runs the morning-nudge scheduler (pg-boss, a tick every minute); on unless false. Tests pass shorter timings. */
  nudges?: boolean | NudgeSchedulerTiming;
}

export async function startBot(config: Config, options: StartOptions): Promise<RunningBot> {
  const { logger } = options;
  const now = options.now ?? (() => new Date());

  const opened = await openDatabase(config.databaseUrl, { dataDir: options.dataDir, logger });
  const { database, url: databaseUrl, label: databaseLabel } = opened;

  const model: CoachModel = config.anthropic.apiKey
    ? new ClaudeCoach({
        apiKey: config.anthropic.apiKey,
        baseURL: config.anthropic.baseUrl,
        model: config.anthropic.model,
        logger,
      })
    : new OfflineCoach();

  const slackSettings = options.slack ?? {
    botToken: config.slack.botToken!,
    signingSecret: config.slack.signingSecret!,
    apiUrl: config.slack.apiUrl,
  };

  const store = createCoachStore(database.db);
  const archive = createReportArchive(database.db);
  const nudgeStore = createNudgeStore(database.db);
  // The directory needs the Slack client, which the app builds; look it up lazily.
  let slack: SlackApp | undefined;
  const service = new CoachService({
    store,
    model,
    logger,
    now,
    directory: { lookup: (team, user) => slackDirectory(slack!.app.client).lookup(team, user) },
    writeReport: (request) => writeReportWithFallback(model, request, buildReportFromTranscript, logger),
  });

  const resumeSession = async (teamId: string, sessionId: string) => {
    await deliverOutcomes(slack!.app.client, await service.resume(teamId, sessionId), { service, logger });
  };

  slack = createSlackApp(
    {
      mode: config.slack.mode === 'socket' ? 'socket' : 'http',
      botToken: slackSettings.botToken,
      signingSecret: slackSettings.signingSecret,
      appToken: config.slack.appToken,
      apiUrl: slackSettings.apiUrl,
      port: options.port ?? config.port,
      host: options.host,
      healthy: database.ping,
    },
    {
      service,
      archive,
      logger,
      now,
      home: new HomeService({ store: nudgeStore, archive, logger, now, onThreadReady: resumeSession }),
    },
  );
  await slack.start();

  // Morning nudges: pg-boss on the same database, with a Slack client of its own (short retries, 429s honoured).
  let scheduler: NudgeScheduler | undefined;
  if (options.nudges !== false) {
    const nudgeClient = createNudgeClient({ token: slackSettings.botToken, apiUrl: slackSettings.apiUrl, logger });
    const engine = createNudgeEngine({ store: nudgeStore, slack: webNudgeSlack(nudgeClient), logger, onThreadReady: resumeSession });
    const timing = typeof options.nudges === 'object' ? options.nudges : undefined;
    scheduler = await startNudgeScheduler({ databaseUrl, engine, logger, now, ...(timing ? { timing } : {}) });
  }

  let stopping: Promise<void> | undefined;
  return {
    slack,
    database,
    service,
    model,
    databaseLabel,
    resumeSession,
    stop: () =>
      (stopping ??= (async () => {
        await scheduler?.stop();
        await slack.stop();
        await opened.close();
      })()),
  };
}
