import { loadConfigOrExit } from './config';
import { createLogger, redact } from './log';
import { startLocal } from './local/start-local';
import { startBot } from './server';

/** `npm start`: parse the environment, start the bot, stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const logger = createLogger(config.logLevel);
  let bot: { stop(): Promise<void> };
  if (config.slack.mode === 'local') {
    // No SLACK_BOT_TOKEN: the Slack emulator page on PORT, the bot behind it (src/local/start-local.ts).
    bot = await startLocal(config, { logger });
  } else {
    const running = await startBot(config, { logger });
    logger.info('started', { mode: config.slack.mode, port: config.port, model: running.model.name });
    bot = running;
  }

  const shutdown = (signal: string) => {
    logger.info('stopping', { signal });
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Deep Thoughts could not start: ${redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error))}\n`);
  process.exit(1);
});
