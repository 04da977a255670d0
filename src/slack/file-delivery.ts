import type { WebClient } from '@slack/web-api';
import type { FileDelivery } from '../privacy/ports';
import { webMessenger } from './nudge-client';

/**
 * A file for the person, in their DM with the bot: the DM opened
 * (conversations.open), then Slack's external upload, which filesUploadV2
 * runs as three calls (https://docs.slack.dev/messaging/working-with-files#upload):
 * files.getUploadURLExternal, a POST of the bytes, files.completeUploadExternal
 * with the DM as channel_id. Needs the files:write scope.
 */
export function slackFileDelivery(client: WebClient): FileDelivery {
  return {
    sendToPerson: async (userId, file) => {
      const channel = await webMessenger(client).openDm(userId);
      await client.filesUploadV2({ channel_id: channel, filename: file.filename, title: file.title, content: file.content, initial_comment: file.comment });
    },
  };
}
