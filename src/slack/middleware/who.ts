import type { AnyMiddlewareArgs, Context, Middleware } from '@slack/bolt';
import { errorFields, type Logger } from '../../log';
import { wordsForSlack, type Words } from '../../words/catalog';

/** Whose request this is: the workspace it came from and the person who acted. */
export interface Who {
  teamId: string;
  userId: string;
}

type Payload = {
  team_id?: unknown;
  user_id?: unknown;
  team?: { id?: unknown } | null;
  user?: { id?: unknown; team_id?: unknown } | string | null;
  event?: { user?: unknown; team?: unknown } | null;
};

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * Reads the team and the person from any payload Slack sends (events,
 * slash commands, block actions), the one way every listener needs them:
 * https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
 * https://docs.slack.dev/interactivity/implementing-slash-commands
 * https://docs.slack.dev/apis/events-api/#callback-field
 */
export function whoOf(body: unknown, contextTeamId?: string): Who | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const payload = body as Payload;
  const user = payload.user && typeof payload.user === 'object' ? payload.user : undefined;
  const teamId =
    text(payload.team_id) ?? text(payload.team?.id) ?? text(user?.team_id) ?? text(payload.event?.team) ?? contextTeamId;
  const userId = text(payload.user_id) ?? text(user?.id) ?? text(payload.event?.user) ?? text(payload.user);
  return teamId && userId ? { teamId, userId } : undefined;
}

/** Global middleware: puts `who` on the context for every listener; a payload without both is left without it. */
export const putWhoOnContext: Middleware<AnyMiddlewareArgs> = async ({ body, context, next }) => {
  const who = whoOf(body, context.teamId);
  if (who) context.who = who;
  await next();
};

/** The `who` the middleware put on the context, if the payload had one. */
export function whoFrom(context: Context): Who | undefined {
  return context.who as Who | undefined;
}

/** The person's Slack locale as we keep it (src/people), or null when we do not know it. */
export type LocaleLookup = (teamId: string, userId: string) => Promise<string | null>;

/**
 * Global middleware, after putWhoOnContext: puts the person's words (the
 * catalog in their Slack locale, src/words) on the context, read lazily and at
 * most once per request, so a listener that says nothing of its own costs no
 * read. Without a lookup, or when it fails, English.
 */
export function putWordsOnContext(lookup: LocaleLookup | undefined, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ context, next }) => {
    const who = whoFrom(context);
    let words: Promise<Words> | undefined;
    context.words = () =>
      (words ??=
        who && lookup
          ? lookup(who.teamId, who.userId).then(wordsForSlack, (error: unknown) => {
              logger.warn('person_locale_failed', { team: who.teamId, user: who.userId, ...errorFields(error) });
              return wordsForSlack(null);
            })
          : Promise.resolve(wordsForSlack(null)));
    await next();
  };
}

/** The person's words the middleware put on the context; English where it did not run (a listener called directly). */
export function wordsFrom(context: Context): Promise<Words> {
  const words = context.words as (() => Promise<Words>) | undefined;
  return words ? words() : Promise.resolve(wordsForSlack(null));
}
