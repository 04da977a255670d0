import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { errorFields } from '../../../log';
import type { HomeService } from '../../../home/service';
import { webMessenger } from '../../nudge-client';
import { renderHome } from '../../blocks/home';
import { slackErrorFields } from '../../errors';
import type { SlackDeps } from '../../deps';
import { whoFrom, wordsFrom } from '../../middleware/who';
import { wordsForSlack } from '../../../words/catalog';

/**
 * What the App Home listeners share: publishing the Home
 * (https://docs.slack.dev/reference/methods/views.publish) and the shape of
 * a settings action: ack, change, publish again.
 */
export type HomeDeps = SlackDeps & { home: HomeService };

export async function publishHome(client: WebClient, deps: HomeDeps, teamId: string, userId: string, notice?: string): Promise<void> {
  const model = await deps.home.model(teamId, userId, webMessenger(client), notice);
  try {
    await client.views.publish({ user_id: userId, view: renderHome(model, wordsForSlack(model.person?.locale)) });
  } catch (error) {
    deps.logger.error('home_publish_failed', { team: teamId, user: userId, ...slackErrorFields(error) });
  }
}

export type HomeActionArgs<A extends BlockAction = BlockAction> = SlackActionMiddlewareArgs<A> & AllMiddlewareArgs;

/**
 * A settings action from the Home: acknowledged at once (Slack wants it within
 * 3 s), then `change` runs and the Home is published again, with the notice
 * `change` returns if any. A failure is logged by code and the Home
 * republished, so the person sees the settings as they really are.
 */
export function homeAction<A extends BlockAction>(
  deps: HomeDeps,
  code: string,
  change: (args: HomeActionArgs<A>, who: { teamId: string; userId: string }) => Promise<string | void>,
) {
  return async (args: HomeActionArgs<A>): Promise<void> => {
    await args.ack();
    const who = whoFrom(args.context);
    if (!who) return;
    const { teamId, userId } = who;
    let notice: string | undefined;
    try {
      notice = (await change(args, { teamId, userId })) ?? undefined;
    } catch (error) {
      deps.logger.error(code, { team: teamId, user: userId, ...errorFields(error) });
      notice = (await wordsFrom(args.context)).homeActionFailed;
    }
    await publishHome(args.client, deps, teamId, userId, notice).catch((error: unknown) =>
      deps.logger.error('home_publish_failed', { team: teamId, user: userId, ...errorFields(error) }),
    );
  };
}
