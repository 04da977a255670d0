/**
 * `npm start` with a bad environment: it says which variables are wrong and
 * why, never their values, and exits 1 before opening anything (no port, no
 * database). The app's own entry point is run as npm runs it (tsx src/main.ts).
 */
import path from 'node:path';
import { ROOT, startProcess } from '../support/process';

test('a bad configuration exits 1, naming each bad variable but never its value', async () => {
  const secret = 'xoxp-a-user-token-not-a-bot-token-123';
  const app = startProcess(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    SLACK_BOT_TOKEN: secret,
    PORT: '70000',
    DATABASE_URL: 'mysql://root:hunter2@db/deep',
  });
  try {
    expect(await app.exitWithin(30_000)).toBe(1);
  } finally {
    app.kill();
  }
  const output = app.output();
  expect(output).toContain('Invalid configuration:');
  expect(output).toMatch(/SLACK_BOT_TOKEN must be a bot token/);
  expect(output).toContain('PORT must be 0 to 65535');
  expect(output).toMatch(/DATABASE_URL must be a postgres/);
  expect(output).not.toContain(secret);
  expect(output).not.toContain('hunter2');
  // Nothing started: no log line at all (the first would be the database or the listener).
  expect(app.logCodes()).toEqual([]);
}, 40_000);
