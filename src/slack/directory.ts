import type { WebClient } from '@slack/web-api';
import type { PeopleDirectory } from '../coach/service';

/**
 * A person's first name and time zone from `users.info`
 * (https://docs.slack.dev/reference/methods/users.info). The tz is an IANA
 * name; it follows the person when they travel and change it in Slack.
 */
export function slackDirectory(client: WebClient): PeopleDirectory {
  return {
    async lookup(_teamId, userId) {
      const { user } = await client.users.info({ user: userId });
      if (!user) return null;
      const profile = user.profile ?? {};
      const name = profile.first_name || profile.display_name || profile.real_name || user.real_name || user.name || '';
      return { firstName: name.trim().split(/\s+/)[0] || null, tz: user.tz ?? null };
    },
  };
}
