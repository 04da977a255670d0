/**
 * The Web API methods the fake serves, as Slack documents them
 * (https://docs.slack.dev/reference/methods): same arguments, same answer
 * shapes, same error codes. Each is a thin adapter over SlackState.
 *
 * Arguments arrive as Slack receives them: strings from a form body (with
 * `blocks` and `view` JSON-encoded inside, as @slack/web-api sends them), or
 * JSON values from a JSON body. The helpers below accept both.
 */
import { toSlackErrorResponse, validateMessage, validateView, type Violation } from '../block-kit/validate';
import {
  SlackApiError,
  type ChannelRecord,
  type MessageRecord,
  type SlackState,
  type TeamRecord,
  type UserRecord,
  type ViewRecord,
} from './state';

export type MethodArgs = Record<string, unknown>;

export interface MethodContext {
  state: SlackState;
  /** The workspace whose bot token authenticated the call. */
  team: TeamRecord;
  args: MethodArgs;
  /** The fake's own origin as the caller reached it ("http://127.0.0.1:43123"): where upload and file URLs point. */
  origin?: string;
}

/** Answers the fields of an `ok: true` body, or throws a SlackApiError. */
export type MethodHandler = (context: MethodContext) => Record<string, unknown>;

export const METHODS: Record<string, MethodHandler> = {
  'auth.test': ({ team }) => ({
    url: `https://${team.domain}.slack.com/`,
    team: team.name,
    user: team.bot.name,
    team_id: team.id,
    user_id: team.bot.user_id,
    bot_id: team.bot.bot_id,
    is_enterprise_install: false,
  }),

  'chat.postMessage': (context) => {
    requireScope(context, 'chat:write');
    const { state, team, args } = context;
    const channel = channelForPosting(context, requiredString(args, 'channel', 'channel_not_found'));
    const content = messageContent(args);
    const message = state.postMessage({
      channel: channel.id,
      user: team.bot.user_id,
      bot_id: team.bot.bot_id,
      app_id: team.bot.app_id,
      ...content,
      ...threadTs(args),
    });
    return { channel: channel.id, ts: message.ts, message: botMessage(team, message) };
  },

  'chat.update': (context) => {
    requireScope(context, 'chat:write');
    const { state, team, args } = context;
    const channel = ownChannel(context, requiredString(args, 'channel', 'channel_not_found'));
    const ts = requiredString(args, 'ts', 'message_not_found');
    const existing = state.message(channel.id, ts);
    if (!existing) throw new SlackApiError('message_not_found');
    if (existing.bot_id !== team.bot.bot_id) throw new SlackApiError('cant_update_message');
    const content = messageContent(args);
    const message = state.updateMessage(channel.id, ts, { ...content, editor: team.bot.user_id });
    return { channel: channel.id, ts, text: message.text, message: botMessage(team, message) };
  },

  'chat.delete': (context) => {
    requireScope(context, 'chat:write');
    const { state, team, args } = context;
    const channel = ownChannel(context, requiredString(args, 'channel', 'channel_not_found'));
    const ts = requiredString(args, 'ts', 'message_not_found');
    const existing = state.message(channel.id, ts);
    if (!existing) throw new SlackApiError('message_not_found');
    if (existing.bot_id !== team.bot.bot_id) throw new SlackApiError('cant_delete_message');
    state.deleteMessage(channel.id, ts);
    return { channel: channel.id, ts };
  },

  'chat.postEphemeral': (context) => {
    requireScope(context, 'chat:write');
    const { state, args } = context;
    const channel = ownChannel(context, requiredString(args, 'channel', 'channel_not_found'));
    const user = requiredString(args, 'user', 'user_not_found');
    const ephemeral = state.postEphemeral({ channel: channel.id, user, ...messageContent(args), ...threadTs(args) });
    return { message_ts: ephemeral.ts };
  },

  'chat.getPermalink': (context) => {
    const { state, team, args } = context;
    const channel = ownChannel(context, requiredString(args, 'channel', 'channel_not_found'));
    const ts = requiredString(args, 'message_ts', 'message_not_found');
    if (!state.message(channel.id, ts)) throw new SlackApiError('message_not_found');
    return { channel: channel.id, permalink: `https://${team.domain}.slack.com/archives/${channel.id}/p${ts.replace('.', '')}` };
  },

  'conversations.open': (context) => {
    requireScope(context, 'im:write', 'mpim:write', 'channels:manage', 'groups:write');
    const { state, team, args } = context;
    if (typeof args.channel === 'string') {
      const channel = ownChannel(context, args.channel);
      return { no_op: true, already_open: true, channel: conversation(channel, bool(args.return_im)) };
    }
    const users = typeof args.users === 'string' ? args.users.split(',').map((u) => u.trim()).filter(Boolean) : [];
    if (users.length === 0) throw new SlackApiError('users_list_not_supplied');
    // Group DMs are not part of this bot's world; a real one would need mpim:write.
    if (users.length > 1) throw new SlackApiError('not_implemented', { warning: 'the fake Slack API opens one-to-one DMs only' });
    const { channel, alreadyOpen } = state.openIm(team.id, users[0] ?? '');
    return { ...(alreadyOpen ? { no_op: true, already_open: true } : {}), channel: conversation(channel, bool(args.return_im)) };
  },

  'conversations.history': (context) => {
    const { state, args } = context;
    const channel = ownChannel(context, requiredString(args, 'channel', 'channel_not_found'));
    requireScope(context, ...historyScopes(channel));
    const limit = clamp(Number(args.limit ?? 100) || 100, 1, 999);
    const oldest = typeof args.oldest === 'string' ? args.oldest : undefined;
    const latest = typeof args.latest === 'string' ? args.latest : undefined;
    const inclusive = bool(args.inclusive);
    const all = state
      .messages({ channel: channel.id, topLevel: true })
      .filter((m) => oldest === undefined || (inclusive ? Number(m.ts) >= Number(oldest) : Number(m.ts) > Number(oldest)))
      .filter((m) => latest === undefined || (inclusive ? Number(m.ts) <= Number(latest) : Number(m.ts) < Number(latest)))
      .reverse();
    return {
      messages: all.slice(0, limit).map(publicMessage),
      has_more: all.length > limit,
      pin_count: 0,
      response_metadata: { next_cursor: '' },
    };
  },

  'conversations.replies': (context) => {
    const { state, args } = context;
    const channel = ownChannel(context, requiredString(args, 'channel', 'channel_not_found'));
    requireScope(context, ...historyScopes(channel));
    const ts = requiredString(args, 'ts', 'thread_not_found');
    const parent = state.message(channel.id, ts);
    if (!parent) throw new SlackApiError('thread_not_found');
    const root = parent.thread_ts ?? parent.ts;
    return { messages: state.messages({ channel: channel.id, thread_ts: root }).map(publicMessage), has_more: false, response_metadata: { next_cursor: '' } };
  },

  'users.info': (context) => {
    requireScope(context, 'users:read');
    const { state, team, args } = context;
    const user = state.user(requiredString(args, 'user', 'user_not_found'));
    // Nothing crosses workspaces: someone else's person is not found.
    if (!user || user.team_id !== team.id) throw new SlackApiError('user_not_found');
    // As Slack: the locale only when asked for (https://docs.slack.dev/reference/methods/users.info).
    const withLocale = args.include_locale === true || args.include_locale === 'true' || args.include_locale === '1' || args.include_locale === 1;
    return { user: { ...publicUser(user), ...(withLocale ? { locale: user.locale } : {}) } };
  },

  'views.publish': (context) => {
    const { state, team, args } = context;
    const userId = requiredString(args, 'user_id', 'invalid_arguments');
    const view = jsonArg(args.view, 'invalid_arguments');
    const violations = validateView(view);
    if (violations.length === 0 && (view as Record<string, unknown>).type !== 'home') {
      violations.push({ code: 'invalid_arguments', message: 'must be `home` to publish to the Home tab', pointer: '/view/type' });
    }
    refuse(violations);
    const record = state.publishView(team.id, userId, view as Record<string, unknown>, typeof args.hash === 'string' ? args.hash : undefined);
    return { view: publicView(record) };
  },

  /**
   * https://docs.slack.dev/reference/methods/views.open: a modal for whoever
   * the trigger came from. The view is checked first, so a refused one does
   * not use the trigger up; then the trigger is exchanged, once.
   */
  'views.open': (context) => {
    const { state, team, args } = context;
    const trigger = optionalString(args, 'trigger_id') ?? optionalString(args, 'interactivity_pointer');
    if (trigger === undefined) {
      throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: trigger_id [json-pointer:/trigger_id]'] } });
    }
    if (args.view === undefined || args.view === '') {
      throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: view [json-pointer:/view]'] } });
    }
    const view = jsonArg(args.view, 'invalid_arguments');
    const violations = validateView(view);
    if (violations.length === 0 && (view as Record<string, unknown>).type !== 'modal') {
      violations.push({ code: 'invalid_arguments', message: 'must be `modal` to open a view', pointer: '/view/type' });
    }
    refuse(violations);
    const exchanged = state.exchangeTrigger(team.id, trigger);
    const record = state.openModal(team.id, exchanged.user_id, view as Record<string, unknown>);
    return { view: publicView(record) };
  },

  /**
   * https://docs.slack.dev/reference/methods/files.getUploadURLExternal: an
   * upload URL and a file id for `filename` of `length` bytes (both required).
   */
  'files.getUploadURLExternal': (context) => {
    requireScope(context, 'files:write');
    const { state, team, args } = context;
    const filename = optionalString(args, 'filename') ?? '';
    const length = args.length === undefined || args.length === '' ? Number.NaN : Number(args.length);
    const file = state.beginUpload(team.id, team.bot.user_id, filename, length);
    return { upload_url: `${context.origin ?? ''}${UPLOAD_PATH}${file.id}`, file_id: file.id };
  },

  /**
   * https://docs.slack.dev/reference/methods/files.completeUploadExternal:
   * shares uploaded files (once), in `channel_id` when given.
   */
  'files.completeUploadExternal': (context) => {
    requireScope(context, 'files:write');
    const { state, team, args } = context;
    const files = jsonArg(args.files ?? '[]', 'invalid_arguments');
    if (!Array.isArray(files) || files.some((f) => typeof f !== 'object' || f === null || typeof (f as { id?: unknown }).id !== 'string')) {
      throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] files must be an array of objects with an id'] } });
    }
    const channelId = optionalString(args, 'channel_id') ?? optionalString(args, 'channels');
    const channel = channelId ? channelForPosting(context, channelId) : undefined;
    const shared = state.completeUploads(team.id, files as { id: string; title?: string }[], {
      ...(channel ? { channel: channel.id } : {}),
      bot: { bot_id: team.bot.bot_id, app_id: team.bot.app_id },
      ...(optionalString(args, 'initial_comment') ? { initialComment: optionalString(args, 'initial_comment') } : {}),
      ...threadTs(args),
      fileUrl: (file) => `${context.origin ?? ''}${FILES_PATH}${team.id}-${file.id}/${encodeURIComponent(file.filename)}`,
    });
    return { files: shared.map((f) => ({ id: f.id, title: f.title })) };
  },

  'reactions.add': (context) => {
    requireScope(context, 'reactions:write');
    const { state, team } = context;
    const { channel, ts, name } = reactionTarget(context);
    state.addReaction(channel, ts, name, team.bot.user_id);
    return {};
  },

  'reactions.remove': (context) => {
    requireScope(context, 'reactions:write');
    const { state, team } = context;
    const { channel, ts, name } = reactionTarget(context);
    state.removeReaction(channel, ts, name, team.bot.user_id);
    return {};
  },
};

/** Which scope each method needs, for the `x-accepted-oauth-scopes` header Slack sends. */
export const ACCEPTED_SCOPES: Record<string, string> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'conversations.open': 'im:write',
  'conversations.history': 'im:history',
  'conversations.replies': 'im:history',
  'users.info': 'users:read',
  'reactions.add': 'reactions:write',
  'reactions.remove': 'reactions:write',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
};

/** Where upload URLs point (`<origin>/upload/v1/<file id>`), and where shared files are served. */
export const UPLOAD_PATH = '/upload/v1/';
export const FILES_PATH = '/files-pri/';

// --- Shared argument handling ---------------------------------------------------------------

/** `text` and `blocks` of a message, validated as Slack validates them. */
export function messageContent(args: MethodArgs): { text: string; blocks?: unknown[] } {
  const blocks = args.blocks === undefined || args.blocks === '' ? undefined : jsonArg(args.blocks, 'invalid_blocks_format');
  const text = args.text === undefined ? undefined : typeof args.text === 'string' ? args.text : JSON.stringify(args.text);
  refuse(validateMessage({ text, blocks }));
  return { text: text ?? '', ...(blocks !== undefined ? { blocks: blocks as unknown[] } : {}) };
}

function refuse(violations: Violation[]): void {
  if (violations.length === 0) return;
  const { error, ...extra } = toSlackErrorResponse(violations);
  const { ok: _ok, ...fields } = extra;
  throw new SlackApiError(error, fields);
}

/** A JSON argument: a JSON-encoded string in form bodies, a value in JSON bodies. */
function jsonArg(value: unknown, code: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new SlackApiError(code);
  }
}

function requiredString(args: MethodArgs, name: string, missingCode: string): string {
  const value = args[name];
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number') return String(value);
  throw new SlackApiError(missingCode, { warning: `missing ${name}` });
}

function optionalString(args: MethodArgs, name: string): string | undefined {
  const value = args[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function threadTs(args: MethodArgs): { thread_ts?: string } {
  const value = args.thread_ts;
  return typeof value === 'string' && value.length > 0 ? { thread_ts: value } : typeof value === 'number' ? { thread_ts: String(value) } : {};
}

function bool(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(n)));
}

function requireScope(context: MethodContext, ...anyOf: string[]): void {
  const granted = context.team.scopes;
  if (granted === undefined || anyOf.some((scope) => granted.includes(scope))) return;
  throw new SlackApiError('missing_scope', { needed: anyOf.join(','), provided: granted.join(',') });
}

function historyScopes(channel: ChannelRecord): string[] {
  return channel.kind === 'im' ? ['im:history'] : ['channels:history', 'groups:history'];
}

/** A channel of this workspace, by id. */
function ownChannel({ state, team }: MethodContext, id: string): ChannelRecord {
  const channel = state.channel(id);
  if (!channel || channel.team_id !== team.id) throw new SlackApiError('channel_not_found');
  return channel;
}

/**
 * Where chat.postMessage posts: a channel id, or a person's user id, which
 * Slack takes as the bot's DM with them (opening it if need be).
 */
function channelForPosting(context: MethodContext, id: string): ChannelRecord {
  const { state, team } = context;
  const person = state.user(id);
  if (person && person.team_id === team.id) return state.openIm(team.id, person.id).channel;
  const channel = ownChannel(context, id);
  if (channel.kind === 'channel' && !channel.members.includes(team.bot.user_id)) throw new SlackApiError('not_in_channel');
  return channel;
}

function reactionTarget(context: MethodContext): { channel: string; ts: string; name: string } {
  const { args } = context;
  const channel = ownChannel(context, requiredString(args, 'channel', 'channel_not_found')).id;
  const ts = requiredString(args, 'timestamp', 'no_item_specified');
  const name = requiredString(args, 'name', 'invalid_name').replace(/^:|:$/g, '');
  // Emoji names: lower case letters, digits and a little punctuation ("thought_balloon", "+1", "skin-tone-2").
  if (!/^[a-z0-9_+'-]+$/.test(name)) throw new SlackApiError('invalid_name');
  return { channel, ts, name };
}

// --- Answer shapes ----------------------------------------------------------------------------

export function publicMessage(message: MessageRecord): Omit<MessageRecord, 'channel'> {
  const { channel: _channel, ...rest } = message;
  return rest;
}

function botMessage(team: TeamRecord, message: MessageRecord): Record<string, unknown> {
  return {
    ...publicMessage(message),
    bot_profile: { id: team.bot.bot_id, app_id: team.bot.app_id, name: team.bot.name, deleted: false, team_id: team.id },
  };
}

function conversation(channel: ChannelRecord, full: boolean): Record<string, unknown> {
  if (!full) return { id: channel.id };
  return channel.kind === 'im'
    ? { id: channel.id, created: channel.created, is_im: true, is_org_shared: false, user: channel.user, is_user_deleted: false, priority: 0 }
    : { id: channel.id, name: channel.name, created: channel.created, is_channel: true, is_member: true };
}

/** users.info's `user`, with the time zone's current offset and name as Slack computes them. */
export function publicUser(user: UserRecord, at: Date = new Date()): Record<string, unknown> {
  const { offsetSeconds, label } = timeZoneNow(user.tz, at);
  return {
    id: user.id,
    team_id: user.team_id,
    name: user.name,
    deleted: user.deleted,
    real_name: user.real_name,
    tz: user.tz,
    tz_label: label,
    tz_offset: offsetSeconds,
    is_bot: user.is_bot,
    is_app_user: false,
    updated: Math.floor(at.getTime() / 1000),
    profile: {
      real_name: user.real_name,
      real_name_normalized: user.real_name,
      display_name: user.display_name,
      display_name_normalized: user.display_name,
      first_name: user.first_name,
      last_name: user.last_name,
      team: user.team_id,
    },
  };
}

function timeZoneNow(tz: string, at: Date): { offsetSeconds: number; label: string } {
  const part = (style: 'longOffset' | 'long') =>
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: style }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(part('longOffset'));
  const offsetSeconds = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60) : 0;
  return { offsetSeconds, label: part('long') };
}

/** A view as Slack shows it in API answers, events and payloads. */
export function publicView(view: ViewRecord): Record<string, unknown> {
  return {
    ...view.view,
    id: view.id,
    team_id: view.team_id,
    type: view.type,
    blocks: view.blocks,
    private_metadata: view.private_metadata,
    callback_id: view.callback_id,
    external_id: view.external_id,
    state: { values: {} },
    hash: view.hash,
    clear_on_close: view.view.clear_on_close === true,
    notify_on_close: view.view.notify_on_close === true,
    root_view_id: view.id,
    previous_view_id: null,
    app_id: view.app_id,
    app_installed_team_id: view.team_id,
    bot_id: view.bot_id,
  };
}
