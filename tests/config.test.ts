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
    expect(config.slack).toEqual({ mode: 'local', apiUrl: 'http://127.0.0.1:3000/api/' });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.anthropic.apiKey).toBeUndefined();
    expect(config.port).toBe(3000);
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

  test('each mode carries exactly its own Slack settings', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack).toEqual({
      mode: 'http',
      botToken: 'xoxb-1',
      signingSecret: 's',
      apiUrl: 'https://slack.com/api/',
    });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack).toEqual({
      mode: 'socket',
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
      apiUrl: 'https://slack.com/api/',
    });
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_SIGNING_SECRET: 's' }).slack).toMatchObject({
      mode: 'socket',
      signingSecret: 's',
    });
    // Local mode: the running emulator's Web API on PORT (where `npm run nudge` finds it), or SLACK_API_URL.
    expect(loadConfig({ PORT: '4100' }).slack).toEqual({ mode: 'local', apiUrl: 'http://127.0.0.1:4100/api/' });
    expect(loadConfig({ SLACK_API_URL: 'http://127.0.0.1:9/api' }).slack).toEqual({ mode: 'local', apiUrl: 'http://127.0.0.1:9/api/' });
  });

  test('the mode narrows the type: tokens without `!`', () => {
    const { slack } = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    // Compiles only because the union narrows; a token that could be undefined would not be a string here.
    const token: string = slack.mode === 'local' || slack.mode === 'oauth' ? 'none' : slack.botToken;
    const secret: string | undefined = slack.mode === 'http' ? slack.signingSecret : undefined;
    expect([token, secret]).toEqual(['xoxb-1', 's']);
  });

  test('SLACK_APP_TOKEN without SLACK_BOT_TOKEN is an error naming SLACK_BOT_TOKEN, not local mode', () => {
    const found = problems({ SLACK_APP_TOKEN: 'xapp-1-secret-part' });
    expect(found).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN is required with SLACK_APP_TOKEN/)]);
    expect(found.join('\n')).not.toContain('secret-part');
  });

  test('the error is one line, with every problem', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      message = (error as ConfigError).message;
    }
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^Invalid configuration: .*DATABASE_URL must be a postgres.*; .*PORT must be a number|^Invalid configuration: .*PORT must be a number.*; .*DATABASE_URL/);
  });
  test('OTEL_EXPORTER_OTLP_ENDPOINT switches tracing on; unset or empty, it is off; not a URL, an error naming it', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toEqual({ endpoint: 'http://collector:4318' });
    expect(problems({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' })).toEqual([expect.stringMatching(/^OTEL_EXPORTER_OTLP_ENDPOINT must be a URL/)]);
  });

  test('RETENTION_DAYS: unset or empty keeps everything; a positive whole number of days; anything else an error naming it', () => {
    expect(loadConfig({}).retentionDays).toBeUndefined();
    expect(loadConfig({ RETENTION_DAYS: '' }).retentionDays).toBeUndefined();
    expect(loadConfig({ RETENTION_DAYS: '90' }).retentionDays).toBe(90);
    expect(loadConfig({ RETENTION_DAYS: ' 7 ' }).retentionDays).toBe(7);
    for (const bad of ['0', '-3', '1.5', 'ninety', '30d']) {
      expect(problems({ RETENTION_DAYS: bad })).toEqual([expect.stringMatching(/^RETENTION_DAYS must be/)]);
    }
  });
});

describe('OAuth mode', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  const oauth = { SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret', SLACK_SIGNING_SECRET: 's', TOKEN_ENCRYPTION_KEY: key };

  test('the three OAuth variables, the signing secret and the key: OAuth mode, with the retention default of 30 days', () => {
    const config = loadConfig(oauth);
    expect(config.slack).toEqual({
      mode: 'oauth',
      clientId: '123.456',
      clientSecret: 'client-secret',
      stateSecret: 'state-secret',
      signingSecret: 's',
      apiUrl: 'https://slack.com/api/',
      tokenKeys: { current: Buffer.alloc(32, 7) },
    });
    expect(config.uninstallRetentionDays).toBe(30);
    expect(loadConfig({ ...oauth, UNINSTALL_RETENTION_DAYS: '7' }).uninstallRetentionDays).toBe(7);
    expect(loadConfig({ ...oauth, TOKEN_ENCRYPTION_KEY_PREVIOUS: Buffer.alloc(32, 9).toString('base64') }).slack).toMatchObject({
      tokenKeys: { current: Buffer.alloc(32, 7), previous: Buffer.alloc(32, 9) },
    });
  });

  test('refuses SLACK_BOT_TOKEN together with the OAuth variables, naming both sides', () => {
    const found = problems({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(found).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN cannot be set together with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET/)]);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_CLIENT_ID: '1.2' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^SLACK_BOT_TOKEN cannot be set together with SLACK_CLIENT_ID/)]),
    );
    expect(problems({ ...oauth, SLACK_APP_TOKEN: 'xapp-1' })).toEqual([expect.stringMatching(/^SLACK_APP_TOKEN cannot be set in OAuth mode/)]);
  });

  test('one OAuth variable asks for the others, the signing secret and the key', () => {
    expect(problems({ SLACK_CLIENT_ID: '1.2' })).toEqual([
      expect.stringMatching(/^SLACK_CLIENT_SECRET is required/),
      expect.stringMatching(/^SLACK_STATE_SECRET is required/),
      'SLACK_SIGNING_SECRET is required in OAuth mode',
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY is required in OAuth mode/),
    ]);
  });

  test('a key that is not 32 bytes of base64 is refused without being echoed', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    const found = problems({ ...oauth, TOKEN_ENCRYPTION_KEY: short, TOKEN_ENCRYPTION_KEY_PREVIOUS: 'not base64!' });
    expect(found).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY must be 32 bytes, base64/),
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY_PREVIOUS must be 32 bytes, base64/),
    ]);
    expect(found.join('\n')).not.toContain(short);
    expect(problems({ ...oauth, UNINSTALL_RETENTION_DAYS: '-1' })).toEqual(['UNINSTALL_RETENTION_DAYS must be 0 or more']);
  });
});
