import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from './blocks/message';

export type Ephemeral = (message: SlackMessage | { text: string }) => Promise<void>;

/**
 * Answers only the person who asked. A slash command or a button on a
 * message comes with a response_url (`respond`), which works even where the
 * bot is not a channel member; otherwise chat.postEphemeral in the channel;
 * a payload with neither gets nothing (there is nowhere to say it).
 * https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
 */
export function ephemeralResponder(where: {
  respond?: RespondFn;
  hasResponseUrl: boolean;
  client: WebClient;
  channelId?: string;
  userId: string;
}): Ephemeral {
  return async (message) => {
    if (where.respond && where.hasResponseUrl) {
      await where.respond({ response_type: 'ephemeral', replace_original: false, ...message });
    } else if (where.channelId) {
      await where.client.chat.postEphemeral({ channel: where.channelId, user: where.userId, ...message });
    }
  };
}
