/**
 * The yardstick of `npm run bench`: the barest Bolt bot there is, on the
 * project's own @slack/bolt. Bolt's default HTTP receiver acknowledges a
 * person's DM event at once, and the listener posts one chat.postMessage in
 * the message's thread. No database, no model, no reactions, no profile
 * lookups: what any Bolt bot pays for receiving an event and answering it.
 *
 * Run as a child process by bench/compare.ts, started the way the bot is
 * (node on compiled JavaScript: bench/child.ts transpiles it), with SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_API_URL and PORT.
 * Prints {"code":"started"} once it listens; stops on SIGTERM.
 */
import { App, LogLevel } from '@slack/bolt';

async function main(): Promise<void> {
  const env = process.env;
  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    clientOptions: { slackApiUrl: env.SLACK_API_URL },
    logLevel: LogLevel.ERROR,
  });

  app.event('message', async ({ event, client }) => {
    const message = event as { channel: string; channel_type?: string; ts: string; thread_ts?: string; subtype?: string; bot_id?: string; text?: string };
    if (message.channel_type !== 'im' || message.subtype || message.bot_id) return;
    await client.chat.postMessage({ channel: message.channel, thread_ts: message.thread_ts ?? message.ts, text: `You said: ${message.text ?? ''}` });
  });

  await app.start(Number(env.PORT ?? 3000));
  process.stdout.write(`${JSON.stringify({ code: 'started', port: Number(env.PORT ?? 3000) })}\n`);

  const stop = () => {
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`echo bot failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
