/**
 * Internal failures with a stable code, as Bolt and Slack do it: the code is
 * what an operator searches for, so it is what gets logged (log.ts
 * errorFields reads `code`). The message carries no message bodies or secrets.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string = code,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
