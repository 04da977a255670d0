/**
 * `npm run nudge -- --at <ISO instant>`: one scheduling pass as if the clock
 * read that instant. Sends what is due, prints one summary line on stdout
 * (`nudged 2, skipped 5 (weekend 3, paused 1, already 1)`) and exits 0, or 1
 * when any nudge failed (`…, failed 1`). Log lines go to stderr, so stdout is
 * the summary alone.
 *
 * Against Slack it uses SLACK_BOT_TOKEN; with OAuth installs, each
 * workspace's own token from the database (refreshed when it is about to
 * expire); in local mode (no SLACK_BOT_TOKEN) it talks to the running local
 * mode's emulator on PORT, with the emulator's own bot token.
 */
import { loadConfig, type Config, type SlackConfig } from '../config';
import { createTokenCipher } from '../db/token-cipher';
import { createInstaller } from '../slack/install';
import { createInstallationStore } from '../slack/installation-store';
import { oauthWorkspaces } from '../slack/workspaces';
import { createPaceStore } from '../db/stores';
import { createRateGate } from '../slack/rate-gate';
import { openDatabase } from '../db/open';
import { loadDevtools, type FakeSlackStateEntry } from '../local-tooling';
import { createLogger, errorFields, redact, type Logger } from '../log';
import { checkBotToken } from '../slack/auth-check';
import { startupFailureLine, type StartupContext } from '../startup';
import { parseAtArgument, runNudgeCommand, type NudgeCommandDeps } from './nudge-command';
import { createNudgeClient } from '../slack/nudge-client';

let context: StartupContext = {};

const USAGE = 'usage: npm run nudge -- [--at <ISO instant, e.g. 2026-03-02T17:00:00Z>]';

async function main(): Promise<number> {
  const at = parseAtArgument(process.argv.slice(2), new Date());
  if (!(at instanceof Date)) {
    process.stderr.write(`${at.error}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(process.env);
  context = { port: config.port, mode: config.slack.mode, apiUrl: config.slack.apiUrl };
  const logger = createLogger(config.logLevel, (line) => process.stderr.write(`${line}\n`));
  if (config.slack.mode === 'oauth') return oauthPass(config, config.slack, logger, at);
  const token = await botToken(config.slack);
  // A refused token, or no local mode running to talk to, is said before anything is sent.
  const identity = await checkBotToken({ botToken: token, apiUrl: config.slack.apiUrl, logger });

  const opened = await openDatabase(config.databaseUrl, { logger });
  const client = createNudgeClient({ token, apiUrl: config.slack.apiUrl, logger });
  return pass(opened, client, logger, at, identity.teamId);
}

/** With OAuth installs: every installed workspace on its own token. */
async function oauthPass(config: Config, slack: Extract<SlackConfig, { mode: 'oauth' }>, logger: Logger, at: Date): Promise<number> {
  const opened = await openDatabase(config.databaseUrl, { logger });
  const cipher = createTokenCipher(slack.tokenKeys);
  const installer = createInstaller({ ...slack, installationStore: createInstallationStore({ db: opened.database.db, cipher, logger }), logger });
  const workspaces = oauthWorkspaces({
    installer,
    db: opened.database.db,
    apiUrl: slack.apiUrl,
    logger,
    gate: createRateGate(createPaceStore(opened.database.db), logger),
    retentionDays: config.uninstallRetentionDays,
    now: () => new Date(),
  });
  return pass(opened, { workspaces }, logger, at);
}

async function pass(opened: Awaited<ReturnType<typeof openDatabase>>, client: NudgeCommandDeps['client'], logger: Logger, at: Date, teamId?: string): Promise<number> {
  try {
    const { line, summary } = await runNudgeCommand({ db: opened.database.db, client, ...(teamId ? { teamId } : {}), logger }, at);
    process.stdout.write(`${line}\n`);
    if (summary.failed === 0) return 0;
    process.stderr.write(`${summary.failed} nudge${summary.failed === 1 ? '' : 's'} failed (the nudge_* log lines above say why); run the pass again to retry.\n`);
    return 1;
  } catch (error) {
    logger.error('nudge_pass_failed', errorFields(error));
    process.stderr.write(`The nudge pass failed: ${redact(error instanceof Error ? error.name : String(error))}\n`);
    return 1;
  } finally {
    await opened.close();
  }
}

/**
 * The bot token to nudge with: SLACK_BOT_TOKEN, or in local mode the
 * emulator's (config.slack.apiUrl then points at the emulator on PORT).
 * devtools/ is not in the production image, so it is loaded only here and
 * only in local mode.
 */
async function botToken(slack: Exclude<SlackConfig, { mode: 'oauth' }>): Promise<string> {
  if (slack.mode !== 'local') return slack.botToken;
  const { DEFAULT_BOT_TOKEN } = await loadDevtools<FakeSlackStateEntry>('fake-slack/state.js');
  return DEFAULT_BOT_TOKEN;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The nudge pass could not run: ${startupFailureLine(error, context)}\n`);
    process.exit(1);
  },
);
