import type { WebClient } from '@slack/web-api';
import type { Profile } from '../people/person';

/**
 * A person's first name, time zone, locale and whether the account is deactivated,
 * from `users.info` (https://docs.slack.dev/reference/methods/users.info).
 * The tz is an IANA name; it follows the person when they travel and change
 * it in Slack. Behind the Messenger port (src/slack/nudge-client.ts), for everyone who needs a profile.
 */
export async function slackProfile(
  client: WebClient,
  userId: string,
): Promise<Profile | null> {
  // Slack says the locale only when asked (include_locale); it picks the catalog's words (src/words).
  const { user } = await client.users.info({ user: userId, include_locale: true });
  if (!user) return null;
  const profile = user.profile ?? {};
  const name = profile.first_name || profile.display_name || profile.real_name || user.real_name || user.name || '';
  return { firstName: name.trim().split(/\s+/)[0] || null, tz: user.tz ?? null, locale: user.locale ?? null, deleted: user.deleted === true };
}
