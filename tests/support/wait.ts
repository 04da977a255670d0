/**
 * Waiting for what a test needs, never for a while: `waitFor` polls a check
 * until it yields a value, and fails with what it was waiting for once the
 * deadline passes. The poll interval only bounds how often the check runs;
 * no outcome depends on it. Sleeping and then asserting is not allowed in
 * these tests: wait for the row, the call on the fake or the log line.
 */

export interface WaitOptions {
  /** How long before giving up; 10 s unless told. */
  timeoutMs?: number;
  /** How often to look again. */
  intervalMs?: number;
}

/** Resolves with the first value `check` returns that is not undefined, null or false; rejects after the deadline. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 20;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      // A check may throw while what it looks at is not there yet; the last such error is reported.
      lastError = error;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface LogLine {
  t: string;
  level: string;
  code: string;
  [field: string]: unknown;
}

/** The parsed lines of a memoryLogger. */
export function logLines(logger: { lines: string[] }): LogLine[] {
  return logger.lines.map((line) => JSON.parse(line) as LogLine);
}

/** Waits for a log line with `code` (and the given fields) written after the first `from` lines; resolves with it. */
export function waitForLog(
  logger: { lines: string[] },
  code: string,
  fields: Record<string, unknown> = {},
  options: WaitOptions & { from?: number } = {},
): Promise<LogLine> {
  const matches = (line: LogLine) => line.code === code && Object.entries(fields).every(([k, v]) => line[k] === v);
  return waitFor(`log line ${code} ${JSON.stringify(fields)}`, () => logLines(logger).slice(options.from ?? 0).find(matches), options);
}

/** A promise with its resolve function outside: a gate a fake waits on until the test opens it. */
export function gate<T = void>(): { promise: Promise<T>; open(value: T): void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}
