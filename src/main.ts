import { loadConfig, type Config } from './config';
import { createLogger, type Logger } from './log';
import { loadDevtools, type LocalModeEntry } from './local-tooling';
import { startupFailureLine, type StartupContext } from './startup';

type Tracing = import('./observability/tracing.js').Tracing;

/**
 * `npm start`: parse the environment, start the bot, stop cleanly on
 * SIGTERM/SIGINT. When it cannot start (a bad variable, a refused token, a
 * port in use, a database out of reach), it prints one line on stderr
 * saying what to do, and exits 1.
 */
let context: StartupContext = {};

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  context = { port: config.port, mode: config.slack.mode, apiUrl: config.slack.apiUrl };
  const logger = createLogger(config.logLevel);
  // Tracing first: its instrumentations patch http and pg as they are required, so the app is
  // imported only after it (dynamically). Without OTEL_EXPORTER_OTLP_ENDPOINT none of it is loaded.
  let tracing: Tracing | undefined;
  if (config.tracing) {
    const { startTracing } = await import('./observability/tracing.js');
    tracing = startTracing({ endpoint: config.tracing.endpoint });
    logger.info('tracing_started', { exporter: 'otlp_http' });
  }
  const { startBot } = await import('./server.js');

  const starting: Promise<{ stop(): Promise<void> }> =
    config.slack.mode === 'local'
      ? // No SLACK_BOT_TOKEN: the Slack emulator page on PORT, the bot behind it (devtools/local-mode.ts).
        startLocalMode(config, logger)
      : startBot(config, { logger }).then((bot) => {
          logger.info('started', { mode: config.slack.mode, port: config.port, model: bot.model.name, database: bot.databaseLabel });
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
      // The spans of the last replies go out before the process does.
      .then(() => tracing?.shutdown().catch(() => logger.warn('tracing_shutdown_failed')))
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await starting;
}

/** devtools/ is not in the production image nor in dist/, so local mode is loaded only when it is asked for (src/local-tooling.ts). */
async function startLocalMode(config: Config, logger: Logger) {
  const local = await loadDevtools<LocalModeEntry>('local-mode.js');
  return local.startLocal(config, { logger });
}

function fail(error: unknown): never {
  process.stderr.write(`Deep Thoughts could not start: ${startupFailureLine(error, context)}\n`);
  process.exit(1);
}

// While starting, anything thrown out of band (a library's unhandled rejection, say) ends in the same one line.
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
main().then(() => {
  process.off('uncaughtException', fail);
  process.off('unhandledRejection', fail);
}, fail);
