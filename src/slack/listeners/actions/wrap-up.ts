import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { errorFields } from '../../../log';
import { COPY } from '../../copy';
import { deliverOutcomes } from '../../deliver';
import type { SlackDeps } from '../../deps';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * The Wrap up button on coach messages and on /coach-report's "session still
 * open" notice: https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
 * The button's value is a session id; the service checks it is the clicker's own.
 */
export function wrapUpButton(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond }: Args): Promise<void> => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id;
    const userId = body.user.id;
    if (!teamId) return;
    // Every button on a message (ephemeral ones too) comes with a response_url; it works
    // even where the bot is not a channel member, unlike chat.postEphemeral.
    const tell = (text: string) =>
      body.response_url
        ? respond({ response_type: 'ephemeral', replace_original: false, text }).then(() => undefined)
        : body.channel?.id
          ? client.chat.postEphemeral({ channel: body.channel.id, user: userId, text }).then(() => undefined)
          : Promise.resolve();
    try {
      const result = await deps.service.wrapUp(teamId, userId, action.value || undefined);
      switch (result.kind) {
        case 'no_session':
          await tell(COPY.wrapUpNothing);
          return;
        case 'already_reported':
          await tell(COPY.alreadyWrapped);
          return;
        case 'nothing_said':
          await tell(COPY.nothingSaidYet);
          return;
        case 'handled':
          await deliverOutcomes(client, result.outcomes, deps);
      }
    } catch (error) {
      deps.logger.error('wrap_up_failed', { team: teamId, user: userId, ...errorFields(error) });
      await tell(COPY.somethingBroke).catch(() => {});
    }
  };
}

