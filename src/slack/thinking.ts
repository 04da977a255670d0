import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log';
import { slackErrorFields } from './deliver';

const REACTION = 'thought_balloon';

/**
 * Shows a 💭 reaction on the person's message while the coach works, and
 * takes it off after. A re-delivered event gets none: its twin is already
 * showing it, and removing ours would remove theirs.
 */
export async function withThinking<T>(
  client: WebClient,
  target: { channel: string; ts: string; retry: boolean },
  logger: Logger,
  work: () => Promise<T>,
): Promise<T> {
  if (target.retry) return work();
  const reacted = await client.reactions
    .add({ channel: target.channel, timestamp: target.ts, name: REACTION })
    .then(() => true)
    .catch((error: unknown) => {
      logger.warn('thinking_reaction_failed', slackErrorFields(error));
      return false;
    });
  try {
    return await work();
  } finally {
    if (reacted) {
      await client.reactions.remove({ channel: target.channel, timestamp: target.ts, name: REACTION }).catch((error: unknown) => {
        logger.warn('thinking_reaction_failed', slackErrorFields(error));
      });
    }
  }
}
