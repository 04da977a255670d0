import { ConfigError, type SlackMode } from './config';
import { AppError } from './errors';
import { redact } from './log';

/**
 * What `npm start` (and `npm run nudge`) print when they cannot start: one
 * line, saying what failed and what to do about it, never a stack trace,
 * a token or a password.
 */
export interface StartupContext {
  /** PORT, for "port 3000 is in use". */
  port?: number;
  mode?: SlackMode;
  /** The Slack Web API's base URL, for "Slack did not answer at …". */
  apiUrl?: string;
}

export function startupFailureLine(error: unknown, context: StartupContext = {}): string {
  return oneLine(reasonAndRemedy(error, context));
}

function reasonAndRemedy(error: unknown, context: StartupContext): string {
  if (error instanceof ConfigError) return `${error.message} (see Configuration in README.md)`;

  if (error instanceof AppError) {
    const cause = error.fields.cause_code ?? error.fields.slack_error;
    const because = cause ? ` (${cause})` : '';
    switch (error.code) {
      case 'slack_token_refused':
        return `Slack refused the bot token${because}: check SLACK_BOT_TOKEN (the app's Bot User OAuth Token, xoxb-…, from an app installed in the workspace).`;
      case 'slack_unreachable':
        return context.mode === 'local'
          ? `no local mode answered at ${context.apiUrl ?? 'the emulator'}${because}: start it with \`npm start\` (no SLACK_BOT_TOKEN), or set PORT to the port it runs on.`
          : `Slack's Web API${context.apiUrl ? ` at ${context.apiUrl}` : ''} did not answer${because}: check the network, or SLACK_API_URL if it is set; then check SLACK_BOT_TOKEN.`;
      case 'slack_app_token_refused':
        return `Slack refused the app-level token${because}: check SLACK_APP_TOKEN (xapp-…, with the connections:write scope), or unset it to serve Slack over HTTP.`;
      case 'database_unreachable':
        return `${error.message}: check DATABASE_URL (host, port, user, password, database name), or unset it to use the embedded Postgres.`;
      case 'embedded_postgres_failed':
        return `the embedded Postgres did not start: ${error.message}. Set DATABASE_URL to a Postgres of your own instead.`;
      case 'local_mode_unavailable':
        return `${error.message}: set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN) to run against Slack.`;
      default:
        return `${error.message} (${error.code})`;
    }
  }

  const errno = error as NodeJS.ErrnoException & { port?: number };
  if (errno?.code === 'EADDRINUSE') {
    const port = errno.port ?? context.port;
    return `port ${port ?? 'PORT'} is already in use: set PORT to a free port, or stop what listens on ${port ?? 'it'}.`;
  }
  if (errno?.code === 'EACCES' && errno.syscall === 'listen') {
    return `this user may not listen on port ${errno.port ?? context.port ?? 'PORT'}: set PORT to 1024 or above.`;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** One line, at most 500 characters, with tokens and URL passwords masked. */
function oneLine(text: string): string {
  const flat = redact(text)
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@\s]+@/gi, '$1***@')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > 500 ? `${flat.slice(0, 497)}...` : flat;
}
