/**
 * `npm run nudge -- --at <ISO instant>`: one scheduling pass as if the clock
 * read that instant. Sends what is due, prints one summary line on stdout
 * (`nudged 2, skipped 5 (weekend 3, paused 1, already 1)`) and exits 0. Log
 * lines go to stderr, so stdout is the summary alone.
 */
import { loadConfigOrExit } from '../config';
import { openDatabase } from '../db/open';
import { createLogger, errorFields, redact } from '../log';
import { parseAtArgument, runNudgeCommand } from './nudge-command';
import { createNudgeClient } from '../slack/nudge-client';

const USAGE = 'usage: npm run nudge -- [--at <ISO instant, e.g. 2026-03-02T17:00:00Z>]';

async function main(): Promise<number> {
  const at = parseAtArgument(process.argv.slice(2), new Date());
  if (!(at instanceof Date)) {
    process.stderr.write(`${at.error}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfigOrExit(process.env);
  const logger = createLogger(config.logLevel, (line) => process.stderr.write(`${line}\n`));
  // Without a bot token only a Slack stand-in (SLACK_API_URL: the fake or the emulator) can be talked to.
  const standIn = config.slack.apiUrl !== 'https://slack.com/api/';
  const token = config.slack.botToken ?? (standIn ? 'xoxb-local' : undefined);
  if (!token) {
    process.stderr.write('SLACK_BOT_TOKEN is not set (or set SLACK_API_URL to a local Slack stand-in).\n');
    return 1;
  }

  const opened = await openDatabase(config.databaseUrl, { logger });
  try {
    const client = createNudgeClient({ token, apiUrl: config.slack.apiUrl, logger });
    const { line } = await runNudgeCommand({ db: opened.database.db, client, logger }, at);
    process.stdout.write(`${line}\n`);
    return 0;
  } catch (error) {
    logger.error('nudge_pass_failed', errorFields(error));
    process.stderr.write(`The nudge pass failed: ${redact(error instanceof Error ? error.name : String(error))}\n`);
    return 1;
  } finally {
    await opened.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`The nudge pass could not run: ${redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error))}\n`);
    process.exit(1);
  },
);
