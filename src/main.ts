import { loadConfigOrExit } from './config';
import { createLogger, redact } from './log';
import { startLocal } from '../devtools/local-mode';
import { startBot } from './server';

/** `npm start`: parse the environment, start the bot, stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const logger = createLogger(config.logLevel);

  const starting: Promise<{ stop(): Promise<void> }> =
    config.slack.mode === 'local'
      ? // No SLACK_BOT_TOKEN: the Slack emulator page on PORT, the bot behind it (devtools/local-mode.ts).
        startLocal(config, { logger })
      : startBot(config, { logger }).then((bot) => {
          logger.info('started', { mode: config.slack.mode, port: config.port, model: bot.model.name });
          return bot;
        });

  // Listening before start-up ends: a signal that arrives while the scheduler is still
  // starting (the HTTP port already answers) must drain too, not kill the process outright.
  let stopping = false;
  const shutdown = (signal: string) => {
    // Acted on once: Ctrl-C sends SIGINT to npm and the app together, and npm forwards it again (tsx's CLI
    // relays it too); with a one-shot listener that second signal killed the process mid-drain.
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    starting
      .then((bot) => bot.stop())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await starting;
}

main().catch((error: unknown) => {
  process.stderr.write(`Deep Thoughts could not start: ${redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error))}\n`);
  process.exit(1);
});
