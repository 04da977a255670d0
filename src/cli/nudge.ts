/**
 * `npm run nudge -- --at <ISO instant>`: one scheduling pass as if the clock
 * read that instant. Sends what is due, prints one summary line on stdout
 * (`nudged 2, skipped 5 (weekend 3, paused 1, already 1)`) and exits 0, or 1
 * when any nudge failed (`…, failed 1`). Log lines go to stderr, so stdout is
 * the summary alone.
 *
 * Against Slack it uses SLACK_BOT_TOKEN; in local mode (no SLACK_BOT_TOKEN)
 * it talks to the running local mode's emulator on PORT, with the
 * emulator's own bot token.
 */
import { loadConfig, type SlackConfig } from '../config';
import { openDatabase } from '../db/open';
import { loadDevtools, type FakeSlackStateEntry } from '../local-tooling';
import { createLogger, errorFields, redact } from '../log';
import { checkBotToken } from '../slack/auth-check';
import { startupFailureLine, type StartupContext } from '../startup';
import { parseAtArgument, runNudgeCommand } from './nudge-command';
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
  const token = await botToken(config.slack);
  // A refused token, or no local mode running to talk to, is said before anything is sent.
  const identity = await checkBotToken({ botToken: token, apiUrl: config.slack.apiUrl, logger });

  const opened = await openDatabase(config.databaseUrl, { logger });
  try {
    const client = createNudgeClient({ token, apiUrl: config.slack.apiUrl, logger });
    const { line, summary } = await runNudgeCommand({ db: opened.database.db, client, teamId: identity.teamId, logger }, at);
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
async function botToken(slack: SlackConfig): Promise<string> {
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
