/**
 * An in-memory Slack: workspaces, people, DMs, messages with threads and
 * reactions, ephemeral messages, published Home tabs, open modals and the
 * trigger ids that open them. The Web API methods
 * (methods.ts) are thin adapters over it, and the local emulator page can
 * drive it directly (a person typing a message is `postMessage` with the
 * person as author) and watch it through `onChange`.
 *
 * Records use Slack's own field names (snake_case) where Slack returns them,
 * so the Web API can answer with them as they are.
 *
 * Operations Slack would refuse throw a SlackApiError with Slack's error
 * code, whoever calls them: the Web API turns it into `{ ok: false, error }`,
 * the emulator can show it.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';

export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    /** Extra fields of Slack's error body, e.g. `needed`/`provided` for missing_scope. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = 'SlackApiError';
  }
}

export interface BotRecord {
  user_id: string;
  bot_id: string;
  app_id: string;
  name: string;
  token: string;
}

export interface TeamRecord {
  id: string;
  name: string;
  domain: string;
  bot: BotRecord;
  /**
   * The bot token's scopes. Undefined grants every method; a list makes the
   * API answer `missing_scope` the way Slack does when the app's manifest
   * lacks one.
   */
  scopes: readonly string[] | undefined;
}

export interface UserRecord {
  id: string;
  team_id: string;
  /** The handle, e.g. "michael". */
  name: string;
  real_name: string;
  first_name: string;
  last_name: string;
  display_name: string;
  /** IANA zone, e.g. "Europe/Berlin". */
  tz: string;
  /** The person's Slack language, e.g. "de-DE"; users.info says it only with include_locale. */
  locale: string;
  deleted: boolean;
  is_bot: boolean;
}

export interface ChannelRecord {
  id: string;
  team_id: string;
  kind: 'im' | 'channel';
  /** Channels only. */
  name?: string;
  /** DMs only: the person the bot talks with. */
  user?: string;
  members: string[];
  created: number;
}

export interface ReactionRecord {
  name: string;
  users: string[];
  count: number;
}

export interface MessageRecord {
  type: 'message';
  ts: string;
  /** Not part of Slack's message objects; kept so a record stands alone. Methods strip it. */
  channel: string;
  team: string;
  user: string;
  bot_id?: string;
  app_id?: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users?: string[];
  latest_reply?: string;
  edited?: { user: string; ts: string };
  reactions?: ReactionRecord[];
  /** Files shared with the message (files.completeUploadExternal). */
  files?: SharedFile[];
}

/** A file as it appears on a message and in API answers. */
export interface SharedFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  user: string;
  /** Where its bytes are served: `<origin>/files-pri/<team>-<id>/<name>` on the fake's own server. */
  url_private: string;
  url_private_download: string;
}

/**
 * An upload begun with files.getUploadURLExternal: the bytes arrive at its
 * upload URL, then files.completeUploadExternal shares it, once.
 */
export interface FileRecord {
  id: string;
  team_id: string;
  /** Who uploaded it (the bot's user id). */
  user: string;
  filename: string;
  /** The byte count announced when the upload began; what arrives must match it. */
  length: number;
  content?: Buffer;
  title?: string;
  completed: boolean;
  /** State clock, ms. */
  created: number;
}

export interface EphemeralRecord {
  /** The `message_ts` Slack answers with; ephemeral messages are not stored in the channel. */
  ts: string;
  team: string;
  channel: string;
  /** Who sees it. */
  user: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
}

export interface ViewRecord {
  id: string;
  team_id: string;
  /** Whose Home tab it is, or who the modal is open for. */
  user_id: string;
  type: string;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  hash: string;
  app_id: string;
  bot_id: string;
  /** The rest of the view as published (title, submit...). */
  view: Record<string, unknown>;
}

/**
 * A trigger_id the emulator put in a payload (a click, a slash command):
 * what views.open exchanges for a modal. Slack honours one once, for 3
 * seconds; see SlackStateOptions.triggerTtlMs.
 */
export interface TriggerRecord {
  id: string;
  team_id: string;
  /** Whose click or command it came from: the modal opens for them. */
  user_id: string;
  /** State clock, ms. */
  created: number;
  used: boolean;
}

export interface ResponseUrlRecord {
  id: string;
  team: string;
  channel: string;
  user: string;
  /** The message an interaction came from: what replace_original / delete_original act on. */
  message_ts?: string;
  uses: number;
}

export type SlackChange =
  | { type: 'user_added'; user: UserRecord }
  | { type: 'user_changed'; user: UserRecord }
  | { type: 'channel_created'; channel: ChannelRecord }
  | { type: 'message_posted'; message: MessageRecord }
  | { type: 'message_changed'; message: MessageRecord; previous: MessageRecord }
  | { type: 'message_deleted'; message: MessageRecord }
  | { type: 'reaction_added'; channel: string; ts: string; name: string; user: string }
  | { type: 'reaction_removed'; channel: string; ts: string; name: string; user: string }
  | { type: 'ephemeral_posted'; ephemeral: EphemeralRecord }
  | { type: 'view_published'; view: ViewRecord }
  | { type: 'view_opened'; view: ViewRecord }
  | { type: 'view_closed'; view: ViewRecord }
  | { type: 'file_shared'; file: FileRecord; channel: string; ts: string };

export type SlackChangeListener = (change: SlackChange) => void;

export interface TeamSeed {
  id?: string;
  name?: string;
  domain?: string;
  botName?: string;
  botToken?: string;
  scopes?: readonly string[];
}

export interface UserSeed {
  /** Defaults to the first workspace. */
  teamId?: string;
  id?: string;
  name?: string;
  realName?: string;
  firstName?: string;
  lastName?: string;
  displayName?: string;
  tz?: string;
  /** Default "en-US", as Slack's. */
  locale?: string;
  deleted?: boolean;
  isBot?: boolean;
}

export interface SlackStateOptions {
  /** Workspaces; one is made up when none is given. */
  teams?: TeamSeed[];
  users?: UserSeed[];
  /** The clock (ms since the epoch) that message timestamps follow. */
  now?: () => number;
  /** Where an exception thrown by an onChange listener goes; by default a process warning. */
  onListenerError?: (error: unknown) => void;
  /**
   * How long a trigger_id can be exchanged for a modal, in ms of `now`.
   * Slack's is 3 seconds; the default is a generous 30, so a breakpoint or a
   * slow local database does not turn every Open into expired_trigger_id.
   */
  triggerTtlMs?: number;
}

export interface PostMessageInput {
  channel: string;
  /** The author: a person's user id, or the bot's user id. */
  user: string;
  /** Set for bot messages. */
  bot_id?: string;
  app_id?: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  files?: SharedFile[];
}

export interface MessageFilter {
  channel?: string;
  team?: string;
  /** Only this thread: its parent and replies. */
  thread_ts?: string;
  /** Only top-level messages (and thread parents), as conversations.history lists them. */
  topLevel?: boolean;
  author?: 'bot' | 'person';
}

export interface Snapshot {
  teams: TeamRecord[];
  users: UserRecord[];
  channels: ChannelRecord[];
  messages: MessageRecord[];
  ephemerals: EphemeralRecord[];
  views: ViewRecord[];
  /** Open modals, one per person at most. */
  modals: ViewRecord[];
}

export const DEFAULT_BOT_TOKEN = 'xoxb-local-deep-thoughts';
const DEFAULT_TRIGGER_TTL_MS = 30_000;
/** Exchanged and expired triggers are forgotten after this many (the answers stay right: unknown is invalid_trigger_id). */
const MAX_TRIGGERS = 1_000;

export class SlackState {
  private readonly teamsById = new Map<string, TeamRecord>();
  private readonly usersById = new Map<string, UserRecord>();
  private readonly channelsById = new Map<string, ChannelRecord>();
  /** Per channel, oldest first. */
  private readonly messagesByChannel = new Map<string, MessageRecord[]>();
  private readonly ephemeralList: EphemeralRecord[] = [];
  private readonly viewsByUser = new Map<string, ViewRecord>();
  private readonly modalsByUser = new Map<string, ViewRecord>();
  private readonly triggers = new Map<string, TriggerRecord>();
  private readonly triggerTtlMs: number;
  private readonly responseUrls = new Map<string, ResponseUrlRecord>();
  private readonly files = new Map<string, FileRecord>();
  private readonly counters = new Map<string, number>();
  private readonly emitter = new EventEmitter();
  private readonly now: () => number;
  private readonly onListenerError: (error: unknown) => void;
  private lastTsMicros = 0;

  constructor(options: SlackStateOptions = {}) {
    this.now = options.now ?? Date.now;
    this.triggerTtlMs = options.triggerTtlMs ?? DEFAULT_TRIGGER_TTL_MS;
    this.onListenerError =
      options.onListenerError ?? ((error) => process.emitWarning(`slack-api change listener failed: ${String(error)}`));
    this.emitter.setMaxListeners(0);
    for (const seed of options.teams?.length ? options.teams : [{}]) this.addTeam(seed);
    for (const seed of options.users ?? []) this.addUser(seed);
  }

  // --- Subscriptions --------------------------------------------------------------

  /** Calls `listener` after every change, synchronously; returns the unsubscribe function. */
  onChange(listener: SlackChangeListener): () => void {
    const guarded = (change: SlackChange) => {
      try {
        listener(change);
      } catch (error) {
        this.onListenerError(error);
      }
    };
    this.emitter.on('change', guarded);
    return () => this.emitter.off('change', guarded);
  }

  private emit(change: SlackChange): void {
    this.emitter.emit('change', change);
  }

  // --- Workspaces and people ---------------------------------------------------------

  addTeam(seed: TeamSeed = {}): TeamRecord {
    const id = seed.id ?? this.nextId('T');
    const first = this.teamsById.size === 0;
    const team: TeamRecord = {
      id,
      name: seed.name ?? 'Deep Thoughts Local',
      domain: seed.domain ?? `deep-thoughts-${id.toLowerCase()}`,
      bot: {
        user_id: this.nextId('U'),
        bot_id: this.nextId('B'),
        app_id: this.nextId('A'),
        name: seed.botName ?? 'deep_thoughts',
        token: seed.botToken ?? (first ? DEFAULT_BOT_TOKEN : `${DEFAULT_BOT_TOKEN}-${id.toLowerCase()}`),
      },
      scopes: seed.scopes,
    };
    if (this.teamsById.has(id)) throw new SlackApiError('team_exists');
    this.teamsById.set(id, team);
    return team;
  }

  /** The first workspace. */
  get defaultTeam(): TeamRecord {
    const team = this.teamsById.values().next().value;
    if (!team) throw new Error('SlackState has no workspace');
    return team;
  }

  team(id: string): TeamRecord | undefined {
    return this.teamsById.get(id);
  }

  teamByToken(token: string): TeamRecord | undefined {
    for (const team of this.teamsById.values()) if (team.bot.token === token) return team;
    return undefined;
  }

  addUser(seed: UserSeed = {}): UserRecord {
    const teamId = seed.teamId ?? this.defaultTeam.id;
    if (!this.teamsById.has(teamId)) throw new SlackApiError('team_not_found');
    const id = seed.id ?? this.nextId('U');
    if (this.usersById.has(id)) throw new SlackApiError('user_exists');
    const firstName = seed.firstName ?? seed.realName?.split(' ')[0] ?? `Person${this.usersById.size + 1}`;
    const lastName = seed.lastName ?? seed.realName?.split(' ').slice(1).join(' ') ?? '';
    const tz = seed.tz ?? 'America/New_York';
    assertTimeZone(tz);
    const user: UserRecord = {
      id,
      team_id: teamId,
      name: seed.name ?? firstName.toLowerCase(),
      real_name: seed.realName ?? [firstName, lastName].filter(Boolean).join(' '),
      first_name: firstName,
      last_name: lastName,
      display_name: seed.displayName ?? '',
      tz,
      locale: seed.locale ?? 'en-US',
      deleted: seed.deleted ?? false,
      is_bot: seed.isBot ?? false,
    };
    this.usersById.set(id, user);
    this.emit({ type: 'user_added', user });
    return user;
  }

  /** Changes a person (their time zone, or `deleted: true` when they leave the workspace). */
  updateUser(id: string, patch: Partial<Omit<UserRecord, 'id' | 'team_id'>>): UserRecord {
    const user = this.usersById.get(id);
    if (!user) throw new SlackApiError('user_not_found');
    if (patch.tz !== undefined) assertTimeZone(patch.tz);
    Object.assign(user, patch);
    this.emit({ type: 'user_changed', user });
    return user;
  }

  user(id: string): UserRecord | undefined {
    return this.usersById.get(id);
  }

  users(teamId?: string): UserRecord[] {
    return [...this.usersById.values()].filter((user) => teamId === undefined || user.team_id === teamId);
  }

  // --- Conversations --------------------------------------------------------------------

  /** The bot's DM with a person, opened if need be (conversations.open). */
  openIm(teamId: string, userId: string): { channel: ChannelRecord; alreadyOpen: boolean } {
    const user = this.usersById.get(userId);
    if (!user || user.team_id !== teamId) throw new SlackApiError('user_not_found');
    if (user.deleted) throw new SlackApiError('user_disabled');
    const team = this.requireTeam(teamId);
    for (const channel of this.channelsById.values()) {
      if (channel.kind === 'im' && channel.team_id === teamId && channel.user === userId) return { channel, alreadyOpen: true };
    }
    const channel: ChannelRecord = {
      id: this.nextId('D'),
      team_id: teamId,
      kind: 'im',
      user: userId,
      members: [userId, team.bot.user_id],
      created: Math.floor(this.now() / 1000),
    };
    this.channelsById.set(channel.id, channel);
    this.messagesByChannel.set(channel.id, []);
    this.emit({ type: 'channel_created', channel });
    return { channel, alreadyOpen: false };
  }

  /** A channel that is not a DM, e.g. for the emulator; the bot is in it when `members` says so. */
  addChannel(input: { teamId?: string; name: string; members?: string[] }): ChannelRecord {
    const teamId = input.teamId ?? this.defaultTeam.id;
    this.requireTeam(teamId);
    const channel: ChannelRecord = {
      id: this.nextId('C'),
      team_id: teamId,
      kind: 'channel',
      name: input.name,
      members: [...(input.members ?? [])],
      created: Math.floor(this.now() / 1000),
    };
    this.channelsById.set(channel.id, channel);
    this.messagesByChannel.set(channel.id, []);
    this.emit({ type: 'channel_created', channel });
    return channel;
  }

  channel(id: string): ChannelRecord | undefined {
    return this.channelsById.get(id);
  }

  channels(teamId?: string): ChannelRecord[] {
    return [...this.channelsById.values()].filter((channel) => teamId === undefined || channel.team_id === teamId);
  }

  // --- Messages ---------------------------------------------------------------------------

  /** Posts a message by the bot or by a person; a reply when `thread_ts` is set. */
  postMessage(input: PostMessageInput): MessageRecord {
    const channel = this.requireChannel(input.channel);
    const message: MessageRecord = {
      type: 'message',
      ts: this.nextTs(),
      channel: channel.id,
      team: channel.team_id,
      user: input.user,
      ...(input.bot_id ? { bot_id: input.bot_id } : {}),
      ...(input.app_id ? { app_id: input.app_id } : {}),
      text: input.text,
      ...(input.blocks ? { blocks: input.blocks } : {}),
      ...(input.files ? { files: input.files } : {}),
    };
    const parent = input.thread_ts ? this.message(channel.id, input.thread_ts) : undefined;
    if (input.thread_ts) {
      message.thread_ts = input.thread_ts;
      if (parent) {
        message.parent_user_id = parent.user;
        const previous = { ...parent };
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        parent.reply_users = [...new Set([...(parent.reply_users ?? []), input.user])];
        parent.latest_reply = message.ts;
        this.listOf(channel.id).push(message);
        this.emit({ type: 'message_posted', message });
        this.emit({ type: 'message_changed', message: parent, previous });
        return message;
      }
    }
    this.listOf(channel.id).push(message);
    this.emit({ type: 'message_posted', message });
    return message;
  }

  updateMessage(channel: string, ts: string, change: { text?: string; blocks?: unknown[]; editor: string }): MessageRecord {
    const message = this.requireMessage(channel, ts);
    const previous = { ...message };
    if (change.text !== undefined) message.text = change.text;
    if (change.blocks !== undefined) message.blocks = change.blocks;
    message.edited = { user: change.editor, ts: this.nextTs() };
    this.emit({ type: 'message_changed', message, previous });
    return message;
  }

  deleteMessage(channel: string, ts: string): MessageRecord {
    const message = this.requireMessage(channel, ts);
    const list = this.listOf(channel);
    list.splice(list.indexOf(message), 1);
    this.emit({ type: 'message_deleted', message });
    return message;
  }

  message(channel: string, ts: string): MessageRecord | undefined {
    return this.messagesByChannel.get(channel)?.find((message) => message.ts === ts);
  }

  /** Messages oldest first, across channels in the order they were posted. */
  messages(filter: MessageFilter = {}): MessageRecord[] {
    const lists = filter.channel !== undefined ? [this.messagesByChannel.get(filter.channel) ?? []] : [...this.messagesByChannel.values()];
    return lists
      .flat()
      .filter((m) => filter.team === undefined || m.team === filter.team)
      .filter((m) => filter.thread_ts === undefined || m.ts === filter.thread_ts || m.thread_ts === filter.thread_ts)
      .filter((m) => !filter.topLevel || m.thread_ts === undefined || m.thread_ts === m.ts)
      .filter((m) => filter.author === undefined || (filter.author === 'bot') === (m.bot_id !== undefined))
      .sort((a, b) => compareTs(a.ts, b.ts));
  }

  addReaction(channel: string, ts: string, name: string, user: string): void {
    const message = this.requireMessage(channel, ts);
    const reactions = (message.reactions ??= []);
    let reaction = reactions.find((r) => r.name === name);
    if (reaction?.users.includes(user)) throw new SlackApiError('already_reacted');
    if (!reaction) {
      reaction = { name, users: [], count: 0 };
      reactions.push(reaction);
    }
    reaction.users.push(user);
    reaction.count = reaction.users.length;
    this.emit({ type: 'reaction_added', channel, ts, name, user });
  }

  removeReaction(channel: string, ts: string, name: string, user: string): void {
    const message = this.requireMessage(channel, ts);
    const reaction = message.reactions?.find((r) => r.name === name);
    if (!reaction || !reaction.users.includes(user)) throw new SlackApiError('no_reaction');
    reaction.users = reaction.users.filter((u) => u !== user);
    reaction.count = reaction.users.length;
    if (reaction.count === 0) message.reactions = message.reactions?.filter((r) => r !== reaction);
    if (message.reactions?.length === 0) delete message.reactions;
    this.emit({ type: 'reaction_removed', channel, ts, name, user });
  }

  // --- Files (files.getUploadURLExternal → upload → files.completeUploadExternal) -------------------

  /** Begins an upload; Slack refuses a missing name and an empty or unstated length. */
  beginUpload(teamId: string, user: string, filename: string, length: number): FileRecord {
    this.requireTeam(teamId);
    if (!filename) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: filename'] } });
    if (!Number.isInteger(length) || length < 0) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: length'] } });
    if (length === 0) throw new SlackApiError('missing_argument');
    const file: FileRecord = { id: this.nextId('F'), team_id: teamId, user, filename, length, completed: false, created: this.now() };
    this.files.set(file.id, file);
    return file;
  }

  /** The bytes of an upload arrive at its URL; false when there is no such upload (or it is shared already). */
  receiveUpload(id: string, content: Buffer): boolean {
    const file = this.files.get(id);
    if (!file || file.completed) return false;
    file.content = content;
    return true;
  }

  /**
   * Shares uploads, once each: a message in `channel` (or just the files, private, without one).
   * An id Slack does not know, of another workspace, already shared or whose bytes never arrived
   * (or arrived with another length than announced) is refused.
   */
  completeUploads(
    teamId: string,
    files: { id: string; title?: string }[],
    share: { channel?: string; bot?: { bot_id: string; app_id: string }; initialComment?: string; thread_ts?: string; fileUrl: (file: FileRecord) => string },
  ): SharedFile[] {
    if (files.length === 0) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: files'] } });
    const records = files.map(({ id }) => {
      const file = this.files.get(id);
      if (!file || file.team_id !== teamId || file.completed) throw new SlackApiError('file_not_found');
      if (!file.content || file.content.length !== file.length) throw new SlackApiError('file_upload_size_mismatch');
      return file;
    });
    const channel = share.channel ? this.requireChannel(share.channel) : undefined;
    if (channel && channel.team_id !== teamId) throw new SlackApiError('channel_not_found');
    const shared = records.map((file, i) => {
      file.completed = true;
      file.title = files[i]?.title || file.filename;
      return this.sharedFile(file, share.fileUrl(file));
    });
    if (channel) {
      const message = this.postMessage({
        channel: channel.id,
        user: records[0]!.user,
        ...(share.bot ?? {}),
        text: share.initialComment ?? '',
        ...(share.thread_ts ? { thread_ts: share.thread_ts } : {}),
        files: shared,
      });
      for (const file of records) this.emit({ type: 'file_shared', file, channel: channel.id, ts: message.ts });
    }
    return shared;
  }

  /** A shared file's record, for serving its bytes; undefined until it is shared. */
  sharedFileRecord(teamId: string, id: string): FileRecord | undefined {
    const file = this.files.get(id);
    return file && file.team_id === teamId && file.completed ? file : undefined;
  }

  private sharedFile(file: FileRecord, url: string): SharedFile {
    const extension = /\.([a-z0-9]+)$/i.exec(file.filename)?.[1]?.toLowerCase() ?? 'text';
    return {
      id: file.id,
      name: file.filename,
      title: file.title ?? file.filename,
      mimetype: extension === 'json' ? 'application/json' : 'text/plain',
      filetype: extension,
      size: file.length,
      user: file.user,
      url_private: url,
      url_private_download: url,
    };
  }

  // --- Ephemeral messages, Home tabs, response URLs ---------------------------------------------

  postEphemeral(input: { channel: string; user: string; text: string; blocks?: unknown[]; thread_ts?: string }): EphemeralRecord {
    const channel = this.requireChannel(input.channel);
    if (!channel.members.includes(input.user)) throw new SlackApiError('user_not_in_channel');
    const ephemeral: EphemeralRecord = {
      ts: this.nextTs(),
      team: channel.team_id,
      channel: channel.id,
      user: input.user,
      text: input.text,
      ...(input.blocks ? { blocks: input.blocks } : {}),
      ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
    };
    this.ephemeralList.push(ephemeral);
    this.emit({ type: 'ephemeral_posted', ephemeral });
    return ephemeral;
  }

  ephemerals(filter: { user?: string; channel?: string } = {}): EphemeralRecord[] {
    return this.ephemeralList.filter(
      (e) => (filter.user === undefined || e.user === filter.user) && (filter.channel === undefined || e.channel === filter.channel),
    );
  }

  /** Publishes a person's Home tab; `hash`, when given, must match the current one (views.publish). */
  publishView(teamId: string, userId: string, view: Record<string, unknown>, hash?: string): ViewRecord {
    this.requirePerson(teamId, userId);
    const key = `${teamId}:${userId}`;
    const current = this.viewsByUser.get(key);
    if (hash !== undefined && current && current.hash !== hash) throw new SlackApiError('hash_conflict');
    const record = this.viewRecord(teamId, userId, view, current?.id);
    this.viewsByUser.set(key, record);
    this.emit({ type: 'view_published', view: record });
    return record;
  }

  view(teamId: string, userId: string): ViewRecord | undefined {
    return this.viewsByUser.get(`${teamId}:${userId}`);
  }

  // --- Modals and their triggers ----------------------------------------------------------

  /**
   * A trigger_id for a payload the person's click or command sends the bot
   * (`trigger_id` of block_actions and slash commands). Shaped like Slack's,
   * "1700000000.1.9f0c…", and unguessable.
   */
  createTrigger(teamId: string, userId: string): TriggerRecord {
    this.requirePerson(teamId, userId);
    const created = this.now();
    const n = (this.counters.get('trigger') ?? 0) + 1;
    this.counters.set('trigger', n);
    const record: TriggerRecord = {
      id: `${Math.floor(created / 1000)}.${n}.${randomBytes(12).toString('hex')}`,
      team_id: teamId,
      user_id: userId,
      created,
      used: false,
    };
    this.triggers.set(record.id, record);
    this.forgetOldTriggers();
    return record;
  }

  /**
   * Uses a trigger up, as views.open does: refused with Slack's codes when
   * this workspace never issued it (`invalid_trigger_id`), when it was
   * exchanged already (`exchanged_trigger_id`) or when it is too old
   * (`expired_trigger_id`).
   */
  exchangeTrigger(teamId: string, id: string): TriggerRecord {
    const trigger = this.triggers.get(id);
    if (!trigger || trigger.team_id !== teamId) throw new SlackApiError('invalid_trigger_id');
    if (trigger.used) throw new SlackApiError('exchanged_trigger_id');
    if (this.now() - trigger.created > this.triggerTtlMs) throw new SlackApiError('expired_trigger_id');
    trigger.used = true;
    return trigger;
  }

  /** Opens a modal for a person (views.open, after exchangeTrigger); one that was open is replaced. */
  openModal(teamId: string, userId: string, view: Record<string, unknown>): ViewRecord {
    this.requirePerson(teamId, userId);
    const record = this.viewRecord(teamId, userId, view);
    this.modalsByUser.set(`${teamId}:${userId}`, record);
    this.emit({ type: 'view_opened', view: record });
    return record;
  }

  /** The person closed their modal (Close, ✕ or Esc); `viewId`, when given, must be the open one. */
  closeModal(teamId: string, userId: string, viewId?: string): ViewRecord | undefined {
    const key = `${teamId}:${userId}`;
    const open = this.modalsByUser.get(key);
    if (!open || (viewId !== undefined && open.id !== viewId)) return undefined;
    this.modalsByUser.delete(key);
    this.emit({ type: 'view_closed', view: open });
    return open;
  }

  /** The person's open modal, if any. */
  modal(teamId: string, userId: string): ViewRecord | undefined {
    return this.modalsByUser.get(`${teamId}:${userId}`);
  }

  /**
   * A response_url for a slash command or an interaction (the events side of
   * the emulator puts it in the payload it sends the bot); the Web API
   * serves it at `<origin>/response/<id>`.
   */
  createResponseUrl(input: { team: string; channel: string; user: string; message_ts?: string }): ResponseUrlRecord {
    const record: ResponseUrlRecord = { id: this.nextId('R').toLowerCase(), uses: 0, ...input };
    this.responseUrls.set(record.id, record);
    return record;
  }

  responseUrl(id: string): ResponseUrlRecord | undefined {
    return this.responseUrls.get(id);
  }

  /** Everything, for a page that starts by drawing the whole workspace and then follows onChange. */
  snapshot(teamId?: string): Snapshot {
    return {
      teams: [...this.teamsById.values()].filter((team) => teamId === undefined || team.id === teamId),
      users: this.users(teamId),
      channels: this.channels(teamId),
      messages: this.messages(teamId === undefined ? {} : { team: teamId }),
      ephemerals: this.ephemeralList.filter((e) => teamId === undefined || e.team === teamId),
      views: [...this.viewsByUser.values()].filter((v) => teamId === undefined || v.team_id === teamId),
      modals: [...this.modalsByUser.values()].filter((v) => teamId === undefined || v.team_id === teamId),
    };
  }

  // --- Ids and timestamps ----------------------------------------------------------------

  /**
   * A message timestamp, "1700000000.000100" style: seconds, a dot, six
   * digits of microseconds. Strictly increasing, so two messages never share
   * one even within the same millisecond, and ordering by ts is ordering in time.
   */
  nextTs(): string {
    const micros = Math.max(Math.floor(this.now()) * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  /** Slack-looking ids: a type letter and ten upper-case characters, deterministic per state. */
  private nextId(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}${n.toString(36).toUpperCase().padStart(10, '0')}`;
  }

  private requirePerson(teamId: string, userId: string): UserRecord {
    this.requireTeam(teamId);
    const user = this.usersById.get(userId);
    if (!user || user.team_id !== teamId) throw new SlackApiError('user_not_found');
    return user;
  }

  /** A view as stored, for a Home tab or a modal; a new id unless `id` is given. */
  private viewRecord(teamId: string, userId: string, view: Record<string, unknown>, id?: string): ViewRecord {
    const team = this.requireTeam(teamId);
    return {
      id: id ?? this.nextId('V'),
      team_id: teamId,
      user_id: userId,
      type: String(view.type),
      blocks: Array.isArray(view.blocks) ? view.blocks : [],
      private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
      callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
      external_id: typeof view.external_id === 'string' ? view.external_id : '',
      hash: `${Math.floor(this.now() / 1000)}.${this.nextId('h')}`,
      app_id: team.bot.app_id,
      bot_id: team.bot.bot_id,
      view,
    };
  }

  /** Keeps the trigger map bounded: the oldest go first (a forgotten one is simply invalid). */
  private forgetOldTriggers(): void {
    for (const id of this.triggers.keys()) {
      if (this.triggers.size <= MAX_TRIGGERS) break;
      this.triggers.delete(id);
    }
  }

  private requireTeam(id: string): TeamRecord {
    const team = this.teamsById.get(id);
    if (!team) throw new SlackApiError('team_not_found');
    return team;
  }

  private requireChannel(id: string): ChannelRecord {
    const channel = this.channelsById.get(id);
    if (!channel) throw new SlackApiError('channel_not_found');
    return channel;
  }

  private requireMessage(channel: string, ts: string): MessageRecord {
    this.requireChannel(channel);
    const message = this.message(channel, ts);
    if (!message) throw new SlackApiError('message_not_found');
    return message;
  }

  private listOf(channel: string): MessageRecord[] {
    let list = this.messagesByChannel.get(channel);
    if (!list) {
      list = [];
      this.messagesByChannel.set(channel, list);
    }
    return list;
  }
}

/** Orders "seconds.micros" timestamps numerically (string order breaks once seconds gain a digit). */
export function compareTs(a: string, b: string): number {
  const [as = '0', au = '0'] = a.split('.');
  const [bs = '0', bu = '0'] = b.split('.');
  return Number(as) - Number(bs) || Number(au) - Number(bu);
}

function assertTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new RangeError(`Unknown time zone: ${tz}`);
  }
}
