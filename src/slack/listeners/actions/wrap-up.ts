import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorFields } from '../../../log';
import { deliverOutcomes } from '../../deliver';
import type { SlackDeps } from '../../deps';
import { whoFrom, wordsFrom } from '../../middleware/who';
import { ephemeralResponder } from '../../respond';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * The Wrap up button on coach messages and on /coach-report's "session still
 * open" notice: https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
 * The button's value is a session id; the service checks it is the clicker's own.
 */
export function wrapUpButton(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond, context }: Args): Promise<void> => {
    const receivedAt = performance.now();
    await ack();
    const who = whoFrom(context);
    if (!who) return;
    const { teamId, userId } = who;
    const ephemeral = ephemeralResponder({ respond, hasResponseUrl: Boolean(body.response_url), client, channelId: body.channel?.id, userId });
    const tell = (text: string) => ephemeral({ text });
    try {
      const result = await deps.service.wrapUp(teamId, userId, action.value || undefined);
      switch (result.kind) {
        case 'no_session':
          await tell((await wordsFrom(context)).wrapUpNothing);
          return;
        case 'already_reported':
          await tell((await wordsFrom(context)).alreadyWrapped);
          return;
        case 'nothing_said':
          await tell((await wordsFrom(context)).nothingSaidYet);
          return;
        case 'handled':
          await deliverOutcomes(client, result.outcomes, deps, receivedAt);
      }
    } catch (error) {
      deps.logger.error('wrap_up_failed', { team: teamId, user: userId, ...errorFields(error) });
      await tell((await wordsFrom(context)).somethingBroke).catch(() => {});
    }
  };
}

