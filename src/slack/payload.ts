import { z } from 'zod';
import { AppError } from '../errors';
import { errorFields, type Logger } from '../log';

/** An event whose shape Slack never sends: refused with 400 (HTTP), acknowledged and dropped (Socket Mode). */
export class MalformedPayload extends AppError {
  constructor(reason: string) {
    super('payload_malformed', reason);
  }
}

/**
 * The shapes of what Slack sends us, as far as Bolt and our listeners read
 * them. A payload outside them (null, an array, a block action without a
 * user, an event whose text is a number, a type we never asked for) is
 * refused at the door with a coded log line, before Bolt's routing can
 * throw on it.
 * https://docs.slack.dev/apis/events-api/#callback-field
 * https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
 * https://docs.slack.dev/interactivity/implementing-slash-commands#app_command_handling
 */
const id = z.string().min(1);
const text = z.string();

const EventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: id.optional(),
  event: z.looseObject({
    type: id,
    user: z.union([id, z.looseObject({ id })]).optional(),
    channel: z.union([id, z.looseObject({})]).optional(),
    channel_type: text.optional(),
    subtype: text.optional(),
    text: text.optional(),
    ts: text.optional(),
    thread_ts: text.optional(),
    bot_id: text.optional(),
    tab: text.optional(),
    files: z.array(z.unknown()).optional(),
  }),
  authorizations: z.array(z.looseObject({ team_id: id.nullable().optional() })).optional(),
});

const SlashCommand = z.looseObject({
  command: id,
  team_id: id,
  user_id: id,
  channel_id: id.optional(),
  text: text.optional(),
  response_url: text.optional(),
  trigger_id: text.optional(),
});

const user = z.looseObject({ id, team_id: id.optional() });
const team = z.looseObject({ id }).nullable().optional();

const BlockActions = z.looseObject({
  type: z.literal('block_actions'),
  user,
  team,
  actions: z.array(z.looseObject({ action_id: id, type: id, value: text.optional() })).min(1),
  trigger_id: text.optional(),
  response_url: text.optional(),
  channel: z.looseObject({ id }).optional(),
});

const ViewPayload = z.looseObject({
  type: z.enum(['view_submission', 'view_closed']),
  user,
  team,
  view: z.looseObject({ id }),
});

/** The schema for what the body says it is; null for a kind we never asked Slack for. */
function schemaFor(body: Record<string, unknown>): z.ZodType | null {
  if (body.type === 'event_callback') return EventCallback;
  if (body.type === 'block_actions') return BlockActions;
  if (body.type === 'view_submission' || body.type === 'view_closed') return ViewPayload;
  if ('command' in body) return SlashCommand;
  return null;
}

/**
 * Logs why an event was not taken, by code, the same for every receiver:
 * 'malformed' (Slack would never send it: drop it) or 'refused' (it could
 * not be kept: Slack should send it again).
 */
export function logRejection(logger: Logger, error: unknown): 'malformed' | 'refused' {
  if (error instanceof MalformedPayload) {
    logger.warn('payload_malformed', { reason: error.message });
    return 'malformed';
  }
  logger.error('event_refused', errorFields(error));
  return 'refused';
}

/** Why Slack would never send this body, or null when it might. The reason names a field, never a value. */
export function malformedBecause(body: unknown): string | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'body: not an object';
  const schema = schemaFor(body as Record<string, unknown>);
  if (!schema) return 'type: unsupported';
  const checked = schema.safeParse(body);
  if (checked.success) return null;
  const issue = checked.error.issues[0];
  return issue ? `${issue.path.join('.') || 'body'}: ${issue.code}` : 'body: invalid';
}
