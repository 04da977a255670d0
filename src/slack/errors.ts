import { errorFields } from '../log';

/** Slack's error code of a failed Web API call (`data.error`), if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** Slack API errors are logged by their code (never the request, which holds the text). */
export function slackErrorFields(error: unknown) {
  return { ...errorFields(error), slack_error: slackErrorCode(error) };
}
