import { ConfigError, loadConfig } from '../src/config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  test('nothing set: local mode, embedded Postgres, offline coach, port 3000', () => {
    const config = loadConfig({});
    expect(config.slack.mode).toBe('local');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.anthropic.apiKey).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.slack.apiUrl).toBe('https://slack.com/api/');
  });

  test('the modes follow the Slack variables; empty strings count as unset', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack.mode).toBe('http');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.mode).toBe('socket');
    expect(loadConfig({ SLACK_BOT_TOKEN: '', ANTHROPIC_API_KEY: '' }).slack.mode).toBe('local');
    expect(loadConfig({ SLACK_API_URL: 'http://127.0.0.1:9/api' }).slack.apiUrl).toBe('http://127.0.0.1:9/api/');
  });

  test('a bad value names the variable and what is wrong, never the value', () => {
    const secret = 'xoxp-not-a-bot-token-123';
    const found = problems({ SLACK_BOT_TOKEN: secret, PORT: '70000', DATABASE_URL: 'mysql://x', SLACK_API_URL: 'nope' });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SLACK_BOT_TOKEN must be a bot token/),
        'PORT must be 0 to 65535',
        expect.stringMatching(/^DATABASE_URL must be a postgres/),
        expect.stringMatching(/^SLACK_API_URL must be a URL/),
      ]),
    );
    expect(found.join('\n')).not.toContain(secret);
    expect(problems({ PORT: 'abc' })).toEqual(['PORT must be a number']);
  });

  test('HTTP mode needs the signing secret', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET is required/)]);
  });
});
