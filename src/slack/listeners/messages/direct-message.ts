import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { errorFields } from '../../../log';
import { deliverOutcomes, post } from '../../deliver';
import { decodeSlackText } from '../../mrkdwn';
import type { SlackDeps } from '../../deps';
import { withThinking } from '../../thinking';
import { whoFrom, wordsFrom } from '../../middleware/who';
import { receiptFrom } from '../../receipt';
import type { Received } from '../../../coach/service';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/** Subtypes that carry a person's words. Edits, deletions and other hidden subtypes are not new turns. */
const COACHABLE_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

/**
 * A person's DM to the bot (`message.im`): https://docs.slack.dev/reference/events/message.im
 * Events are acknowledged by Bolt before this runs; a re-delivery (X-Slack-Retry-Num)
 * is recognised by the stored message's unique key and yields nothing.
 */
export function directMessage(deps: SlackDeps) {
  return async ({ event, context, client }: Args): Promise<void> => {
    const receivedAt = performance.now();
    const message = event as typeof event & { user?: string; text?: string; bot_id?: string; thread_ts?: string; files?: unknown[] };
    if (message.channel_type !== 'im') return;
    if (!COACHABLE_SUBTYPES.has(message.subtype) || message.bot_id || !message.user) return;
    if (context.botUserId && message.user === context.botUserId) return;
    const who = whoFrom(context);
    if (!who) return;
    const { teamId, userId } = who;

    const thread = { channel: message.channel, thread_ts: message.thread_ts ?? message.ts };
    // Stored as the person typed it (Slack sends it escaped); only an all-blank message is not a turn.
    const text = decodeSlackText(message.text ?? '');
    if (!text.trim()) {
      if (message.files?.length && !context.retryNum) await post(client, thread, { text: (await wordsFrom(context)).noTextToCoach }, deps.logger);
      return;
    }

    // Stored before Slack hears "received": if that fails, the event is refused and Slack sends it again.
    const receipt = receiptFrom(context);
    let received: Received;
    try {
      received = await deps.service.receive({ teamId, userId, channelId: message.channel, ts: message.ts, threadTs: message.thread_ts, text });
    } catch (error) {
      deps.logger.error('message_not_stored', { team: teamId, user: userId, held: receipt.held, ...errorFields(error) });
      receipt.refused(error);
      // Without a receipt to refuse (no gate in front), only the person can send it again.
      if (!receipt.held) await post(client, thread, { text: (await wordsFrom(context)).somethingBroke }, deps.logger);
      return;
    }
    receipt.received();

    try {
      const target = { channel: message.channel, ts: message.ts, retry: Boolean(context.retryNum), token: context.botToken };
      const answer = () => withThinking(deps.signals ?? client, target, deps.logger, () => deps.service.answer(received), deps.thinkingAfterMs);
      // In the answers' lane: stored messages wait there, not in the event loop and the pool beside the ones being stored.
      const result = await (deps.answers ? deps.answers.run(answer) : answer());
      switch (result.kind) {
        case 'duplicate':
          deps.logger.info('message_duplicate', { team: teamId, retry: context.retryNum ?? 0, resumed: result.outcomes.length });
          await deliverOutcomes(client, result.outcomes, deps, receivedAt);
          return;
        case 'session_closed':
          // Said once: a re-delivery of the same message gets no second notice.
          if (context.retryNum) return;
          await post(
            client,
            { channel: result.channelId, thread_ts: message.thread_ts ?? message.ts },
            { text: result.status === 'completed' ? (await wordsFrom(context)).sessionClosed : (await wordsFrom(context)).abandonedSession },
            deps.logger,
          );
          return;
        case 'nothing_to_wrap':
          if (context.retryNum) return;
          await post(client, { channel: result.channelId, thread_ts: result.threadTs }, { text: (await wordsFrom(context)).nothingSaidYet }, deps.logger);
          return;
        case 'handled':
          await deliverOutcomes(client, result.outcomes, deps, receivedAt);
      }
    } catch (error) {
      // The message is stored: the sweep (src/jobs/session-sweep.ts) answers it once whatever failed recovers.
      deps.logger.error('message_failed', { team: teamId, user: userId, ...errorFields(error) });
      await post(client, thread, { text: (await wordsFrom(context)).answerDelayed }, deps.logger);
    }
  };
}
