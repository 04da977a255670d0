import type { WebClient } from '@slack/web-api';
import type { PeopleDirectory } from '../coach/service';

/**
 * A person's first name, time zone and whether the account is deactivated,
 * from `users.info` (https://docs.slack.dev/reference/methods/users.info).
 * The tz is an IANA name; it follows the person when they travel and change
 * it in Slack. Used by the coach service and the morning nudge alike.
 */
export async function slackProfile(
  client: WebClient,
  userId: string,
): Promise<{ firstName: string | null; tz: string | null; deleted: boolean } | null> {
  const { user } = await client.users.info({ user: userId });
  if (!user) return null;
  const profile = user.profile ?? {};
  const name = profile.first_name || profile.display_name || profile.real_name || user.real_name || user.name || '';
  return { firstName: name.trim().split(/\s+/)[0] || null, tz: user.tz ?? null, deleted: user.deleted === true };
}

export function slackDirectory(client: WebClient): PeopleDirectory {
  return {
    async lookup(_teamId, userId) {
      const profile = await slackProfile(client, userId);
      return profile && { firstName: profile.firstName, tz: profile.tz };
    },
  };
}
