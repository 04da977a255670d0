/**
 * Operator-facing log lines: one JSON object per line with a stable `code`
 * (snake_case, like Slack's own error codes) and only the fields given.
 * Callers pass ids and counts, never message bodies or secrets; as a second
 * line of defence, anything that looks like a Slack or Anthropic token is
 * masked before it is written.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(code: string, fields?: LogFields): void;
  info(code: string, fields?: LogFields): void;
  warn(code: string, fields?: LogFields): void;
  error(code: string, fields?: LogFields): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET = /\b(?:xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk-ant-[A-Za-z0-9_-]+)/g;

export function redact(value: string): string {
  return value.replace(SECRET, '[redacted]');
}

export type LogSink = (line: string) => void;

export function createLogger(level: LogLevel = 'info', sink: LogSink = (line) => process.stdout.write(`${line}\n`)): Logger {
  const write = (at: LogLevel, code: string, fields: LogFields = {}) => {
    if (ORDER[at] < ORDER[level]) return;
    sink(redact(JSON.stringify({ t: new Date().toISOString(), level: at, code, ...fields })));
  };
  return {
    debug: (code, fields) => write('debug', code, fields),
    info: (code, fields) => write('info', code, fields),
    warn: (code, fields) => write('warn', code, fields),
    error: (code, fields) => write('error', code, fields),
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
