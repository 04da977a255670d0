import type { KnownBlock } from '@slack/types';

/**
 * One chat message as the renderers produce it, ready to spread into
 * chat.postMessage / chat.update / chat.postEphemeral arguments.
 *
 * `text` is always set: Slack shows it in notifications and wherever blocks
 * cannot be shown, and screen readers read it. Like the blocks, it is
 * mrkdwn-escaped, because Slack parses it for mentions and links too.
 */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}
