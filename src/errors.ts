import type { LogFields } from './log';

/**
 * An internal failure with a stable, snake_case `code` (like the log lines'
 * codes and Slack's own error codes), so that it is logged, tested and
 * handled by its code rather than by its wording. `errorFields` (src/log.ts)
 * logs an AppError as `error: 'AppError', error_code: <code>`.
 *
 * An AppError never carries a message body, a token or a password: its
 * message is a fixed sentence for people, and `fields` holds only ids,
 * counts and other codes (an operating-system or Slack error code, say).
 * It keeps no `cause` for the same reason: wrap a library's error by copying
 * its code into `fields`, not by holding on to it.
 */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: string,
    message: string = code,
    readonly fields: LogFields = {},
  ) {
    super(message);
  }
}

/** Whether `error` is an AppError with `code` (any AppError when `code` is left out). */
export function isAppError(error: unknown, code?: string): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
