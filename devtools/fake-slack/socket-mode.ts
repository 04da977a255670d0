/**
 * Socket Mode for the fake Slack (https://docs.slack.dev/apis/events-api/using-socket-mode):
 * the bot's real SocketModeClient (Bolt's SocketModeReceiver) asks
 * `apps.connections.open` for a WebSocket URL with the app-level token,
 * connects, gets `hello`, and from then on receives envelopes and acks them
 * on the same socket. A test (or an emulator) pushes the envelopes:
 *
 * ```ts
 * const slack = await startSlackApi({ socketMode: true });   // slack.socketMode, slack.appToken
 * const delivery = slack.socketMode!.pushEvent(eventCallbackEnvelope);
 * const ack = await delivery.ack;                          // { envelope_id, payload, ... }
 * slack.socketMode!.pushSlashCommand({ command: '/coach-report', text: 'help', response_url, ... });
 * slack.socketMode!.disconnect('refresh_requested');        // the client reconnects
 * ```
 *
 * As Slack does it:
 * - `apps.connections.open` takes the app-level token in the Authorization
 *   header only: none is `not_authed`, a bot token `not_allowed_token_type`,
 *   an unknown one `invalid_auth`. It answers `{ ok, url }`; the URL carries a
 *   single-use ticket (ws:// here, wss:// at Slack).
 * - On connect the server sends `{ type: 'hello', num_connections,
 *   debug_info, connection_info: { app_id } }`.
 * - Envelopes: `{ envelope_id, type, payload, accepts_response_payload }`,
 *   events with `retry_attempt` and `retry_reason` too. `events_api` carries
 *   the whole `event_callback`; `slash_commands` the command's fields;
 *   `interactive` the interaction payload (parsed, not form-encoded).
 * - The app acks with `{ envelope_id, payload? }`.
 * - `{ type: 'disconnect', reason }` asks the client to reconnect.
 *
 * Not emulated: Slack's own re-delivery of unacked envelopes (push the retry
 * yourself with `retryAttempt`), server pings, and spreading envelopes over
 * several connections (the newest open one gets them).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { SlackState } from './state';

export const DEFAULT_APP_TOKEN = 'xapp-1-A0LOCAL-1-local-deep-thoughts';
/** Where the socket is served: `ws://<host><SOCKET_PATH>?ticket=...`. */
export const SOCKET_PATH = '/link/';
const METHOD = 'apps.connections.open';

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export interface SocketEnvelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  /** events_api only: 0 for the first delivery. */
  retry_attempt?: number;
  retry_reason?: string;
}

export interface SocketAck {
  envelope_id: string;
  /** What the app acked with (Bolt's `ack(response)`); `{}` for a plain ack. */
  payload: Record<string, unknown> | undefined;
  at: Date;
  /** The envelope acked; undefined when the id was none this server sent. */
  envelope: SocketEnvelope | undefined;
}

export interface Delivery {
  envelope: SocketEnvelope;
  /** Resolves with the app's ack; rejects when none comes within the ack timeout or the server closes. */
  ack: Promise<SocketAck>;
}

export interface PushOptions {
  /** events_api: which delivery this is (Slack counts retries from 1). */
  retryAttempt?: number;
  /** events_api: why Slack retried, e.g. 'timeout'. */
  retryReason?: string;
  /** Defaults to false for events, true for slash commands and interactivity (the app may answer in its ack). */
  acceptsResponsePayload?: boolean;
}

/** One `apps.connections.open` call, answered or refused. */
export interface ConnectionOpening {
  at: Date;
  ok: boolean;
  error?: string;
}

export interface SocketModeServerOptions {
  state: SlackState;
  /** The app-level token the app connects with; DEFAULT_APP_TOKEN when unset. */
  appToken?: string;
  /** How long a pushed envelope waits for its ack before `Delivery.ack` rejects. Slack waits 3 s; the default is 10 s. */
  ackTimeoutMs?: number;
}

interface PendingAck {
  resolve: (ack: SocketAck) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class SocketModeServer {
  readonly appToken: string;
  private readonly state: SlackState;
  private readonly ackTimeoutMs: number;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  /** Open sockets that have been sent hello, oldest first. */
  private readonly sockets: WebSocket[] = [];
  private readonly sent = new Map<string, SocketEnvelope>();
  private readonly pending = new Map<string, PendingAck>();
  private readonly ackLog: SocketAck[] = [];
  private readonly openingLog: ConnectionOpening[] = [];
  private readonly waiters = new Set<() => void>();
  private hellos = 0;
  private closed = false;

  constructor(options: SocketModeServerOptions) {
    this.state = options.state;
    this.appToken = options.appToken ?? DEFAULT_APP_TOKEN;
    if (!this.appToken.startsWith('xapp-')) throw new Error('an app-level token starts with xapp-');
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  }

  /**
   * Serves `POST <basePath>apps.connections.open`; false for any other
   * request. Mount it before the Web API's own handler, which knows bot
   * tokens only.
   */
  handle(req: IncomingMessage, res: ServerResponse, basePath: string): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== `${basePath}${METHOD}`) return false;
    req.resume();
    const answer = (body: Record<string, unknown>) => {
      this.openingLog.push({ at: new Date(), ok: body.ok === true, ...(typeof body.error === 'string' ? { error: body.error } : {}) });
      const json = JSON.stringify(body);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
      res.end(json);
    };
    // Slack takes this method's token from the Authorization header only.
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined) answer({ ok: false, error: 'not_authed' });
    else if (token !== this.appToken) answer({ ok: false, error: this.state.teamByToken(token) ? 'not_allowed_token_type' : 'invalid_auth' });
    else if (this.closed) answer({ ok: false, error: 'service_unavailable' });
    else {
      const ticket = randomBytes(12).toString('hex');
      this.tickets.add(ticket);
      // The host the client reached us by, so the URL works wherever this is mounted.
      answer({ ok: true, url: `ws://${req.headers.host ?? 'localhost'}${SOCKET_PATH}?ticket=${ticket}&app_id=${this.appId}` });
    }
    return true;
  }

  /**
   * Takes over an HTTP upgrade to the socket path (a node:http server's
   * 'upgrade' event); false for any other path. A missing or used ticket is
   * refused with 401 before the upgrade.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== SOCKET_PATH) return false;
    const ticket = url.searchParams.get('ticket') ?? '';
    if (this.closed || !this.tickets.delete(ticket)) {
      socket.on('error', () => {});
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    return true;
  }

  private get appId(): string {
    return this.state.defaultTeam.bot.app_id;
  }

  private accept(ws: WebSocket): void {
    this.sockets.push(ws);
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('close', () => this.forget(ws));
    ws.on('error', () => this.forget(ws));
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.sockets.length,
        debug_info: { host: 'applink-local', build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: this.appId },
      }),
    );
    this.hellos += 1;
    for (const wake of [...this.waiters]) wake();
  }

  private forget(ws: WebSocket): void {
    const i = this.sockets.indexOf(ws);
    if (i >= 0) this.sockets.splice(i, 1);
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (isBinary) return;
    let message: unknown;
    try {
      message = JSON.parse(rawText(data));
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const { envelope_id: id, payload } = message as { envelope_id?: unknown; payload?: unknown };
    if (typeof id !== 'string') return;
    const ack: SocketAck = {
      envelope_id: id,
      payload: typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined,
      at: new Date(),
      envelope: this.sent.get(id),
    };
    this.ackLog.push(ack);
    const waiting = this.pending.get(id);
    if (waiting) {
      this.pending.delete(id);
      clearTimeout(waiting.timer);
      waiting.resolve(ack);
    }
  }

  /** Sends an envelope to the newest open connection; throws when none is open. */
  push(type: EnvelopeType, payload: Record<string, unknown>, options: PushOptions = {}): Delivery {
    const ws = [...this.sockets].reverse().find((s) => s.readyState === WebSocket.OPEN);
    if (!ws) throw new Error('no Socket Mode connection is open');
    const envelope: SocketEnvelope = {
      // Slack's envelope ids are UUIDs.
      envelope_id: randomUUID(),
      type,
      payload,
      accepts_response_payload: options.acceptsResponsePayload ?? type !== 'events_api',
      ...(type === 'events_api' ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryReason ?? '' } : {}),
    };
    this.sent.set(envelope.envelope_id, envelope);
    const ack = new Promise<SocketAck>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelope.envelope_id);
        reject(new Error(`no ack for ${type} envelope ${envelope.envelope_id} within ${this.ackTimeoutMs} ms`));
      }, this.ackTimeoutMs);
      timer.unref();
      this.pending.set(envelope.envelope_id, { resolve, reject, timer });
    });
    // A caller that does not wait for the ack must not get an unhandled rejection.
    ack.catch(() => {});
    ws.send(JSON.stringify(envelope));
    return { envelope, ack };
  }

  /** An `events_api` envelope around an `event_callback` body (see eventEnvelope in ../signed-requests). */
  pushEvent(eventCallback: Record<string, unknown>, options: PushOptions = {}): Delivery {
    return this.push('events_api', eventCallback, options);
  }

  /** A slash command, its fields as Slack posts them over HTTP (command, text, user_id, response_url, ...). */
  pushSlashCommand(command: Record<string, unknown>, options: PushOptions = {}): Delivery {
    return this.push('slash_commands', command, options);
  }

  /** An interaction payload (block_actions, view_submission, ...), as an object. */
  pushInteraction(payload: Record<string, unknown>, options: PushOptions = {}): Delivery {
    return this.push('interactive', payload, options);
  }

  /** Asks every connection to go: the client closes and opens a new one ('warning', 'refresh_requested', 'link_disabled'). */
  disconnect(reason = 'refresh_requested'): void {
    for (const ws of this.sockets) {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-local' } }));
    }
  }

  /** Open connections that have been sent hello. */
  connections(): number {
    return this.sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  }

  /** Hellos sent so far: one per connection ever accepted. */
  get connectionCount(): number {
    return this.hellos;
  }

  /** Resolves once `count` connections in all have been greeted (1: the first). */
  waitForConnection(count = 1, ms = 10_000): Promise<void> {
    if (this.hellos >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        if (this.hellos < count) return;
        this.waiters.delete(done);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`no Socket Mode connection #${count} within ${ms} ms`));
      }, ms);
      timer.unref();
      this.waiters.add(done);
    });
  }

  /** Every ack received, oldest first. */
  acks(): SocketAck[] {
    return [...this.ackLog];
  }

  /** Every envelope pushed, oldest first. */
  envelopes(): SocketEnvelope[] {
    return [...this.sent.values()];
  }

  /** Every `apps.connections.open` call, oldest first. */
  openings(): ConnectionOpening[] {
    return [...this.openingLog];
  }

  /**
   * Refuses new connections, fails acks still awaited, and ends the open
   * connections with a close handshake, as Slack does (a client already
   * closing gets its close frame answered). One that does not finish the
   * handshake within `graceMs` is cut off. Stop the bot first: a client that
   * is sent a close frame it did not ask for reconnects.
   */
  async close(graceMs = 2_000): Promise<void> {
    this.closed = true;
    this.tickets.clear();
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new Error('the Socket Mode server closed'));
    }
    this.pending.clear();
    await Promise.all(this.sockets.map((ws) => closeGracefully(ws, graceMs)));
    this.sockets.length = 0;
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/**
 * Cutting a client off mid-handshake makes @slack/socket-mode fail the
 * socket and leave a 30 s close-handshake timer behind, so answer it instead.
 */
function closeGracefully(ws: WebSocket, graceMs: number): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), graceMs);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (ws.readyState === WebSocket.OPEN) ws.close(1001, 'server closing');
  });
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
