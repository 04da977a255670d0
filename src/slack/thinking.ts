import type { WebClient } from '@slack/web-api';
import type { Logger } from '../log';
import { slackErrorFields } from './errors';

const REACTION = 'thought_balloon';

/**
 * How long the coach may take before the 💭 goes on. A reply that comes
 * sooner needs no sign of thinking, and skipping it saves two Web API calls
 * (add and remove) per reply: under load they were half of the bot's Slack
 * traffic (issue 9's profile).
 */
export const THINKING_AFTER_MS = 1_000;

/**
 * Shows a 💭 reaction on the person's message while the coach works, once
 * the work has taken `afterMs` (0: at once), and takes it off after. A
 * re-delivered event gets none: its twin is already showing it, and
 * removing ours would remove theirs. `client` should be one that neither
 * retries nor waits out a 429 (see src/slack/app.ts): the reaction is
 * decoration, never a reason to delay a reply.
 */
export async function withThinking<T>(
  client: WebClient,
  /** `token`: the request's bot token, for a client that has none of its own (OAuth installs). */
  target: { channel: string; ts: string; retry: boolean; token?: string },
  logger: Logger,
  work: () => Promise<T>,
  afterMs: number = THINKING_AFTER_MS,
): Promise<T> {
  if (target.retry) return work();
  const token = target.token ? { token: target.token } : {};
  // Not awaited: the coach starts thinking at once; a slow or refused reaction only costs the 💭.
  let reacted: Promise<boolean> | undefined;
  const react = () => {
    reacted = client.reactions.add({ channel: target.channel, timestamp: target.ts, name: REACTION, ...token }).then(
      () => true,
      (error: unknown) => {
        logger.warn('thinking_reaction_failed', slackErrorFields(error));
        return false;
      },
    );
  };
  let timer: NodeJS.Timeout | undefined;
  if (afterMs <= 0) react();
  else timer = setTimeout(react, afterMs);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
    if (reacted && (await reacted)) {
      await client.reactions.remove({ channel: target.channel, timestamp: target.ts, name: REACTION, ...token }).catch((error: unknown) => {
        logger.warn('thinking_reaction_failed', slackErrorFields(error));
      });
    }
  }
}
