import { ConfigError } from '../src/config';
import { AppError } from '../src/errors';
import { startupFailureLine } from '../src/startup';

/** The one line `npm start` prints when it cannot start: what failed and what to do. */
describe('startupFailureLine', () => {
  const oneLine = (line: string) => {
    expect(line).not.toContain('\n');
    expect(line).not.toMatch(/\bat \S+ \(/);
    return line;
  };

  test('each known failure names the variable to fix', () => {
    expect(oneLine(startupFailureLine(new ConfigError(['PORT must be a number', 'DATABASE_URL must be a postgres:// URL'])))).toBe(
      'Invalid configuration: PORT must be a number; DATABASE_URL must be a postgres:// URL (see Configuration in README.md)',
    );
    expect(startupFailureLine(new AppError('slack_token_refused', 'refused', { slack_error: 'invalid_auth' }))).toMatch(
      /^Slack refused the bot token \(invalid_auth\): check SLACK_BOT_TOKEN/,
    );
    expect(startupFailureLine(new AppError('slack_unreachable', 'x', { cause_code: 'ENOTFOUND' }), { apiUrl: 'https://slack.com/api/' })).toMatch(
      /^Slack's Web API at https:\/\/slack\.com\/api\/ did not answer \(ENOTFOUND\): .*SLACK_API_URL.*SLACK_BOT_TOKEN/,
    );
    expect(startupFailureLine(new AppError('slack_unreachable', 'x', { cause_code: 'ECONNREFUSED' }), { mode: 'local', apiUrl: 'http://127.0.0.1:3000/api/' })).toMatch(
      /^no local mode answered at http:\/\/127\.0\.0\.1:3000\/api\/ \(ECONNREFUSED\): start it with `npm start`.*PORT/,
    );
    expect(startupFailureLine(new AppError('slack_app_token_refused', 'x', { slack_error: 'invalid_auth' }))).toMatch(/check SLACK_APP_TOKEN/);
    expect(startupFailureLine(new AppError('database_unreachable', 'Could not reach the database at DATABASE_URL (28P01)', { cause_code: '28P01' }))).toMatch(
      /^Could not reach the database at DATABASE_URL \(28P01\): check DATABASE_URL/,
    );
    expect(startupFailureLine(new AppError('embedded_postgres_failed', 'initdb exited with code 1'))).toBe(
      'the embedded Postgres did not start: initdb exited with code 1. Set DATABASE_URL to a Postgres of your own instead.',
    );
    const inUse = Object.assign(new Error('listen EADDRINUSE: address already in use :::3000'), { code: 'EADDRINUSE', port: 3000 });
    expect(startupFailureLine(inUse)).toBe('port 3000 is already in use: set PORT to a free port, or stop what listens on 3000.');
    const privileged = Object.assign(new Error('listen EACCES'), { code: 'EACCES', syscall: 'listen', port: 80 });
    expect(startupFailureLine(privileged)).toMatch(/port 80: set PORT to 1024 or above/);
  });

  test('anything else: its name and message on one line, tokens and URL passwords masked', () => {
    const error = new Error('could not use xoxb-123-456-abc\n  with postgres://deep:hunter2@db:5432/x');
    const line = oneLine(startupFailureLine(error));
    expect(line).toBe('Error: could not use [redacted] with postgres://deep:***@db:5432/x');
    expect(startupFailureLine('plain')).toBe('plain');
  });
});
