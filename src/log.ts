/**
 * Operator-facing log lines, written by pino: one JSON object per line with a
 * stable `code` (snake_case, like Slack's own error codes), the level's name
 * and only the fields given.
 *
 *   {"level":"info","t":"2026-12-07T23:50:00.000Z","code":"model_call","ms":812,...}
 *
 * Callers pass ids and counts, never message bodies or secrets. As lines of
 * defence behind that: pino's redaction censors fields that by their name
 * hold a secret or a person's words (tokens, secrets, authorization headers,
 * `text`, `body`), and anything that still looks like a Slack or Anthropic
 * token is masked in the finished line before it is written.
 */
import pino from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(code: string, fields?: LogFields): void;
  info(code: string, fields?: LogFields): void;
  warn(code: string, fields?: LogFields): void;
  error(code: string, fields?: LogFields): void;
}

const SECRET = /\b(?:xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk-ant-[A-Za-z0-9_-]+)/g;

export function redact(value: string): string {
  return value.replace(SECRET, '[redacted]');
}

/** Field names whose value is never written: secrets by name, and a person's or the model's words. */
const SECRET_KEYS = ['token', 'botToken', 'appToken', 'accessToken', 'apiKey', 'api_key', 'secret', 'signingSecret', 'clientSecret', 'password', 'authorization', 'cookie'];
const WORDS_KEYS = ['text', 'body', 'prompt', 'reply', 'content'];
/**
 * Every such field at the top level (where LogFields puts them), and under the objects an SDK's
 * request, response or event would arrive as. Named paths, not `*.key` wildcards: pino's wildcard
 * redaction costs ten times a plain line (bench/observability.ts).
 */
const NESTED_UNDER = ['headers', 'req', 'res', 'request', 'response', 'event', 'message', 'error', 'body', 'data'];
export const REDACTED_PATHS: string[] = [
  ...SECRET_KEYS,
  ...WORDS_KEYS,
  ...NESTED_UNDER.flatMap((parent) => [...SECRET_KEYS, ...WORDS_KEYS].map((key) => `${parent}.${key}`)),
  'req.headers.authorization',
  'req.headers.cookie',
];

export type LogSink = (line: string) => void;

export function createLogger(level: LogLevel = 'info', sink?: LogSink): Logger {
  // Through process.stdout, as before pino: synchronous for files and pipes on Linux, so a line logged
  // just before process.exit (a failed start-up) is kept. Not pino.destination({ sync: true }):
  // sonic-boom meets a full pipe (EAGAIN) by blocking the event loop for 100 ms and trying again.
  const destination = sink
    ? { write: (chunk: string) => sink(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) }
    : { write: (chunk: string) => process.stdout.write(chunk) };
  const log = pino(
    {
      level,
      messageKey: 'code',
      // No pid or hostname on every line; the platform adds where a line came from.
      base: undefined,
      timestamp: () => `,"t":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: redact },
    },
    destination,
  );
  return {
    debug: (code, fields) => log.debug(fields ?? {}, code),
    info: (code, fields) => log.info(fields ?? {}, code),
    warn: (code, fields) => log.warn(fields ?? {}, code),
    error: (code, fields) => log.error(fields ?? {}, code),
  };
}

/** For tests: a logger that keeps its lines. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(createLogger('debug', (line) => lines.push(line)), { lines });
}

/** The error's class and code, safe to log: never its message, which may quote input. */
export function errorFields(error: unknown): LogFields {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; code?: unknown; status?: unknown };
    return {
      error: typeof e.name === 'string' ? e.name : 'Error',
      error_code: typeof e.code === 'string' ? e.code : undefined,
      status: typeof e.status === 'number' ? e.status : undefined,
    };
  }
  return { error: typeof error };
}
