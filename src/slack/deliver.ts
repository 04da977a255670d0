import type { WebClient } from '@slack/web-api';
import type { CoachOutcome } from '../coach/service';
import type { Report } from '../coach/report';
import type { Logger } from '../log';
import type { SlackMessage } from './blocks/message';
import { renderCoachReply, renderReport, renderReportPlain } from './blocks/report';
import { wordsForSlack, type Words } from '../words/catalog';
import { slackErrorCode, slackErrorFields } from './errors';
import type { ReplyMeter } from './meter';

/**
 * Posts what the coach service decided, in the session's thread. Everything
 * posted here is already stored: a Slack failure loses nothing, it only
 * leaves the person without the message until they ask again.
 * `receivedAt` (performance.now() when the person's message reached the bot)
 * times each answer Slack took, for the reply latency metric; answers to
 * messages of earlier processes (a resumed session) are counted, not timed.
 */
export async function deliverOutcomes(
  client: WebClient,
  outcomes: CoachOutcome[],
  deps: { logger: Logger; meter?: ReplyMeter },
  receivedAt?: number,
): Promise<void> {
  for (const outcome of outcomes) {
    const thread = { channel: outcome.channelId, thread_ts: outcome.threadTs };
    // The person's words, by the locale the service read with the session's lease.
    const words = wordsForSlack(outcome.locale);
    let delivered: boolean;
    switch (outcome.kind) {
      case 'reply':
        delivered = (await post(client, thread, renderCoachReply(outcome.text, { sessionId: outcome.sessionId, words }), deps.logger)) !== undefined;
        break;
      case 'report':
        delivered = await postReport(client, thread, outcome.report, words, deps.logger, outcome.sessionId);
        break;
      case 'support':
        // The catalog's own words, plain: no Wrap up button, nothing to press.
        delivered = (await post(client, thread, { text: outcome.text }, deps.logger)) !== undefined;
        break;
      case 'model_unavailable':
        delivered = (await post(client, thread, { text: words.modelUnavailable }, deps.logger)) !== undefined;
        break;
    }
    if (delivered) deps.meter?.replied(outcome.kind, receivedAt === undefined ? undefined : (performance.now() - receivedAt) / 1000);
  }
}

interface Thread {
  channel: string;
  thread_ts?: string;
}

/** Posts one message; returns its ts, or undefined when Slack refused (logged by code). */
export async function post(client: WebClient, where: Thread, message: SlackMessage | { text: string }, logger: Logger): Promise<string | undefined> {
  try {
    const result = await client.chat.postMessage({ ...where, ...message, unfurl_links: false, unfurl_media: false });
    return result.ts;
  } catch (error) {
    logger.error('slack_post_failed', { channel: where.channel, ...slackErrorFields(error) });
    return undefined;
  }
}

/** What Slack answers when it will not take a message's blocks; plain text still goes through. */
const BLOCKS_REFUSED = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'msg_blocks_too_long', 'too_many_blocks', 'invalid_arguments']);

/** Block Kit first, with the rating buttons under it; if Slack refuses the blocks, the same report as plain text. True when it went out whole. */
export async function postReport(client: WebClient, where: Thread, report: Report, words: Words, logger: Logger, sessionId?: string): Promise<boolean> {
  const messages = renderReport(report, words, sessionId ? { rateSessionId: sessionId } : {});
  for (const [index, message] of messages.entries()) {
    try {
      await client.chat.postMessage({ ...where, ...message, unfurl_links: false, unfurl_media: false });
    } catch (error) {
      const code = slackErrorCode(error);
      logger.error('slack_report_post_failed', { channel: where.channel, part: index, ...slackErrorFields(error) });
      if (!code || !BLOCKS_REFUSED.has(code)) return false;
      // Plain text from the start, so the person gets the report whole and in order.
      return postPlainReport(client, where, report, words, logger);
    }
  }
  return true;
}

async function postPlainReport(client: WebClient, where: Thread, report: Report, words: Words, logger: Logger): Promise<boolean> {
  const parts = [words.reportFallbackNote, ...renderReportPlain(report, words)];
  for (const text of parts) {
    if (!(await post(client, where, { text }, logger))) return false;
  }
  return true;
}
