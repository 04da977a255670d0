import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { PrivacyService } from '../../../privacy/service';
import type { SlackDeps } from '../../deps';
import { publishHome } from './home-common';

export type PrivacyDeps = SlackDeps & { privacy: PrivacyService };
export type PrivacyActionArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Tells the person how their export or deletion went, where they pressed
 * the button: on the App Home, the Home is published again with the line as
 * its notice (Home actions have no response_url); on a message (the
 * ephemeral answer of `/coach-report delete`), the message is replaced by
 * the line, so its button is gone once it has done its work.
 */
export async function answerWhereClicked(args: PrivacyActionArgs, deps: PrivacyDeps, who: { teamId: string; userId: string }, text: string): Promise<void> {
  const { body, respond, client } = args;
  if (body.container?.type === 'view') {
    if (deps.home) await publishHome(client, { ...deps, home: deps.home }, who.teamId, who.userId, text);
    return;
  }
  if (body.response_url) {
    await respond({ response_type: 'ephemeral', replace_original: true, text });
    return;
  }
  if (body.channel?.id) await client.chat.postEphemeral({ channel: body.channel.id, user: who.userId, text });
}
