import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log';
import { slackErrorFields } from './errors';

const REACTION = 'thought_balloon';

/**
 * Shows a 💭 reaction on the person's message while the coach works, and
 * takes it off after. A re-delivered event gets none: its twin is already
 * showing it, and removing ours would remove theirs. `client` should be one
 * that neither retries nor waits out a 429 (see src/slack/app.ts): the
 * reaction is decoration, never a reason to delay a reply.
 */
export async function withThinking<T>(
  client: WebClient,
  /** `token`: the request's bot token, for a client that has none of its own (OAuth installs). */
  target: { channel: string; ts: string; retry: boolean; token?: string },
  logger: Logger,
  work: () => Promise<T>,
): Promise<T> {
  if (target.retry) return work();
  const token = target.token ? { token: target.token } : {};
  // Not awaited: the coach starts thinking at once; a slow or refused reaction only costs the 💭.
  const reacted = client.reactions
    .add({ channel: target.channel, timestamp: target.ts, name: REACTION, ...token })
    .then(
      () => true,
      (error: unknown) => {
        logger.warn('thinking_reaction_failed', slackErrorFields(error));
        return false;
      },
    );
  try {
    return await work();
  } finally {
    if (await reacted) {
      await client.reactions.remove({ channel: target.channel, timestamp: target.ts, name: REACTION, ...token }).catch((error: unknown) => {
        logger.warn('thinking_reaction_failed', slackErrorFields(error));
      });
    }
  }
}
