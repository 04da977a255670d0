/**
 * A fake Slack Web API: a real HTTP server on loopback that the bot's real
 * `WebClient` (and Bolt's) talks to through `slackApiUrl`, so the SDK's own
 * request, retry and error code paths run. It answers like Slack: same
 * arguments, same answer shapes, same error codes, and it refuses what Slack
 * refuses, blocks included (validated by devtools/block-kit against Slack's
 * published limits, independently of the product's renderers).
 *
 * It serves both the end-to-end tests and the local-mode Slack emulator.
 *
 * ## Use
 *
 * ```ts
 * const slack = await startSlackApi({ users: [{ id: 'U1', firstName: 'Michael', tz: 'Europe/Berlin' }] });
 * const client = new WebClient(slack.botToken, { slackApiUrl: slack.url });
 * await client.chat.postMessage({ channel: 'U1', text: 'Good morning, Michael! 🌅' });
 * slack.state.messages({ author: 'bot' });            // what the bot posted
 * slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
 * slack.failNext('chat.postMessage', 'channel_not_found');
 * await slack.close();
 * ```
 *
 * ## Parts
 *
 * - `SlackState` (state.ts): the in-memory Slack — workspaces (each with its
 *   bot user, bot token and optional granted scopes), people (name,
 *   real/first name, tz, deleted), DMs, messages with `ts` and `thread_ts`,
 *   reactions, ephemerals, Home tabs, response URLs. Its operations are the
 *   domain API both the Web API and an emulator page use; `onChange` streams
 *   every change (`message_posted`, `reaction_added`, `view_published`, ...)
 *   and `snapshot()` gives the whole picture to start from.
 * - `SlackWebApi` (http.ts): parses requests as Slack does (form bodies with
 *   JSON-encoded `blocks`/`view` as @slack/web-api sends them, or JSON),
 *   authenticates the bearer token (`not_authed`, `invalid_auth`), enforces
 *   a workspace's scopes when given (`missing_scope`), injects failures, logs
 *   calls (`calls()`, `onCall`), and serves response URLs at
 *   `<origin>/response/<id>`. `handle(req, res)` returns false for paths
 *   that are not its own, so it mounts beside other routes.
 * - `METHODS` (methods.ts): auth.test, chat.postMessage, chat.update,
 *   chat.delete, chat.postEphemeral, chat.getPermalink, conversations.open,
 *   conversations.history, conversations.replies, users.info, views.publish, views.open,
 *   reactions.add, reactions.remove.
 *
 * ## Extension points for the emulator (devtools/emulator/)
 *
 * - A person speaks: `state.postMessage({ channel, user: personId, text, thread_ts })`
 *   stores it as Slack would; the events side then sends the bot the
 *   `message.im` event for it (this module never calls the bot).
 * - Slash commands and buttons: `state.createResponseUrl(...)` gives the
 *   `response_url` to put in the payload (`responseUrl(record)` below makes
 *   it absolute); whatever the bot answers there lands in the state.
 * - A live page: `state.onChange(listener)` and `api.onCall(listener)`.
 * - More Web API methods: `startSlackApi({ methods: { 'views.open': handler } })`.
 * - OAuth (oauth.ts): `startSlackApi({ oauth: { clientId, clientSecret, tokenRotation } })`
 *   serves `oauth.v2.access`; `oauth.approve(teamId, { userId })` is a person
 *   approving an install (the code for the redirect), `oauth.uninstall(teamId)`
 *   revokes what it issued. Each workspace gets its own token.
 * - Socket Mode (socket-mode.ts): `startSlackApi({ socketMode: true })` also
 *   serves `apps.connections.open` for the app-level token (`appToken`) and
 *   the WebSocket it hands out; `socketMode.pushEvent(...)` delivers an
 *   envelope to the connected bot and `Delivery.ack` is its answer.
 * - One port for page and API: build a `SlackWebApi` and call `handle` from
 *   your own server instead of `startSlackApi`.
 *
 * Not emulated: group DMs, files, pagination cursors, the Events API
 * (the bot-facing side of the emulator), and rate limits (inject them with
 * `failNext`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESPONSE_URL_PATH, SlackWebApi, type ApiCall, type ApiCallListener, type InjectedFailure } from './http';
import type { MethodHandler } from './methods';
import { FakeOAuth, type FakeOAuthOptions } from './oauth';
import { SocketModeServer } from './socket-mode';
import { SlackState, type ResponseUrlRecord, type SlackStateOptions, type TeamRecord } from './state';

export { SlackWebApi, RESPONSE_URL_PATH } from './http';
export { FakeOAuth } from './oauth';
export type { Approval, FakeOAuthOptions } from './oauth';
export type { ApiCall, ApiCallListener, InjectedFailure, SlackWebApiOptions } from './http';
export { METHODS, publicMessage, publicUser, publicView } from './methods';
export { DEFAULT_APP_TOKEN, SOCKET_PATH, SocketModeServer } from './socket-mode';
export type { ConnectionOpening, Delivery, EnvelopeType, PushOptions, SocketAck, SocketEnvelope, SocketModeServerOptions } from './socket-mode';
export type { MethodArgs, MethodContext, MethodHandler } from './methods';
export { DEFAULT_BOT_TOKEN, SlackApiError, SlackState, compareTs } from './state';
export type {
  BotRecord,
  ChannelRecord,
  EphemeralRecord,
  MessageFilter,
  MessageRecord,
  PostMessageInput,
  ReactionRecord,
  ResponseUrlRecord,
  SlackChange,
  SlackChangeListener,
  SlackStateOptions,
  Snapshot,
  TeamRecord,
  TeamSeed,
  UserRecord,
  UserSeed,
  ViewRecord,
} from './state';

export interface StartSlackApiOptions extends SlackStateOptions {
  /** Defaults to 127.0.0.1: never reachable from outside the machine. */
  host?: string;
  /** Defaults to 0: a free port. */
  port?: number;
  /** More Web API methods, or replacements for built-in ones. */
  methods?: Record<string, MethodHandler>;
  /** Use this state instead of making one from the seed options. */
  state?: SlackState;
  /** Serve Socket Mode too: `true`, or the app-level token and ack timeout to use. */
  socketMode?: boolean | { appToken?: string; ackTimeoutMs?: number };
  /** The app's OAuth side (oauth.v2.access, installs, token rotation): its client id and secret. */
  oauth?: Omit<FakeOAuthOptions, 'now'>;
}

export interface RunningSlackApi {
  /** The Web API's base URL, ending in '/': pass it as WebClient's `slackApiUrl` (or SLACK_API_URL). */
  url: string;
  /** The server's origin, e.g. "http://127.0.0.1:43123". */
  origin: string;
  state: SlackState;
  api: SlackWebApi;
  /** The first workspace, and its bot's token. */
  team: TeamRecord;
  botToken: string;
  /** Socket Mode, when started with `socketMode`. */
  socketMode: SocketModeServer | undefined;
  /** The app-level token (xapp-) Socket Mode accepts; undefined without Socket Mode. */
  appToken: string | undefined;
  /** The app's OAuth side, when started with `oauth`. */
  oauth: FakeOAuth | undefined;
  /** The next `times` calls of `method` fail with `failure` (see InjectedFailure). */
  failNext(method: string, failure: InjectedFailure, times?: number): void;
  /** Calls so far, oldest first; only those of `method` when given. */
  calls(method?: string): ApiCall[];
  onCall(listener: ApiCallListener): () => void;
  /** The absolute URL of a response URL record. */
  responseUrl(record: ResponseUrlRecord): string;
  /** Stops the server, closing kept-alive connections too. */
  close(): Promise<void>;
}

export async function startSlackApi(options: StartSlackApiOptions = {}): Promise<RunningSlackApi> {
  const state = options.state ?? new SlackState(options);
  const oauth = options.oauth ? new FakeOAuth(state, { ...options.oauth, ...(options.now ? { now: options.now } : {}) }) : undefined;
  const api = new SlackWebApi({ state, ...(options.methods ? { methods: options.methods } : {}), ...(oauth ? { oauth } : {}) });
  const socketOptions = options.socketMode === true ? {} : options.socketMode || undefined;
  const socketMode = socketOptions ? new SocketModeServer({ state, ...socketOptions }) : undefined;
  const server: Server = createServer((req, res) => {
    if (socketMode?.handle(req, res, api.basePath)) return;
    if (!api.handle(req, res)) {
      res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ ok: false, error: 'unknown_method' }));
    }
  });
  if (socketMode) {
    server.on('upgrade', (req, socket, head) => {
      if (!socketMode.handleUpgrade(req, socket, head)) socket.destroy();
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;
  const team = state.defaultTeam;
  return {
    url: `${origin}${api.basePath}`,
    origin,
    state,
    api,
    team,
    botToken: team.bot.token,
    socketMode,
    appToken: socketMode?.appToken,
    oauth,
    failNext: (method, failure, times) => api.failNext(method, failure, times),
    calls: (method) => api.calls(method),
    onCall: (listener) => api.onCall(listener),
    responseUrl: (record) => `${origin}${RESPONSE_URL_PATH}${encodeURIComponent(record.id)}`,
    close: async () => {
      // Upgraded sockets are no longer the HTTP server's: Socket Mode ends its own.
      await socketMode?.close();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
