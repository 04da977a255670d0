import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SessionRatings } from '../../../coach/archive';
import { errorFields } from '../../../log';
import { ratingOfAction } from '../../blocks/ids';
import type { SlackDeps } from '../../deps';
import { whoFrom, wordsFrom } from '../../middleware/who';
import { fill } from '../../../words/catalog';
import { ephemeralResponder } from '../../respond';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * One of the five rating buttons under a report:
 * https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
 * The button's value is the session id; the store only takes a rating of the
 * clicker's own report. The same rating again (a Slack retry, a double
 * press) changes nothing; another number updates it. The thanks is
 * ephemeral, and a retried delivery of a press already stored is not thanked twice.
 */
export function rateSessionButton(deps: SlackDeps & { ratings: SessionRatings }) {
  return async ({ ack, body, action, respond, client, context }: Args): Promise<void> => {
    await ack();
    const who = whoFrom(context);
    const rating = ratingOfAction(action.action_id);
    if (!who || rating === null) return;
    const { teamId, userId } = who;
    const ephemeral = ephemeralResponder({ respond, hasResponseUrl: Boolean(body.response_url), client, channelId: body.channel?.id, userId });
    try {
      const result = await deps.ratings.rate(teamId, userId, action.value ?? '', rating);
      deps.logger.info('session_rated', { team: teamId, user: userId, result, retry: context.retryNum ?? 0 });
      if (result === 'no_report') {
        await ephemeral({ text: (await wordsFrom(context)).rateGone });
        return;
      }
      if (result === 'same' && context.retryNum) return;
      await ephemeral({ text: fill((await wordsFrom(context)).rateThanks, { rating }) });
    } catch (error) {
      deps.logger.error('rate_session_failed', { team: teamId, user: userId, ...errorFields(error) });
      await ephemeral({ text: (await wordsFrom(context)).somethingBroke }).catch(() => {});
    }
  };
}
