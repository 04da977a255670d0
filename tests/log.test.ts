import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { createLogger, memoryLogger, type LogFields } from '../src/log';

const BOT_TOKEN = 'xoxb-1111-2222-abcdefSECRET';
const APP_TOKEN = 'xapp-1-A111-222-fedcbaSECRET';
const API_KEY = 'sk-ant-api03-SECRETSECRET_key';
const WORDS = 'I am scared my manager will find out about the layoffs';

function parsed(line: string | undefined): Record<string, unknown> {
  return JSON.parse(line ?? 'null') as Record<string, unknown>;
}

describe('the logger (pino)', () => {
  test('writes one JSON object per line: level name, time, code and the fields given', () => {
    const logger = memoryLogger();
    logger.info('model_call', { model: 'claude', ms: 812, input_tokens: 40, cached: false, missing: undefined });
    expect(logger.lines).toHaveLength(1);
    const line = parsed(logger.lines[0]);
    expect(line).toEqual({ level: 'info', t: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown, code: 'model_call', model: 'claude', ms: 812, input_tokens: 40, cached: false });
  });

  test('drops lines below its level', () => {
    const lines: string[] = [];
    const logger = createLogger('warn', (line) => lines.push(line));
    logger.debug('a');
    logger.info('b');
    logger.warn('c');
    logger.error('d');
    expect(lines.map((l) => parsed(l).code)).toEqual(['c', 'd']);
    expect(lines.map((l) => parsed(l).level)).toEqual(['warn', 'error']);
  });

  test('a secret never reaches the output: by field name (pino redaction) or by its shape anywhere in the line', () => {
    const logger = memoryLogger();
    logger.warn('slack_call_failed', { token: BOT_TOKEN, apiKey: API_KEY, authorization: `Bearer ${BOT_TOKEN}`, signingSecret: 'shhh-signing', password: 'pw-123' });
    // A secret in a field whose name says nothing: masked by its shape.
    logger.warn('slack_web_api', { message: `refused ${APP_TOKEN} and ${BOT_TOKEN} and ${API_KEY}` });
    // One level down, as an SDK's request object would carry it.
    logger.warn('http_request', { headers: { authorization: `Bearer ${API_KEY}` }, req: { headers: { cookie: 'session=abc' } } } as unknown as LogFields);
    const out = logger.lines.join('\n');
    for (const secret of [BOT_TOKEN, APP_TOKEN, API_KEY, 'shhh-signing', 'pw-123', 'session=abc', 'SECRET']) expect(out).not.toContain(secret);
    expect(parsed(logger.lines[0])).toMatchObject({ token: '[redacted]', apiKey: '[redacted]', authorization: '[redacted]', signingSecret: '[redacted]' });
    expect(parsed(logger.lines[1])).toMatchObject({ message: 'refused [redacted] and [redacted] and [redacted]' });
    expect(parsed(logger.lines[2])).toMatchObject({ headers: { authorization: '[redacted]' } });
  });

  test("a message body never reaches the output: text and body fields are censored, at the top and one level down", () => {
    const logger = memoryLogger();
    logger.info('message_received', { team: 'T1', user: 'U1', text: WORDS, body: WORDS, chars: WORDS.length });
    logger.info('slack_event', { event: { type: 'message', text: WORDS }, message: { body: WORDS } } as unknown as LogFields);
    expect(logger.lines.join('\n')).not.toContain('layoffs');
    expect(parsed(logger.lines[0])).toMatchObject({ team: 'T1', user: 'U1', text: '[redacted]', body: '[redacted]', chars: WORDS.length });
    expect(parsed(logger.lines[1])).toMatchObject({ event: { type: 'message', text: '[redacted]' } });
  });

  test('the default logger writes to stdout synchronously: a line logged just before process.exit is kept', () => {
    const root = path.join(__dirname, '..');
    const script = [
      "const { createLogger } = require('./src/log.ts');",
      "const logger = createLogger('info');",
      "logger.debug('hidden');",
      `logger.error('start_failed', { port: 3000, token: '${BOT_TOKEN}' });`,
      'process.exit(1);',
    ].join('\n');
    let stdout = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      stdout = String((error as { stdout?: unknown }).stdout);
    }
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(parsed(lines[0])).toMatchObject({ level: 'error', code: 'start_failed', port: 3000, token: '[redacted]' });
  });
});
